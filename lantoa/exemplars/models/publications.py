"""What the public sees of a record: a consent-checked, generalised copy."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lantoa.core.text import fold


class Publication(models.Model):
    """The public story of a record. It holds only what may be shown: the name and place as
    generalised at publication, never contact data, sensitive data, notes or the reporter.
    Live while `unpublished_at` is empty and the share it relies on is not revoked."""

    class NameDisplay(models.TextChoices):
        FULL = "full", _("Full name")
        INITIALS = "initials", _("Initials (e.g. N.V.A.)")
        HIDDEN = "hidden", _("Not shown")

    class PlaceDisplay(models.TextChoices):
        EXACT = "exact", _("Exact place")
        COMMUNE = "commune", _("Commune only")
        PROVINCE = "province", _("Province only")

    record = models.OneToOneField(
        "exemplars.Record", on_delete=models.PROTECT, related_name="publication"
    )
    share = models.ForeignKey(
        "exemplars.RecordShare", on_delete=models.PROTECT, related_name="publications"
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"))
    story = models.TextField(_("story"), blank=True)  # sanitised HTML
    name_display = models.CharField(_("name"), max_length=10, choices=NameDisplay.choices)
    show_photos = models.BooleanField(_("show photos"), default=False)
    place_display = models.CharField(_("place"), max_length=10, choices=PlaceDisplay.choices)
    display_name = models.CharField(_("shown as"), max_length=200, blank=True)
    display_place = models.CharField(_("place shown"), max_length=255, blank=True)
    # Facets copied at publication, so public lists never join private tables.
    kind = models.CharField(max_length=16)
    priority_group = models.ForeignKey(
        "exemplars.PriorityGroup", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sector = models.ForeignKey(
        "exemplars.Sector", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    movement = models.ForeignKey(
        "exemplars.Movement", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    province = models.ForeignKey(
        "orgs.AdminUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    commune = models.ForeignKey(
        "orgs.AdminUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    featured = models.BooleanField(_("featured"), default=False)
    # Hits of the public-text check the publisher confirmed as false matches:
    # {Hit.key: reason}. Checked again when a withdrawn consent narrows the publication.
    false_matches = models.JSONField(default=dict, blank=True)
    search_text = models.TextField(editable=False, default="")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(_("published at"))
    unpublished_at = models.DateTimeField(null=True, blank=True)
    unpublished_reason = models.CharField(max_length=255, blank=True)

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(fields=["unpublished_at", "published_at"], name="exm_pub_live"),
            models.Index(fields=["commune", "published_at"], name="exm_pub_commune"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_text = fold(
            " ".join([self.title, self.summary, self.display_name, self.display_place])
        )
        super().save(*args, **kwargs)

    @property
    def is_live(self) -> bool:
        return self.unpublished_at is None


class StoryArticle(models.Model):
    """A story's article as its public page shows it, rendered once per language when the
    story or what it shows changes (`exemplars.stories.article`), not on every page view.

    `parts` is {language: {"head", "middle", "body"}}: the HTML around the parts a page still
    renders itself (the officer's link, the photos, the names and places). It is used only
    while `key` is the one the current templates, translations and publication give; a
    stale or missing article is rendered on the fly (the same HTML, only slower)."""

    publication = models.OneToOneField(
        Publication, on_delete=models.CASCADE, primary_key=True, related_name="article"
    )
    key = models.CharField(max_length=120)
    parts = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("story article")
        verbose_name_plural = _("story articles")

    def __str__(self) -> str:
        return f"article of story {self.publication_id}"
