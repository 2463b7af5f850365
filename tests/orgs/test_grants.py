"""No one grants themselves power: self-grants are refused, and a verifier, leader or
org-admin grant waits for a confirmation by someone who neither gave nor receives it."""

from __future__ import annotations

import pytest

from lantoa.accounts.models import User
from lantoa.core.errors import DomainError, NotFound
from lantoa.exemplars.roles import RecordAction
from lantoa.notifications.models import Notification
from lantoa.orgs.access import Action, can
from lantoa.orgs.models import Membership, Organisation, OrgKind, OrgLevel, Role
from lantoa.orgs.selectors import pending_grants_for
from lantoa.orgs.services import add_member, confirm_membership, refuse_membership
from tests.orgs.helpers import fresh_user, last_event
from tests.personas import make_user

pytestmark = pytest.mark.usefixtures("_english")


def fresh(username: str) -> User:
    """The account as a new request would load it (no cached grants)."""
    return User.objects.get(username=username)


@pytest.fixture
def admin(world):
    return world.user("xa.quantri")


@pytest.fixture
def village(world) -> Organisation:
    return Organisation.objects.create_child(
        parent=world.front_a,
        name="Chi hội thôn 1",
        kind=OrgKind.FATHERLAND_FRONT,
        level=OrgLevel.VILLAGE,
        admin_unit=world.unit_a,
    )


@pytest.mark.parametrize("role", [Role.VERIFIER, Role.LEADER, Role.REPORTER, Role.ORG_ADMIN])
def test_an_org_admin_cannot_grant_a_role_to_himself(world, admin, role):
    with pytest.raises(DomainError) as exc_info:
        add_member(actor=admin, org=world.youth_a, user=admin, role=role)

    assert exc_info.value.code == "self_grant"
    assert not Membership.objects.filter(user=admin, role=role, organisation=world.youth_a)
    assert not can(fresh_user(world, "xa.quantri"), RecordAction.DECIDE, world.youth_a)


@pytest.mark.parametrize("role", [Role.VERIFIER, Role.LEADER, Role.ORG_ADMIN])
def test_a_deciding_role_is_pending_and_gives_no_right(world, admin, role):
    person = make_user("an")

    membership = add_member(actor=admin, org=world.youth_a, user=person, role=role)

    assert membership.is_pending
    assert membership.granted_by == admin
    person = fresh("an")
    assert not can(person, Action.VIEW_ORG, world.youth_a)
    assert not can(person, RecordAction.VERIFY, world.youth_a)


def test_a_reporter_role_takes_effect_at_once(world, admin):
    membership = add_member(actor=admin, org=world.youth_a, user=make_user("an"), role="reporter")

    assert not membership.is_pending
    assert can(fresh("an"), RecordAction.REPORT, world.youth_a)


def test_a_system_administrators_grant_takes_effect_at_once(world, root):
    membership = add_member(actor=root, org=world.youth_a, user=make_user("an"), role="leader")

    assert not membership.is_pending
    assert can(fresh("an"), RecordAction.DECIDE, world.youth_a)


def test_a_leader_of_the_organisation_confirms_and_the_role_takes_effect(
    world, admin, request_context
):
    membership = add_member(
        actor=admin, org=world.youth_a, user=make_user("an"), role=Role.VERIFIER
    )

    confirmed = confirm_membership(actor=world.user("xa.mttq"), membership=membership)

    assert confirmed.confirmed_by == world.user("xa.mttq")
    assert can(fresh("an"), RecordAction.VERIFY, world.youth_a)
    event = last_event("orgs.membership.confirmed")
    assert (event.actor, event.org, event.ip) == (
        world.user("xa.mttq"),
        world.youth_a,
        "192.0.2.10",
    )
    assert event.changes == {"user": [None, "an"], "role": [None, Role.VERIFIER]}


