from __future__ import annotations

import datetime
import io

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.db.models import F
from django.test import override_settings

from lantoa.accounts.models import User
from lantoa.demo.orgs import (
    DEMO_COMMUNES,
    DEMO_LOGINS,
    DEMO_PASSWORD,
    FIRST_COMMUNE,
    SECOND_COMMUNE,
    seed_demo,
)
from lantoa.orgs.models import (
    AdminUnit,
    AdminUnitSuccession,
    Membership,
    Organisation,
    OrganisationName,
    OrgKind,
    OrgLevel,
    Role,
)

PERSONAS = {
    "quantri", "tinh.tuyengiao", "tinh.mttq", "xa.mttq", "xa.doan", "xab.doan", "bao.bientap",
    "xa.quantri",
}  # fmt: skip


def counts() -> tuple[int, ...]:
    return (
        AdminUnit.objects.count(),
        AdminUnitSuccession.objects.count(),
        Organisation.objects.count(),
        OrganisationName.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
    )


def org(name: str) -> Organisation:
    return Organisation.objects.get(name=name)


@pytest.mark.django_db
def test_seeding_twice_changes_nothing() -> None:
    call_command("seed_demo", stdout=io.StringIO())
    first = counts()
    password_hash = User.objects.get(username="xa.doan").password

    summary = seed_demo()

    assert not summary.changed
    assert counts() == first
    assert User.objects.get(username="xa.doan").password == password_hash
    units, _links, orgs, names, users, memberships = first
    assert units == 34 + 3321 + 1 + 10 + 121  # current units + legacy Bình Thuận
    # The command also seeds demo records, whose extra commune reporters come on top.
    assert set(User.objects.values_list("username", flat=True)) >= PERSONAS
    assert users >= len(PERSONAS)
    assert memberships >= sum(len(login.grants) for login in DEMO_LOGINS)
    assert orgs == names  # one name row per organisation


@pytest.mark.django_db
def test_personas_log_in_with_their_roles_and_the_tree_has_its_shape() -> None:
    seed_demo()

    assert {login.username for login in DEMO_LOGINS} == PERSONAS
    for username in PERSONAS:
        user = authenticate(username=username, password=DEMO_PASSWORD)
        assert user is not None, username
        assert user.full_name and " " in user.full_name
        assert user.email == f"{username}@lantoa.local"
    admin = User.objects.get(username="quantri")
    assert admin.is_staff and admin.is_superuser
    assert not User.objects.get(username="xa.doan").is_staff

    party = org("Tỉnh ủy Lâm Đồng")
    assert party.parent is None
    assert (party.kind, party.level) == (OrgKind.PARTY_COMMITTEE, OrgLevel.PROVINCE)
    assert party.admin_unit.code == "68"
    assert party.admin_unit.scheme == AdminUnit.Scheme.CURRENT
    front = org("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Lâm Đồng")
    board = org("Ban Tuyên giáo và Dân vận Tỉnh ủy Lâm Đồng")
    press = org("Báo và Phát thanh, Truyền hình Lâm Đồng")
    assert {front.parent_id, board.parent_id, press.parent_id} == {party.pk}
    assert front.children.filter(kind=OrgKind.YOUTH_UNION, level=OrgLevel.PROVINCE).exists()
    assert (
        front.children.filter(kind=OrgKind.FATHERLAND_FRONT, level=OrgLevel.COMMUNE).count()
        == len(DEMO_COMMUNES)
        >= 6
    )

    first_front = org("Ủy ban MTTQ Việt Nam xã Hàm Thuận")
    first_youth = org("Đoàn TNCS Hồ Chí Minh xã Hàm Thuận")
    assert FIRST_COMMUNE == "Xã Hàm Thuận"
    assert first_youth.parent == first_front
    assert first_youth.path.startswith(first_front.path)
    assert (
        Organisation.objects.filter(path__under=first_front.path).filter(pk=first_youth.pk).exists()
    )
    assert first_front.admin_unit.code == "23059"
    assert first_front.depth == front.depth + 1 == party.depth + 2
    assert set(first_front.children.values_list("kind", flat=True)) == {
        OrgKind.YOUTH_UNION, OrgKind.WOMENS_UNION, OrgKind.FARMERS_ASSOCIATION,
        OrgKind.VETERANS_ASSOCIATION,
    }  # fmt: skip
    villages = Organisation.objects.filter(level=OrgLevel.VILLAGE)
    assert villages.count() == 2
    assert all(v.path.startswith(first_front.path) for v in villages)
    assert org("Chi đoàn thôn Phú Điền").parent == first_youth
    for name in ("Phường Phan Thiết", "Phường La Gi", "Đặc khu Phú Quý"):
        assert name in DEMO_COMMUNES
        assert Organisation.objects.filter(
            kind=OrgKind.FATHERLAND_FRONT, admin_unit__name=name
        ).exists()
    assert org("Đảng ủy xã Hàm Thuận").parent == party
    assert org("Ủy ban MTTQ Việt Nam đặc khu Phú Quý").admin_unit.division_type == "đặc khu"

    def grant(username: str) -> set[tuple[str, str]]:
        return set(
            Membership.objects.filter(user__username=username, ended_at__isnull=True).values_list(
                "organisation__name", "role"
            )
        )

    assert grant("quantri") == {("Tỉnh ủy Lâm Đồng", Role.SYSTEM_ADMIN)}
    assert grant("tinh.tuyengiao") == {(board.name, Role.LEADER)}
    assert grant("tinh.mttq") == {(front.name, Role.VERIFIER), (front.name, Role.LEADER)}
    assert grant("xa.mttq") == {(first_front.name, Role.VERIFIER), (first_front.name, Role.LEADER)}
    assert grant("xa.doan") == {(first_youth.name, Role.REPORTER)}
    assert SECOND_COMMUNE == "Phường Phan Thiết"
    assert grant("xab.doan") == {("Đoàn TNCS Hồ Chí Minh phường Phan Thiết", Role.REPORTER)}
    assert grant("bao.bientap") == {(press.name, Role.EDITOR)}
    assert grant("xa.quantri") == {(first_front.name, Role.ORG_ADMIN)}
    assert not Membership.objects.exclude(org_path=F("organisation__path")).exists()

    output = io.StringIO()
    call_command("demo_logins", stdout=output)
    text = output.getvalue()
    for username in PERSONAS:
        assert username in text
    assert DEMO_PASSWORD in text and "Đoàn TNCS Hồ Chí Minh xã Hàm Thuận" in text


