from __future__ import annotations

import datetime
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from lantoa.core.text import fold


class AdminUnit(models.Model):
    """An administrative unit: province, (former) district, commune, ward or special zone.

    Current units (since 1 July 2025) come from `vietnam-provinces`; pre-2025 units from
    `vietnamadminunits`. Codes are the official ones, unique within a scheme.
    """

    class Scheme(models.TextChoices):
        CURRENT = "2025", _("Since 1 July 2025")
        LEGACY = "pre2025", _("Before 1 July 2025")

    class Level(models.TextChoices):
        PROVINCE = "province", _("Province")
        DISTRICT = "district", _("District")
        COMMUNE = "commune", _("Commune")

    scheme = models.CharField(_("scheme"), max_length=8, choices=Scheme.choices)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    code = models.CharField(_("code"), max_length=10)
    name = models.CharField(_("name"), max_length=120)
    division_type = models.CharField(_("type"), max_length=40, blank=True)
    folded_name = models.CharField(max_length=120, db_index=True, editable=False)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    class Meta:
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        ordering = ["scheme", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "level", "code"], name="orgs_adminunit_code_unique"
            ),
        ]
        indexes = [models.Index(fields=["parent", "name"], name="orgs_unit_parent_name")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.folded_name = fold(self.name)
        super().save(*args, **kwargs)

    @property
    def is_current(self) -> bool:
        return self.valid_to is None

    def valid_on(self, day: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


class AdminUnitSuccession(models.Model):
    """`predecessor` became (part of) `successor` on `effective_date`."""

    class Kind(models.TextChoices):
        MERGE = "merge", _("Merged into")
        SPLIT = "split", _("Split into")
        RENAME = "rename", _("Renamed")

    predecessor = models.ForeignKey(AdminUnit, on_delete=models.CASCADE, related_name="successions")
    successor = models.ForeignKey(AdminUnit, on_delete=models.CASCADE, related_name="predecessions")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    effective_date = models.DateField(_("effective date"))
    legal_basis = models.CharField(_("legal basis"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("succession of administrative units")
        verbose_name_plural = _("successions of administrative units")
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor"], name="orgs_unit_succession_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor} ({self.effective_date})"
