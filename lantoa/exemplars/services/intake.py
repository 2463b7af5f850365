"""The one way in for a record: every report, whoever sends it, becomes a record here.

    receive_record(*, source, org, actor, reporter=None, kind, title, summary, ...) -> Record
    handling_org_for(org) -> Organisation

The officer's report (`reporting.report_record`) and the citizen's nomination
(`nominations.services.submit_nomination`) check who may send what, then call
`receive_record`; press leads and assisted discovery will do the same. Nothing else creates a
`Record` or its first `RecordStep`, so every record starts alike: state `reported`, a due
time for verification, a handling organisation, a `report` step and one
`exemplars.record.reported` audit event. The content checks and the file storage live in
`content` (`check_report`, `attach_files`), shared with the completion of a returned record.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from lantoa.audit import services as audit
from lantoa.core.actors import Actor, user_or_none
from lantoa.core.html import sanitise
from lantoa.core.uploads import CleanFile
from lantoa.exemplars.models import (
    Record,
    RecordSource,
    RecordState,
    Subject,
)
from lantoa.exemplars.services.content import MAX_PHOTOS, attach_files, check_report
from lantoa.exemplars.services.subjects import SubjectInput, create_subject
from lantoa.exemplars.services.transitions import _step
from lantoa.orgs.models import Membership, Organisation, Role
from lantoa.timeliness.calendar import due_for

__all__ = ["MAX_PHOTOS", "attach_files", "handling_org_for", "receive_record"]


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


def receive_record(
    *,
    source: str,
    org: Organisation,
    actor: Actor | None,
    reporter: Any = None,
    kind: str,
    title: str,
    summary: str,
    story: str = "",
    deed_date: datetime.date | None = None,
    place: str = "",
    admin_unit: Any = None,
    sector: Any = None,
    movement: Any = None,
    subject: Subject | None = None,
    new_subject: SubjectInput | None = None,
    handling_org: Organisation | None = None,
    files: Sequence[CleanFile] = (),
    uploaded_by: Actor | None = None,
    actor_name: str = "",
    idempotency_key: str | None = None,
    audit_changes: Mapping[str, Any] | None = None,
    on_received: Callable[[Record], Mapping[str, Any] | None] | None = None,
) -> Record:
    """Create a record reported for `org`, in state `reported`, all or nothing.

    The caller has checked the sender's right (an officer's role, a citizen's rate limit).
    This function checks the content (kind, a title and a summary, no future deed date, at
    most MAX_PHOTOS photos), then in one transaction writes the new subject (if
    `new_subject`), the record with its due time for verification, the files, the first
    timeline step (`report`) and the `exemplars.record.reported` audit event.

    `actor` is who acts (None for a citizen, shown on the step as `actor_name`); `reporter`
    is stored on the record (None for a citizen). `handling_org` defaults to the level above
    `org` (`handling_org_for`). Files are stored as uploaded by `uploaded_by` (default
    `actor`). `on_received(record)` runs in the same transaction once the record exists, for
    the caller's own rows (a nomination); what it returns is added to the audit changes, as
    is `audit_changes`. A unique `idempotency_key` per reporter raises IntegrityError on a
    repeat: the caller decides what a repeat means.
    """
    if source not in RecordSource.values:
        raise ValueError(f"Unknown record source {source!r}")
    title, summary = check_report(
        kind=kind, title=title, summary=summary, deed_date=deed_date, files=files
    )
    uploader = uploaded_by or actor
    if files and uploader is None:
        raise ValueError("Files need a user to be stored as their uploader")
    is_user = user_or_none(actor) is not None
    now = timezone.now()
    handling = handling_org or handling_org_for(org)
    with transaction.atomic():
        if subject is None and new_subject is not None:
            subject = create_subject(actor=actor, org=org, data=new_subject)
        record = Record.objects.create(
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
            reporter=reporter,
            state=RecordState.REPORTED,
            state_since=now,
            due_at=due_for("verification", now),
            idempotency_key=idempotency_key or None,
        )
        attach_files(actor=uploader, record=record, files=files)
        _step(
            record,
            actor=actor,
            action="report",
            from_state="",
            now=now,
            # A user reports for `org`; a citizen acts for no organisation.
            actor_org_id=org.pk if is_user else None,
            actor_name=actor_name,
        )
        changes: dict[str, Any] = {
            "title": [None, title],
            "kind": [None, kind],
            "source": [None, source],
            "handling_org": [None, handling.pk],
        }
        changes.update(audit_changes or {})
        if on_received is not None:
            changes.update(on_received(record) or {})
        audit.record(
            actor=actor, action="exemplars.record.reported", obj=record, org=org, changes=changes
        )
    return record
