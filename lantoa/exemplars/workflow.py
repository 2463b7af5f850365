"""The one table of the record lifecycle, declared on `lantoa.core.workflow`: states, allowed
transitions and who may take them, side actions, who waits in which state, and the named
state sets every other module derives its lists from.

Services consult it, the UI and the API ask it which steps to offer
(`access.available_actions`), the inbox and the digest ask it who waits
(`selectors.waiting_q`), and `tests/exemplars/test_workflow_walk.py` walks it.

"At" says where the actor's role must sit (resolved in `lantoa.exemplars.access`):
- HANDLING: on the record's handling organisation or above it (the level that verifies),
- REPORTING: on the reporting organisation or above it (the reporter's side),
- MENTOR: on the nurturing plan's mentor unit or above it,
- ANYWHERE: on any organisation of the actor's own.
"""

from __future__ import annotations

from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from lantoa.core.workflow import Seat, SideAction, Transition, Wait, Workflow
from lantoa.exemplars.models import RecordKind, RecordState
from lantoa.orgs.models import Role

S = RecordState


class At(StrEnum):
    HANDLING = "handling"
    REPORTING = "reporting"
    MENTOR = "mentor"
    ANYWHERE = "anywhere"


# Who waits as one person of the record rather than as a role holder (Wait.person).
REPORTER = "reporter"

VERIFIERS = frozenset({Role.VERIFIER})
LEADERS = frozenset({Role.LEADER})
DECIDERS = frozenset({Role.VERIFIER, Role.LEADER})
OFFICERS = frozenset({Role.REPORTER, Role.VERIFIER, Role.LEADER})

# After verification a record may be seen by every officer (to learn from and replicate);
# before, only its own tree sees it.
VISIBLE_TO_ALL = frozenset({S.VERIFIED, S.PROPOSED, S.NURTURING, S.RECOGNISED})
# The widest set of states in which a record may leave the tree (portal, press): not while a
# higher level is still deciding on a proposal. A regulation may narrow it per audience.
MAY_LEAVE_TREE = frozenset({S.VERIFIED, S.NURTURING, S.RECOGNISED})

RESUBMIT = Transition(
    "resubmit",
    _("Complete and resubmit"),
    frozenset({S.RETURNED}),
    S.REPORTED,
    OFFICERS,
    At.REPORTING,
    due_step="verification",
)

REGISTRY = Workflow(
    states=frozenset(S.values),
    transitions=(
        Transition(
            "start_verification",
            _("Start verification"),
            frozenset({S.REPORTED}),
            S.UNDER_VERIFICATION,
            VERIFIERS,
            At.HANDLING,
        ),
        Transition(
            "verify",
            _("Verify"),
            frozenset({S.REPORTED, S.UNDER_VERIFICATION, S.PROPOSED}),
            S.VERIFIED,
            VERIFIERS,
            At.HANDLING,
        ),
        Transition(
            "return",
            _("Return for more information"),
            frozenset({S.REPORTED, S.UNDER_VERIFICATION}),
            S.RETURNED,
            VERIFIERS,
            At.HANDLING,
            note_required=True,
            due_step="resubmission",
        ),
        Transition(
            "reject",
            _("Reject"),
            frozenset({S.REPORTED, S.UNDER_VERIFICATION}),
            S.REJECTED,
            VERIFIERS,
            At.HANDLING,
            note_required=True,
        ),
        RESUBMIT,
        Transition(
            "propose",
            _("Propose to the higher level"),
            frozenset({S.VERIFIED, S.RECOGNISED}),
            S.PROPOSED,
            DECIDERS,
            At.HANDLING,
            due_step="proposal",
        ),
        # Back to where it was proposed from: a recognised record stays recognised. A record
        # whose previous state is unknown goes to verified, as every declined one used to.
        Transition(
            "decline_proposal",
            _("Decline the proposal"),
            frozenset({S.PROPOSED}),
            S.VERIFIED,
            DECIDERS,
            At.HANDLING,
            note_required=True,
            to_previous=True,
        ),
        Transition(
            "start_nurturing",
            _("Start nurturing"),
            frozenset({S.VERIFIED}),
            S.NURTURING,
            DECIDERS,
            At.HANDLING,
            kinds=frozenset({RecordKind.IDEA, RecordKind.GOOD_PRACTICE}),
        ),
        Transition(
            "recognise",
            _("Recognise"),
            frozenset({S.VERIFIED, S.NURTURING}),
            S.RECOGNISED,
            LEADERS,
            At.HANDLING,
        ),
    ),
    side_actions=(
        SideAction("honour", VISIBLE_TO_ALL, (Seat(DECIDERS, At.HANDLING),)),
        SideAction("replicate", VISIBLE_TO_ALL, (Seat(OFFICERS, At.ANYWHERE),)),
        # The mentor unit's officers, and those handling the record, follow the plan.
        SideAction(
            "progress",
            frozenset({S.NURTURING}),
            (Seat(OFFICERS, At.MENTOR), Seat(DECIDERS, At.HANDLING)),
        ),
        SideAction(
            "milestone",
            frozenset({S.NURTURING}),
            (Seat(OFFICERS, At.MENTOR), Seat(DECIDERS, At.HANDLING)),
        ),
    ),
    waits=(
        Wait(frozenset({S.REPORTED, S.UNDER_VERIFICATION, S.PROPOSED}), VERIFIERS, At.HANDLING),
        Wait(frozenset({S.VERIFIED, S.NURTURING}), LEADERS, At.HANDLING),
        # The reporter, while they still hold a role that may resubmit the record.
        Wait(RESUBMIT.sources, RESUBMIT.roles, RESUBMIT.at, person=REPORTER),
    ),
    sets={"visible_to_all": VISIBLE_TO_ALL, "may_leave_tree": MAY_LEAVE_TREE},
)

TRANSITIONS: tuple[Transition, ...] = REGISTRY.transitions
BY_ACTION: dict[str, Transition] = {t.action: t for t in TRANSITIONS}

# Derived from the table, for the modules that filter by them.
SHAREABLE_STATES = REGISTRY.state_set("visible_to_all")
# States in which a record waits for its handling organisation's verifiers.
AWAITING_VERIFICATION = REGISTRY.waiting_states(Role.VERIFIER)


def transitions_from(state: str, kind: str) -> list[Transition]:
    return REGISTRY.transitions_from(state, kind)
