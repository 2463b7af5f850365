"""Moving organisations in the tree and merging them into others."""

from __future__ import annotations

import pytest

from lantoa.audit.models import AuditEvent
from lantoa.core.errors import DomainError, NotFound
from lantoa.orgs.access import Action, can
from lantoa.orgs.models import Membership, Organisation, OrgKind, OrgLevel, Role
from lantoa.orgs.services import create_organisation, merge_organisation, move_organisation
from tests.orgs.helpers import REFORM, fresh, fresh_user, last_event
from tests.personas import make_user

pytestmark = pytest.mark.usefixtures("_english")


@pytest.fixture
def province_admin(world):
    """An org admin of the provincial Fatherland Front: both communes are in their scope."""
    return make_user("tinh.quantri", (world.front, Role.ORG_ADMIN))


# --- move_organisation ------------------------------------------------------------------------


def test_a_move_rewrites_the_paths_of_the_subtree_and_its_memberships(world, root, request_context):
    # front_a (depth 3) with youth_a (depth 4) goes under front_b (depth 3).
    old_path = world.front_a.path

    org = move_organisation(actor=root, org=world.front_a, new_parent=world.front_b)

    front_a, youth_a = fresh(world.front_a), fresh(world.youth_a)
    assert front_a.parent == world.front_b
    assert front_a.path == f"{world.front_b.path}{front_a.pk}/" == org.path
    assert youth_a.path == f"{front_a.path}{youth_a.pk}/"
    assert (front_a.depth, youth_a.depth) == (4, 5)
    assert set(
        Membership.objects.filter(organisation=youth_a).values_list("org_path", flat=True)
    ) == {youth_a.path}
    assert set(
        Membership.objects.filter(organisation=front_a).values_list("org_path", flat=True)
    ) == {front_a.path}
    assert not Organisation.objects.filter(path__under=old_path).exists()
    assert not Membership.objects.filter(org_path__under=old_path).exists()
    # The reporter of youth_a keeps their access, and commune B's officers now see it.
    assert can(fresh_user(world, "xa.doan"), Action.VIEW_ORG, youth_a)
    event = last_event("orgs.organisation.moved")
    assert event.changes["path"] == [old_path, front_a.path]
    assert event.changes["parent"] == [world.front.pk, world.front_b.pk]
    assert (event.actor, event.request_id) == (root, "req-42")


def test_a_move_up_a_level_decreases_the_depths(world, root):
    move_organisation(actor=root, org=world.youth_a, new_parent=world.party)

    assert fresh(world.youth_a).depth == 2
    assert fresh(world.youth_a).path == f"{world.party.path}{world.youth_a.pk}/"


def test_a_move_leaves_a_sibling_with_a_longer_id_alone(world, root):
    # "/…/1/" must not drag "/…/12/" along: paths are compared slash-terminated.
    siblings = [
        create_organisation(
            actor=root,
            parent=world.front,
            name=f"Đơn vị {i}",
            kind=OrgKind.OTHER,
            level=OrgLevel.COMMUNE,
        )
        for i in range(12)
    ]
    paths = {o.pk: o.path for o in Organisation.objects.exclude(path__under=world.front_a.path)}

    move_organisation(actor=root, org=world.front_a, new_parent=world.front_b)

    after = {o.pk: o.path for o in Organisation.objects.filter(pk__in=paths)}
    assert after == paths
    assert len(siblings) == 12


def test_an_organisation_cannot_move_under_itself_or_its_units(world, root):
    for target in (world.front_a, world.youth_a):
        with pytest.raises(DomainError) as exc_info:
            move_organisation(actor=root, org=world.front_a, new_parent=target)
        assert exc_info.value.code == "invalid_move"
    assert fresh(world.front_a).path == world.front_a.path


def test_a_root_cannot_move(world, root):
    with pytest.raises(DomainError) as exc_info:
        move_organisation(actor=root, org=world.party, new_parent=world.front)
    assert exc_info.value.code == "invalid_move"


def test_a_move_respects_levels(world, root):
    with pytest.raises(DomainError) as exc_info:
        move_organisation(actor=root, org=world.press, new_parent=world.youth_b)
    assert exc_info.value.code == "invalid_level"


def test_both_ends_of_a_move_must_be_in_scope(world, province_admin):
    admin_a = world.user("xa.quantri")
    # From commune A to commune B: the commune A admin cannot reach B.
    with pytest.raises(NotFound):
        move_organisation(actor=admin_a, org=world.youth_a, new_parent=world.front_b)
    # From commune B into commune A: cannot reach the source.
    with pytest.raises(NotFound):
        move_organisation(actor=admin_a, org=world.youth_b, new_parent=world.front_a)
    assert fresh(world.youth_a).parent == world.front_a
    # The provincial admin reaches both.
    move_organisation(actor=province_admin, org=world.youth_a, new_parent=world.front_b)
    assert fresh(world.youth_a).parent == world.front_b


