"""Issuing (number taken, content frozen, files written), recording and revoking (a whole
document, or one certificate of a decision)."""

from __future__ import annotations

import datetime

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lantoa.audit import services as audit
from lantoa.core.actors import Actor, user_or_none
from lantoa.core.errors import DomainError, NotFound
from lantoa.documents.access import holds
from lantoa.documents.models import (
    Certificate,
    Document,
    DocumentState,
    DocumentType,
    FileKind,
    Issuer,
)
from lantoa.documents.numbering import scope_of, take_number
from lantoa.documents.render.blocks import document_page, reference_for, symbol_for
from lantoa.documents.render.docx import write_docx
from lantoa.documents.render.pdf import write_pdf
from lantoa.documents.services.common import (
    check,
    check_issuing,
    current_layout,
    file_stem,
    locked,
    step,
    store_file,
)
from lantoa.documents.signatures import check_pdf
from lantoa.documents.workflow import BY_ACTION, READ_ROLES, RECORD_ROLES


def issue_document(
    *, actor: Actor, document: Document, issued_on: datetime.date | None = None
) -> Document:
    """Take the next number of the document's scope, freeze its text with the newest
    layout version (its certificates too) and write the DOCX and the PDF.

    The files are written while the scope's counter is locked: a number is never visible
    without its files, at the price of issuing one document of a scope at a time."""
    transition = BY_ACTION["issue"]
    with transaction.atomic():
        document = locked(document)
        check(actor, document, transition)
        issuer = document.issuer
        check_issuing(issuer)
        day = issued_on or timezone.localdate()
        period_key, scope_type = scope_of(issuer, document.doc_type, day)
        layout = current_layout(document.doc_type, issuer.style)
        number = take_number(issuer=issuer, period_key=period_key, scope_type=scope_type)
        symbol = symbol_for(layout.spec, issuer.code)
        now = timezone.now()
        document.period_key, document.scope_type = period_key, scope_type
        document.number, document.symbol = number, symbol
        document.reference = reference_for(layout.spec, number, symbol)
        document.layout, document.issued_on, document.issued_at = layout, day, now
        document.state = transition.target
        document.save()
        if document.certificates.exists():
            certificate_layout = current_layout(DocumentType.CERTIFICATE, issuer.style)
            document.certificates.update(layout=certificate_layout)
        page = document_page(document)
        stem = file_stem(document)
        store_file(document, kind=FileKind.DOCX, data=write_docx(page), name=f"{stem}.docx")
        store_file(document, kind=FileKind.PDF, data=write_pdf(page), name=f"{stem}.pdf")
        step(document, actor=actor, action="issue", from_state=DocumentState.DRAFT, now=now)
        audit.record(
            actor=actor,
            action="documents.document.issued",
            obj=document,
            org=issuer.org,
            changes={
                "state": [DocumentState.DRAFT, document.state],
                "reference": [None, document.reference],
            },
        )
    return document


def revoke_document(*, actor: Actor, document: Document, grounds: str) -> Document:
    """Revoke an issued or signed document with its grounds. Nothing is deleted: the number
    stays taken, the files stay, and the verification page says it was revoked."""
    transition = BY_ACTION["revoke"]
    grounds = grounds.strip()
    with transaction.atomic():
        document = locked(document)
        check(actor, document, transition)
        if not grounds:
            raise DomainError(_("Please give the grounds for revocation."), code="note_required")
        now = timezone.now()
        from_state = document.state
        document.state, document.revoked_at = transition.target, now
        document.revocation_grounds = grounds
        document.save(update_fields=["state", "revoked_at", "revocation_grounds"])
        step(document, actor=actor, action="revoke", from_state=from_state, now=now, note=grounds)
        audit.record(
            actor=actor,
            action="documents.document.revoked",
            obj=document,
            org=document.issuer.org,
            changes={"state": [from_state, document.state], "grounds": [None, grounds]},
        )
    return document


