"""Documents, their certificates, files and timeline."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lantoa.core.paths import PathField
from lantoa.documents.models.issuers import Issuer
from lantoa.documents.models.layouts import DocumentType, Layout


def new_verification_id() -> str:
    # 24 random bytes: 192 bits, so holders cannot be listed by guessing ids.
    return secrets.token_urlsafe(24)


class DocumentState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ISSUED = "issued", _("Issued")
    SIGNED = "signed", _("Signed")
    REVOKED = "revoked", _("Revoked")


class Authority(models.TextChoices):
    NONE = "", _("In one's own name")
    ON_BEHALF = "tm", _("On behalf of the collective (TM.)")
    DEPUTY = "kt", _("Deputy for the head (KT.)")
    BY_ORDER = "tl", _("By order of the head (TL.)")
    AUTHORISED = "tuq", _("Authorised (TUQ.)")


class Document(models.Model):
    """A document of one issuer. Drafts change; issuing takes the number, freezes the
    content and the layout version, and writes the files."""

    issuer = models.ForeignKey(
        Issuer, verbose_name=_("issuer"), on_delete=models.PROTECT, related_name="documents"
    )
    org_path = PathField(editable=False)
    doc_type = models.CharField(_("type"), max_length=20, choices=DocumentType.choices)
    state = models.CharField(
        _("state"), max_length=10, choices=DocumentState.choices, default=DocumentState.DRAFT
    )
    layout = models.ForeignKey(Layout, null=True, blank=True, on_delete=models.PROTECT)
    # The numbering scope the number was taken in, and the number itself.
    period_key = models.CharField(max_length=30, blank=True)
    scope_type = models.CharField(max_length=20, blank=True)
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    symbol = models.CharField(_("symbol"), max_length=60, blank=True)
    reference = models.CharField(_("number and symbol"), max_length=80, blank=True)
    issued_on = models.DateField(_("date"), null=True, blank=True)
    summary = models.CharField(_("summary"), max_length=500)
    body = models.TextField(_("content"), blank=True)
    authority = models.CharField(
        _("authority formula"), max_length=5, choices=Authority.choices, blank=True
    )
    authority_of = models.CharField(
        _("on behalf of"),
        max_length=120,
        blank=True,
        help_text=_("The collective or the head the signer acts for."),
    )
    signer_title = models.CharField(_("signer's position"), max_length=120)
    signer_name = models.CharField(_("signer's name"), max_length=120)
    recipients = models.TextField(_("recipients"), blank=True, help_text=_("One per line."))
    verification_id = models.CharField(
        max_length=64, unique=True, default=new_verification_id, editable=False
    )
    recorded = models.BooleanField(
        _("recorded from a scan"), default=False, help_text=_("Issued outside the system.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    issued_at = models.DateTimeField(null=True, blank=True)
    signed_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revocation_grounds = models.TextField(_("grounds for revocation"), blank=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-issued_on", "-number", "-pk"]
        constraints = [
            # The database's own guard against a duplicate number in a scope.
            models.UniqueConstraint(
                fields=["issuer", "period_key", "scope_type", "number"],
                condition=models.Q(number__isnull=False),
                name="documents_number_once",
            ),
        ]
        indexes = [
            models.Index(fields=["issuer", "issued_on"], name="documents_register"),
        ]

    def __str__(self) -> str:
        return f"{self.reference or _('Draft')} – {self.summary}"[:255]

    def recipient_lines(self) -> list[str]:
        return [line.strip() for line in self.recipients.splitlines() if line.strip()]


class CertificateKind(models.TextChoices):
    GIAY_KHEN = "giay_khen", _("Certificate of merit (Giấy khen)")
    BANG_KHEN = "bang_khen", _("Certificate of merit (Bằng khen)")


class Certificate(models.Model):
    """A certificate awarded by a decision: the decision's number, date and signer, and the
    merge fields of its holder. It follows its decision (frozen once the decision is issued,
    revoked with it) and has its own verification id for its holder."""

    decision = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="certificates")
    serial = models.PositiveIntegerField(_("serial"))
    kind = models.CharField(_("kind"), max_length=20, choices=CertificateKind.choices)
    recipient_name = models.CharField(_("name"), max_length=200)
    recipient_title = models.CharField(_("title or unit"), max_length=255, blank=True)
    achievement = models.TextField(_("achievement"))
    layout = models.ForeignKey(Layout, null=True, blank=True, on_delete=models.PROTECT)
    verification_id = models.CharField(
        max_length=64, unique=True, default=new_verification_id, editable=False
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    revocation_grounds = models.TextField(_("grounds for revocation"), blank=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["decision", "serial"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "serial"], name="documents_cert_serial")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.recipient_name}"


class FileKind(models.TextChoices):
    DOCX = "docx", _("Editable master (DOCX)")
    PDF = "pdf", _("PDF")
    SIGNED_PDF = "signed_pdf", _("Signed PDF")
    SCAN = "scan", _("Scan")
    CERTIFICATE_PDF = "certificate_pdf", _("Certificate (PDF)")


class SignatureStatus(models.TextChoices):
    NONE = "none", _("Not signed electronically")
    VALID = "valid", _("Valid signature")
    UNTRUSTED = "untrusted", _("Intact, signer not trusted")
    INVALID = "invalid", _("Invalid: altered or broken")


def file_path(instance: DocumentFile, filename: str) -> str:
    # Generated names only: a stored path never comes from what a user typed.
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"documents/{instance.document.issuer_id}/{secrets.token_hex(16)}.{ext}"


class DocumentFile(models.Model):
    """A file issued for a document (or one of its certificates), with its SHA-256 and, for
    PDFs, what the signature check found. Files are added, never replaced."""

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="files")
    certificate = models.ForeignKey(
        Certificate, null=True, blank=True, on_delete=models.PROTECT, related_name="files"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=FileKind.choices)
    file = models.FileField(upload_to=file_path)
    name = models.CharField(_("file name"), max_length=200)
    sha256 = models.CharField(max_length=64, db_index=True)
    size = models.PositiveIntegerField()
    signature_status = models.CharField(
        _("signature"),
        max_length=10,
        choices=SignatureStatus.choices,
        default=SignatureStatus.NONE,
    )
    signature_detail = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("document file")
        verbose_name_plural = _("document files")
        ordering = ["document", "created_at", "pk"]
        constraints = [
            # A certificate has one issued PDF: its hash is what the holder checks.
            models.UniqueConstraint(
                fields=["certificate"],
                condition=models.Q(kind="certificate_pdf"),
                name="documents_one_certificate_pdf",
            )
        ]

    def __str__(self) -> str:
        return self.name


class StepAction(models.TextChoices):
    DRAFT = "draft", _("Drafted")
    ISSUE = "issue", _("Issued")
    SIGN = "sign", _("Signed with the organisation's certificate")
    ATTACH_SIGNED = "attach_signed", _("Signed PDF uploaded")
    REVOKE = "revoke", _("Revoked")
    REVOKE_CERTIFICATE = "revoke_certificate", _("One certificate revoked")
    RECORD = "record", _("Recorded from a scan")


class DocumentStep(models.Model):
    """The document's own timeline (the audit log stays the complete record)."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="steps")
    action = models.CharField(max_length=30, choices=StepAction.choices)
    from_state = models.CharField(max_length=10, blank=True)
    to_state = models.CharField(max_length=10)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_name = models.CharField(max_length=200)
    at = models.DateTimeField()
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["document", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.action} {self.from_state}→{self.to_state}"
