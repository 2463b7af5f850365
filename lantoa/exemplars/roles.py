"""What the registry's actions are, and which roles grant them.

`lantoa.orgs.access` answers "may this actor do this action here?" for every app, but it
does not name the registry's actions: the registry declares them (from `ExemplarsConfig.ready`)
and `orgs` collects them.
"""

from __future__ import annotations

from enum import StrEnum

from lantoa.orgs.access import declare_actions
from lantoa.orgs.models import Role


class RecordAction(StrEnum):
    VIEW_RECORDS = "records.view"
    REPORT = "records.report"
    VERIFY = "records.verify"
    DECIDE = "records.decide"
    REPLICATE = "records.replicate"
    MANAGE_CONSENT = "subjects.consent"
    MERGE_SUBJECTS = "subjects.merge"
    # No role grants it: only system administrators (who hold every action) edit catalogues.
    MANAGE_CATALOGUES = "catalogues.manage"


_OFFICER = frozenset(
    {
        RecordAction.VIEW_RECORDS,
        RecordAction.REPORT,
        RecordAction.REPLICATE,
        RecordAction.MANAGE_CONSENT,
    }
)

ROLE_ACTIONS: dict[str, frozenset[RecordAction]] = {
    Role.REPORTER: _OFFICER,
    Role.VERIFIER: _OFFICER | {RecordAction.VERIFY, RecordAction.MERGE_SUBJECTS},
    Role.LEADER: _OFFICER | {RecordAction.DECIDE},
    Role.ORG_ADMIN: frozenset({RecordAction.VIEW_RECORDS}),
}


def declare() -> None:
    # A propaganda board's leaders and verifiers read records across their Party committee.
    declare_actions(ROLE_ACTIONS, read={RecordAction.VIEW_RECORDS})
