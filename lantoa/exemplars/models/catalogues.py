"""Configurable lists: priority groups, fields of work, emulation movements."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from lantoa.core.text import fold


class BilingualName(models.Model):
    """A catalogue entry named in Vietnamese (`name`, the language of the records) and in
    English (`name_en`, optional): `str()` answers the one of the active language, so every
    select, list and page shows the user's language without asking."""

    name = models.CharField(_("name (Vietnamese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.localized_name

    @property
    def localized_name(self) -> str:
        if self.name_en and (get_language() or "").startswith("en"):
            return self.name_en
        return self.name


class PriorityGroup(BilingualName):
    """Seed §2.2: working people; youth, especially children; cadres in hard places; …"""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("priority group")
        verbose_name_plural = _("priority groups")
        ordering = ["order", "name"]


class Sector(BilingualName):
    """A field of work (lĩnh vực): economy, education, health, security and order, …"""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("field")
        verbose_name_plural = _("fields")
        ordering = ["order", "name"]


class Movement(models.Model):
    """An emulation movement (phong trào thi đua); the awards issue extends it."""

    name = models.CharField(_("name"), max_length=255)
    folded_name = models.CharField(max_length=255, editable=False)
    description = models.TextField(_("description"), blank=True)
    organisation = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("launched by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    valid_from = models.DateField(_("from"), null=True, blank=True)
    valid_to = models.DateField(_("to"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("movement")
        verbose_name_plural = _("movements")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.folded_name = fold(self.name)
        super().save(*args, **kwargs)
