"""A small, generic workflow table: states, transitions, side actions, who waits where.

A domain declares one `Workflow` (the registry's lives in `lantoa.exemplars.workflow`) and
everything else asks it: services check a step against it, pages and the API list the steps
an actor may take (`available_actions`), inboxes and digests derive who waits in which state
(`waits`), and named state sets (`state_set`) replace state lists written elsewhere.

Nothing here knows a model, a role or an organisation. "Where the role must sit" (`at`) and
"which person of the object waits" (`Wait.person`) are keys the domain resolves; the
domain answers "which roles does this actor hold at that place for this object?" through a
`Resolver`. A transition may lead back to the state the object came from (`to_previous`),
which the domain remembers on the object; its `target` is then where it leads when that state
is unknown, so every target in a table is a real state.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from lantoa.core.actors import Actor


@dataclass(frozen=True)
class Seat:
    """Holders of one of `roles` at the place `at` (a key the domain resolves)."""

    roles: frozenset[str]
    at: str


@dataclass(frozen=True)
class Transition:
    """A step that changes the state: from any of `sources` to `target`, or, with
    `to_previous`, back to the state the object came from (`target` if it is unknown)."""

    action: str
    label: Any
    sources: frozenset[str]
    target: str
    roles: frozenset[str]
    at: str
    note_required: bool = False
    kinds: frozenset[str] | None = None  # None: every kind
    # Which due-date policy starts when the object enters the target (None: no deadline).
    due_step: str | None = None
    to_previous: bool = False

    def applies_to(self, state: str, kind: str | None = None) -> bool:
        if state not in self.sources:
            return False
        return self.kinds is None or kind is None or kind in self.kinds

    def target_from(self, previous: str | None) -> str:
        """The state this step leads to, given the state the object came from."""
        if self.to_previous and previous:
            return previous
        return self.target


@dataclass(frozen=True)
class SideAction:
    """Something done on an object without changing its state (an honour, a note): allowed
    in `states` to the holders of any one of `seats`."""

    action: str
    states: frozenset[str]
    seats: tuple[Seat, ...]


@dataclass(frozen=True)
class Wait:
    """Who an object waits for in `states`.

    With `person` None: every holder of one of `roles` on the very place `at` points to (not
    above it: a higher level is not chased for a lower level's queue). With `person` (a key
    such as "reporter"): that one person of the object, while they hold one of `roles` at
    `at` or above it, i.e. while they may still act on it.
    """

    states: frozenset[str]
    roles: frozenset[str]
    at: str
    person: str | None = None


class Resolver(Protocol):
    """What the domain answers for the table about one of its objects."""

    def state_of(self, obj: Any) -> str: ...

    def kind_of(self, obj: Any) -> str | None: ...

    def roles_at(self, actor: Actor, obj: Any, at: str) -> Collection[str]:
        """The roles `actor` holds at the place `at` of `obj`, or above it."""
        ...


@dataclass(frozen=True)
class Workflow:
    states: frozenset[str]
    transitions: tuple[Transition, ...]
    side_actions: tuple[SideAction, ...] = ()
    waits: tuple[Wait, ...] = ()
    sets: Mapping[str, frozenset[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # A table with a typo must not load: every name it uses is checked once, here.
        names = [t.action for t in self.transitions] + [s.action for s in self.side_actions]
        duplicates = {n for n in names if names.count(n) > 1}
        if duplicates:
            raise ValueError(f"actions declared twice: {sorted(duplicates)}")
        for t in self.transitions:
            self._known(t.action, t.sources | {t.target})
            if not t.roles:
                raise ValueError(f"{t.action}: nobody may take it")
        for s in self.side_actions:
            self._known(s.action, s.states)
            if not s.seats:
                raise ValueError(f"{s.action}: nobody may do it")
        for w in self.waits:
            self._known("a wait", w.states)
        for name, states in self.sets.items():
            self._known(f"set {name}", states)

    def _known(self, what: str, states: Iterable[str]) -> None:
        unknown = set(states) - self.states
        if unknown:
            raise ValueError(f"{what}: unknown states {sorted(unknown)}")

    # --- the table ------------------------------------------------------------------------

    def transition(self, action: str) -> Transition | None:
        return next((t for t in self.transitions if t.action == action), None)

    def side_action(self, action: str) -> SideAction:
        found = next((s for s in self.side_actions if s.action == action), None)
        if found is None:
            raise KeyError(action)
        return found

    def transitions_from(self, state: str, kind: str | None = None) -> list[Transition]:
        return [t for t in self.transitions if t.applies_to(state, kind)]

    def state_set(self, name: str) -> frozenset[str]:
        return self.sets[name]

    # --- who waits ------------------------------------------------------------------------

    def waits_for(self, role: str) -> list[Wait]:
        return [w for w in self.waits if role in w.roles]

    def waiting_states(self, role: str, *, person: str | None = None) -> frozenset[str]:
        """The states in which holders of `role` wait (as every holder, or as `person`)."""
        states: set[str] = set()
        for wait in self.waits_for(role):
            if wait.person == person:
                states |= wait.states
        return frozenset(states)

    # --- for one actor and one object -----------------------------------------------------

    def may_take(self, actor: Actor, obj: Any, transition: Transition, resolver: Resolver) -> bool:
        """The right role at the right place (the state is the caller's to check)."""
        return bool(transition.roles & set(resolver.roles_at(actor, obj, transition.at)))

    def available_actions(self, actor: Actor, obj: Any, resolver: Resolver) -> list[Transition]:
        """The transitions `actor` may take on `obj` now, in the table's order."""
        state, kind = resolver.state_of(obj), resolver.kind_of(obj)
        held: dict[str, set[str]] = {}  # roles per place, asked once each
        allowed = []
        for t in self.transitions_from(state, kind):
            if t.at not in held:
                held[t.at] = set(resolver.roles_at(actor, obj, t.at))
            if t.roles & held[t.at]:
                allowed.append(t)
        return allowed

    def seat_for(self, actor: Actor, obj: Any, action: str, resolver: Resolver) -> Seat | None:
        """The first seat of side action `action` the actor holds on `obj` in its current
        state, or None if they may not do it."""
        side = self.side_action(action)
        if resolver.state_of(obj) not in side.states:
            return None
        for seat in side.seats:
            if seat.roles & set(resolver.roles_at(actor, obj, seat.at)):
                return seat
        return None
