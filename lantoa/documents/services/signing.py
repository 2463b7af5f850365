"""Signing: with the organisation's configured key, or by uploading a PDF that a person
signed with their own token."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lantoa.audit import services as audit
from lantoa.core.actors import Actor
from lantoa.core.errors import DomainError
from lantoa.documents.models import Document, DocumentFile, FileKind, SignatureStatus
from lantoa.documents.services.common import check, file_stem, locked, step, store_file
from lantoa.documents.signatures import check_pdf, sign_pdf
from lantoa.documents.workflow import BY_ACTION

__all__ = ["attach_signed_pdf", "sign_document"]


def sign_document(*, actor: Actor, document: Document) -> Document:
    """Sign the issued PDF with the issuer's organisation key and keep the signed copy."""
    transition = BY_ACTION["sign"]
    with transaction.atomic():
        document = locked(document)
        check(actor, document, transition)
        issued = document.files.get(kind=FileKind.PDF, certificate__isnull=True)
        with issued.file.open("rb") as handle:
            signed = sign_pdf(
                handle.read(), key_name=document.issuer.signing_key, reason=document.reference
            )
        result = check_pdf(signed)
        store_file(
            document,
            kind=FileKind.SIGNED_PDF,
            data=signed,
            name=f"{file_stem(document)}-signed.pdf",
            actor=actor,
            **result.as_file_fields(),
        )
        return _signed(actor, document, action="sign")


def attach_signed_pdf(*, actor: Actor, document: Document, data: bytes) -> DocumentFile:
    """Keep an uploaded signed PDF with what its signature check found. The document
    becomes signed only if the signature holds (`bottom_line`); an altered or untrusted
    file is kept and shown as such, and the document stays issued."""
    transition = BY_ACTION["attach_signed"]
    if data[:5] != b"%PDF-":
        raise DomainError(_("Upload the signed PDF file."), code="invalid_file")
    result = check_pdf(data)
    if result.status == SignatureStatus.NONE:
        raise DomainError(_("This PDF carries no electronic signature."), code="unsigned")
    with transaction.atomic():
        document = locked(document)
        check(actor, document, transition)
        issued = document.files.filter(kind=FileKind.PDF, certificate__isnull=True).first()
        if issued is not None:
            # An incremental signature keeps the issued PDF as its first revision.
            with issued.file.open("rb") as handle:
                result.detail["matches_issued"] = data.startswith(handle.read())
        stored = store_file(
            document,
            kind=FileKind.SIGNED_PDF,
            data=data,
            name=f"{file_stem(document)}-signed-{document.files.count() + 1}.pdf",
            actor=actor,
            **result.as_file_fields(),
        )
        audit.record(
            actor=actor,
            action="documents.document.signed_file_uploaded",
            obj=document,
            org=document.issuer.org,
            changes={"signature": [None, result.status], "sha256": [None, stored.sha256]},
        )
        if result.status == SignatureStatus.VALID:
            _signed(actor, document, action="attach_signed")
    return stored


def _signed(actor: Actor, document: Document, *, action: str) -> Document:
    now = timezone.now()
    from_state = document.state
    document.state, document.signed_at = BY_ACTION[action].target, now
    document.save(update_fields=["state", "signed_at"])
    step(document, actor=actor, action=action, from_state=from_state, now=now)
    audit.record(
        actor=actor,
        action=f"documents.document.{'signed' if action == 'sign' else 'signed_upload'}",
        obj=document,
        org=document.issuer.org,
        changes={"state": [from_state, document.state]},
    )
    return document
