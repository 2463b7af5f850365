"""The one table of a document's lifecycle: draft → issued → signed, and revoked from either.

Services consult it, the document page asks it which buttons to show, a test walks it. Roles
apply on the issuer's acting organisation or above it (`access.py`).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lantoa.documents.models import DocumentState
from lantoa.orgs.models import Role

S = DocumentState

# Who may read an issuer's register and its documents, and who may write drafts.
READ_ROLES = frozenset({Role.REPORTER, Role.VERIFIER, Role.LEADER, Role.ORG_ADMIN})
DRAFT_ROLES = frozenset({Role.REPORTER, Role.VERIFIER, Role.LEADER})
# Recording a document that a body outside the system issued on paper.
RECORD_ROLES = frozenset({Role.VERIFIER, Role.LEADER})
# Registering an issuer for an organisation, and starting a committee term of one.
ISSUER_ADMIN_ROLES = frozenset({Role.ORG_ADMIN})
# What they may correct on an issuer later: what its documents print. How they are
# numbered (style, period, per type, inside or outside the system) is fixed once numbers
# are taken: another numbering is another issuer (decision 196).
ISSUER_DETAILS = ("name", "parent_name", "code", "place")


@dataclass(frozen=True)
class Transition:
    action: str
    label: Promise
    sources: frozenset[str]
    target: str
    roles: frozenset[str]
    note_required: bool = False


TRANSITIONS: tuple[Transition, ...] = (
    Transition("issue", _("Issue"), frozenset({S.DRAFT}), S.ISSUED, frozenset({Role.LEADER})),
    Transition(
        "sign",
        _("Sign with the organisation's certificate"),
        frozenset({S.ISSUED}),
        S.SIGNED,
        frozenset({Role.LEADER}),
    ),
    Transition(
        "attach_signed",
        _("Upload the signed PDF"),
        frozenset({S.ISSUED}),
        S.SIGNED,
        frozenset({Role.VERIFIER, Role.LEADER}),
    ),
    Transition(
        "revoke",
        _("Revoke"),
        frozenset({S.ISSUED, S.SIGNED}),
        S.REVOKED,
        frozenset({Role.LEADER}),
        note_required=True,
    ),
)

BY_ACTION: dict[str, Transition] = {t.action: t for t in TRANSITIONS}

# States in which a document is public: verifiable by its id, listed in the register.
PUBLIC_STATES = frozenset({S.ISSUED, S.SIGNED, S.REVOKED})


def transitions_from(state: str) -> list[Transition]:
    return [t for t in TRANSITIONS if state in t.sources]
