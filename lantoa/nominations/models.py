"""A citizen's nomination: the contact and tracking data around the record it created."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from lantoa.core.intake.codes import CodeFormat

# Tracking codes: LT-ABCDE-23456, stored as the 10 characters (the format of every code
# handed out so far: changing it would orphan them).
TRACKING_CODE = CodeFormat(prefix="LT", length=10)


class Nomination(models.Model):
    """What the portal adds to a record reported by a citizen (source = citizen).

    The contact fields are personal data (Law 91/2025): never public, never on the tracking
    page, kept only when the citizen agreed to be contacted. `ip_hash` is a keyed hash of the
    sender's IP address (HMAC-SHA256 with SECRET_KEY): enough to spot abuse, not the address.
    """

    record = models.OneToOneField(
        "exemplars.Record",
        verbose_name=_("record"),
        on_delete=models.PROTECT,
        related_name="nomination",
    )
    tracking_code = models.CharField(
        _("tracking code"), max_length=TRACKING_CODE.length, unique=True
    )
    contact_name = models.CharField(_("contact name"), max_length=150, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=20, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_consent = models.BooleanField(_("agreed to be contacted"), default=False)
    ip_hash = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(_("received at"), auto_now_add=True)

    class Meta:
        verbose_name = _("citizen nomination")
        verbose_name_plural = _("citizen nominations")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["ip_hash", "created_at"], name="nom_ip_created")]

    def __str__(self) -> str:
        return self.display_code

    @property
    def display_code(self) -> str:
        return TRACKING_CODE.display(self.tracking_code)

    @property
    def has_contact(self) -> bool:
        return bool(self.contact_phone or self.contact_email)


def _held_path(instance: PhotoHold, filename: str) -> str:
    return f"nominations/held/{filename}"


class PhotoHold(models.Model):
    """A photo of a nomination that was not sent (refused, failed, or asked to prove), held
    for the same browser so that the citizen need not choose it again (issue 11, part 5).

    Short-lived (`expires_at`, NOMINATION_HOLD_SECONDS) and deleted with its file when used,
    removed, or by the periodic `purge_photo_holds` job. `key` is random and only ever handed
    out inside a signed token; `browser` is a keyed hash of the browser's signed cookie: a
    hold is shown and used only for that browser.
    """

    key = models.CharField(max_length=64, unique=True, editable=False)
    browser = models.CharField(max_length=64, editable=False)
    file = models.FileField(upload_to=_held_path, max_length=255)
    content_type = models.CharField(max_length=100)
    extension = models.CharField(max_length=10)
    original_name = models.CharField(max_length=255, blank=True)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("held photo")
        verbose_name_plural = _("held photos")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.original_name or self.key[:8]