def revoke_certificate(*, actor: Actor, certificate: Certificate, grounds: str) -> Certificate:
    """Revoke one certificate of an issued or signed decision, with its grounds: its own
    verification page says so; the decision and its other certificates stay in force.

    Needs the decision's revoke right (the workflow table); a certificate already revoked
    (or one of a revoked decision) is refused. Its PDF stays, and so does its hash."""
    transition = BY_ACTION["revoke"]
    grounds = grounds.strip()
    with transaction.atomic():
        decision = locked(certificate.decision)
        check(actor, decision, transition)
        certificate = Certificate.objects.select_for_update().get(
            pk=certificate.pk, decision=decision
        )
        if certificate.revoked_at is not None:
            raise DomainError(_("This certificate is already revoked."), code="already_revoked")
        if not grounds:
            raise DomainError(_("Please give the grounds for revocation."), code="note_required")
        now = timezone.now()
        certificate.revoked_at, certificate.revocation_grounds = now, grounds
        certificate.save(update_fields=["revoked_at", "revocation_grounds"])
        note = f"{certificate.serial}. {certificate.recipient_name}: {grounds}"
        step(
            decision,
            actor=actor,
            action="revoke_certificate",
            from_state=decision.state,
            now=now,
            note=note,
        )
        audit.record(
            actor=actor,
            action="documents.certificate.revoked",
            obj=certificate,
            org=decision.issuer.org,
            changes={
                "decision": [None, decision.reference],
                "serial": [None, certificate.serial],
                "grounds": [None, grounds],
            },
        )
    return certificate


def record_external_document(
    *,
    actor: Actor,
    issuer: Issuer,
    doc_type: str,
    number: int,
    symbol: str,
    issued_on: datetime.date,
    summary: str,
    signer_title: str,
    signer_name: str,
    scan: UploadedFile,
) -> Document:
    """Record a document that a body outside the system issued on paper, with its own number
    and the scan (decision: bodies that do not use the system are recorded, not numbered)."""
    if not holds(actor, READ_ROLES, issuer.org_path):
        raise NotFound()
    if not holds(actor, RECORD_ROLES, issuer.org_path):
        raise DomainError(_("Your role does not allow recording documents."), code="forbidden")
    check_issuing(issuer)
    if not issuer.external:
        raise DomainError(
            _("This issuer numbers its documents in the system: issue them here."),
            code="not_external",
        )
    if (
        doc_type not in DocumentType.values
        or number < 1
        or not symbol.strip()
        or not summary.strip()
    ):
        raise DomainError(_("Type, number, symbol and summary are required."), code="invalid")
    data = scan.read()
    if data[:5] != b"%PDF-":
        raise DomainError(_("Upload the scan as a PDF file."), code="invalid_file")
    signature = check_pdf(data)
    with transaction.atomic():
        period_key, scope_type = str(issued_on.year), doc_type if issuer.per_type else ""
        if Document.objects.filter(
            issuer=issuer, period_key=period_key, scope_type=scope_type, number=number
        ).exists():
            raise DomainError(_("This number is already in the register."), code="duplicate")
        now = timezone.now()
        document = Document.objects.create(
            issuer=issuer,
            org_path=issuer.org_path,
            doc_type=doc_type,
            state=DocumentState.ISSUED,
            period_key=period_key,
            scope_type=scope_type,
            number=number,
            symbol=symbol.strip(),
            reference=reference_for(
                current_layout(doc_type, issuer.style).spec, number, symbol.strip()
            ),
            issued_on=issued_on,
            summary=summary.strip(),
            signer_title=signer_title.strip(),
            signer_name=signer_name.strip(),
            recorded=True,
            created_by=user_or_none(actor),
            issued_at=now,
        )
        store_file(
            document,
            kind=FileKind.SCAN,
            data=data,
            name=f"{file_stem(document)}-scan.pdf",
            actor=actor,
            **signature.as_file_fields(),
        )
        step(document, actor=actor, action="record", from_state="", now=now)
        audit.record(
            actor=actor, action="documents.document.recorded", obj=document, org=issuer.org
        )
    return document
