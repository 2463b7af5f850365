"""Issuers and drafts: everything written before a number is taken."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from lantoa.audit import services as audit
from lantoa.core.actors import Actor
from lantoa.core.errors import DomainError, NotFound
from lantoa.documents.access import holds
from lantoa.documents.models import (
    Authority,
    Certificate,
    CertificateKind,
    Document,
    DocumentState,
    DocumentType,
    Issuer,
    IssuerStyle,
    IssuerTerm,
    NumberingPeriod,
)
from lantoa.documents.services.common import check_issuing, locked, step
from lantoa.documents.workflow import DRAFT_ROLES, ISSUER_ADMIN_ROLES, READ_ROLES
from lantoa.orgs.models import Organisation

# Who may set up an issuer of an organisation (and its terms).
DRAFT_FIELDS = (
    "summary",
    "body",
    "authority",
    "authority_of",
    "signer_title",
    "signer_name",
    "recipients",
)


@dataclass
class CertificateInput:
    recipient_name: str
    achievement: str
    recipient_title: str = ""


def _issuer_exists() -> DomainError:
    """The same name twice for one organisation (`documents_issuer_org_name`)."""
    return DomainError(
        _("This organisation already acts for an issuer of that name."), code="issuer_exists"
    )


def create_issuer(
    *,
    actor: Actor,
    org: Organisation,
    name: str,
    code: str,
    style: str,
    place: str,
    parent_name: str = "",
    period: str = NumberingPeriod.YEAR,
    per_type: bool = False,
    external: bool = False,
    signing_key: str = "",
) -> Issuer:
    """Register a body that signs documents, acted for by `org`'s officers."""
    if not holds(actor, ISSUER_ADMIN_ROLES, org.path):
        raise NotFound()
    if style not in IssuerStyle.values or period not in NumberingPeriod.values:
        raise DomainError(_("Unknown style or numbering period."), code="invalid")
    if not name.strip() or not code.strip() or not place.strip():
        raise DomainError(_("Name, symbol code and place are required."), code="invalid")
    try:
        with transaction.atomic():
            issuer = Issuer.objects.create(
                org=org,
                name=name.strip(),
                parent_name=parent_name.strip(),
                code=code.strip(),
                style=style,
                place=place.strip(),
                period=period,
                per_type=per_type,
                external=external,
                signing_key=signing_key.strip(),
            )
            audit.record(actor=actor, action="documents.issuer.created", obj=issuer, org=org)
    except IntegrityError:  # the same form sent twice: `documents_issuer_org_name`
        raise _issuer_exists() from None
    return issuer


def update_issuer(
    *, actor: Actor, issuer: Issuer, name: str, parent_name: str, code: str, place: str
) -> Issuer:
    """Correct what `issuer`'s documents print from now on: drafts and new documents;
    those already numbered keep their number, symbol and file."""
    if not holds(actor, ISSUER_ADMIN_ROLES, issuer.org_path):
        raise NotFound()
    given = {"name": name, "parent_name": parent_name, "code": code, "place": place}
    values = {field: value.strip() for field, value in given.items()}
    if not values["name"] or not values["code"] or not values["place"]:
        raise DomainError(_("Name, symbol code and place are required."), code="invalid")
    try:
        with transaction.atomic():
            current = Issuer.objects.select_for_update().get(pk=issuer.pk)
            changes = {
                field: [getattr(current, field), value]
                for field, value in values.items()
                if getattr(current, field) != value
            }
            if not changes:  # the same form sent again: nothing to write
                return current
            for field, value in values.items():
                setattr(current, field, value)
            current.save(update_fields=list(changes))
            audit.record(
                actor=actor,
                action="documents.issuer.updated",
                obj=current,
                org=current.org,
                changes=changes,
            )
    except IntegrityError:  # another issuer of the organisation has that name
        raise _issuer_exists() from None
    return current


def set_issuer_retired(*, actor: Actor, issuer: Issuer, retired: bool) -> Issuer:
    """Retire `issuer` (it drafts, numbers and records nothing more; its register stays
    readable) or put it back to work. Asking for the state it is already in writes
    nothing (the same button pressed twice)."""
    if not holds(actor, ISSUER_ADMIN_ROLES, issuer.org_path):
        raise NotFound()
    with transaction.atomic():
        current = Issuer.objects.select_for_update().get(pk=issuer.pk)
        if (current.retired_at is not None) == retired:
            return current
        before = current.retired_at
        current.retired_at = timezone.now() if retired else None
        current.save(update_fields=["retired_at"])
        audit.record(
            actor=actor,
            action="documents.issuer.retired" if retired else "documents.issuer.reinstated",
            obj=current,
            org=current.org,
            changes={
                "retired_at": [
                    before.isoformat() if before else None,
                    current.retired_at.isoformat() if current.retired_at else None,
                ]
            },
        )
    return current


def start_term(*, actor: Actor, issuer: Issuer, label: str, starts_on: datetime.date) -> IssuerTerm:
    """A new committee term: per-term numbering restarts at 1 from `starts_on`."""
    if not holds(actor, ISSUER_ADMIN_ROLES, issuer.org_path):
        raise NotFound()
    check_issuing(issuer)
    label = label.strip()
    if not label:
        raise DomainError(_("Name the term."), code="invalid")
    with transaction.atomic():
        if IssuerTerm.objects.filter(issuer=issuer, label=label).exists() or (
            IssuerTerm.objects.filter(issuer=issuer, starts_on__gte=starts_on).exists()
        ):
            raise DomainError(
                _("A term must be new and start after the last one."), code="invalid_term"
            )
        term = IssuerTerm.objects.create(issuer=issuer, label=label, starts_on=starts_on)
        audit.record(
            actor=actor,
            action="documents.issuer.term_started",
            obj=issuer,
            org=issuer.org,
            changes={"term": [None, label], "starts_on": [None, starts_on.isoformat()]},
        )
    return term


