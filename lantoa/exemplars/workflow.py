"""The one table of the record lifecycle: states, allowed transitions and who may take them.

Services consult it, the UI asks it which buttons to show, a test walks it.

"At" says where the actor's role must sit:
- HANDLING: on the record's handling organisation or above it (the level that verifies),
- REPORTING: on the reporting organisation or above it (the reporter's side).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lantoa.exemplars.models import RecordKind, RecordState
from lantoa.orgs.models import Role

S = RecordState


class At(StrEnum):
    HANDLING = "handling"
    REPORTING = "reporting"


@dataclass(frozen=True)
class Transition:
    action: str
    label: Promise
    sources: frozenset[str]
    target: str
    roles: frozenset[str]
    at: At
    note_required: bool = False
    kinds: frozenset[str] | None = None  # None: every kind
    # Which due-date policy starts when the record enters `target` (None: no deadline).
    due_step: str | None = None


TRANSITIONS: tuple[Transition, ...] = (
    Transition(
        "start_verification",
        _("Start verification"),
        frozenset({S.REPORTED}),
        S.UNDER_VERIFICATION,
        frozenset({Role.VERIFIER}),
        At.HANDLING,
    ),
    Transition(
        "verify",
        _("Verify"),
        frozenset({S.REPORTED, S.UNDER_VERIFICATION, S.PROPOSED}),
        S.VERIFIED,
        frozenset({Role.VERIFIER}),
        At.HANDLING,
    ),
    Transition(
        "return",
        _("Return for more information"),
        frozenset({S.REPORTED, S.UNDER_VERIFICATION}),
        S.RETURNED,
        frozenset({Role.VERIFIER}),
        At.HANDLING,
        note_required=True,
        due_step="resubmission",
    ),
    Transition(
        "reject",
        _("Reject"),
        frozenset({S.REPORTED, S.UNDER_VERIFICATION}),
        S.REJECTED,
        frozenset({Role.VERIFIER}),
        At.HANDLING,
        note_required=True,
    ),
    Transition(
        "resubmit",
        _("Complete and resubmit"),
        frozenset({S.RETURNED}),
        S.REPORTED,
        frozenset({Role.REPORTER, Role.VERIFIER, Role.LEADER}),
        At.REPORTING,
        due_step="verification",
    ),
    Transition(
        "propose",
        _("Propose to the higher level"),
        frozenset({S.VERIFIED, S.RECOGNISED}),
        S.PROPOSED,
        frozenset({Role.VERIFIER, Role.LEADER}),
        At.HANDLING,
        due_step="proposal",
    ),
    Transition(
        "decline_proposal",
        _("Decline the proposal"),
        frozenset({S.PROPOSED}),
        S.VERIFIED,
        frozenset({Role.VERIFIER, Role.LEADER}),
        At.HANDLING,
        note_required=True,
    ),
    Transition(
        "start_nurturing",
        _("Start nurturing"),
        frozenset({S.VERIFIED}),
        S.NURTURING,
        frozenset({Role.VERIFIER, Role.LEADER}),
        At.HANDLING,
        kinds=frozenset({RecordKind.IDEA, RecordKind.GOOD_PRACTICE}),
    ),
    Transition(
        "recognise",
        _("Recognise"),
        frozenset({S.VERIFIED, S.NURTURING}),
        S.RECOGNISED,
        frozenset({Role.LEADER}),
        At.HANDLING,
    ),
)

BY_ACTION: dict[str, Transition] = {t.action: t for t in TRANSITIONS}

# States in which a record waits for its handling organisation's verifiers.
AWAITING_VERIFICATION = frozenset({S.REPORTED, S.UNDER_VERIFICATION, S.PROPOSED})
# States after verification: the record may be seen across the whole system (for learning and
# replication); before that only its own tree sees it.
SHAREABLE_STATES = frozenset({S.VERIFIED, S.PROPOSED, S.NURTURING, S.RECOGNISED})


def transitions_from(state: str, kind: str) -> list[Transition]:
    return [t for t in TRANSITIONS if state in t.sources and (t.kinds is None or kind in t.kinds)]
