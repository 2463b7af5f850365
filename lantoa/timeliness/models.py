"""Working calendar and the due-date policy for each step of a record's handling."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Holiday(models.Model):
    """A day off on a working day, or (`is_working_day_swap`) a Saturday worked instead."""

    date = models.DateField(_("date"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    is_working_day_swap = models.BooleanField(
        _("compensating working day"),
        default=False,
        help_text=_("A Saturday worked in exchange for an extra day off."),
    )

    class Meta:
        verbose_name = _("holiday")
        verbose_name_plural = _("holidays")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.name}"


class Step(models.TextChoices):
    VERIFICATION = "verification", _("Verification of a report")
    PROPOSAL = "proposal", _("Decision on an upward proposal")
    RESUBMISSION = "resubmission", _("Resubmission of a returned record")


class DuePolicy(models.Model):
    """How many working days a step may take, counted from the day after it starts."""

    step = models.SlugField(_("step"), max_length=30, unique=True, choices=Step.choices)
    working_days = models.PositiveSmallIntegerField(_("working days"))
    description = models.CharField(_("description"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("due-date policy")
        verbose_name_plural = _("due-date policies")
        ordering = ["step"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(working_days__gte=1, working_days__lte=365),
                name="timeliness_duepolicy_working_days_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.step}: {self.working_days}"
