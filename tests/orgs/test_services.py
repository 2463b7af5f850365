from __future__ import annotations

import datetime
from collections.abc import Iterator

import pytest
import time_machine
from django.utils import translation

from lantoa.audit.models import AuditEvent
from lantoa.core import context
from lantoa.core.errors import DomainError, NotFound
from lantoa.orgs.access import Action, can
from lantoa.orgs.models import Membership, Organisation, OrgKind, OrgLevel, Role
from lantoa.orgs.services import (
    add_member,
    create_organisation,
    end_membership,
    merge_organisation,
    move_organisation,
    update_organisation,
)
from tests.personas import make_user

REFORM = datetime.date(2025, 7, 1)


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def request_context() -> Iterator[context.RequestContext]:
    ctx = context.RequestContext(request_id="req-42", ip="192.0.2.10")
    token = context.activate(ctx)
    yield ctx
    context.reset(token)


@pytest.fixture
def root(world):
    return world.user("quantri")


@pytest.fixture
def province_admin(world):
    """An org admin of the provincial Fatherland Front: both communes are in their scope."""
    return make_user("tinh.quantri", (world.front, Role.ORG_ADMIN))


def fresh(org: Organisation) -> Organisation:
    return Organisation.objects.get(pk=org.pk)


def last_event(action: str) -> AuditEvent:
    return AuditEvent.objects.filter(action=action).latest("id")


# --- create_organisation ----------------------------------------------------------------------


def test_an_org_admin_creates_a_unit_under_their_organisation(world, request_context):
    admin = world.user("xa.quantri")

    org = create_organisation(
        actor=admin,
        parent=world.front_a,
        name="  Chi hội   Phụ nữ thôn 1 ",
        kind=OrgKind.WOMENS_UNION,
        level=OrgLevel.VILLAGE,
    )

    assert org.name == "Chi hội Phụ nữ thôn 1"
    assert org.path == f"{world.front_a.path}{org.pk}/"
    assert org.depth == world.front_a.depth + 1
    assert org.admin_unit == world.front_a.admin_unit  # inherited from the parent
    assert list(org.names.values_list("name", flat=True)) == ["Chi hội Phụ nữ thôn 1"]
    event = last_event("orgs.organisation.created")
    assert (event.actor, event.org, event.object_id) == (admin, org, str(org.pk))
    assert event.org_path == org.path
    assert (event.request_id, event.ip) == ("req-42", "192.0.2.10")
    assert event.changes["name"] == "Chi hội Phụ nữ thôn 1"


@pytest.mark.parametrize("username", ["xa.doan", "xa.mttq", "xab.doan", "tinh.tuyengiao"])
def test_a_role_without_manage_org_gets_not_found(world, username):
    with pytest.raises(NotFound):
        create_organisation(
            actor=world.user(username),
            parent=world.youth_a,
            name="Chi đoàn",
            kind=OrgKind.YOUTH_UNION,
            level=OrgLevel.VILLAGE,
        )
    assert not Organisation.objects.filter(name="Chi đoàn").exists()


def test_the_commune_a_admin_cannot_create_under_commune_b(world):
    with pytest.raises(NotFound):
        create_organisation(
            actor=world.user("xa.quantri"),
            parent=world.front_b,
            name="Chi đoàn",
            kind=OrgKind.YOUTH_UNION,
            level=OrgLevel.VILLAGE,
        )


def test_only_a_system_admin_creates_a_root(world, root):
    with pytest.raises(DomainError) as exc_info:
        create_organisation(
            actor=world.user("xa.quantri"),
            parent=None,
            name="Tỉnh ủy Khác",
            kind=OrgKind.PARTY_COMMITTEE,
            level=OrgLevel.PROVINCE,
        )
    assert exc_info.value.code == "forbidden"

    org = create_organisation(
        actor=root,
        parent=None,
        name="Tỉnh ủy Khác",
        kind=OrgKind.PARTY_COMMITTEE,
        level=OrgLevel.PROVINCE,
    )
    assert (org.path, org.depth) == (f"/{org.pk}/", 1)


