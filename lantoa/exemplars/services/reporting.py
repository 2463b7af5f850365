"""Reporting a record: the subject, the handling level, the record itself and its evidence.

`report_record` creates a record (and, if asked, its new subject) for an organisation, sends it
to the level above for verification and stores the uploaded files; `attach_evidence` adds files
to an existing record.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lantoa.audit import services as audit
from lantoa.core.errors import DomainError, NotFound
from lantoa.core.html import sanitise
from lantoa.core.uploads import PHOTO_EXTENSION, CleanFile, generated_name, responsive_variants
from lantoa.exemplars.models import (
    Evidence,
    Record,
    RecordKind,
    RecordSource,
    RecordState,
    Subject,
)
from lantoa.exemplars.services.transitions import _locked, _step
from lantoa.exemplars.workflow import SHAREABLE_STATES
from lantoa.orgs.access import Action, require
from lantoa.orgs.models import Membership, Organisation, Role
from lantoa.timeliness.calendar import due_for

MAX_PHOTOS = 6


@dataclass
class SubjectInput:
    """A new individual or collective typed in the report form."""

    full_name: str
    kind: str = Subject.Kind.INDIVIDUAL
    gender: str = ""
    birth_year: int | None = None
    occupation: str = ""
    priority_group: Any = None
    admin_unit: Any = None
    phone: str = ""
    email: str = ""
    address: str = ""


def handling_org_for(org: Organisation) -> Organisation:
    """The level above verifies: the nearest ancestor with an active verifier (fallback: the
    parent, or the organisation itself at the top)."""
    ancestors = org.ancestor_ids()
    if not ancestors:
        return org
    with_verifier = set(
        Membership.objects.filter(
            organisation_id__in=ancestors, role=Role.VERIFIER, ended_at__isnull=True
        ).values_list("organisation_id", flat=True)
    )
    for pk in reversed(ancestors):
        if pk in with_verifier:
            return Organisation.objects.get(pk=pk)
    return Organisation.objects.get(pk=ancestors[-1])


def _attach(record: Record, files: list[CleanFile], actor: Any) -> None:
    for clean in files:
        evidence = Evidence(
            record=record,
            kind=clean.kind,
            original_name=clean.original_name,
            content_type=clean.content_type,
            size=clean.size,
            sha256=clean.sha256,
            width=clean.width,
            height=clean.height,
            uploaded_by=actor,
        )
        evidence.file.save(generated_name(clean), ContentFile(clean.content), save=False)
        if clean.kind == Evidence.Kind.PHOTO:
            # Smaller copies for the public pages, under generated names: {"320": name, ...}.
            # A photo that cannot be resized keeps none (the original is served instead).
            try:
                variants = responsive_variants(clean.content)
            except ValueError:
                variants = {}
            stem = uuid.uuid4().hex
            evidence.variants = {
                str(width): default_storage.save(
                    f"evidence/variants/{stem}-{width}{PHOTO_EXTENSION}", ContentFile(data)
                )
                for width, data in variants.items()
            }
        evidence.save()


def create_subject(*, actor: Any, org: Organisation, data: SubjectInput) -> Subject:
    name = " ".join(data.full_name.split())
    if not name:
        raise DomainError(
            _("The name of the person or collective is required."), code="subject_name_required"
        )
    this_year = timezone.localdate().year
    if data.birth_year is not None and not (this_year - 120 <= data.birth_year <= this_year):
        raise DomainError(_("The birth year is not plausible."), code="invalid_birth_year")
    subject = Subject.objects.create(
        kind=data.kind,
        full_name=name,
        gender=data.gender,
        birth_year=data.birth_year,
        occupation=data.occupation.strip(),
        priority_group=data.priority_group,
        admin_unit=data.admin_unit,
        phone=data.phone.strip(),
        email=data.email.strip(),
        address=data.address.strip(),
        org=org,
        org_path=org.path,
        created_by=actor,
    )
    audit.record(
        actor=actor,
        action="exemplars.subject.created",
        obj=subject,
        org=org,
        changes={"full_name": [None, name]},
    )
    return subject


def report_record(
    *,
    actor: Any,
    org: Organisation,
    kind: str,
    title: str,
    summary: str,
    story: str = "",
    deed_date: datetime.date | None = None,
    place: str = "",
    admin_unit: Any = None,
    sector: Any = None,
    movement: Any = None,
    source: str = RecordSource.OFFICER,
    subject: Subject | None = None,
    new_subject: SubjectInput | None = None,
    files: list[CleanFile] | None = None,
    idempotency_key: str | None = None,
) -> Record:
    """Report a record for `org`. With the same `idempotency_key` the same reporter gets the
    first record back: a double click or a retried call creates one record."""
    require(actor, Action.REPORT, org)
    if idempotency_key:
        existing = Record.objects.filter(reporter=actor, idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing
    title, summary = " ".join(title.split()), summary.strip()
    if kind not in RecordKind.values:
        raise DomainError(_("Choose what kind of example this is."), code="invalid_kind")
    if not title or not summary:
        raise DomainError(_("A title and a short description are required."), code="required")
    if deed_date and deed_date > timezone.localdate():
        raise DomainError(_("The date of the deed cannot be in the future."), code="future_date")
    if files and len([f for f in files if f.kind == "photo"]) > MAX_PHOTOS:
        raise DomainError(
            _("At most %(n)d photos per report.") % {"n": MAX_PHOTOS}, code="too_many_photos"
        )
    if subject is not None and not can_view_record_subject(actor, subject):
        raise NotFound()
    now = timezone.now()
    handling = handling_org_for(org)
    try:
        with transaction.atomic():
            if subject is None and new_subject is not None:
                subject = create_subject(actor=actor, org=org, data=new_subject)
            record = Record(
                kind=kind,
                title=title,
                summary=summary,
                story=sanitise(story),
                deed_date=deed_date,
                place=place.strip(),
                admin_unit=admin_unit or org.admin_unit,
                sector=sector,
                movement=movement,
                source=source,
                subject=subject,
                org=org,
                org_path=org.path,
                org_name=org.name,
                handling_org=handling,
                reporter=actor,
                state=RecordState.REPORTED,
                state_since=now,
                due_at=due_for("verification", now),
                idempotency_key=idempotency_key or None,
            )
            record.save()
            _attach(record, files or [], actor)
            _step(record, actor=actor, action="report", from_state="", now=now, actor_org_id=org.pk)
            audit.record(
                actor=actor,
                action="exemplars.record.reported",
                obj=record,
                org=org,
                changes={
                    "title": [None, title],
                    "kind": [None, kind],
                    "handling_org": [None, handling.pk],
                },
            )
    except IntegrityError:
        # The same key raced in from a second request: return the record that won.
        existing = Record.objects.filter(reporter=actor, idempotency_key=idempotency_key).first()
        if existing is None:
            raise
        return existing
    return record


def can_view_record_subject(actor: Any, subject: Subject) -> bool:
    from lantoa.orgs.access import can

    return (
        can(actor, Action.VIEW_RECORDS, subject)
        or Record.objects.filter(subject=subject, state__in=SHAREABLE_STATES).exists()
    )


def attach_evidence(*, actor: Any, record: Record, files: list[CleanFile]) -> None:
    with transaction.atomic():
        record = _locked(record)
        require(actor, Action.REPORT, record)
        _attach(record, files, actor)
        audit.record(
            actor=actor,
            action="exemplars.record.evidence_added",
            obj=record,
            org=record.org,
            changes={"files": [None, [f.original_name for f in files]]},
        )
