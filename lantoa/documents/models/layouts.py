"""Layouts as data: one versioned spec per (document type, style)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentType(models.TextChoices):
    DECISION = "decision", _("Decision")
    NOTICE = "notice", _("Notice")
    REPORT = "report", _("Report")
    PLAN = "plan", _("Plan")
    MEMO = "memo", _("Official letter")
    MINUTES = "minutes", _("Minutes")
    CERTIFICATE = "certificate", _("Certificate")


class Layout(models.Model):
    """A version of the layout of one document type in one style. `spec` holds the page
    (A4, margins), the font and its sizes per line, the header lines, the number, symbol and
    date formats, the authority prefixes and the type title (`layouts.DEFAULTS` documents
    the keys). Versions are never edited: a system admin adds the next one, and a document
    keeps the version it was issued with."""

    doc_type = models.CharField(_("document type"), max_length=20, choices=DocumentType.choices)
    style = models.CharField(_("style"), max_length=10)
    version = models.PositiveSmallIntegerField(_("version"))
    spec = models.JSONField(_("specification"))
    note = models.CharField(_("what changed"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("layout")
        verbose_name_plural = _("layouts")
        ordering = ["doc_type", "style", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["doc_type", "style", "version"], name="documents_layout_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_doc_type_display()} / {self.style} v{self.version}"
