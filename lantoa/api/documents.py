"""Official documents: the caller's registers, a document with its files, and the public
verification by id or by a file's SHA-256 (no token needed, the same facts as the portal's
verification page)."""

from __future__ import annotations

import datetime

from django.db.models import DateField, IntegerField, Value
from django.db.models.functions import Coalesce
from django.http import FileResponse, HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.params.functions import Query as QueryParam

from lantoa.api.errors import ErrorOut
from lantoa.api.pagination import (
    PAGE_SIZE,
    PageLinks,
    cursor_description,
    cursor_page,
    refuse_page_numbers,
)
from lantoa.api.security import actor
from lantoa.core.errors import NotFound
from lantoa.documents import selectors
from lantoa.documents.models import Document, DocumentState, DocumentType
from lantoa.documents.render.blocks import verification_url

router = Router(tags=["documents"])


class DocumentFilterIn(Schema):
    issuer: int | None = Field(None, description="Only this issuer's documents")
    year: int | None = Field(None, ge=1990, le=2100)
    doc_type: DocumentType | None = None
    state: DocumentState | None = None
    cursor: str | None = Field(None, max_length=500, description=cursor_description())


class IssuerOut(Schema):
    id: int
    name: str
    parent_name: str
    style: str
    org_id: int


class FileOut(Schema):
    id: int
    kind: str
    name: str
    sha256: str
    size: int
    signature_status: str
    created_at: datetime.datetime


class DocumentOut(Schema):
    id: int
    issuer: IssuerOut
    doc_type: str
    state: str
    number: int | None
    symbol: str
    reference: str
    issued_on: datetime.date | None
    summary: str
    signer_title: str
    signer_name: str
    recipients: list[str]
    verification_url: str | None
    revoked_at: datetime.datetime | None
    revocation_grounds: str

    @staticmethod
    def resolve_recipients(obj: Document) -> list[str]:
        return obj.recipient_lines()

    @staticmethod
    def resolve_verification_url(obj: Document) -> str | None:
        return None if obj.state == DocumentState.DRAFT else verification_url(obj.verification_id)


class DocumentDetailOut(DocumentOut):
    files: list[FileOut]

    @staticmethod
    def resolve_files(obj: Document) -> list[object]:
        return list(obj.files.order_by("created_at", "pk"))


class DocumentPageOut(PageLinks):
    items: list[DocumentOut]


class VerifiedFileOut(Schema):
    kind: str
    sha256: str
    signature_status: str


class VerificationOut(Schema):
    reference: str
    doc_type: str
    issuer: str
    issued_on: datetime.date | None
    summary: str
    state: str
    revoked: bool
    revoked_at: datetime.datetime | None
    revocation_grounds: str
    certificate_holder: str | None
    certificate_achievement: str | None
    files: list[VerifiedFileOut]


@router.get(
    "",
    response={200: DocumentPageOut, 400: ErrorOut, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary=f"Documents the caller may read, newest first, {PAGE_SIZE} per page (cursors)",
)
def list_documents(request: HttpRequest, filters: Query[DocumentFilterIn]) -> dict[str, object]:
    user = actor(request)
    refuse_page_numbers(request)
    rows = selectors.documents_visible_to(user)
    if filters.issuer is not None:
        rows = rows.filter(issuer=selectors.get_issuer_for(user, filters.issuer))
    if filters.year:
        rows = rows.filter(issued_on__year=filters.year)
    if filters.doc_type:
        rows = rows.filter(doc_type=filters.doc_type)
    if filters.state:
        rows = rows.filter(state=filters.state)
    # The register's order with drafts (no date, no number yet) last, as keys a cursor can
    # compare (a NULL compares with nothing).
    rows = rows.annotate(
        issued_key=Coalesce("issued_on", Value(datetime.date.min), output_field=DateField()),
        number_key=Coalesce("number", Value(0), output_field=IntegerField()),
    )
    order = ("-issued_key", "-number_key", "-id")
    return cursor_page(request, rows, order=order, cursor=filters.cursor)


@router.get(
    "/verify",
    response={200: VerificationOut, 404: ErrorOut, 422: ErrorOut},
    auth=None,
    summary="Public: verify an issued document or certificate by its id or a file's SHA-256",
)
def verify(
    request: HttpRequest,
    id: str = QueryParam("", max_length=80),
    sha256: str = QueryParam("", max_length=64),
) -> dict[str, object]:
    if id:
        verified = selectors.verify_by_id(id)
    elif sha256:
        verified = selectors.verify_by_hash(sha256)
    else:
        raise NotFound()
    document, certificate = verified.document, verified.certificate
    # A certificate revoked on its own is revoked; its decision may still be in force.
    revoked, revoked_at, grounds = (
        document.state == DocumentState.REVOKED,
        document.revoked_at,
        document.revocation_grounds,
    )
    if certificate is not None and certificate.revoked_at is not None:
        revoked, revoked_at = True, certificate.revoked_at
        grounds = certificate.revocation_grounds
    return {
        "reference": document.reference,
        "doc_type": document.doc_type,
        "issuer": document.issuer.name,
        "issued_on": document.issued_on,
        "summary": document.summary,
        "state": document.state,
        "revoked": revoked,
        "revoked_at": revoked_at,
        "revocation_grounds": grounds,
        "certificate_holder": certificate.recipient_name if certificate else None,
        "certificate_achievement": certificate.achievement if certificate else None,
        "files": verified.files,
    }


@router.get(
    "/{int:document_id}",
    response={200: DocumentDetailOut, 401: ErrorOut, 404: ErrorOut},
    summary="One document with its files, if the caller may read it",
)
def get_document(request: HttpRequest, document_id: int) -> object:
    return selectors.get_document_for(actor(request), document_id)


@router.get(
    "/{int:document_id}/files/{int:file_id}",
    response={200: None, 401: ErrorOut, 404: ErrorOut},
    summary="Download one file of a document",
)
def get_file(request: HttpRequest, document_id: int, file_id: int) -> FileResponse:
    document = selectors.get_document_for(actor(request), document_id)
    stored = document.files.filter(pk=file_id).first()
    if stored is None:
        raise NotFound()
    return FileResponse(stored.file.open("rb"), as_attachment=True, filename=stored.name)
