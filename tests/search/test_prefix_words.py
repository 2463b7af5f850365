"""PostgreSQL writes a query's prefix as the lexemes it begins (`'thu' | 'thuy'`), read from
`search_record_word` (migration search 0006): the same records as `'thu':*`, and a word
is searchable as soon as the record holding it is written."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lantoa.exemplars.models import Record
from lantoa.exemplars.selectors import RecordFilters, record_list
from lantoa.search import records as search_records
from lantoa.search.records import RecordSearch, _tsquery_lexeme, matching_record_ids_q
from tests.personas import World
from tests.search.test_records import make_record

TITLES = (
    "Thư viện thôn mở cửa buổi tối",
    "Anh Thủy cứu thuyền bị lật",
    "Chị Thu giúp người già thu hoạch lúa",
    "Thuốc nam cho bà con xa",
    "Trang thuvien.vn của xã",  # a host name: one lexeme beginning with "thu"
    "Dọn rác bờ biển",
)
QUERIES = ("thu", "chi thu", "anh thu", "thuy", "thuo", "thuyen", "thuxyz", "rac bo bie", "cuu")


@pytest.fixture(autouse=True)
def postgresql_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's FTS5 reads its prefixes from its own index")


def _ids(query: str) -> list[int]:
    qs = Record.objects.filter(matching_record_ids_q(query)).order_by("-created_at", "-id")
    return list(qs.values_list("id", flat=True))


def test_a_prefix_is_spelled_as_the_lexemes_it_begins(world: World) -> None:
    for title in TITLES:
        make_record(world, title)
    spelled = RecordSearch("chi thu").prefix_lexemes(connection)
    assert spelled is not None
    lexemes = set(spelled.replace("'", "").split(" | "))
    assert lexemes == {"thu", "thuy", "thuyen", "thuoc", "thuvien.vn"}
    # A word beginning no lexeme is itself: in no record, like its prefix.
    assert RecordSearch("thuxyz").prefix_lexemes(connection) == "'thuxyz'"
    # A last word under three letters is no prefix, nor one with letters outside ASCII.
    assert RecordSearch("chi th").prefix_lexemes(connection) is None


def test_spelled_and_merged_prefixes_find_the_same_records(world: World, monkeypatch: Any) -> None:
    made = [make_record(world, title) for title in TITLES]
    spelled = {q: _ids(q) for q in QUERIES}
    monkeypatch.setattr(search_records, "PREFIX_WORDS_MAX", 0)  # every prefix stays `:*`
    merged = {q: _ids(q) for q in QUERIES}
    assert spelled == merged
    assert set(spelled["thu"]) == {r.pk for r in made[:5]}
    assert spelled["thuxyz"] == []


def test_too_many_lexemes_keep_the_prefix(world: World, monkeypatch: Any) -> None:
    made = [make_record(world, title) for title in TITLES]
    monkeypatch.setattr(search_records, "PREFIX_WORDS_MAX", 2)
    assert RecordSearch("thu").prefix_lexemes(connection) is None
    assert set(_ids("thu")) == {r.pk for r in made[:5]}


def test_a_word_is_searchable_as_soon_as_it_is_written(world: World) -> None:
    record = make_record(world, "Dọn rác bờ biển")
    assert _ids("thuyx") == []
    # Created, updated through a queryset, bulk-created: each new word found at once.
    created = make_record(world, "Sửa thuyxa cho ngư dân")
    assert _ids("thuyx") == [created.pk]
    Record.objects.filter(pk=record.pk).update(search_text="mot thuyxb moi")
    assert set(_ids("thuyx")) == {created.pk, record.pk}
    bulk = Record.objects.bulk_create([Record(**_fields_of(created, search_text="thuyxc"))])
    assert set(_ids("thuyx")) == {created.pk, record.pk, bulk[0].pk}


def _fields_of(record: Record, **changes: Any) -> dict[str, Any]:
    names = ("kind", "title", "summary", "org", "org_path", "org_name", "handling_org",
             "reporter", "state", "state_since")  # fmt: skip
    fields = {name: getattr(record, name) for name in names}
    fields.update(changes)
    return fields


def test_the_list_reads_the_lexemes_once_per_request(world: World, monkeypatch: Any) -> None:
    for title in TITLES:
        make_record(world, title, state="verified")
        make_record(world, title, commune="b", state="verified")
    actor = world.user("tinh.mttq")
    # The window cannot hold the page: the probe, then a plan per part, all with the prefix.
    monkeypatch.setitem(search_records.WINDOW_ROWS, connection.vendor, 1)
    for dense in (10_000, 1):  # the probe's ids, or many
        monkeypatch.setitem(search_records.DENSE_MATCHES, connection.vendor, dense)
        with CaptureQueriesContext(connection) as ctx:
            rows = record_list(actor, RecordFilters(q="thu"))
            page = [r.pk for r in rows[:3]]
            assert rows[:51].count() == 10
        reads = [q for q in ctx.captured_queries if "FROM search_record_word" in q["sql"]]
        assert len(reads) == 1
        assert page == _ids("thu")[:3]


@pytest.mark.parametrize("lexeme", ["a'b", "c\\d", "e''\\\\f", "thuvien.vn", "x y"])
def test_a_lexeme_is_quoted_as_it_is(db: None, lexeme: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT array_to_tsvector(ARRAY[%s]) @@ %s::tsquery, "
            "array_to_tsvector(ARRAY['other']) @@ %s::tsquery",
            [lexeme, _tsquery_lexeme(lexeme), _tsquery_lexeme(lexeme)],
        )
        assert cursor.fetchone() == (True, False)


def test_the_statistics_add_up_the_frequencies_of_the_lexemes_a_prefix_begins() -> None:
    """`_WordStats.prefix_frequency` (the estimate behind skipping the probe): every
    lexeme the prefix begins, whatever sorts next to them, and nothing else."""
    frequencies = {"th": 0.5, "thu": 0.1, "thuy": 0.02, "thuong": 0.04, "thv": 0.3, "tha": 0.2}
    stats = search_records._WordStats(1000.0, frequencies, 0.0)
    assert stats.prefix_frequency("thu") == pytest.approx(0.16)
    assert stats.prefix_frequency("th") == pytest.approx(1.16)
    assert stats.prefix_frequency("thuy") == pytest.approx(0.02)
    assert stats.prefix_frequency("thx") == 0.0
    assert stats.prefix_frequency("zz") == 0.0
    parsed = search_records.parse_query("tha thu")
    assert search_records._estimated_rows(stats, parsed) == pytest.approx(1000 * 0.2 * 0.16)
