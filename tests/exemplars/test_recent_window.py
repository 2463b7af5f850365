"""SQLite: an unfiltered list's subtree looks for its page among the newest records first
(`selectors._recent_keys`, decision 129): the same rows in the same order as its range,
whether the window holds the page or not."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lantoa.exemplars import selectors
from lantoa.exemplars.access import visible_records_q
from lantoa.exemplars.models import Record
from lantoa.exemplars.selectors import RecordFilters, record_list
from tests.exemplars.helpers import report
from tests.personas import World

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="PostgreSQL weighs the path range itself"
)


@pytest.fixture
def records(world: World) -> list[Record]:
    """Commune A's four newest records, then commune B's eight, then A's four oldest."""
    now = timezone.now()
    made = [report(world, "xa.doan", title=f"A{i}") for i in range(4)]
    made += [report(world, "xab.doan", title=f"B{i}") for i in range(8)]
    made += [report(world, "xa.doan", title=f"A{i + 4}") for i in range(4)]
    for age, record in enumerate(made):
        Record.objects.filter(pk=record.pk).update(created_at=now - datetime.timedelta(hours=age))
    return made


def _expected(actor, cut: slice) -> list[int]:
    visible = Record.objects.filter(visible_records_q(actor)).order_by("-created_at", "-id")
    return list(visible.values_list("pk", flat=True)[cut])


def _page(actor, cut: slice) -> tuple[list[int], list[str]]:
    with CaptureQueriesContext(connection) as queries:
        found = [r.pk for r in record_list(actor)[cut]]
    return found, [q["sql"] for q in queries if "exemplars_record" in q["sql"]]


def test_a_page_found_among_the_newest_reads_no_range(world: World, records, monkeypatch):
    monkeypatch.setattr(selectors, "RECENT_PER_ROW", 1)  # the window: the page's end
    actor = world.user("xa.mttq")
    assert record_list(actor).recent_roots == [world.front_a.path, ""]
    found, queries = _page(actor, slice(0, 4))
    assert found == _expected(actor, slice(0, 4)) == [r.pk for r in records[:4]]
    walked = [q for q in queries if '+"exemplars_record"."org_path"' in q]
    assert len(walked) == 1
    # The window, the shared part, the rows: the subtree's range is not read.
    assert len(queries) == 3


def test_a_page_not_all_among_the_newest_falls_back_to_the_range(
    world: World, records, monkeypatch
) -> None:
    monkeypatch.setattr(selectors, "RECENT_PER_ROW", 1)
    actor = world.user("xa.mttq")
    found, queries = _page(actor, slice(0, 6))
    assert found == _expected(actor, slice(0, 6))
    assert [r.pk for r in records[12:14]] == found[4:6]  # A's older ones, past B's
    assert len(queries) == 4  # the window, then the range, the shared part, the rows
    found, _queries = _page(actor, slice(3, 8))
    assert found == _expected(actor, slice(3, 8))


def test_a_far_page_or_a_filtered_list_reads_no_window(world: World, records, monkeypatch):
    actor = world.user("xa.mttq")
    monkeypatch.setattr(selectors, "RECENT_MAX_WINDOW", 3 * selectors.RECENT_PER_ROW)
    found, queries = _page(actor, slice(0, 4))
    assert found == _expected(actor, slice(0, 4))
    assert not [q for q in queries if '+"exemplars_record"."org_path"' in q]
    assert record_list(actor, RecordFilters(kind="good_deed")).recent_roots == []
    assert record_list(actor, where=Q(pk__gt=0)).recent_roots == []
