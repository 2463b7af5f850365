"""Reads of nominations for officers, scoped like the record they belong to."""

from __future__ import annotations

from lantoa.core.actors import Actor
from lantoa.exemplars.access import can_view_record
from lantoa.exemplars.models import Record
from lantoa.exemplars.roles import RecordAction
from lantoa.nominations.models import Nomination
from lantoa.orgs.access import can


def nomination_of(actor: Actor, record: Record) -> Nomination | None:
    """The nomination behind a citizen's record, for an officer who may see the record's
    personal data (its own organisation tree); None otherwise. The contact fields are only
    filled when the citizen agreed to be contacted."""
    if not can_view_record(actor, record) or not can(actor, RecordAction.VIEW_RECORDS, record):
        return None
    return Nomination.objects.filter(record=record).first()
