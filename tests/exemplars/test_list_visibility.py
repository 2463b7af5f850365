"""The record list as a union of visibility parts returns exactly what the single
"own tree OR shared" condition returned, for every persona and filter (issue 15)."""

from __future__ import annotations

import datetime
import itertools
from typing import Any

import pytest
from django.db.models import Q
from django.utils import timezone

from lantoa.core.errors import NotFound
from lantoa.exemplars import services
from lantoa.exemplars.access import visible_records_q
from lantoa.exemplars.models import Movement, PriorityGroup, Record, RecordState, Sector
from lantoa.exemplars.selectors import RecordFilters, get_record_for, record_list
from lantoa.exemplars.workflow import SHAREABLE_STATES
from lantoa.search.records import matching_record_ids_q
from tests.exemplars.helpers import report, step
from tests.personas import World

PERSONAS = (
    "quantri", "tinh.tuyengiao", "tinh.mttq", "xa.mttq", "xa.doan", "xab.doan",
    "bao.bientap", "xa.quantri",
)  # fmt: skip


@pytest.fixture
def catalogue() -> dict[str, Any]:
    return {
        "group": PriorityGroup.objects.create(code="test-youth", name="Thanh thiếu niên"),
        "sector": Sector.objects.create(code="test-safety", name="An ninh trật tự"),
        "movement": Movement.objects.create(name="Dân vận khéo"),
    }


@pytest.fixture
def spread(world: World, catalogue: dict[str, Any]) -> list[Record]:
    """Records in every reachable state in both communes, some overdue, some with a field,
    a movement or a young subject, some created at the very same instant."""
    young = services.SubjectInput(
        full_name="Trần Văn Bình", birth_year=2001, priority_group=catalogue["group"]
    )
    made: list[Record] = []
    for username, verifier in (("xa.doan", "xa.mttq"), ("xab.doan", None)):
        reported = report(world, username, title="Mới", sector=catalogue["sector"])
        returned = report(world, username, title="Trả lại", new_subject=young)
        verified = report(world, username, title="Xác minh", movement=catalogue["movement"])
        proposed = report(world, username, title="Đề nghị", kind="good_practice")
        rejected = report(world, username, title="Không xác nhận")
        made += [reported, returned, verified, proposed, rejected]
        if verifier is None:
            # The second commune's front has no persona: its records move by update, as
            # the states alone decide visibility.
            for record, state in (
                (returned, RecordState.RETURNED),
                (verified, RecordState.VERIFIED),
                (proposed, RecordState.PROPOSED),
                (rejected, RecordState.REJECTED),
            ):
                Record.objects.filter(pk=record.pk).update(state=state)
            continue
        step(world, returned, verifier, "return", note="Cần thêm ảnh.")
        step(world, verified, verifier, "verify")
        step(world, proposed, verifier, "verify")
        step(world, proposed, verifier, "propose")
        step(world, rejected, verifier, "reject", note="Không đúng sự thật.")
    past = timezone.now() - datetime.timedelta(days=2)
    Record.objects.filter(title__in=["Mới", "Đề nghị"]).update(due_at=past)
    # Ties on the sort key: the id decides.
    same = timezone.now() - datetime.timedelta(days=1)
    Record.objects.filter(title__in=["Xác minh", "Trả lại"]).update(created_at=same)
    return made


def _before(actor: Any, f: RecordFilters) -> list[int]:
    """The list as it was written before the union: one condition, OR-ed."""
    qs = Record.objects.filter(visible_records_q(actor))
    if f.org is not None:
        qs = qs.filter(org_path__startswith=f.org.path)
    for name, value in (
        ("state", f.state),
        ("kind", f.kind),
        ("subject__priority_group_id", f.priority_group),
        ("sector_id", f.sector),
        ("movement_id", f.movement),
    ):
        if value:
            qs = qs.filter(**{name: value})
    if f.overdue:
        qs = qs.filter(due_at__lt=timezone.now())
    if f.q:
        qs = qs.filter(matching_record_ids_q(f.q))
    return list(qs.order_by("-created_at", "-id").values_list("pk", flat=True))


def _filters(world: World, catalogue: dict[str, Any]) -> list[RecordFilters]:
    chosen = [RecordFilters(state=state) for state in RecordState.values]
    chosen += [
        RecordFilters(),
        RecordFilters(kind="good_practice"),
        RecordFilters(overdue=True),
        RecordFilters(priority_group=catalogue["group"].pk),
        RecordFilters(sector=catalogue["sector"].pk),
        RecordFilters(movement=catalogue["movement"].pk),
        RecordFilters(q="xac minh"),
    ]
    for org in (world.youth_a, world.front_a, world.youth_b, world.front):
        chosen += [RecordFilters(org=org), RecordFilters(org=org, state="reported")]
        chosen.append(RecordFilters(org=org, state="verified", overdue=False))
    return chosen


