"""Demo data: the organisation tree of today's Lâm Đồng and its demo logins.

`seed_demo()` is idempotent: units come from the (idempotent) units import, organisations
are got-or-created by (parent, name), users by username, memberships by (user,
organisation, role) among active ones. It refuses to run in production. The tree and the
logins are described in docs/demo-data.md; `tests/personas.py` is the same shape in
miniature.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils.translation import gettext as _

from lantoa.accounts.models import User
from lantoa.core.text import fold
from lantoa.orgs.models import (
    AdminUnit,
    Membership,
    Organisation,
    OrgKind,
    OrgLevel,
    Role,
)
from lantoa.orgs.units_import import LEGACY_VALID_TO, ImportSummary, import_units

DEMO_PASSWORD = "LanToa@2025"
EMAIL_DOMAIN = "lantoa.local"
CLOSED_ON = LEGACY_VALID_TO  # the last day of the pre-2025 organisations

PROVINCE_NAME = "Tỉnh Lâm Đồng"
LEGACY_PROVINCE_NAME = "Tỉnh Bình Thuận"
LEGACY_DISTRICT_NAME = "Huyện Hàm Thuận Bắc"

# Current communes of Lâm Đồng with a Front committee in the demo. The first one (formerly
# Ma Lâm, Thuận Minh and Hàm Đức in Hàm Thuận Bắc district) gets village branches and most
# logins; the second (formerly three wards of Phan Thiết city) gets `xab.doan`. Then the
# rest of former Bình Thuận, old Lâm Đồng (Đà Lạt) and former Đắk Nông (Gia Nghĩa).
DEMO_COMMUNES: tuple[str, ...] = (
    "Xã Hàm Thuận",
    "Phường Phan Thiết",
    "Xã Hàm Thuận Bắc",
    "Phường La Gi",
    "Đặc khu Phú Quý",
    "Phường Xuân Hương - Đà Lạt",
    "Phường Bắc Gia Nghĩa",
)
FIRST_COMMUNE, SECOND_COMMUNE = DEMO_COMMUNES[0], DEMO_COMMUNES[1]

PARTY = "Tỉnh ủy Lâm Đồng"
BOARD = "Ban Tuyên giáo và Dân vận Tỉnh ủy Lâm Đồng"
FRONT = "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Lâm Đồng"
PRESS = "Báo và Phát thanh, Truyền hình Lâm Đồng"
LEGACY_PARTY = "Tỉnh ủy Bình Thuận"

PROVINCE_MASS_ORGS: tuple[tuple[str, str], ...] = (
    ("Tỉnh Đoàn Lâm Đồng", OrgKind.YOUTH_UNION),
    ("Hội Liên hiệp Phụ nữ tỉnh Lâm Đồng", OrgKind.WOMENS_UNION),
    ("Hội Nông dân tỉnh Lâm Đồng", OrgKind.FARMERS_ASSOCIATION),
    ("Hội Cựu chiến binh tỉnh Lâm Đồng", OrgKind.VETERANS_ASSOCIATION),
    ("Liên đoàn Lao động tỉnh Lâm Đồng", OrgKind.TRADE_UNION),
    ("Liên hiệp các Hội Văn học nghệ thuật tỉnh Lâm Đồng", OrgKind.OTHER),
)
# (name prefix, kind) of the organisations under each commune Front committee.
COMMUNE_MASS_ORGS: tuple[tuple[str, str], ...] = (
    ("Đoàn TNCS Hồ Chí Minh", OrgKind.YOUTH_UNION),
    ("Hội Liên hiệp Phụ nữ", OrgKind.WOMENS_UNION),
    ("Hội Nông dân", OrgKind.FARMERS_ASSOCIATION),
    ("Hội Cựu chiến binh", OrgKind.VETERANS_ASSOCIATION),
)
# Village branches of the first commune: (parent kind, name, kind).
VILLAGE_BRANCHES: tuple[tuple[str, str, str], ...] = (
    (OrgKind.YOUTH_UNION, "Chi đoàn thôn Phú Điền", OrgKind.YOUTH_UNION),
    (OrgKind.WOMENS_UNION, "Chi hội Phụ nữ thôn Phú Điền", OrgKind.WOMENS_UNION),
)


@dataclass(frozen=True)
class DemoLogin:
    username: str
    full_name: str
    grants: tuple[tuple[str, str, str], ...]  # (organisation ref, role, position)
    superuser: bool = False

    @property
    def email(self) -> str:
        return f"{self.username}@{EMAIL_DOMAIN}"


def front_ref(commune: str) -> str:
    return f"front:{commune}"


def mass_ref(kind: str, commune: str) -> str:
    return f"{kind}:{commune}"


DEMO_LOGINS: tuple[DemoLogin, ...] = (
    DemoLogin(
        "quantri",
        "Nguyễn Minh Quân",
        (("party", Role.SYSTEM_ADMIN, "Quản trị hệ thống"),),
        superuser=True,
    ),
    DemoLogin("tinh.tuyengiao", "Trần Thị Thu Hà", (("board", Role.LEADER, "Phó Trưởng ban"),)),
    DemoLogin(
        "tinh.mttq",
        "Lê Văn Hùng",
        (("front", Role.VERIFIER, "Phó Chủ tịch"), ("front", Role.LEADER, "Phó Chủ tịch")),
    ),
    DemoLogin(
        "xa.mttq",
        "Phạm Thị Lan",
        (
            (front_ref(FIRST_COMMUNE), Role.VERIFIER, "Chủ tịch"),
            (front_ref(FIRST_COMMUNE), Role.LEADER, "Chủ tịch"),
        ),
    ),
    DemoLogin(
        "xa.doan",
        "Nguyễn Văn Phúc",
        ((mass_ref(OrgKind.YOUTH_UNION, FIRST_COMMUNE), Role.REPORTER, "Bí thư Đoàn xã"),),
    ),
    DemoLogin(
        "xab.doan",
        "Võ Thị Bích Ngọc",
        ((mass_ref(OrgKind.YOUTH_UNION, SECOND_COMMUNE), Role.REPORTER, "Phó Bí thư Đoàn phường"),),
    ),
    DemoLogin("bao.bientap", "Đặng Quốc Bảo", (("press", Role.EDITOR, "Biên tập viên"),)),
    DemoLogin(
        "xa.quantri",
        "Huỳnh Văn Quang",
        ((front_ref(FIRST_COMMUNE), Role.ORG_ADMIN, "Cán bộ văn phòng"),),
    ),
)


class DemoDataRefused(Exception):
    """Demo data must never be loaded into a production database."""


@dataclass
class SeedSummary:
    units: ImportSummary | None = None
    organisations_created: int = 0
    users_created: int = 0
    memberships_created: int = 0
    organisations: dict[str, Organisation] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return bool(
            (self.units is not None and self.units.changed)
            or self.organisations_created
            or self.users_created
            or self.memberships_created
        )


def ensure_not_production() -> None:
    if getattr(settings, "PRODUCTION", False):
        raise DemoDataRefused(
            _(
                "Refusing to load demo data in production (LANTOA_ENV=prod): it creates "
                "accounts with a published password."
            )
        )


def place_name(unit: AdminUnit) -> str:
    """ "Xã Hàm Thuận" → "xã Hàm Thuận", as it reads inside an organisation's name."""
    prefix = unit.division_type
    if prefix and fold(unit.name).startswith(fold(prefix) + " "):
        return prefix + unit.name[len(prefix) :]
    return unit.name


