"""A generated national organisation tree: 34 provinces, 3,321 communes, ~100,000 organisations.

Shape (ids are assigned here, so every path is built in memory and written once):

    /1/                                   central Party committee (the only root)
    /1/P/                                 province Party committee            × 34
    /1/P/x/                               board, Front, youth, women, farmers,
                                          veterans, trade union, media, other  × 9 per province
    /1/P/C/                               commune Party committee             × 3,321
    /1/P/C/v/                             village Party cell                  × ~12 per commune
    /1/P/F/K/                             commune Front committee (under the province Front)
    /1/P/F/K/m/                           commune youth, women, farmers, veterans
    /1/P/F/K/w/                           village Front working committee     × ~12 per commune

That is 30 organisations per commune on average, 10 per province and one central root:
1 + 340 + 3,321 × 30 ≈ 100,000. About 2 % of village units are closed (valid_to set), as
after the 2025 mergers. Province and commune organisations point at generated AdminUnit
rows, so `select_related("admin_unit", "parent")` joins real rows.

Everything is written in one transaction together with the marker (see `run.py`): an
interrupted generation leaves nothing behind.
"""

from __future__ import annotations

import datetime
import random
import time
from dataclasses import dataclass, field
from typing import Any

from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone

from lantoa.accounts.models import User
from lantoa.core.text import fold
from lantoa.orgs.models import AdminUnit, Membership, Organisation, OrgKind, OrgLevel, Role

SEED = 20250701
PROVINCES = 34
COMMUNES = 3_321
VILLAGES_PER_COMMUNE = (10, 14)  # uniform, mean 12 → 6 + 2 × 12 = 30 organisations a commune
CLOSED_SHARE = 0.02
BATCH = 2_000
BENCH_USERNAME = "bench-verifier"

PROVINCE_CHILDREN = [
    (OrgKind.PROPAGANDA_BOARD, "Ban Tuyên giáo và Dân vận Tỉnh ủy"),
    (OrgKind.FATHERLAND_FRONT, "Ủy ban MTTQ Việt Nam tỉnh"),
    (OrgKind.YOUTH_UNION, "Tỉnh đoàn"),
    (OrgKind.WOMENS_UNION, "Hội Liên hiệp Phụ nữ tỉnh"),
    (OrgKind.FARMERS_ASSOCIATION, "Hội Nông dân tỉnh"),
    (OrgKind.VETERANS_ASSOCIATION, "Hội Cựu chiến binh tỉnh"),
    (OrgKind.TRADE_UNION, "Liên đoàn Lao động tỉnh"),
    (OrgKind.MEDIA_AGENCY, "Báo và Phát thanh, Truyền hình tỉnh"),
    (OrgKind.OTHER, "Hội Chữ thập đỏ tỉnh"),
]
COMMUNE_MASS_ORGS = [
    (OrgKind.YOUTH_UNION, "Đoàn Thanh niên xã"),
    (OrgKind.WOMENS_UNION, "Hội Phụ nữ xã"),
    (OrgKind.FARMERS_ASSOCIATION, "Hội Nông dân xã"),
    (OrgKind.VETERANS_ASSOCIATION, "Hội Cựu chiến binh xã"),
]


@dataclass
class Plan:
    units: list[AdminUnit] = field(default_factory=list)
    orgs: list[Organisation] = field(default_factory=list)
    # province number → (party committee, board, front, subtree size)
    provinces: dict[int, tuple[Organisation, Organisation, Organisation, int]] = field(
        default_factory=dict
    )


def _split(total: int, parts: int, rng: random.Random) -> list[int]:
    """`total` communes over `parts` provinces, uneven (weights 0.4–1.6) like the real map."""
    weights = [rng.uniform(0.4, 1.6) for _ in range(parts)]
    scale = total / sum(weights)
    sizes = [max(1, int(w * scale)) for w in weights]
    for i in range(total - sum(sizes)):
        sizes[i % parts] += 1
    return sizes


@dataclass
class _Node:
    name: str
    kind: str
    level: str
    parent: _Node | None
    unit: AdminUnit | None
    closed: bool
    depth: int
    obj: Organisation | None = None


