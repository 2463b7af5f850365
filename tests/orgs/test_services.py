"""Creating and editing organisations, and the audit trail every organisation service writes."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from lantoa.audit.models import AuditEvent
from lantoa.core import context
from lantoa.core.errors import DomainError, NotFound
from lantoa.orgs.models import Organisation, OrgKind, OrgLevel, Role
from lantoa.orgs.services import (
    add_member,
    create_organisation,
    end_membership,
    merge_organisation,
    move_organisation,
    update_organisation,
)
from tests.orgs.helpers import REFORM, fresh, last_event
from tests.personas import make_user

pytestmark = pytest.mark.usefixtures("_english")


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


def test_an_update_refuses_an_unknown_kind(world, root):
    with pytest.raises(DomainError) as exc_info:
        update_organisation(
            actor=root, org=world.youth_a, name=world.youth_a.name, kind="club", admin_unit=None
        )
    assert exc_info.value.code == "invalid_choice"


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
