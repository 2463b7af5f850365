"""Adding members to organisations and ending their memberships."""

from __future__ import annotations

import pytest

from lantoa.core.errors import DomainError, NotFound
from lantoa.orgs.access import Action, can
from lantoa.orgs.models import Membership, Role
from lantoa.orgs.services import add_member, end_membership
from tests.orgs.helpers import REFORM, fresh_user, last_event
from tests.personas import make_user

pytestmark = pytest.mark.usefixtures("_english")


# --- add_member / end_membership --------------------------------------------------------------


def test_an_org_admin_adds_a_member_in_their_subtree(world, request_context):
    admin = world.user("xa.quantri")
    person = make_user("an")

    membership = add_member(
        actor=admin, org=world.youth_a, user=person, role=Role.VERIFIER, title="  Phó Bí thư "
    )

    assert (membership.organisation, membership.role, membership.title) == (
        world.youth_a,
        Role.VERIFIER,
        "Phó Bí thư",
    )
    assert membership.org_path == world.youth_a.path
    assert membership.ended_at is None
    event = last_event("orgs.membership.added")
    assert (event.actor, event.org, event.object_id) == (admin, world.youth_a, str(membership.pk))
    assert event.changes == {"user": [None, "an"], "role": [None, Role.VERIFIER]}
    assert (event.request_id, event.ip) == ("req-42", "192.0.2.10")


def test_adding_a_member_refreshes_their_cached_rights(world, root):
    person = make_user("an")
    assert not can(person, Action.MANAGE_MEMBERS, world.front_a)

    add_member(actor=root, org=world.front_a, user=person, role=Role.ORG_ADMIN)

    assert can(person, Action.MANAGE_MEMBERS, world.front_a)


def test_the_same_active_role_cannot_be_added_twice(world):
    with pytest.raises(DomainError) as exc_info:
        add_member(
            actor=world.user("xa.quantri"),
            org=world.youth_a,
            user=world.user("xa.doan"),
            role=Role.REPORTER,
        )
    assert exc_info.value.code == "duplicate_membership"


def test_a_role_can_be_given_again_after_it_ended(world):
    admin = world.user("xa.quantri")
    membership = Membership.objects.get(user=world.user("xa.doan"))
    end_membership(actor=admin, membership=membership)

    again = add_member(
        actor=admin, org=world.youth_a, user=world.user("xa.doan"), role=Role.REPORTER
    )

    assert again.pk != membership.pk


def test_an_unknown_role_is_refused(world, root):
    with pytest.raises(DomainError) as exc_info:
        add_member(actor=root, org=world.youth_a, user=make_user("an"), role="president")
    assert exc_info.value.code == "invalid_role"


def test_an_org_admin_cannot_grant_system_admin(world, root):
    person = make_user("an")

    with pytest.raises(DomainError) as exc_info:
        add_member(
            actor=world.user("xa.quantri"), org=world.front_a, user=person, role=Role.SYSTEM_ADMIN
        )
    assert exc_info.value.code == "forbidden"
    assert not Membership.objects.filter(user=person).exists()

    add_member(actor=root, org=world.front_a, user=person, role=Role.SYSTEM_ADMIN)
    assert Membership.objects.filter(user=person, role=Role.SYSTEM_ADMIN).exists()


@pytest.mark.parametrize(
    ("username", "org_name"),
    [
        ("xa.quantri", "youth_b"),
        ("xa.doan", "youth_a"),
        ("xa.mttq", "youth_a"),  # a leader views members, does not manage them
        ("tinh.tuyengiao", "youth_a"),
    ],
)
def test_adding_a_member_without_the_right_is_not_found(world, username, org_name):
    with pytest.raises(NotFound):
        add_member(
            actor=world.user(username),
            org=getattr(world, org_name),
            user=make_user("an"),
            role=Role.REPORTER,
        )


def test_a_closed_organisation_receives_no_member(world, root):
    world.youth_a.valid_to = REFORM
    world.youth_a.save()

    with pytest.raises(DomainError) as exc_info:
        add_member(actor=root, org=world.youth_a, user=make_user("an"), role=Role.REPORTER)
    assert exc_info.value.code == "org_closed"


def test_ending_a_membership_is_audited_and_takes_the_rights_away(world, request_context):
    admin = world.user("xa.quantri")
    doan = world.user("xa.doan")
    assert can(doan, Action.VIEW_ORG, world.youth_a)
    membership = Membership.objects.get(user=doan)

    ended = end_membership(actor=admin, membership=membership)

    assert ended.ended_at is not None
    assert not can(fresh_user(world, "xa.doan"), Action.VIEW_ORG, world.youth_a)
    event = last_event("orgs.membership.ended")
    assert event.changes == {"user": ["xa.doan", None], "role": [Role.REPORTER, None]}
    assert (event.actor, event.org, event.request_id, event.ip) == (
        admin,
        world.youth_a,
        "req-42",
        "192.0.2.10",
    )


def test_a_membership_cannot_end_twice(world):
    admin = world.user("xa.quantri")
    membership = Membership.objects.get(user=world.user("xa.doan"))
    end_membership(actor=admin, membership=membership)

    with pytest.raises(DomainError) as exc_info:
        end_membership(actor=admin, membership=membership)
    assert exc_info.value.code == "already_ended"


def test_ending_a_membership_outside_the_scope_is_not_found(world):
    membership = Membership.objects.get(user=world.user("xab.doan"))

    with pytest.raises(NotFound):
        end_membership(actor=world.user("xa.quantri"), membership=membership)
    with pytest.raises(NotFound):
        end_membership(actor=world.user("xab.doan"), membership=membership)
    assert Membership.objects.get(pk=membership.pk).ended_at is None


def test_an_org_admin_cannot_end_a_system_admin_role(world):
    holder = make_user("root2", (world.front_a, Role.SYSTEM_ADMIN))
    membership = Membership.objects.get(user=holder)

    with pytest.raises(DomainError) as exc_info:
        end_membership(actor=world.user("xa.quantri"), membership=membership)
    assert exc_info.value.code == "forbidden"
    assert Membership.objects.get(pk=membership.pk).ended_at is None