def _unit(scheme: str, level: str, name: str, parent: AdminUnit | None = None) -> AdminUnit:
    units = AdminUnit.objects.filter(scheme=scheme, level=level, folded_name=fold(name))
    if parent is not None:
        units = units.filter(parent=parent)
    return units.get()


class _Builder:
    def __init__(self, summary: SeedSummary) -> None:
        self.summary = summary
        self._password_hash = ""

    def password_hash(self) -> str:
        # One hash for all demo logins: the password is the same and published, and a
        # memory-hard hash costs about half a second each.
        if not self._password_hash:
            self._password_hash = make_password(DEMO_PASSWORD)
        return self._password_hash

    def org(
        self,
        ref: str,
        *,
        parent: Organisation | None,
        name: str,
        kind: str,
        level: str,
        unit: AdminUnit | None,
        valid_to: datetime.date | None = None,
        merged_into: Organisation | None = None,
    ) -> Organisation:
        siblings = (
            Organisation.objects.filter(parent=parent)
            if parent
            else Organisation.objects.filter(parent__isnull=True)
        )
        org = siblings.filter(name=name).first()
        if org is None:
            org = Organisation.objects.create_child(
                parent=parent,
                name=name,
                kind=kind,
                level=level,
                admin_unit=unit,
                valid_to=valid_to,
                merged_into=merged_into,
            )
            self.summary.organisations_created += 1
        self.summary.organisations[ref] = org
        return org

    def login(self, login: DemoLogin) -> User:
        user = User.objects.filter(username=login.username).first()
        if user is None:
            user = User(
                username=login.username,
                full_name=login.full_name,
                email=login.email,
                is_staff=login.superuser,
                is_superuser=login.superuser,
            )
            user.password = self.password_hash()
            user.save()
            self.summary.users_created += 1
        for ref, role, title in login.grants:
            org = self.summary.organisations[ref]
            _membership, created = Membership.objects.get_or_create(
                user=user,
                organisation=org,
                role=role,
                ended_at=None,
                defaults={"org_path": org.path, "title": title},
            )
            self.summary.memberships_created += int(created)
        return user