def test_a_unit_cannot_be_at_a_higher_level_than_its_parent(world, root):
    with pytest.raises(DomainError) as exc_info:
        create_organisation(
            actor=root,
            parent=world.front_a,
            name="Cấp tỉnh",
            kind=OrgKind.OTHER,
            level=OrgLevel.PROVINCE,
        )
    assert exc_info.value.code == "invalid_level"
    # The same level as the parent is allowed (a commune union under the commune front).
    create_organisation(
        actor=root,
        parent=world.front_a,
        name="Hội Nông dân xã",
        kind=OrgKind.FARMERS_ASSOCIATION,
        level=OrgLevel.COMMUNE,
    )


def test_a_closed_organisation_receives_no_new_unit(world, root):
    world.front_a.valid_to = REFORM
    world.front_a.save()

    with pytest.raises(DomainError) as exc_info:
        create_organisation(
            actor=root,
            parent=world.front_a,
            name="Chi hội",
            kind=OrgKind.OTHER,
            level=OrgLevel.VILLAGE,
        )
    assert exc_info.value.code == "parent_closed"


@pytest.mark.parametrize(
    ("name", "kind", "level", "code"),
    [
        ("   ", OrgKind.OTHER, OrgLevel.VILLAGE, "name_required"),
        ("Chi hội", "club", OrgLevel.VILLAGE, "invalid_choice"),
        ("Chi hội", OrgKind.OTHER, "hamlet", "invalid_choice"),
    ],
)
def test_bad_input_is_refused(world, root, name, kind, level, code):
    with pytest.raises(DomainError) as exc_info:
        create_organisation(actor=root, parent=world.front_a, name=name, kind=kind, level=level)
    assert exc_info.value.code == code


# --- update_organisation ----------------------------------------------------------------------


def test_a_rename_keeps_the_name_history(world, request_context):
    admin = world.user("xa.quantri")
    old_name = world.youth_a.name

    org = update_organisation(
        actor=admin,
        org=world.youth_a,
        name="Đoàn Thanh niên xã Hàm Thuận",
        kind=world.youth_a.kind,
        admin_unit=world.unit_a,
        effective_date=REFORM,
        legal_basis="Nghị quyết 1/2025",
    )

    org = fresh(org)
    assert org.name == "Đoàn Thanh niên xã Hàm Thuận"
    assert org.name_on(datetime.date(2025, 6, 30)) == old_name
    assert org.name_on(REFORM) == "Đoàn Thanh niên xã Hàm Thuận"
    assert org.name_on(datetime.date(2030, 1, 1)) == "Đoàn Thanh niên xã Hàm Thuận"
    names = {n.name: n for n in org.names.all()}
    assert names[old_name].valid_to == datetime.date(2025, 6, 30)
    assert names[org.name].valid_from == REFORM
    assert names[org.name].legal_basis == "Nghị quyết 1/2025"
    event = last_event("orgs.organisation.updated")
    assert event.changes == {"name": [old_name, org.name]}
    assert (event.actor, event.request_id, event.ip) == (admin, "req-42", "192.0.2.10")


def test_a_rename_without_a_date_takes_effect_today(world, root):
    with time_machine.travel(datetime.datetime(2025, 9, 2, 10, 0, tzinfo=datetime.UTC)):
        update_organisation(
            actor=root,
            org=world.youth_a,
            name="Tên mới",
            kind=world.youth_a.kind,
            admin_unit=world.unit_a,
        )

    assert fresh(world.youth_a).names.get(name="Tên mới").valid_from == datetime.date(2025, 9, 2)


def test_a_second_rename_must_take_effect_after_the_first(world, root):
    update_organisation(
        actor=root,
        org=world.youth_a,
        name="Tên hai",
        kind=world.youth_a.kind,
        admin_unit=world.unit_a,
        effective_date=REFORM,
    )

    with pytest.raises(DomainError) as exc_info:
        update_organisation(
            actor=root,
            org=world.youth_a,
            name="Tên ba",
            kind=world.youth_a.kind,
            admin_unit=world.unit_a,
            effective_date=REFORM,
        )
    assert exc_info.value.code == "invalid_date"
    assert fresh(world.youth_a).name == "Tên hai"


def test_an_update_without_a_new_name_adds_no_history(world, root):
    update_organisation(
        actor=root,
        org=world.youth_a,
        name=world.youth_a.name,
        kind=OrgKind.OTHER,
        admin_unit=world.unit_a,
    )

    assert fresh(world.youth_a).names.count() == 1
    assert last_event("orgs.organisation.updated").changes == {
        "kind": [OrgKind.YOUTH_UNION, OrgKind.OTHER]
    }