def test_every_persona_lists_exactly_what_the_single_condition_listed(
    world: World, catalogue: dict[str, Any], spread: list[Record]
) -> None:
    checked = 0
    for username, wanted in itertools.product(PERSONAS, _filters(world, catalogue)):
        actor = world.user(username)
        got = [r.pk for r in record_list(actor, wanted)]
        assert got == _before(actor, wanted), (username, wanted)
        checked += bool(got)
    assert checked > 50  # not a comparison of empty lists


def test_a_commune_reporter_sees_the_shared_records_of_another_tree_and_not_the_rest(
    world: World, spread: list[Record]
) -> None:
    actor = world.user("xa.doan")
    listed = {r.pk for r in record_list(actor)}
    other_tree = [r for r in spread if r.org_id == world.youth_b.pk]

    for record in Record.objects.filter(pk__in=[r.pk for r in other_tree]):
        if record.state in SHAREABLE_STATES:
            assert record.pk in listed
            assert get_record_for(actor, record.pk).pk == record.pk
        else:
            assert record.pk not in listed
            with pytest.raises(NotFound):
                get_record_for(actor, record.pk)
    own = {r.pk for r in spread if r.org_id == world.youth_a.pk}
    assert own <= listed  # every state of the own tree, rejected included


def test_a_shared_state_lists_every_tree_and_a_private_state_only_the_own(
    world: World, spread: list[Record]
) -> None:
    actor = world.user("xa.mttq")

    verified = {r.org_id for r in record_list(actor, RecordFilters(state="verified"))}
    reported = {r.org_id for r in record_list(actor, RecordFilters(state="reported"))}

    assert verified == {world.youth_a.pk, world.youth_b.pk}
    assert reported == {world.youth_a.pk}


def test_a_page_reads_each_part_s_keys_then_its_rows_by_id(
    world: World, spread: list[Record]
) -> None:
    """The deferred join: each part reads only the sort keys of the page (no join, its own
    ORDER BY and LIMIT), then one query reads the page's rows by id; the capped count
    counts each part without ORDER BY."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    actor = world.user("xa.doan")
    list(record_list(actor))  # the grants are cached per request
    parts = len(record_list(actor).parts)
    with CaptureQueriesContext(connection) as ctx:
        rows = list(record_list(actor)[:50])
        count = record_list(actor).order_by()[:1001].count()

    # SQLite first looks for a subtree's page among the newest records (decision 129):
    # here, with a handful of records, that window does not hold a full page.
    window = '+"exemplars_record"."org_path"'
    tried = [q["sql"] for q in ctx.captured_queries if window in q["sql"]]
    assert len(tried) == (1 if connection.vendor == "sqlite" else 0)
    # The records' write stamp (decision 159), read by the count: nothing is kept under
    # it yet. The rows as records (not values) are never kept.
    stamp = "FROM exemplars_record_stamp"
    assert sum(stamp in q["sql"] for q in ctx.captured_queries) == 1
    sql = [
        q["sql"] for q in ctx.captured_queries if window not in q["sql"] and stamp not in q["sql"]
    ]
    assert parts >= 2 and len(sql) == 2 * parts + 1
    keys, page, counts = sql[:parts], sql[parts], sql[parts + 1 :]
    for query in keys:
        assert "JOIN" not in query and "ORDER BY" in query and "LIMIT 50" in query
    assert "JOIN" in page and '"exemplars_record"."id" IN (' in page
    for query in counts:
        assert "COUNT(*)" in query and "LIMIT 1001" in query and "ORDER BY" not in query
    assert count == len(rows) == len(_before(actor, RecordFilters()))


def test_pages_of_the_merged_parts_are_the_newest_first_without_gaps(
    world: World, spread: list[Record]
) -> None:
    actor = world.user("xa.doan")
    everything = [r.pk for r in record_list(actor)]
    assert everything == _before(actor, RecordFilters())
    pages = [[r.pk for r in record_list(actor)[i : i + 2]] for i in range(0, len(everything), 2)]
    assert [pk for page in pages for pk in page] == everything
    assert record_list(actor)[len(everything) : len(everything) + 5].count() == 0
    assert record_list(actor)[1:3].count() == min(2, len(everything) - 1)
    assert record_list(actor)[0].pk == everything[0]


def test_a_person_without_a_role_in_the_registry_lists_nothing(world: World) -> None:
    from lantoa.accounts.models import User

    nobody = User.objects.create(username="khong.vai.tro", full_name="Không vai trò")
    report(world)

    assert list(record_list(nobody)) == []
    assert list(record_list(nobody, RecordFilters(state="verified"))) == []


def test_the_shared_index_names_the_shared_states() -> None:
    """The partial index of the shared states is written out in the model (the workflow
    table imports the models): it must list exactly the table's shared states."""
    (index,) = [i for i in Record._meta.indexes if i.name == "exm_record_shared_new"]

    assert index.condition == Q(state__in=sorted(SHAREABLE_STATES))