def seed_demo(*, import_admin_units: bool = True) -> SeedSummary:
    """Load the demo tree and logins (see docs/demo-data.md). Safe to run again."""
    ensure_not_production()
    summary = SeedSummary()
    if import_admin_units:
        summary.units = import_units(legacy_provinces=None)
    P, D, C, V = OrgLevel.PROVINCE, OrgLevel.DISTRICT, OrgLevel.COMMUNE, OrgLevel.VILLAGE
    with transaction.atomic():
        province = _unit(AdminUnit.Scheme.CURRENT, AdminUnit.Level.PROVINCE, PROVINCE_NAME)
        legacy_province = _unit(
            AdminUnit.Scheme.LEGACY, AdminUnit.Level.PROVINCE, LEGACY_PROVINCE_NAME
        )
        legacy_district = _unit(
            AdminUnit.Scheme.LEGACY,
            AdminUnit.Level.DISTRICT,
            LEGACY_DISTRICT_NAME,
            parent=legacy_province,
        )
        b = _Builder(summary)

        party = b.org(
            "party", parent=None, name=PARTY, kind=OrgKind.PARTY_COMMITTEE, level=P, unit=province
        )
        b.org(
            "board", parent=party, name=BOARD, kind=OrgKind.PROPAGANDA_BOARD, level=P, unit=province
        )
        front = b.org(
            "front", parent=party, name=FRONT, kind=OrgKind.FATHERLAND_FRONT, level=P, unit=province
        )
        b.org("press", parent=party, name=PRESS, kind=OrgKind.MEDIA_AGENCY, level=P, unit=province)
        for name, kind in PROVINCE_MASS_ORGS:
            b.org(f"{kind}:province", parent=front, name=name, kind=kind, level=P, unit=province)

        for commune_name in DEMO_COMMUNES:
            unit = _unit(
                AdminUnit.Scheme.CURRENT, AdminUnit.Level.COMMUNE, commune_name, parent=province
            )
            place = place_name(unit)
            b.org(
                f"party:{commune_name}",
                parent=party,
                name=f"Đảng ủy {place}",
                kind=OrgKind.PARTY_COMMITTEE,
                level=C,
                unit=unit,
            )
            commune_front = b.org(
                front_ref(commune_name),
                parent=front,
                name=f"Ủy ban MTTQ Việt Nam {place}",
                kind=OrgKind.FATHERLAND_FRONT,
                level=C,
                unit=unit,
            )
            for prefix, kind in COMMUNE_MASS_ORGS:
                b.org(
                    mass_ref(kind, commune_name),
                    parent=commune_front,
                    name=f"{prefix} {place}",
                    kind=kind,
                    level=C,
                    unit=unit,
                )
            if commune_name == FIRST_COMMUNE:
                for parent_kind, name, kind in VILLAGE_BRANCHES:
                    parent = summary.organisations[mass_ref(parent_kind, commune_name)]
                    b.org(
                        f"{kind}:village:{name}",
                        parent=parent,
                        name=name,
                        kind=kind,
                        level=V,
                        unit=unit,
                    )

        # Before 1 July 2025: Bình Thuận's organisations, closed, kept under the successor.
        legacy_party = b.org(
            "legacy:party",
            parent=party,
            name=LEGACY_PARTY,
            kind=OrgKind.PARTY_COMMITTEE,
            level=P,
            unit=legacy_province,
            valid_to=CLOSED_ON,
            merged_into=party,
        )
        legacy_front = b.org(
            "legacy:front",
            parent=legacy_party,
            name="Ủy ban MTTQ Việt Nam tỉnh Bình Thuận",
            kind=OrgKind.FATHERLAND_FRONT,
            level=P,
            unit=legacy_province,
            valid_to=CLOSED_ON,
        )
        b.org(
            "legacy:newspaper",
            parent=legacy_party,
            name="Báo Bình Thuận",
            kind=OrgKind.MEDIA_AGENCY,
            level=P,
            unit=legacy_province,
            valid_to=CLOSED_ON,
        )
        b.org(
            "legacy:radio_tv",
            parent=legacy_party,
            name="Đài Phát thanh và Truyền hình Bình Thuận",
            kind=OrgKind.MEDIA_AGENCY,
            level=P,
            unit=legacy_province,
            valid_to=CLOSED_ON,
        )
        b.org(
            "legacy:district_front",
            parent=legacy_front,
            name="Ủy ban MTTQ Việt Nam huyện Hàm Thuận Bắc",
            kind=OrgKind.FATHERLAND_FRONT,
            level=D,
            unit=legacy_district,
            valid_to=CLOSED_ON,
        )

        for login in DEMO_LOGINS:
            b.login(login)
    return summary


@dataclass(frozen=True)
class LoginLine:
    username: str
    full_name: str
    role: str
    organisation: str
    exists: bool


def demo_login_lines() -> list[LoginLine]:
    """One line per (demo login, active role), read from the database."""
    users = {
        u.username: u
        for u in User.objects.filter(username__in=[login.username for login in DEMO_LOGINS])
    }
    memberships: dict[int, list[Membership]] = {}
    for m in (
        Membership.objects.filter(user__in=users.values(), ended_at__isnull=True)
        .select_related("organisation")
        .order_by("pk")
    ):
        memberships.setdefault(m.user_id, []).append(m)
    lines = []
    for login in DEMO_LOGINS:
        user = users.get(login.username)
        if user is None:
            lines.append(LoginLine(login.username, login.full_name, "", "", exists=False))
            continue
        for m in memberships.get(user.pk, []):
            lines.append(
                LoginLine(
                    login.username,
                    user.full_name,
                    m.get_role_display(),
                    m.organisation.name,
                    exists=True,
                )
            )
    return lines