def test_an_update_outside_the_scope_is_not_found(world):
    with pytest.raises(NotFound):
        update_organisation(
            actor=world.user("xa.quantri"),
            org=world.youth_b,
            name="X",
            kind=world.youth_b.kind,
            admin_unit=None,
        )
    with pytest.raises(NotFound):
        update_organisation(
            actor=world.user("xa.doan"),
            org=world.youth_a,
            name="X",
            kind=world.youth_a.kind,
            admin_unit=None,
        )
    assert fresh(world.youth_b).name != "X"


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


def fresh_user(world, username: str):
    return type(world.user(username)).objects.get(username=username)


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


# --- the audit trail of every write -----------------------------------------------------------


def test_every_write_records_actor_action_and_request_fields(world, root):
    """Outside a request the IP is None and the request id empty; inside, both are kept."""
    create_organisation(
        actor=root,
        parent=world.front_a,
        name="Chi hội 1",
        kind=OrgKind.OTHER,
        level=OrgLevel.VILLAGE,
    )
    event = last_event("orgs.organisation.created")
    assert (event.actor, event.actor_label, event.ip, event.request_id) == (
        root,
        "quantri",
        None,
        "",
    )

    token = context.activate(context.RequestContext("req-7", "2001:db8::1"))
    try:
        org = create_organisation(
            actor=root,
            parent=world.front_a,
            name="Chi hội 2",
            kind=OrgKind.OTHER,
            level=OrgLevel.VILLAGE,
        )
        update_organisation(
            actor=root,
            org=org,
            name="Chi hội 2 mới",
            kind=OrgKind.OTHER,
            admin_unit=None,
            effective_date=REFORM,
        )
        move_organisation(actor=root, org=org, new_parent=world.front_b)
        membership = add_member(actor=root, org=org, user=make_user("an"), role=Role.REPORTER)
        end_membership(actor=root, membership=membership)
        merge_organisation(actor=root, org=org, into=world.youth_b, effective_date=REFORM)
    finally:
        context.reset(token)

    events = AuditEvent.objects.filter(request_id="req-7").order_by("id")
    assert [e.action for e in events] == [
        "orgs.organisation.created",
        "orgs.organisation.updated",
        "orgs.organisation.moved",
        "orgs.membership.added",
        "orgs.membership.ended",
        "orgs.organisation.moved",
        "orgs.organisation.merged",
    ]
    assert {(e.actor_id, e.ip) for e in events} == {(root.pk, "2001:db8::1")}
    assert all(e.org_path for e in events)


# --- Known bugs in lantoa/orgs/services.py: these tests fail until the owner fixes them. -----
# (Left out of the commit on purpose; see the report to the services owner.)


def test_an_org_admin_cannot_end_a_system_admin_role(world):
    holder = make_user("root2", (world.front_a, Role.SYSTEM_ADMIN))
    membership = Membership.objects.get(user=holder)

    with pytest.raises(DomainError) as exc_info:
        end_membership(actor=world.user("xa.quantri"), membership=membership)
    assert exc_info.value.code == "forbidden"
    assert Membership.objects.get(pk=membership.pk).ended_at is None


def test_an_organisation_cannot_merge_into_a_closed_one(world, root):
    world.front_b.valid_to = REFORM
    world.front_b.save()

    with pytest.raises(DomainError):
        merge_organisation(actor=root, org=world.front_a, into=world.front_b, effective_date=REFORM)
    assert fresh(world.front_a).is_active
    assert fresh(world.front_a).parent == world.front


def test_an_organisation_cannot_move_under_a_closed_one(world, root):
    world.front_b.valid_to = REFORM
    world.front_b.save()

    with pytest.raises(DomainError) as exc_info:
        move_organisation(actor=root, org=world.youth_a, new_parent=world.front_b)
    assert exc_info.value.code == "parent_closed"


def test_an_update_refuses_an_unknown_kind(world, root):
    with pytest.raises(DomainError) as exc_info:
        update_organisation(
            actor=root, org=world.youth_a, name=world.youth_a.name, kind="club", admin_unit=None
        )
    assert exc_info.value.code == "invalid_choice"


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
