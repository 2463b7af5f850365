"""The generic workflow table, on a toy workflow (no database, no domain)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

import pytest

from lantoa.core.workflow import Seat, SideAction, Transition, Wait, Workflow

STATES = frozenset({"draft", "sent", "approved", "archived"})


def toy() -> Workflow:
    return Workflow(
        states=STATES,
        transitions=(
            Transition("send", "Send", frozenset({"draft"}), "sent", frozenset({"clerk"}), "desk"),
            Transition(
                "approve", "Approve", frozenset({"sent"}), "approved", frozenset({"boss"}), "office"
            ),
            Transition(
                "archive",
                "Archive",
                frozenset({"sent", "approved"}),
                "archived",
                frozenset({"boss"}),
                "office",
                note_required=True,
                kinds=frozenset({"memo"}),
            ),
            Transition(
                "restore",
                "Restore",
                frozenset({"archived"}),
                "sent",
                frozenset({"boss", "clerk"}),
                "office",
                to_previous=True,
            ),
        ),
        side_actions=(
            SideAction(
                "comment",
                frozenset({"sent", "approved"}),
                (Seat(frozenset({"clerk"}), "desk"), Seat(frozenset({"boss"}), "office")),
            ),
        ),
        waits=(
            Wait(frozenset({"sent"}), frozenset({"boss"}), "office"),
            Wait(frozenset({"draft"}), frozenset({"clerk"}), "desk", person="author"),
        ),
        sets={"public": frozenset({"approved", "archived"})},
    )


@dataclass
class Paper:
    state: str
    kind: str = "memo"


@dataclass
class Seats:
    """Roles per place, the same for every paper; counts how often it was asked."""

    held: dict[str, set[str]]
    asked: list[str] = field(default_factory=list)

    def state_of(self, obj: Paper) -> str:
        return obj.state

    def kind_of(self, obj: Paper) -> str | None:
        return obj.kind

    def roles_at(self, actor: object, obj: Paper, at: str) -> Collection[str]:
        self.asked.append(at)
        return self.held.get(at, set())


def test_transitions_from_a_state_respect_the_kind() -> None:
    flow = toy()
    assert [t.action for t in flow.transitions_from("sent", "memo")] == ["approve", "archive"]
    assert [t.action for t in flow.transitions_from("sent", "letter")] == ["approve"]
    assert flow.transitions_from("draft", None)[0].action == "send"


def test_available_actions_need_the_role_at_the_place_the_step_names() -> None:
    flow = toy()
    boss_at_desk = Seats({"desk": {"boss"}})
    boss_in_office = Seats({"office": {"boss"}})
    assert flow.available_actions(None, Paper("sent"), boss_at_desk) == []
    actions = flow.available_actions(None, Paper("sent"), boss_in_office)
    assert [t.action for t in actions] == ["approve", "archive"]


def test_available_actions_ask_each_place_once() -> None:
    seats = Seats({"office": {"boss"}})
    toy().available_actions(None, Paper("sent"), seats)
    assert seats.asked == ["office"]


def test_a_final_state_offers_nothing_to_anyone() -> None:
    everyone = Seats({"desk": {"clerk", "boss"}, "office": {"clerk", "boss"}})
    flow = toy()
    assert flow.available_actions(None, Paper("approved", kind="letter"), everyone) == []


def test_to_previous_goes_back_where_the_object_came_from() -> None:
    restore = toy().transition("restore")
    assert restore is not None
    assert restore.target_from("approved") == "approved"
    assert restore.target_from(None) == "sent"  # unknown origin: the declared target
    send = toy().transition("send")
    assert send is not None and send.target_from("approved") == "sent"  # an ordinary step


def test_a_side_action_needs_one_of_its_seats_and_a_listed_state() -> None:
    flow = toy()
    clerk = Seats({"desk": {"clerk"}})
    assert flow.seat_for(None, Paper("sent"), "comment", clerk) == Seat(
        frozenset({"clerk"}), "desk"
    )
    assert flow.seat_for(None, Paper("draft"), "comment", clerk) is None
    assert flow.seat_for(None, Paper("sent"), "comment", Seats({"office": {"clerk"}})) is None
    with pytest.raises(KeyError):
        flow.side_action("nothing")


def test_waiting_states_per_role_and_person() -> None:
    flow = toy()
    assert flow.waiting_states("boss") == {"sent"}
    assert flow.waiting_states("clerk") == set()
    assert flow.waiting_states("clerk", person="author") == {"draft"}
    assert [w.at for w in flow.waits_for("clerk")] == ["desk"]
    assert flow.state_set("public") == {"approved", "archived"}


def test_a_table_naming_an_unknown_state_does_not_load() -> None:
    bad = Transition("x", "X", frozenset({"draft"}), "lost", frozenset({"clerk"}), "desk")
    with pytest.raises(ValueError, match="lost"):
        Workflow(states=STATES, transitions=(bad,))
    with pytest.raises(ValueError, match="set"):
        Workflow(states=STATES, transitions=(), sets={"odd": frozenset({"gone"})})
    with pytest.raises(ValueError):
        Workflow(states=STATES, transitions=(), waits=(Wait(frozenset({"x"}), frozenset(), "d"),))


def test_a_table_with_an_action_twice_or_without_roles_does_not_load() -> None:
    send = Transition("send", "Send", frozenset({"draft"}), "sent", frozenset({"clerk"}), "desk")
    with pytest.raises(ValueError, match="twice"):
        Workflow(states=STATES, transitions=(send, send))
    nobody = Transition("send", "Send", frozenset({"draft"}), "sent", frozenset(), "desk")
    with pytest.raises(ValueError, match="nobody"):
        Workflow(states=STATES, transitions=(nobody,))
    with pytest.raises(ValueError, match="nobody"):
        Workflow(states=STATES, transitions=(), side_actions=(SideAction("c", STATES, ()),))