def create_draft(
    *,
    actor: Actor,
    issuer: Issuer,
    doc_type: str,
    summary: str,
    signer_title: str,
    signer_name: str,
    body: str = "",
    authority: str = "",
    authority_of: str = "",
    recipients: str = "",
    certificate_kind: str = "",
    certificates: list[CertificateInput] | None = None,
) -> Document:
    """A draft of `issuer`: free to change until it is issued. A decision may come with
    the certificates it awards: all saved, or nothing."""
    if not holds(actor, READ_ROLES, issuer.org_path):
        raise NotFound()
    if not holds(actor, DRAFT_ROLES, issuer.org_path):
        raise DomainError(_("Your role does not allow drafting documents."), code="forbidden")
    check_issuing(issuer)
    if issuer.external:
        raise DomainError(
            _("This body does not use the system: record its documents with their scan."),
            code="external_issuer",
        )
    values = _clean(
        {
            "doc_type": doc_type,
            "summary": summary,
            "body": body,
            "authority": authority,
            "authority_of": authority_of,
            "signer_title": signer_title,
            "signer_name": signer_name,
            "recipients": recipients,
        }
    )
    with transaction.atomic():
        document = Document.objects.create(
            issuer=issuer, org_path=issuer.org_path, created_by=_user(actor), **values
        )
        step(document, actor=actor, action="draft", from_state="", now=timezone.now())
        audit.record(actor=actor, action="documents.document.drafted", obj=document, org=issuer.org)
        if certificates:
            add_certificates(
                actor=actor, decision=document, kind=certificate_kind, rows=certificates
            )
    return document


def update_draft(*, actor: Actor, document: Document, **changes: Any) -> Document:
    """Change a draft's text. Issued documents are frozen."""
    unknown = set(changes) - set(DRAFT_FIELDS)
    if unknown:
        raise DomainError(_("These fields cannot be changed."), code="invalid")
    with transaction.atomic():
        document = locked(document)
        _check_draft(actor, document)
        before = {name: getattr(document, name) for name in changes}
        values = _clean({"doc_type": document.doc_type, **_current(document), **changes})
        for name in changes:
            setattr(document, name, values[name])
        document.save()
        audit.record(
            actor=actor,
            action="documents.document.edited",
            obj=document,
            org=document.issuer.org,
            changes=audit.diff(before, {name: getattr(document, name) for name in changes}),
        )
    return document


def add_certificates(
    *, actor: Actor, decision: Document, kind: str, rows: list[CertificateInput]
) -> list[Certificate]:
    """Certificates awarded by a draft decision, numbered 1, 2, … within it. All or none:
    one invalid row refuses the whole list, naming the row."""
    if kind not in CertificateKind.values:
        raise DomainError(_("Unknown certificate kind."), code="invalid")
    errors = [
        _("Row %(row)d: the name and the achievement are required.") % {"row": index}
        for index, row in enumerate(rows, start=1)
        if not row.recipient_name.strip() or not row.achievement.strip()
    ]
    if not rows or errors:
        raise DomainError(
            errors[0] if errors else _("Add at least one certificate."),
            code="invalid",
            details=errors,
        )
    with transaction.atomic():
        decision = locked(decision)
        _check_draft(actor, decision)
        if decision.doc_type != DocumentType.DECISION:
            raise DomainError(_("Only a decision awards certificates."), code="invalid")
        last = decision.certificates.aggregate(last=Max("serial"))["last"] or 0
        created = [
            Certificate.objects.create(
                decision=decision,
                serial=last + index,
                kind=kind,
                recipient_name=row.recipient_name.strip(),
                recipient_title=row.recipient_title.strip(),
                achievement=row.achievement.strip(),
            )
            for index, row in enumerate(rows, start=1)
        ]
        audit.record(
            actor=actor,
            action="documents.certificates.added",
            obj=decision,
            org=decision.issuer.org,
            changes={"certificates": [last, last + len(created)]},
        )
    return created


def _check_draft(actor: Actor, document: Document) -> None:
    if not holds(actor, READ_ROLES, document.org_path):
        raise NotFound()
    if not holds(actor, DRAFT_ROLES, document.org_path):
        raise DomainError(_("Your role does not allow drafting documents."), code="forbidden")
    if document.state != DocumentState.DRAFT:
        raise DomainError(_("An issued document cannot be changed."), code="frozen")


def _current(document: Document) -> dict[str, Any]:
    return {name: getattr(document, name) for name in DRAFT_FIELDS}


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    values = {k: (v.strip() if isinstance(v, str) else v) for k, v in values.items()}
    if (
        values["doc_type"] not in DocumentType.values
        or values["doc_type"] == DocumentType.CERTIFICATE
    ):
        raise DomainError(_("Choose a document type."), code="invalid")
    if values["authority"] not in Authority.values:
        raise DomainError(_("Unknown authority formula."), code="invalid")
    if values["authority"] and not values["authority_of"]:
        raise DomainError(_("Say on whose behalf the document is signed."), code="invalid")
    missing = [n for n in ("summary", "signer_title", "signer_name") if not values[n]]
    if missing:
        raise DomainError(
            _("The summary, the signer's position and name are required."), code="invalid"
        )
    return values


def _user(actor: Actor) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None
