"""Issuers: the bodies that sign documents, their style and their numbering scope."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from lantoa.core.paths import PathField
from lantoa.orgs.models import Organisation


class IssuerStyle(models.TextChoices):
    STATE = "state", _("State (Decree 30/2020/NĐ-CP)")
    PARTY = "party", _("Party (Guideline 36-HD/VPTW)")
    MASS = "mass", _("Mass organisation")


class NumberingPeriod(models.TextChoices):
    YEAR = "year", _("Calendar year")
    TERM = "term", _("Committee term")


class Issuer(models.Model):
    """A body that signs documents. `org` is the organisation of the tree whose officers act
    for it (and whose subtree may read its register); `name` and `parent_name` are what the
    header prints. An `external` issuer is a deciding body that does not use the system: its
    documents are recorded with their own number and the scan, never numbered here."""

    org = models.ForeignKey(
        Organisation,
        verbose_name=_("acting organisation"),
        on_delete=models.PROTECT,
        related_name="document_issuers",
    )
    org_path = PathField(editable=False)
    name = models.CharField(_("issuing body"), max_length=255)
    parent_name = models.CharField(_("parent body"), max_length=255, blank=True)
    code = models.CharField(
        _("symbol code"), max_length=30, help_text=_("The issuer's part of a symbol: UBND, TU…")
    )
    style = models.CharField(_("style"), max_length=10, choices=IssuerStyle.choices)
    period = models.CharField(
        _("numbering period"),
        max_length=10,
        choices=NumberingPeriod.choices,
        default=NumberingPeriod.YEAR,
    )
    per_type = models.BooleanField(_("numbered per document type"), default=False)
    place = models.CharField(_("place name on documents"), max_length=100)
    external = models.BooleanField(_("outside the system (recorded with the scan)"), default=False)
    signing_key = models.CharField(
        _("organisation signing key"),
        max_length=60,
        blank=True,
        help_text=_("Name of a key configured in DOCUMENT_SIGNERS; empty: no server signing."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Set when the body stops issuing (merged, dissolved, replaced): its register stays
    # readable, nothing new is drafted, numbered or recorded (`services.retire_issuer`).
    retired_at = models.DateTimeField(_("retired"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("issuer")
        verbose_name_plural = _("issuers")
        ordering = ["org_path", "name"]
        constraints = [
            # The same form sent twice registers one issuer (`services.create_issuer`).
            models.UniqueConstraint(fields=["org", "name"], name="documents_issuer_org_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.org_path = self.org.path
        super().save(*args, **kwargs)

    def term_on(self, day: datetime.date) -> IssuerTerm | None:
        return self.terms.filter(starts_on__lte=day).order_by("-starts_on").first()


class IssuerTerm(models.Model):
    """A committee term (nhiệm kỳ). Per-term numbering runs from `starts_on` until the next
    term of the same issuer starts."""

    issuer = models.ForeignKey(Issuer, on_delete=models.CASCADE, related_name="terms")
    label = models.CharField(_("term"), max_length=30)
    starts_on = models.DateField(_("starts on"))

    class Meta:
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        ordering = ["issuer", "-starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["issuer", "starts_on"], name="documents_term_start"),
            models.UniqueConstraint(fields=["issuer", "label"], name="documents_term_label"),
        ]

    def __str__(self) -> str:
        return self.label


class NumberCounter(models.Model):
    """The last number taken in one numbering scope: (issuer, period, type or "" across
    types). Issuing locks this row, so numbers are consecutive and never shared."""

    issuer = models.ForeignKey(Issuer, on_delete=models.CASCADE, related_name="counters")
    period_key = models.CharField(max_length=30)
    scope_type = models.CharField(max_length=20, blank=True)
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "period_key", "scope_type"], name="documents_counter_scope"
            )
        ]

    def __str__(self) -> str:
        return f"{self.issuer_id}/{self.period_key}/{self.scope_type or '*'}: {self.last_number}"
