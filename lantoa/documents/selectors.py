"""Every read the surfaces make, scoped by the actor; public reads only of public states."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from lantoa.core.actors import Actor
from lantoa.core.errors import NotFound
from lantoa.documents.access import scope_q
from lantoa.documents.models import Certificate, Document, DocumentFile, DocumentState, Issuer
from lantoa.documents.workflow import PUBLIC_STATES, READ_ROLES


def issuers_visible_to(actor: Actor) -> QuerySet[Issuer]:
    return Issuer.objects.filter(scope_q(actor, READ_ROLES)).select_related("org")


def get_issuer_for(actor: Actor, pk: int) -> Issuer:
    issuer = issuers_visible_to(actor).filter(pk=pk).first()
    if issuer is None:
        raise NotFound()
    return issuer


def documents_visible_to(actor: Actor) -> QuerySet[Document]:
    return Document.objects.filter(scope_q(actor, READ_ROLES)).select_related("issuer")


def get_document_for(actor: Actor, pk: int) -> Document:
    document = (
        documents_visible_to(actor).select_related("issuer__org", "layout").filter(pk=pk).first()
    )
    if document is None:
        raise NotFound()
    return document


@dataclass
class RegisterFilters:
    year: int | None = None
    doc_type: str = ""
    state: str = ""
    q: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None


def register_for(
    actor: Actor, issuer: Issuer, filters: RegisterFilters | None = None
) -> QuerySet[Document]:
    """The register of issued documents (sổ đăng ký văn bản đi) of one issuer, in the order
    of their numbers within each date."""
    filters = filters or RegisterFilters()
    rows = documents_visible_to(actor).filter(issuer=issuer, number__isnull=False)
    if filters.year:
        rows = rows.filter(issued_on__year=filters.year)
    if filters.doc_type:
        rows = rows.filter(doc_type=filters.doc_type)
    if filters.state:
        rows = rows.filter(state=filters.state)
    if filters.date_from:
        rows = rows.filter(issued_on__gte=filters.date_from)
    if filters.date_to:
        rows = rows.filter(issued_on__lte=filters.date_to)
    if filters.q:
        rows = rows.filter(Q(summary__icontains=filters.q) | Q(reference__icontains=filters.q))
    return rows.order_by("issued_on", "period_key", "scope_type", "number")


def drafts_for(actor: Actor, issuer: Issuer) -> QuerySet[Document]:
    return documents_visible_to(actor).filter(issuer=issuer, state=DocumentState.DRAFT)


# Public verification: by the random id printed on the document, or by a file's SHA-256.


@dataclass
class Verified:
    document: Document
    certificate: Certificate | None
    files: list[DocumentFile]


def verify_by_id(verification_id: str) -> Verified:
    document = (
        Document.objects.filter(verification_id=verification_id, state__in=PUBLIC_STATES)
        .select_related("issuer")
        .first()
    )
    if document is not None:
        files = list(document.files.filter(certificate__isnull=True).order_by("created_at", "pk"))
        return Verified(document, None, files)
    certificate = (
        Certificate.objects.filter(
            verification_id=verification_id, decision__state__in=PUBLIC_STATES
        )
        .select_related("decision__issuer")
        .first()
    )
    if certificate is None:
        raise NotFound()
    files = list(certificate.files.order_by("created_at", "pk"))
    return Verified(certificate.decision, certificate, files)


def verify_by_hash(sha256: str) -> Verified:
    sha256 = sha256.strip().lower()
    if len(sha256) != 64 or any(ch not in "0123456789abcdef" for ch in sha256):
        raise NotFound()
    stored = (
        DocumentFile.objects.filter(sha256=sha256, document__state__in=PUBLIC_STATES)
        .select_related("document", "certificate")
        .first()
    )
    if stored is None:
        raise NotFound()
    if stored.certificate is not None:
        return verify_by_id(stored.certificate.verification_id)
    return verify_by_id(stored.document.verification_id)