@pytest.mark.django_db
def test_organisations_of_binh_thuan_are_closed_and_kept_under_the_successor() -> None:
    seed_demo()
    party = org("Tỉnh ủy Lâm Đồng")
    old_party = org("Tỉnh ủy Bình Thuận")
    last_day = datetime.date(2025, 6, 30)

    assert not old_party.is_active
    assert old_party.valid_to == last_day
    assert old_party.merged_into == party
    assert old_party.parent == party
    assert old_party.admin_unit.scheme == AdminUnit.Scheme.LEGACY
    assert old_party.admin_unit.name == "Tỉnh Bình Thuận"
    assert old_party.names.get().valid_to == last_day
    children = set(old_party.children.values_list("name", flat=True))
    assert children == {
        "Ủy ban MTTQ Việt Nam tỉnh Bình Thuận", "Báo Bình Thuận",
        "Đài Phát thanh và Truyền hình Bình Thuận",
    }  # fmt: skip
    district_front = org("Ủy ban MTTQ Việt Nam huyện Hàm Thuận Bắc")
    assert district_front.level == OrgLevel.DISTRICT
    assert district_front.admin_unit.level == AdminUnit.Level.DISTRICT
    assert district_front.admin_unit.name == "Huyện Hàm Thuận Bắc"
    assert district_front.path.startswith(old_party.path)
    closed = Organisation.objects.filter(path__under=old_party.path)
    assert closed.count() == 5
    assert set(closed.values_list("valid_to", flat=True)) == {last_day}
    assert (
        not Organisation.objects.exclude(path__under=old_party.path)
        .filter(valid_to__isnull=False)
        .exists()
    )
    # The name a 2014 record shows is the name as issued.
    assert old_party.name_on(datetime.date(2014, 5, 1)) == "Tỉnh ủy Bình Thuận"


@pytest.mark.django_db
@override_settings(PRODUCTION=True)
def test_refused_in_production() -> None:
    with pytest.raises(CommandError, match="LANTOA_ENV=prod"):
        call_command("seed_demo", stdout=io.StringIO())
    with pytest.raises(CommandError, match="LANTOA_ENV=prod"):
        call_command("demo_logins", stdout=io.StringIO())
    assert not Organisation.objects.exists()
    assert not AdminUnit.objects.exists()
    assert not User.objects.exists()
