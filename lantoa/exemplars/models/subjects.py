"""The people and collectives a record is about, their sensitive data and their consents."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lantoa.core.paths import PathField
from lantoa.core.text import fold


class Subject(models.Model):
    """An individual or a collective. Contact fields are personal data: never public."""

    class Kind(models.TextChoices):
        INDIVIDUAL = "individual", _("Individual")
        COLLECTIVE = "collective", _("Collective")

    class Gender(models.TextChoices):
        FEMALE = "female", _("Female")
        MALE = "male", _("Male")
        OTHER = "other", _("Other")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.INDIVIDUAL)
    full_name = models.CharField(_("full name"), max_length=200)
    folded_name = models.CharField(max_length=200, editable=False)
    # Blocking key for duplicate suggestions: the folded given name (last word).
    given_name_key = models.CharField(max_length=60, editable=False)
    gender = models.CharField(_("gender"), max_length=8, choices=Gender.choices, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("birth year"), null=True, blank=True)
    occupation = models.CharField(_("occupation or position"), max_length=200, blank=True)
    priority_group = models.ForeignKey(
        "exemplars.PriorityGroup",
        verbose_name=_("priority group"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="subjects",
    )
    admin_unit = models.ForeignKey(
        "orgs.AdminUnit",
        verbose_name=_("commune"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    collective_kind = models.CharField(_("kind of collective"), max_length=120, blank=True)
    collective_org = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("organisation of the collective"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Personal data (Law 91/2025): shown only inside the owning organisation's tree.
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)

    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    org_path = PathField()
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_from"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("subject")
        verbose_name_plural = _("subjects")
        indexes = [
            models.Index(fields=["given_name_key", "birth_year"], name="exm_subject_block"),
            models.Index(fields=["folded_name"], name="exm_subject_folded"),
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.folded_name = fold(self.full_name)
        words = self.folded_name.split()
        self.given_name_key = words[-1] if words else ""
        super().save(*args, **kwargs)

    def age_on(self, day: datetime.date) -> int | None:
        return None if self.birth_year is None else day.year - self.birth_year


class SensitiveItem(models.Model):
    """Sensitive personal data (ethnicity, religion, health, past offences): each one needs
    its own consent before it goes anywhere."""

    class Kind(models.TextChoices):
        ETHNICITY = "ethnicity", _("Ethnicity")
        RELIGION = "religion", _("Religion")
        HEALTH = "health", _("Health")
        PAST_OFFENCE = "past_offence", _("Past offences")
        OTHER = "other", _("Other sensitive data")

    subject = models.ForeignKey(Subject, on_delete=models.CASCADE, related_name="sensitive_items")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    value = models.CharField(_("value"), max_length=255)

    class Meta:
        verbose_name = _("sensitive item")
        verbose_name_plural = _("sensitive items")

    def __str__(self) -> str:
        return self.get_kind_display()


class Consent(models.Model):
    """Consent of a subject for one purpose, with its evidence. Withdrawal is immediate.

    The evidence is a signed form (a scan, photo or PDF in `evidence`) or the officer who
    recorded it (`recorded_by`) having heard it in person on `given_on`, with a note.
    `NONE` marks rows recorded before evidence was required (decision in docs/decisions.md);
    the service never writes it.
    """

    class Purpose(models.TextChoices):
        PUBLISH_STORY = "publish_story", _("Publish the story")
        SHOW_FULL_NAME = "show_full_name", _("Show the full name")
        SHOW_PHOTO = "show_photo", _("Show photos")
        SHOW_EXACT_PLACE = "show_exact_place", _("Show the exact place")
        SENSITIVE_ITEM = "sensitive_item", _("Share a sensitive item")

    class GivenBy(models.TextChoices):
        SUBJECT = "subject", _("The person")
        GUARDIAN = "guardian", _("The legal representative")
        BOTH = "both", _("The child and the legal representative")

    class EvidenceKind(models.TextChoices):
        SIGNED_FORM = "signed_form", _("Signed consent form")
        IN_PERSON = "in_person", _("Recorded in person")
        NONE = "none", _("No evidence (recorded before evidence was required)")

    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    sensitive_item = models.ForeignKey(
        SensitiveItem, null=True, blank=True, on_delete=models.PROTECT, related_name="consents"
    )
    given_by = models.CharField(_("given by"), max_length=10, choices=GivenBy.choices)
    guardian_name = models.CharField(_("legal representative"), max_length=200, blank=True)
    given_on = models.DateField(_("date of consent"))
    evidence_kind = models.CharField(
        _("evidence"), max_length=12, choices=EvidenceKind.choices, default=EvidenceKind.NONE
    )
    # Personal data: served only by an access-checked view, never from MEDIA_URL.
    evidence = models.FileField(_("signed form"), upload_to="consents/%Y/%m/", blank=True)
    evidence_note = models.CharField(_("note on the consent"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    withdrawal_note = models.CharField(_("reason for withdrawal"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        indexes = [models.Index(fields=["subject", "purpose"], name="exm_consent_purpose")]
        constraints = [
            # A signed form has its file; a consent heard in person has its note.
            models.CheckConstraint(
                condition=(
                    models.Q(evidence_kind="signed_form") & ~models.Q(evidence="")
                    | models.Q(evidence_kind="in_person") & ~models.Q(evidence_note="")
                    | models.Q(evidence_kind="none")
                ),
                name="exm_consent_evidence_complete",
            )
        ]

    def __str__(self) -> str:
        return f"{self.subject} – {self.get_purpose_display()}"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None

    @property
    def is_proven(self) -> bool:
        return self.evidence_kind != self.EvidenceKind.NONE