def build_plan(seed: int = SEED) -> Plan:
    """Lay the tree out, then number it level by level (the central root, the provinces, their
    boards, the communes, ...), the order in which an import creates it: ids and paths look
    like production ones, e.g. province Party committees are /1/2/ to /1/35/."""
    rng = random.Random(seed)
    established = datetime.date(2025, 7, 1)
    plan = Plan()
    nodes: list[_Node] = []
    next_unit = 1

    def org(
        name: str,
        kind: str,
        level: str,
        parent: _Node | None,
        unit: AdminUnit | None,
        closed: bool = False,
    ) -> _Node:
        depth = parent.depth + 1 if parent is not None else 1
        node = _Node(name, kind, level, parent, unit, closed, depth)
        nodes.append(node)
        return node

    def unit(
        name: str, level: str, code: str, division: str, parent: AdminUnit | None
    ) -> AdminUnit:
        nonlocal next_unit
        obj = AdminUnit(
            id=next_unit,
            scheme=AdminUnit.Scheme.CURRENT,
            level=level,
            code=code,
            name=name,
            division_type=division,
            folded_name=fold(name),
            parent_id=parent.pk if parent is not None else None,
            valid_from=established,
        )
        next_unit += 1
        plan.units.append(obj)
        return obj

    provinces: dict[int, tuple[_Node, _Node, _Node, int]] = {}
    central = org("Ban Chấp hành Trung ương", OrgKind.PARTY_COMMITTEE, OrgLevel.CENTRAL, None, None)
    commune_no = 0
    for p, n_communes in enumerate(_split(COMMUNES, PROVINCES, rng), start=1):
        province_unit = unit(f"Tỉnh số {p}", AdminUnit.Level.PROVINCE, f"{p:02d}", "Tỉnh", None)
        before = len(nodes)
        committee = org(
            f"Tỉnh ủy số {p}", OrgKind.PARTY_COMMITTEE, OrgLevel.PROVINCE, central, province_unit
        )
        children = {
            kind: org(f"{label} số {p}", kind, OrgLevel.PROVINCE, committee, province_unit)
            for kind, label in PROVINCE_CHILDREN
        }
        front = children[OrgKind.FATHERLAND_FRONT]
        for _ in range(n_communes):
            commune_no += 1
            c = commune_no
            cu = unit(f"Xã số {c}", AdminUnit.Level.COMMUNE, f"{c:05d}", "Xã", province_unit)
            party = org(f"Đảng ủy xã {c}", OrgKind.PARTY_COMMITTEE, OrgLevel.COMMUNE, committee, cu)
            cfront = org(
                f"Ủy ban MTTQ xã {c}", OrgKind.FATHERLAND_FRONT, OrgLevel.COMMUNE, front, cu
            )
            for kind, label in COMMUNE_MASS_ORGS:
                org(f"{label} {c}", kind, OrgLevel.COMMUNE, cfront, cu)
            for v in range(1, rng.randint(*VILLAGES_PER_COMMUNE) + 1):
                closed = rng.random() < CLOSED_SHARE
                org(
                    f"Chi bộ thôn {v} xã {c}",
                    OrgKind.PARTY_COMMITTEE,
                    OrgLevel.VILLAGE,
                    party,
                    cu,
                    closed,
                )
                org(
                    f"Ban công tác Mặt trận thôn {v} xã {c}",
                    OrgKind.FATHERLAND_FRONT,
                    OrgLevel.VILLAGE,
                    cfront,
                    cu,
                    closed,
                )
        provinces[p] = (committee, children[OrgKind.PROPAGANDA_BOARD], front, len(nodes) - before)

    now = timezone.now()
    closed_on = datetime.date(2025, 6, 30)
    # Breadth-first numbering: a parent always gets its id (and path) before its children.
    for pk, node in enumerate(sorted(nodes, key=lambda n: n.depth), start=1):
        parent = node.parent.obj if node.parent is not None else None
        path = f"{parent.path}{pk}/" if parent is not None else f"/{pk}/"
        node.obj = Organisation(
            id=pk,
            name=node.name,
            folded_name=fold(node.name),
            kind=node.kind,
            level=node.level,
            admin_unit_id=node.unit.pk if node.unit is not None else None,
            parent_id=parent.pk if parent is not None else None,
            path=path,
            depth=node.depth,
            valid_from=established,
            valid_to=closed_on if node.closed else None,
            created_at=now,
        )
        plan.orgs.append(node.obj)
    for p, (committee, board, front, size) in provinces.items():
        assert committee.obj and board.obj and front.obj
        plan.provinces[p] = (committee.obj, board.obj, front.obj, size)
    return plan


def pick_province(plan: Plan, target: int = 3_000) -> int:
    """The province whose subtree is closest to `target` organisations (a mid-size one)."""
    return min(plan.provinces, key=lambda p: (abs(plan.provinces[p][3] - target), p))


def generate(log: Any = print) -> dict[str, Any]:
    """Write the tree and the benchmark user; return what `run.py` stores as the marker."""
    started = time.perf_counter()
    plan = build_plan()
    log(f"  planned {len(plan.orgs):,} organisations in {time.perf_counter() - started:.1f} s")
    number = pick_province(plan)
    committee, board, _front, size = plan.provinces[number]
    with transaction.atomic():
        AdminUnit.objects.bulk_create(plan.units, batch_size=BATCH)
        Organisation.objects.bulk_create(plan.orgs, batch_size=BATCH)
        if connection.vendor == "postgresql":
            # Explicit ids leave the sequences behind; later inserts must not collide.
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), [AdminUnit, Organisation]):
                    cursor.execute(sql)
        user = User(username=BENCH_USERNAME, full_name="Bench verifier")
        user.set_unusable_password()
        user.save()
        # A verifier of the province's propaganda board reads the whole Party-committee subtree
        # (access.BOARD_WATCH_ROLES), so the selector's scope equals "the province".
        Membership.objects.create(
            user=user, organisation=board, org_path=board.path, role=Role.VERIFIER
        )
    log(
        f"  wrote {len(plan.units):,} units and {len(plan.orgs):,} organisations "
        f"in {time.perf_counter() - started:.1f} s"
    )
    return {
        "organisations": len(plan.orgs),
        "units": len(plan.units),
        "province": number,
        "province_root_id": committee.pk,
        "province_subtree": size,
        "user_id": user.pk,
    }


def analyze() -> None:
    """Planner statistics, as autovacuum (PostgreSQL) or `PRAGMA optimize` (SQLite) keep them."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