def test_the_org_admin_cannot_confirm_a_leader_grant_he_made_in_a_village_branch(
    world, admin, village
):
    membership = add_member(actor=admin, org=village, user=make_user("an"), role=Role.LEADER)

    with pytest.raises(DomainError) as exc_info:
        confirm_membership(actor=admin, membership=membership)

    assert exc_info.value.code == "own_grant"
    assert Membership.objects.get(pk=membership.pk).is_pending
    confirm_membership(actor=world.user("xa.mttq"), membership=membership)
    assert can(fresh("an"), RecordAction.DECIDE, village)


def test_the_grantee_cannot_confirm_their_own_grant(world, admin):
    # An org admin of the Youth Union receives a leader role there: he may confirm others'
    # grants in that union, never his own.
    person = make_user("an", (world.youth_a, Role.ORG_ADMIN))
    membership = add_member(actor=admin, org=world.youth_a, user=person, role=Role.LEADER)

    with pytest.raises(DomainError) as exc_info:
        confirm_membership(actor=fresh("an"), membership=membership)
    assert exc_info.value.code == "own_grant"
    assert Membership.objects.get(pk=membership.pk).is_pending


@pytest.mark.parametrize("username", ["xab.doan", "xa.doan", "tinh.tuyengiao", "bao.bientap"])
def test_someone_without_leader_or_admin_rights_there_cannot_confirm(world, admin, username):
    membership = add_member(actor=admin, org=world.youth_a, user=make_user("an"), role="leader")

    with pytest.raises(NotFound):
        confirm_membership(actor=world.user(username), membership=membership)
    assert Membership.objects.get(pk=membership.pk).is_pending


def test_another_communes_leader_cannot_confirm(world, admin):
    leader_b = make_user("xab.lanhdao", (world.front_b, Role.LEADER))
    membership = add_member(actor=admin, org=world.youth_a, user=make_user("an"), role="leader")

    with pytest.raises(NotFound):
        confirm_membership(actor=leader_b, membership=membership)


def test_a_grant_cannot_be_confirmed_twice(world, admin):
    membership = add_member(actor=admin, org=world.youth_a, user=make_user("an"), role="leader")
    confirm_membership(actor=world.user("xa.mttq"), membership=membership)

    with pytest.raises(DomainError) as exc_info:
        confirm_membership(actor=world.user("tinh.mttq"), membership=membership)
    assert exc_info.value.code == "not_pending"


def test_a_refused_grant_ends_without_ever_taking_effect(world, admin):
    membership = add_member(actor=admin, org=world.youth_a, user=make_user("an"), role="leader")

    refuse_membership(actor=world.user("xa.mttq"), membership=membership)

    membership.refresh_from_db()
    assert membership.ended_at is not None
    assert last_event("orgs.membership.refused").actor == world.user("xa.mttq")
    with pytest.raises(DomainError):
        confirm_membership(actor=world.user("tinh.mttq"), membership=membership)
    assert not can(fresh("an"), Action.VIEW_ORG, world.youth_a)


def test_the_grantee_cannot_refuse_or_see_their_pending_grant(world, admin):
    person = make_user("an", (world.youth_a, Role.ORG_ADMIN))
    membership = add_member(actor=admin, org=world.youth_a, user=person, role=Role.LEADER)

    assert membership not in pending_grants_for(fresh("an"))
    with pytest.raises(NotFound):
        refuse_membership(actor=fresh("an"), membership=membership)


def test_grants_notify_the_nearest_leaders_but_not_the_grantor(world, admin):
    add_member(actor=admin, org=world.youth_a, user=make_user("an"), role=Role.VERIFIER)

    told = set(Notification.objects.values_list("user__username", flat=True))
    # Commune A's Front is the nearest organisation with a leader; the province is not
    # flooded with every commune's grants.
    assert told == {"xa.mttq"}
    assert "awaits your confirmation" in Notification.objects.get().title


def test_pending_grants_are_listed_to_those_who_may_confirm(world, admin):
    membership = add_member(actor=admin, org=world.youth_a, user=make_user("an"), role="leader")

    assert list(pending_grants_for(world.user("xa.mttq"))) == [membership]
    assert list(pending_grants_for(world.user("quantri"))) == [membership]
    assert list(pending_grants_for(world.user("xab.doan"))) == []
    assert list(pending_grants_for(world.user("tinh.tuyengiao"))) == []
