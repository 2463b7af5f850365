"""Generated registry data on top of the national tree of `bench/generate.py`.

    300,000 subjects   Vietnamese names ("Nguyễn" ≈ 40 %, ~150 given names), birth years
                       1940–2015, 6 % collectives; each belongs to one commune
    1,000,000 records  reported by the commune Front committees, their mass organisations
                       and village Front committees; handled by the parent Front (the
                       province Front for a commune Front, and after a proposal); created
                       2014–2026 (more in later years), written in that order (ids
                       and the table's pages follow time, as a registry that fills over
                       the years has them); states as a registry that has run for years
                       has them: a recent backlog, mostly final states behind it;
                       the measured commune (`record_rows`' `measured`) holds at least
                       `floor_per_state` of them in each state, among the newest, so
                       its pages show the same number of distinct records at every
                       size from 100,000 up (a state with three records there would be
                       measured from the record caches, decision 215)

Rows are written with explicit ids in one transaction: `executemany` on SQLite, `COPY` on
PostgreSQL (psycopg's `cursor.copy`). `Subject.save()` and `Record.save()` are not called,
so the folded columns are filled here exactly as those methods fill them:
`folded_name = fold(full_name)`, `given_name_key` = its last word, and
`search_text = fold(title + summary + place + subject name)`. Folding distributes over a
space-joined concatenation, so each part is folded once and cached.

To load fast, secondary indexes (PostgreSQL) and the full-text triggers (SQLite) are
dropped during the load and recreated afterwards, exactly from their stored definitions;
on PostgreSQL foreign-key triggers are skipped for the load (`session_replication_role`),
the data being consistent by construction.
"""

from __future__ import annotations

import bisect
import datetime
import random
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.utils import timezone

from bench.bulk_load import FastLoad, write_rows
from bench.registry import DEFAULT_RECORDS
from lantoa.accounts.models import User
from lantoa.core.text import fold
from lantoa.demo.registry import TEMPLATES, random_name
from lantoa.exemplars.models import PriorityGroup, Record, RecordKind, RecordState, Sector, Subject
from lantoa.orgs.models import Membership, Organisation, OrgKind, OrgLevel, Role

SEED = 20140909
SUBJECTS_PER_RECORD = 0.3
START = datetime.datetime(2014, 1, 1, tzinfo=datetime.UTC)
PREFIX = "bench-reg-"

S = RecordState
RECORD_COLUMNS = [
    "id", "kind", "title", "summary", "story", "search_text", "deed_date", "place",
    "admin_unit_id", "sector_id", "movement_id", "source", "subject_id", "priority_group_id",
    "org_id", "org_path", "org_name", "handling_org_id", "previous_handling_org_id",
    "previous_state", "reporter_id", "state", "state_since", "due_at", "idempotency_key",
    "created_at", "updated_at",
]  # fmt: skip
SUBJECT_COLUMNS = [
    "id", "kind", "full_name", "folded_name", "given_name_key", "gender", "birth_year",
    "occupation", "priority_group_id", "admin_unit_id", "collective_kind", "collective_org_id",
    "phone", "email", "address", "org_id", "org_path", "merged_into_id", "created_by_id",
    "created_at",
]  # fmt: skip

# State shares by the record's age: young records wait, old ones are decided.
STATE_MIX: tuple[tuple[float, tuple[tuple[str, float], ...]], ...] = (
    (30, ((S.REPORTED, 35), (S.UNDER_VERIFICATION, 15), (S.RETURNED, 5), (S.REJECTED, 5),
          (S.VERIFIED, 25), (S.PROPOSED, 5), (S.NURTURING, 3), (S.RECOGNISED, 7))),
    (180, ((S.REPORTED, 3), (S.UNDER_VERIFICATION, 2), (S.RETURNED, 2), (S.REJECTED, 8),
           (S.VERIFIED, 45), (S.PROPOSED, 4), (S.NURTURING, 8), (S.RECOGNISED, 28))),
    (1e9, ((S.REPORTED, 0.3), (S.UNDER_VERIFICATION, 0.2), (S.RETURNED, 0.5), (S.REJECTED, 10),
           (S.VERIFIED, 50), (S.PROPOSED, 0.5), (S.NURTURING, 3.5), (S.RECOGNISED, 35))),
)  # fmt: skip
AREAS = tuple(f"thôn {i}" for i in range(1, 15)) + tuple(f"khu phố {i}" for i in range(1, 10))


