"""Every state × every persona: the inbox, the overdue digest, the staff record page's buttons
and forms, and the API's `available_actions` agree with the workflow table.

The expectations are read from the table (`REGISTRY`) with the personas' seats written out
here by hand, not through `lantoa.exemplars.access`: a resolver that drifted from the table
would show up as a disagreement.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

import pytest
from django.test import Client
from django.utils import timezone

from lantoa.accounts.services import issue_api_token
from lantoa.core.workflow import Transition
from lantoa.exemplars.digest import overdue_items_for
from lantoa.exemplars.models import NurturePlan, Record, RecordKind, RecordState
from lantoa.exemplars.selectors import inbox_for
from lantoa.exemplars.workflow import REGISTRY, REPORTER, SHAREABLE_STATES, At
from lantoa.orgs.models import Role
from lantoa.staff.forms.lists import BULK_ACTIONS
from tests.personas import World, make_user

V, L, R = Role.VERIFIER, Role.LEADER, Role.REPORTER


@dataclass(frozen=True)
class Persona:
    """What the persona holds for a record reported by commune A's Youth Union (`youth_a`)
    and handled by commune A's Front (`front_a`), by hand."""

    username: str
    sees_unverified: bool  # inside the record's tree
    roles_at: dict[str, frozenset[str]]  # roles at or above each place of the table
    roles_on_handling: frozenset[str]  # roles on the handling organisation itself
    is_reporter: bool = False


NONE: frozenset[str] = frozenset()
PERSONAS = (
    Persona(
        "xa.doan",
        True,
        {At.HANDLING: NONE, At.REPORTING: frozenset({R}), At.ANYWHERE: frozenset({R})},
        NONE,
        is_reporter=True,
    ),
    Persona(
        "xa.xacminh",
        True,
        {At.HANDLING: frozenset({V}), At.REPORTING: frozenset({V}), At.ANYWHERE: frozenset({V})},
        frozenset({V}),
    ),
    Persona(
        "xa.lanhdao",
        True,
        {At.HANDLING: frozenset({L}), At.REPORTING: frozenset({L}), At.ANYWHERE: frozenset({L})},
        frozenset({L}),
    ),
    # The level above: may act (a role covers the subtree) but is not chased for the queue.
    Persona(
        "tinh.mttq",
        True,
        {
            At.HANDLING: frozenset({V, L}),
            At.REPORTING: frozenset({V, L}),
            At.ANYWHERE: frozenset({V, L}),
        },
        NONE,
    ),
    Persona("xa.quantri", True, {}, NONE),  # org_admin: reads, takes no step
    Persona("bao.bientap", False, {}, NONE),  # editor: no registry at all
    Persona("xab.doan", False, {At.ANYWHERE: frozenset({R})}, NONE),  # the other commune
)


def expected_steps(persona: Persona, state: str, kind: str) -> list[str]:
    if persona.username == "bao.bientap" or not (
        persona.sees_unverified or state in SHAREABLE_STATES
    ):
        return []  # the record is not found for them
    return [
        t.action
        for t in REGISTRY.transitions_from(state, kind)
        if t.roles & persona.roles_at.get(t.at, NONE)
    ]


def expected_wait(persona: Persona, state: str) -> bool:
    for wait in REGISTRY.waits:
        if state not in wait.states:
            continue
        if wait.person is None and wait.at == At.HANDLING:
            held = persona.roles_on_handling
        elif wait.person == REPORTER and persona.is_reporter:
            held = persona.roles_at.get(wait.at, NONE)
        else:
            continue
        if wait.roles & held:
            return True
    return False


def expected_honour(persona: Persona, state: str) -> bool:
    side = REGISTRY.side_action("honour")
    return state in side.states and any(
        seat.roles & persona.roles_at.get(seat.at, NONE) for seat in side.seats
    )


def make_record(world: World, state: str, kind: str) -> Record:
    record = Record.objects.create(
        kind=kind,
        title=f"Hồ sơ {state} {kind}",
        summary="Tóm tắt",
        org=world.youth_a,
        org_path=world.youth_a.path,
        org_name=world.youth_a.name,
        handling_org=world.front_a,
        reporter=world.user("xa.doan"),
        state=state,
        state_since=timezone.now() - datetime.timedelta(days=30),
        due_at=timezone.now() - datetime.timedelta(days=1),  # overdue: the digest lists it
    )
    if state == RecordState.NURTURING:
        NurturePlan.objects.create(
            record=record,
            mentor_org=world.youth_b,
            goal="Nhân rộng",
            created_by=world.user("xa.mttq"),
        )
    return record