def test_an_organisation_cannot_move_under_a_closed_one(world, root):
    world.front_b.valid_to = REFORM
    world.front_b.save()

    with pytest.raises(DomainError) as exc_info:
        move_organisation(actor=root, org=world.youth_a, new_parent=world.front_b)
    assert exc_info.value.code == "parent_closed"


# --- merge_organisation -----------------------------------------------------------------------


def test_a_merge_closes_the_organisation_and_moves_it_and_its_members(world, province_admin):
    verifier = world.user("xa.mttq")

    merged = merge_organisation(
        actor=province_admin,
        org=world.front_a,
        into=world.front_b,
        effective_date=REFORM,
        legal_basis="Nghị quyết 202/2025/QH15",
    )

    front_a = fresh(merged)
    assert front_a.valid_to == REFORM
    assert not front_a.is_active
    assert front_a.merged_into == world.front_b
    assert front_a.parent == world.front_b
    assert front_a.path.startswith(world.front_b.path)
    assert fresh(world.youth_a).path.startswith(front_a.path)
    assert front_a.names.get().valid_to == REFORM
    # Active roles in front_a ended and were recreated in front_b, with the same titles.
    assert not Membership.objects.filter(organisation=front_a, ended_at__isnull=True).exists()
    assert set(
        Membership.objects.filter(
            user=verifier, organisation=world.front_b, ended_at__isnull=True
        ).values_list("role", flat=True)
    ) == {Role.VERIFIER, Role.LEADER}
    assert (
        Membership.objects.get(
            organisation=world.front_b, role=Role.ORG_ADMIN, ended_at__isnull=True
        ).org_path
        == world.front_b.path
    )
    # The youth union under the merged front keeps its reporter, with the new path.
    assert Membership.objects.get(user=world.user("xa.doan")).org_path == fresh(world.youth_a).path
    event = last_event("orgs.organisation.merged")
    assert event.org == world.front_b
    assert event.changes["memberships_moved"] == [None, 3]
    assert event.changes["legal_basis"] == [None, "Nghị quyết 202/2025/QH15"]
    assert event.changes["valid_to"] == [None, REFORM.isoformat()]
    assert AuditEvent.objects.filter(action="orgs.organisation.moved").count() == 1


def test_a_merge_into_the_parent_does_not_move(world, root):
    merge_organisation(actor=root, org=world.youth_a, into=world.front_a, effective_date=REFORM)

    assert fresh(world.youth_a).parent == world.front_a
    assert not AuditEvent.objects.filter(action="orgs.organisation.moved").exists()
    assert Membership.objects.filter(
        user=world.user("xa.doan"),
        organisation=world.front_a,
        role=Role.REPORTER,
        ended_at__isnull=True,
    ).exists()


def test_a_merge_does_not_duplicate_a_role_the_member_already_has(world, root):
    doan = world.user("xa.doan")
    Membership.objects.create(
        user=doan, organisation=world.front_a, org_path=world.front_a.path, role=Role.REPORTER
    )

    merge_organisation(actor=root, org=world.youth_a, into=world.front_a, effective_date=REFORM)

    assert (
        Membership.objects.filter(
            user=doan, organisation=world.front_a, ended_at__isnull=True
        ).count()
        == 1
    )


def test_an_organisation_cannot_merge_into_itself_or_twice(world, root):
    with pytest.raises(DomainError) as exc_info:
        merge_organisation(actor=root, org=world.front_a, into=world.front_a, effective_date=REFORM)
    assert exc_info.value.code == "invalid_merge"

    merge_organisation(actor=root, org=world.youth_a, into=world.front_a, effective_date=REFORM)
    with pytest.raises(DomainError) as exc_info:
        merge_organisation(actor=root, org=world.youth_a, into=world.front_a, effective_date=REFORM)
    assert exc_info.value.code == "already_closed"


def test_a_merge_across_communes_needs_both_in_scope(world):
    with pytest.raises(NotFound):
        merge_organisation(
            actor=world.user("xa.quantri"),
            org=world.front_a,
            into=world.front_b,
            effective_date=REFORM,
        )
    assert fresh(world.front_a).is_active
    assert fresh(world.front_a).parent == world.front


def test_an_organisation_cannot_merge_into_a_closed_one(world, root):
    world.front_b.valid_to = REFORM
    world.front_b.save()

    with pytest.raises(DomainError):
        merge_organisation(actor=root, org=world.front_a, into=world.front_b, effective_date=REFORM)
    assert fresh(world.front_a).is_active
    assert fresh(world.front_a).parent == world.front


def test_merging_a_closed_organisation_outside_the_scope_is_not_found(world):
    world.youth_b.valid_to = REFORM
    world.youth_b.save()

    with pytest.raises(NotFound):
        merge_organisation(
            actor=world.user("xa.quantri"),
            org=world.youth_b,
            into=world.front_a,
            effective_date=REFORM,
        )
