"""A small organisation tree with the demo personas, built in each test that needs it.

Mirrors `seed_demo` in miniature (two communes of Lâm Đồng), so the permission tests read
like the demo: `xa.doan` reports in commune A, `xab.doan` must not see commune A's data.
"""

from __future__ import annotations

from dataclasses import dataclass

from lantoa.accounts.models import User
from lantoa.orgs.models import (
    AdminUnit,
    Membership,
    Organisation,
    OrgKind,
    OrgLevel,
    Role,
)

PASSWORD = "LanToa@2025"


def make_org(
    name: str, kind: str, level: str, parent: Organisation | None, unit: AdminUnit | None
) -> Organisation:
    return Organisation.objects.create_child(
        parent=parent, name=name, kind=kind, level=level, admin_unit=unit
    )


def make_user(username: str, *grants: tuple[Organisation, str], full_name: str = "") -> User:
    user = User(username=username, full_name=full_name or username, email=f"{username}@example.vn")
    user.set_password(PASSWORD)
    user.save()
    for org, role in grants:
        Membership.objects.create(user=user, organisation=org, org_path=org.path, role=role)
    return user


@dataclass
class World:
    province_unit: AdminUnit
    unit_a: AdminUnit
    unit_b: AdminUnit
    party: Organisation
    board: Organisation
    front: Organisation
    press: Organisation
    front_a: Organisation
    youth_a: Organisation
    front_b: Organisation
    youth_b: Organisation
    users: dict[str, User]

    def user(self, username: str) -> User:
        return self.users[username]


def build_world() -> World:
    province = AdminUnit.objects.create(
        scheme="2025", level="province", code="68", name="Lâm Đồng", division_type="tỉnh"
    )
    unit_a = AdminUnit.objects.create(
        scheme="2025",
        level="commune",
        code="23059",
        name="Xã Hàm Thuận",
        division_type="xã",
        parent=province,
    )
    unit_b = AdminUnit.objects.create(
        scheme="2025",
        level="commune",
        code="22945",
        name="Phường Phan Thiết",
        division_type="phường",
        parent=province,
    )
    P, C = OrgLevel.PROVINCE, OrgLevel.COMMUNE
    party = make_org("Tỉnh ủy Lâm Đồng", OrgKind.PARTY_COMMITTEE, P, None, province)
    board = make_org(
        "Ban Tuyên giáo và Dân vận Tỉnh ủy", OrgKind.PROPAGANDA_BOARD, P, party, province
    )
    front = make_org(
        "Ủy ban MTTQ Việt Nam tỉnh Lâm Đồng", OrgKind.FATHERLAND_FRONT, P, party, province
    )
    press = make_org(
        "Báo và Phát thanh, Truyền hình Lâm Đồng", OrgKind.MEDIA_AGENCY, P, party, province
    )
    front_a = make_org(
        "Ủy ban MTTQ Việt Nam xã Hàm Thuận", OrgKind.FATHERLAND_FRONT, C, front, unit_a
    )
    youth_a = make_org(
        "Đoàn TNCS Hồ Chí Minh xã Hàm Thuận", OrgKind.YOUTH_UNION, C, front_a, unit_a
    )
    front_b = make_org(
        "Ủy ban MTTQ Việt Nam phường Phan Thiết", OrgKind.FATHERLAND_FRONT, C, front, unit_b
    )
    youth_b = make_org(
        "Đoàn TNCS Hồ Chí Minh phường Phan Thiết", OrgKind.YOUTH_UNION, C, front_b, unit_b
    )
    users = {
        "quantri": make_user("quantri", (party, Role.SYSTEM_ADMIN), full_name="Quản trị hệ thống"),
        "tinh.tuyengiao": make_user(
            "tinh.tuyengiao", (board, Role.LEADER), full_name="Trần Thị Tuyên"
        ),
        "tinh.mttq": make_user(
            "tinh.mttq", (front, Role.VERIFIER), (front, Role.LEADER), full_name="Lê Văn Mặt"
        ),
        "xa.mttq": make_user(
            "xa.mttq", (front_a, Role.VERIFIER), (front_a, Role.LEADER), full_name="Phạm Thị Xã"
        ),
        "xa.doan": make_user("xa.doan", (youth_a, Role.REPORTER), full_name="Nguyễn Văn Đoàn"),
        "xab.doan": make_user("xab.doan", (youth_b, Role.REPORTER), full_name="Võ Thị Bê"),
        "bao.bientap": make_user("bao.bientap", (press, Role.EDITOR), full_name="Đặng Văn Báo"),
        "xa.quantri": make_user(
            "xa.quantri", (front_a, Role.ORG_ADMIN), full_name="Huỳnh Văn Quản"
        ),
    }
    return World(
        province,
        unit_a,
        unit_b,
        party,
        board,
        front,
        press,
        front_a,
        youth_a,
        front_b,
        youth_b,
        users,
    )