def page_steps(html: str) -> list[str]:
    return re.findall(r'name="action" value="([a-z_]+)"', html)


@pytest.mark.parametrize("kind", [RecordKind.GOOD_DEED, RecordKind.GOOD_PRACTICE])
@pytest.mark.parametrize("state", RecordState.values)
def test_every_surface_agrees_with_the_table(world: World, state: str, kind: str) -> None:
    world.users["xa.xacminh"] = make_user("xa.xacminh", (world.front_a, V))
    world.users["xa.lanhdao"] = make_user("xa.lanhdao", (world.front_a, L))
    record = make_record(world, state, kind)
    for persona in PERSONAS:
        user = world.user(persona.username)
        steps = expected_steps(persona, state, kind)
        waits = expected_wait(persona, state)
        where = f"{persona.username} on a {state} {kind}"

        assert (record in inbox_for(user)) is waits, f"inbox: {where}"
        assert (record in overdue_items_for(user)) is waits, f"digest: {where}"

        client = Client()
        client.force_login(user)
        page = client.get(f"/staff/records/{record.pk}/")
        token, _expires = issue_api_token(user=user)
        api = Client(headers={"Authorization": f"Bearer {token}"}).get(
            f"/api/v1/records/{record.pk}"
        )
        visible = persona.username != "bao.bientap" and (
            persona.sees_unverified or state in SHAREABLE_STATES
        )
        if not visible:
            assert (page.status_code, api.status_code) == (404, 404), where
            continue
        assert page.status_code == 200 and api.status_code == 200, where
        html = page.content.decode()
        # Each step has its own button, in the table's order within its kind of form.
        assert sorted(page_steps(html)) == sorted(steps), f"page: {where}"
        offered = [a["action"] for a in api.json()["available_actions"]]
        assert offered == steps, f"api: {where}"
        honour_form = f'action="/staff/records/{record.pk}/honours/"' in html
        assert honour_form is expected_honour(persona, state), f"honour: {where}"

        inbox = client.get("/staff/inbox/").content.decode()
        bulk = waits and bool(set(steps) & set(BULK_ACTIONS))
        assert (f'id="pick-{record.pk}"' in inbox) is bulk, f"bulk: {where}"


def test_whoever_waits_may_act_and_a_dead_end_waits_for_nobody() -> None:
    """A wait names people who can move the record on: some step from that state is open
    to the waiting roles at the same place."""
    for wait in REGISTRY.waits:
        for state in wait.states:
            steps: list[Transition] = REGISTRY.transitions_from(state)
            assert any(t.roles & wait.roles and t.at == wait.at for t in steps), (wait, state)
    final = {RecordState.REJECTED}
    assert not any(final & w.states for w in REGISTRY.waits)


def test_the_sets_are_the_ones_the_rules_name() -> None:
    assert REGISTRY.state_set("may_leave_tree") == {
        RecordState.VERIFIED,
        RecordState.NURTURING,
        RecordState.RECOGNISED,
    }
    # Visible to every officer includes a proposal still being decided; leaving does not.
    assert REGISTRY.state_set("visible_to_all") - REGISTRY.state_set("may_leave_tree") == {
        RecordState.PROPOSED
    }


# --- who waits for a returned record: the inbox and the digest used to disagree -------------


def test_a_returned_record_waits_for_its_reporter_whatever_their_resubmitting_role(
    world: World,
) -> None:
    """The digest chased a verifier or leader who had reported a record; the inbox showed
    returned records only through a reporter's grant. Both now follow the table: the
    reporter waits while any role of theirs may resubmit it."""
    record = make_record(world, RecordState.RETURNED, RecordKind.GOOD_DEED)
    Record.objects.filter(pk=record.pk).update(reporter=world.user("xa.mttq"))
    officer = world.user("xa.mttq")  # verifier and leader of the commune Front

    assert list(inbox_for(officer)) == [record]
    assert overdue_items_for(officer) == [record]
    assert list(inbox_for(world.user("xa.doan"))) == []  # not theirs any more
    assert overdue_items_for(world.user("xa.doan")) == []


def test_a_reporter_who_may_no_longer_resubmit_is_not_waited_for(world: World) -> None:
    record = make_record(world, RecordState.RETURNED, RecordKind.GOOD_DEED)
    moved = make_user("xab.chuyen", (world.youth_b, R))  # reports for commune B now
    Record.objects.filter(pk=record.pk).update(reporter=moved)

    assert list(inbox_for(moved)) == []
    assert overdue_items_for(moved) == []
    # Nobody else is chased for someone else's returned record either.
    assert list(inbox_for(world.user("xa.doan"))) == []