@dataclass
class Commune:
    number: int
    unit_id: int | None
    front: tuple[int, str, str]  # (id, path, name)
    province_front: tuple[int, str, str]
    reporting: list[tuple[int, str, str]]  # organisations that report: (id, path, name)
    place: str = ""
    subjects: range = range(0)
    reporter_id: int = 0


@dataclass
class Tree:
    communes: list[Commune] = field(default_factory=list)
    by_province_front: dict[int, list[Commune]] = field(default_factory=dict)


def check_columns() -> None:
    for model, columns in ((Record, RECORD_COLUMNS), (Subject, SUBJECT_COLUMNS)):
        actual = [f.column for f in model._meta.concrete_fields]
        if actual != columns:
            raise SystemExit(
                f"bench/registry_generate.py is out of date for {model.__name__}: {actual}"
            )


def load_tree() -> Tree:
    """The communes of the generated tree with their Front committees and reporting units."""
    rows = Organisation.objects.filter(valid_to__isnull=True).values_list(
        "id", "parent_id", "kind", "level", "path", "name", "admin_unit_id"
    )
    by_id = {r[0]: r for r in rows}
    children: dict[int, list[tuple[Any, ...]]] = {}
    for r in rows:
        if r[1] is not None:
            children.setdefault(r[1], []).append(r)
    tree = Tree()
    fronts = sorted(
        r for r in by_id.values()
        if r[2] == OrgKind.FATHERLAND_FRONT and r[3] == OrgLevel.COMMUNE
    )  # fmt: skip
    for number, r in enumerate(fronts, start=1):
        parent = by_id[r[1]]
        front = (r[0], r[4], r[5])
        reporting = [front] + [(c[0], c[4], c[5]) for c in children.get(r[0], [])]
        commune = Commune(number, r[6], front, (parent[0], parent[4], parent[5]), reporting)
        name = r[5].removeprefix("Ủy ban MTTQ ")  # "xã 123"
        commune.place = name
        tree.communes.append(commune)
        tree.by_province_front.setdefault(parent[0], []).append(commune)
    return tree


# --- text ---------------------------------------------------------------------------------


class Folder:
    """`fold` with a cache: names and places repeat."""

    def __init__(self) -> None:
        self.cache: dict[str, str] = {}

    def __call__(self, text: str) -> str:
        folded = self.cache.get(text)
        if folded is None:
            folded = self.cache[text] = fold(text)
        return folded


def text_pool(rng: random.Random, size: int = 4_000) -> list[tuple[str, str, str, str]]:
    """(kind, title, summary, folded "title summary") from the demo's templates."""
    pool = []
    for _ in range(size):
        template = rng.choice(TEMPLATES)
        given = random_name(rng, rng.choice(("male", "female"))).split()[-1]
        who = rng.choice(("anh", "chị", "ông", "bà", "em")) + " " + given
        values = {
            "who": who, "Who": who[:1].upper() + who[1:], "name": given, "area": rng.choice(AREAS),
            "spot": rng.choice(("chợ xã", "Quốc lộ 1", "bến xe", "trạm y tế xã")),
            "water": rng.choice(("sông", "hồ chứa nước", "biển")), "sea": "biển",
            "place": "xã", "n": rng.randint(3, 25), "k": rng.randint(2, 6),
            "times": rng.randint(10, 45), "money": f"{rng.randint(2, 40) * 500}.000",
        }  # fmt: skip
        title = template.title.format(**values)
        summary = template.summary.format(**values)
        pool.append((str(template.kind), title, summary, fold(f"{title} {summary}")))
    return pool


# --- time ---------------------------------------------------------------------------------


_DAYS: dict[int, str] = {}


def _date(day_number: int) -> str:
    """'YYYY-MM-DD' of a day counted from the epoch (cached: a few thousand distinct days)."""
    text = _DAYS.get(day_number)
    if text is None:
        text = _DAYS[day_number] = time.strftime("%Y-%m-%d", time.gmtime(day_number * 86400))
    return text


