"""What the staff record page reads of its record, lighter than `selectors.get_record_for`
(issue 15, session 11, decision 180).

Most of a record page's Python was Django building the SQL of its own record's read: each
join of `get_record_for` costs 700–1,000 calls, and its annotations 400 more for names the
page never shows. The page's read joins only what must be read afresh with the record (the
person, the reporter, the nurturing plan) and names its units from the process's memo of
organisations (`orgs.selectors.organisation_kept`), as the names of its field, movement and
place already come from theirs (`names.attach_record_names`). The other callers of
`get_record_for` (the steps, the API's row, the files) keep theirs.
"""

from __future__ import annotations

from typing import Any

from lantoa.core.actors import Actor
from lantoa.core.errors import NotFound
from lantoa.exemplars.access import can_view_record
from lantoa.exemplars.models import Consent, NurturePlan, Record, Subject
from lantoa.exemplars.names import attach_record_names
from lantoa.orgs.selectors import organisation_kept


def get_record_page_for(actor: Actor, pk: Any) -> Record:
    """Record `pk` as its page shows it, for an actor who may see it (else NotFound, as
    `get_record_for`): its person, reporter and nurturing plan read with it; its reporting
    and handling units and the plan's mentor unit from the memo of organisations; its
    field, movement, place and the person's priority group from the memo of names."""
    try:
        record = Record.objects.select_related("subject", "reporter", "nurture_plan").get(
            pk=int(pk)
        )
    except (Record.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None
    if not can_view_record(actor, record):
        raise NotFound()
    record.org = organisation_kept(record.org_id)
    record.handling_org = organisation_kept(record.handling_org_id)
    try:
        plan = record.nurture_plan
    except NurturePlan.DoesNotExist:
        plan = None
    if plan is not None:
        plan.mentor_org = organisation_kept(plan.mentor_org_id)
    attach_record_names(record)
    return record


def consents_shown(subject: Subject) -> list[Consent]:
    """The person's consents as the page lists them, the latest given first, each with the
    officer who recorded it. Sorted here: a few rows, and the SQL of an ordering cost the
    page ~600 Python calls of building it on every view."""
    rows = list(Consent.objects.filter(subject_id=subject.pk).prefetch_related("recorded_by"))
    rows.sort(key=lambda c: (c.given_on, c.pk), reverse=True)
    return rows
