"""The officer's ways in: reporting a record and adding evidence to it.

`report_record` checks the officer's right to report for an organisation (and to use an
existing subject), answers a repeated request with the first record, and hands the rest to
`intake.receive_record`, the one place a record is created. `attach_evidence` adds files to an
existing record.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import IntegrityError, transaction

from lantoa.audit import services as audit
from lantoa.core.actors import Actor, signed_in
from lantoa.core.errors import NotFound
from lantoa.core.uploads import CleanFile
from lantoa.exemplars.models import Record, RecordSource, Subject
from lantoa.exemplars.roles import RecordAction
from lantoa.exemplars.services.content import attach_files
from lantoa.exemplars.services.intake import receive_record
from lantoa.exemplars.services.subjects import SubjectInput, can_view_record_subject
from lantoa.exemplars.services.transitions import _locked
from lantoa.orgs.access import require
from lantoa.orgs.models import Organisation


def report_record(
    *,
    actor: Actor,
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
    """Report a record for `org`, sent to the level above for verification. With the same
    `idempotency_key` the same reporter gets the first record back: a double click or a
    retried call creates one record."""
    require(actor, RecordAction.REPORT, org)
    if idempotency_key:
        existing = Record.objects.filter(
            reporter=signed_in(actor), idempotency_key=idempotency_key
        ).first()
        if existing is not None:
            return existing
    if subject is not None and not can_view_record_subject(actor, subject):
        raise NotFound()
    try:
        return receive_record(
            source=source,
            org=org,
            actor=actor,
            reporter=actor,
            kind=kind,
            title=title,
            summary=summary,
            story=story,
            deed_date=deed_date,
            place=place,
            admin_unit=admin_unit,
            sector=sector,
            movement=movement,
            subject=subject,
            new_subject=new_subject,
            files=files or (),
            idempotency_key=idempotency_key,
        )
    except IntegrityError:
        # The same key raced in from a second request: return the record that won.
        existing = Record.objects.filter(
            reporter=signed_in(actor), idempotency_key=idempotency_key
        ).first()
        if existing is None:
            raise
        return existing


def attach_evidence(*, actor: Actor, record: Record, files: list[CleanFile]) -> None:
    with transaction.atomic():
        record = _locked(record)
        require(actor, RecordAction.REPORT, record)
        attach_files(actor=actor, record=record, files=files)
        audit.record(
            actor=actor,
            action="exemplars.record.evidence_added",
            obj=record,
            org=record.org,
            changes={"files": [None, [f.original_name for f in files]]},
        )