def _fmt(ts: float) -> str:
    """A UTC timestamp as Django stores it in SQLite (and PostgreSQL reads it in UTC)."""
    day, sec = divmod(int(ts), 86400)
    return f"{_date(day)} {sec // 3600:02d}:{sec // 60 % 60:02d}:{sec % 60:02d}"


def _day(ts: float) -> str:
    """The local (UTC+7) date of a timestamp."""
    return _date(int(ts + 7 * 3600) // 86400)


# --- rows ---------------------------------------------------------------------------------


def subject_rows(
    tree: Tree, total: int, rng: random.Random, folder: Folder, groups: Sequence[int], now_ts: float
) -> Iterator[tuple[Any, ...]]:
    per = total // len(tree.communes)
    extra = total - per * len(tree.communes)
    next_id = 1
    created = _fmt(now_ts)
    for i, commune in enumerate(tree.communes):
        count = per + (1 if i < extra else 0)
        commune.subjects = range(next_id, next_id + count)
        for pk in commune.subjects:
            org_id, org_path, _name = rng.choice(commune.reporting)
            if rng.random() < 0.06:
                name = (
                    f"{rng.choice(('Chi đoàn', 'Chi hội Phụ nữ', 'Tổ tự quản'))} "
                    f"{rng.choice(AREAS)} {commune.place}"
                )
                kind, gender, year = Subject.Kind.COLLECTIVE, "", None
                collective = name.split(" thôn")[0].split(" khu")[0]
            else:
                gender = rng.choice((Subject.Gender.MALE, Subject.Gender.FEMALE))
                name = random_name(rng, gender)
                kind, year, collective = Subject.Kind.INDIVIDUAL, rng.randint(1940, 2015), ""
            folded = folder(name)
            yield (
                pk,
                kind,
                name,
                folded,
                folded.rsplit(" ", 1)[-1],
                gender,
                year,
                "",
                rng.choice(groups),
                commune.unit_id,
                collective,
                None,
                "",
                "",
                "",
                org_id,
                org_path,
                None,
                None,
                created,
            )
        next_id += count


def record_rows(
    tree: Tree,
    total: int,
    rng: random.Random,
    folder: Folder,
    pool: list[tuple[str, str, str, str]],
    sectors: Sequence[int],
    names: dict[int, str],
    now_ts: float,
    groups: dict[int, int | None],
    measured: Commune | None = None,
) -> Iterator[tuple[Any, ...]]:
    """`groups`: each subject's priority group, copied onto its records as the services
    copy it (`Record.priority_group`). `measured`: the commune given `floor_per_state`
    records of each state among the newest quarter."""
    start_ts = START.timestamp()
    span = now_ts - start_ts
    day = 86400.0
    communes = tree.communes
    places = {c.number: folder(c.place) for c in communes}
    areas = [(area, folder(area)) for area in AREAS]
    mixes = [
        (limit, [str(s) for s, _w in mix], list(_cumulative([w for _s, w in mix])))
        for limit, mix in STATE_MIX
    ]
    reported, under, returned = str(S.REPORTED), str(S.UNDER_VERIFICATION), str(S.RETURNED)
    proposed, nurturing = str(S.PROPOSED), str(S.NURTURING)
    decided = {str(S.VERIFIED), str(S.RECOGNISED)}
    renewable = {str(RecordKind.IDEA), str(RecordKind.GOOD_PRACTICE)}
    rnd = rng.random  # random() and index arithmetic: randrange() costs several times more
    n_communes, n_pool, n_sectors, n_areas = len(communes), len(pool), len(sectors), len(areas)
    # A registry receives its reports day after day: the older a record, the smaller its
    # id and the earlier its table page. Drawn in random order, a search reading the newest
    # records read one table page per row, a page no real registry would scatter them on
    # (decision 195).
    times = sorted(start_ts + span * rnd() ** 0.6 for _ in range(total))
    forced = floor_positions(total, measured)
    for pk, created in enumerate(times, start=1):
        commune = communes[int(rnd() * n_communes)]
        floor_state = forced.get(pk)  # set only when there is a measured commune
        if floor_state is not None and measured is not None:
            commune = measured
        reporting = commune.reporting
        org_id, org_path, org_name = reporting[int(rnd() * len(reporting))]
        age = (now_ts - created) / day
        for limit, states, cum in mixes:
            if age < limit:
                state = states[bisect.bisect(cum, rnd() * cum[-1])]
                break
        if floor_state is not None:
            state = floor_state
        kind, title, summary, folded_text = pool[int(rnd() * n_pool)]
        if state == nurturing and kind not in renewable:
            kind = "good_practice"
        subjects = commune.subjects
        subject_id = subjects[int(rnd() * len(subjects))] if subjects else None
        area, folded_area = areas[pk % n_areas]
        place = f"{area}, {commune.place}"
        folded_place = f"{folded_area}, {places[commune.number]}"
        if subject_id is None:
            search_text = f"{folded_text} {folded_place}"
        else:
            search_text = f"{folded_text} {folded_place} {names[subject_id]}"
        # Handled by the parent Front; a commune Front's own reports and proposals go up.
        front_id = commune.front[0]
        province_front = commune.province_front[0]
        handling = province_front if org_id == front_id else front_id
        previous = None
        if state == reported:
            since = created
        else:
            since = min(now_ts - 60, created + (0.1 + 40 * rnd()) * day)
        moved_up = state == proposed or (state in decided and rnd() < 0.1)
        if moved_up and handling != province_front:
            previous, handling = handling, province_front
        due: str | None = None
        if state in (reported, under):
            due = _fmt(created + 14 * day)
        elif state == returned:
            due = _fmt(since + 14 * day)
        elif state == proposed:
            due = _fmt(since + 21 * day)
        elif state == nurturing:
            due = _fmt(since + (30 + 120 * rnd()) * day)
        since_s = _fmt(since)
        yield (
            pk, kind, title, summary, "", search_text, _day(created - 20 * rnd() * day), place,
            commune.unit_id, sectors[int(rnd() * n_sectors)], None, "officer", subject_id,
            None if subject_id is None else groups[subject_id], org_id, org_path, org_name,
            handling, previous, previous_state(state),
            commune.reporter_id, state, since_s, due, None, _fmt(created), since_s,
        )  # fmt: skip


def floor_per_state(total: int) -> int:
    """Records of each state the measured commune is given: 20 from 1,000 records up. Below,
    none: the few subjects of a tiny registry are spread over the nation's communes, and
    records moved to one commune would leave too few with a subject to publish."""
    return 20 if total >= 1_000 else 0


def floor_positions(total: int, measured: Commune | None) -> dict[int, str]:
    """The ids (1…total, oldest first) that go to the measured commune, with their state:
    every state in turn, spread over the newest quarter of the records."""
    if measured is None:
        return {}
    states = [str(s) for s in S.values]
    count = floor_per_state(total) * len(states)
    if not count:
        return {}
    step = max(1, total // 4 // count)
    return {total - i * step: states[i % len(states)] for i in range(min(count, total))}


def previous_state(state: str) -> str:
    """The state a record was in before this one, as `transition_record` stores it: a
    proposal comes from a verified record; any other decision from the report."""
    if state == S.REPORTED:
        return ""
    return str(S.VERIFIED) if state == S.PROPOSED else str(S.REPORTED)


def _cumulative(weights: Sequence[float]) -> Iterator[float]:
    total = 0.0
    for w in weights:
        total += w
        yield total


def generate(
    records: int = DEFAULT_RECORDS,
    log: Callable[[str], None] = print,
    measured_province_front: int | None = None,
) -> dict[str, Any]:
    """Write subjects, records and the benchmark actors; return the marker's content."""
    check_columns()
    rng = random.Random(SEED)
    folder = Folder()
    now_ts = timezone.now().timestamp()
    started = time.perf_counter()
    tree = load_tree()
    groups = list(PriorityGroup.objects.values_list("pk", flat=True)) or [None]
    sectors = list(Sector.objects.values_list("pk", flat=True)) or [None]
    log(f"  tree: {len(tree.communes):,} communes ({time.perf_counter() - started:.1f} s)")

    # One reporter per commune (records point at a real user), bulk-written.
    hash_free = "!bench"
    users = [
        User(
            username=f"{PREFIX}reporter-{c.number}",
            full_name=f"Cán bộ xã {c.number}",
            password=hash_free,
        )
        for c in tree.communes
    ]
    User.objects.bulk_create(users, batch_size=5_000)
    by_name = dict(
        User.objects.filter(username__startswith=f"{PREFIX}reporter-").values_list("username", "pk")
    )
    memberships = []
    for commune in tree.communes:
        commune.reporter_id = by_name[f"{PREFIX}reporter-{commune.number}"]
        org_id, org_path, _name = commune.reporting[1 if len(commune.reporting) > 1 else 0]
        memberships.append(
            Membership(
                user_id=commune.reporter_id,
                organisation_id=org_id,
                org_path=org_path,
                role=Role.REPORTER,
            )
        )
    Membership.objects.bulk_create(memberships, batch_size=5_000)

    # The measured actors, in the province the tree benchmark measures: the verifier of
    # its commune with the most reporting units, and the province Front's.
    fronts = tree.by_province_front
    province_front = (
        measured_province_front
        if measured_province_front in fronts
        else max(fronts, key=lambda f: (len(fronts[f]), -f))
    )
    commune = max(fronts[province_front], key=lambda c: (len(c.reporting), -c.number))

    subjects = int(records * SUBJECTS_PER_RECORD)
    pool = text_pool(rng)
    with FastLoad(["exemplars_record", "exemplars_subject"]):
        t0 = time.perf_counter()
        names: dict[int, str] = {}
        subject_groups: dict[int, int | None] = {}
        group_at = SUBJECT_COLUMNS.index("priority_group_id")

        def remember(rows: Iterator[tuple[Any, ...]]) -> Iterator[tuple[Any, ...]]:
            for row in rows:
                names[row[0]] = row[3]
                subject_groups[row[0]] = row[group_at]
                yield row

        n_subjects = write_rows(
            "exemplars_subject",
            SUBJECT_COLUMNS,
            remember(subject_rows(tree, subjects, rng, folder, groups, now_ts)),
        )
        log(f"  wrote {n_subjects:,} subjects in {time.perf_counter() - t0:.1f} s")
        t0 = time.perf_counter()
        n_records = write_rows(
            "exemplars_record",
            RECORD_COLUMNS,
            record_rows(
                tree, records, rng, folder, pool, sectors, names, now_ts, subject_groups, commune
            ),
        )
        log(f"  wrote {n_records:,} records in {time.perf_counter() - t0:.1f} s")
        t0 = time.perf_counter()
    log(f"  rebuilt indexes in {time.perf_counter() - t0:.1f} s")
    if connection.vendor == "postgresql":
        from django.core.management.color import no_style

        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), [Subject, Record]):
                cursor.execute(sql)

    communes = fronts[province_front]
    commune_verifier = _actor("commune-verifier", commune.front[0], commune.front[1])
    province_verifier = _actor("province-verifier", province_front, communes[0].province_front[1])
    log(f"  wrote everything in {time.perf_counter() - started:.1f} s")
    return {
        "records": n_records,
        "subjects": n_subjects,
        "province_front_id": province_front,
        "province_communes": len(communes),
        "commune_front_id": commune.front[0],
        "commune_unit_id": commune.unit_id,
        "commune_verifier_id": commune_verifier.pk,
        "province_verifier_id": province_verifier.pk,
        "seconds": round(time.perf_counter() - started, 1),
    }


def _actor(name: str, org_id: int, org_path: str) -> User:
    user = User(username=f"{PREFIX}{name}", full_name=name)
    user.set_unusable_password()
    user.save()
    Membership.objects.create(
        user=user, organisation_id=org_id, org_path=org_path, role=Role.VERIFIER
    )
    return user


def wipe() -> None:
    """Remove generated registry data (before generating again with another size)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("TRUNCATE exemplars_record, exemplars_subject CASCADE")
        else:
            for table in (
                "exemplars_recordstep",
                "exemplars_record",
                "exemplars_consent",
                "exemplars_sensitiveitem",
                "exemplars_subject",
            ):
                cursor.execute(f"DELETE FROM {table}")
    Membership.objects.filter(user__username__startswith=PREFIX).delete()
    User.objects.filter(username__startswith=PREFIX).delete()
