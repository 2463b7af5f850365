"""The citizen's contact on a record made from a nomination (issue 11, part 7).

The name, phone and e-mail a citizen left, with their consent to be contacted, are for the
officers of the organisation handling the record, so its verifier can call back: shown on
the record page only, each showing audited. Never in lists, exports, the public pages or
the API (none of them reads this module).
"""

from __future__ import annotations

from lantoa.audit import services as audit
from lantoa.core.actors import Actor
from lantoa.exemplars.access import can_view_record
from lantoa.exemplars.models import Record, RecordSource
from lantoa.exemplars.roles import RecordAction
from lantoa.nominations.models import Nomination
from lantoa.orgs.access import can


def may_see_contact(actor: Actor, record: Record) -> bool:
    """Officers with a working role (REPORT: reporters, verifiers, leaders) at the handling
    organisation or above it; not org admins, not a watching board, not another tree."""
    return can_view_record(actor, record) and can(actor, RecordAction.REPORT, record.handling_org)


def show_contact(*, actor: Actor, record: Record) -> Nomination | None:
    """The nomination behind `record` with its contact, for those who may see it (None for
    anyone else, or a record not made from a nomination). A contact shown is audited (the
    fields shown, never their values); a nomination without contact is not."""
    # Only a citizen's report has a nomination behind it (`submit_nomination` creates the
    # record with that source): any other record is answered without asking (issue 15).
    if record.source != RecordSource.CITIZEN or not may_see_contact(actor, record):
        return None
    nomination = Nomination.objects.filter(record=record).first()
    if nomination is None or not nomination.contact_consent:
        return nomination
    shown = [
        name
        for name in ("contact_name", "contact_phone", "contact_email")
        if getattr(nomination, name)
    ]
    audit.record(
        actor=actor,
        action="nominations.contact.viewed",
        obj=nomination,
        org=record.handling_org,
        changes={"record": [record.pk, record.pk], "fields": [None, shown]},
    )
    return nomination
