"""What every write on a document shares: the lock, the check against the workflow table,
the timeline step, stored files with their SHA-256."""

from __future__ import annotations

import datetime
import hashlib
from typing import Any

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from lantoa.core.actors import Actor, user_or_none
from lantoa.core.errors import DomainError, NotFound
from lantoa.core.text import fold
from lantoa.documents.access import holds
from lantoa.documents.models import (
    Certificate,
    Document,
    DocumentFile,
    DocumentStep,
    Issuer,
    Layout,
    SignatureStatus,
)
from lantoa.documents.workflow import READ_ROLES, Transition


def locked(document: Document) -> Document:
    return (
        Document.objects.select_for_update(of=("self",))
        .select_related("issuer", "layout")
        .get(pk=document.pk)
    )


def retired_refusal() -> DomainError:
    """What a retired issuer answers to a draft, a number, a record or a term."""
    return DomainError(
        _("This issuer has been retired: it issues no more documents."), code="issuer_retired"
    )


def check_issuing(issuer: Issuer) -> None:
    """A retired issuer drafts, numbers and records nothing more (read from its row: the
    caller's copy may predate the retirement)."""
    if Issuer.objects.filter(pk=issuer.pk, retired_at__isnull=False).exists():
        raise retired_refusal()


def check(actor: Actor, document: Document, transition: Transition) -> None:
    """404 outside the actor's reach; a readable refusal for a wrong role or state."""
    if not holds(actor, READ_ROLES, document.org_path):
        raise NotFound()
    if not holds(actor, transition.roles, document.org_path):
        raise DomainError(
            _("Your role does not allow this step on this document."), code="forbidden"
        )
    if document.state not in transition.sources:
        raise DomainError(
            _("This document is “%(state)s”: “%(action)s” is not possible now.")
            % {"state": document.get_state_display(), "action": transition.label},
            code="invalid_transition",
        )


def step(
    document: Document,
    *,
    actor: Actor,
    action: str,
    from_state: str,
    now: datetime.datetime,
    note: str = "",
) -> DocumentStep:
    user = user_or_none(actor)
    return DocumentStep.objects.create(
        document=document,
        action=action,
        from_state=from_state,
        to_state=document.state,
        actor=user,
        actor_name=(user.display_name or str(user)) if user is not None else "system",
        at=now,
        note=note,
    )


def store_file(
    document: Document,
    *,
    kind: str,
    data: bytes,
    name: str,
    actor: Actor | None = None,
    certificate: Certificate | None = None,
    signature_status: str = SignatureStatus.NONE,
    signature_detail: dict[str, Any] | None = None,
) -> DocumentFile:
    stored = DocumentFile(
        document=document,
        certificate=certificate,
        kind=kind,
        name=name,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        signature_status=signature_status,
        signature_detail=signature_detail or {},
        created_by=user_or_none(actor),
    )
    stored.file.save(name, ContentFile(data), save=False)
    stored.save()
    return stored


def current_layout(doc_type: str, style: str) -> Layout:
    layout = Layout.objects.filter(doc_type=doc_type, style=style).order_by("-version").first()
    if layout is None:
        raise DomainError(_("No layout is defined for this type and style."), code="no_layout")
    return layout


def file_stem(document: Document) -> str:
    """A download name from the number and symbol: "12-QD-UBND"."""
    return fold(document.reference or f"draft-{document.pk}").replace("/", "-").replace(" ", "-")
