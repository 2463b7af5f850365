"""Record search on the database's own engine (SQLite FTS5 here, PostgreSQL tsvector in CI).

Citizens and officers type with or without diacritics; whatever they type, the search must
find the same records and never fail on the engines' query syntax.
"""

from __future__ import annotations

import unicodedata
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from lantoa.exemplars.models import Record
from lantoa.exemplars.selectors import RecordFilters, record_list
from lantoa.search import records as search_records
from lantoa.search.records import matching_record_ids_q, parse_query
from lantoa.search.schema import ensure_record_index
from tests.personas import World

DROWNING = "Cứu người đuối nước ở hồ Sông Quao"


def make_record(world: World, title: str, *, commune: str = "a", **kwargs: Any) -> Record:
    org, front = (
        (world.youth_a, world.front_a) if commune == "a" else (world.youth_b, world.front_b)
    )
    fields: dict[str, Any] = {
        "kind": "good_deed",
        "title": title,
        "summary": "Một việc tốt được báo cáo.",
        "org": org,
        "org_path": org.path,
        "org_name": org.name,
        "handling_org": front,
        "reporter": world.user("xa.doan" if commune == "a" else "xab.doan"),
        "state": "reported",
        "state_since": timezone.now(),
    }
    fields.update(kwargs)
    return Record.objects.create(**fields)


def search(query: str) -> set[int]:
    return set(Record.objects.filter(matching_record_ids_q(query)).values_list("id", flat=True))


@pytest.fixture
def drowning(world: World) -> Record:
    return make_record(world, DROWNING, summary="Nguyễn Văn Ân lao xuống cứu hai em nhỏ.")


@pytest.fixture
def others(world: World) -> list[Record]:
    return [
        make_record(world, "Hiến đất làm đường giao thông nông thôn"),
        make_record(world, "Đội thanh niên tình nguyện dọn rác bờ biển"),
        make_record(world, "Nguyễn Văn Anh nhặt được ví trả người mất"),
    ]


def test_a_query_without_diacritics_finds_the_written_title(drowning: Record, others: Any) -> None:
    assert search("cuu nguoi duoi nuoc") == {drowning.id}


def test_a_name_typed_plainly_finds_the_name_in_the_summary(drowning: Record, others: Any) -> None:
    assert search("nguyen van an") >= {drowning.id}
    assert search("Nguyễn Văn Ân") >= {drowning.id}


def test_d_with_stroke_is_typed_as_d(world: World, others: list[Record]) -> None:
    youth = others[1]
    assert search("doi thanh nien") == {youth.id}
    assert search("ĐỘI THANH NIÊN") == {youth.id}


def test_decomposed_input_finds_the_same_records(drowning: Record, others: Any) -> None:
    assert search(unicodedata.normalize("NFD", "Cứu người đuối nước")) == {drowning.id}


def test_words_may_come_in_any_order(drowning: Record, others: Any) -> None:
    assert search("nuoc duoi nguoi cuu") == {drowning.id}
    assert search("quao song") == {drowning.id}


def test_every_word_must_occur(drowning: Record, others: Any) -> None:
    assert search("cuu nguoi duoi bien") == set()
    assert search("xylophone") == set()


def test_the_last_word_may_be_the_start_of_a_longer_one(drowning: Record, others: Any) -> None:
    assert search("cuu nguoi duoi nuo") == {drowning.id}
    # Earlier words are whole words: "cuu" is not "cu".
    assert search("cu nguoi") == set()


def test_a_last_word_shorter_than_three_letters_is_a_whole_word(
    drowning: Record, others: list[Record]
) -> None:
    # Two letters begin too many words (`vi`: việc, viên, Việt…) for the index to merge.
    assert search("cuu nguoi duoi nu") == set()
    assert search("nguyen van an") == {drowning.id}  # Ân, not Anh


def test_a_typed_name_finds_the_name_it_begins(
    world: World, drowning: Record, others: list[Record]
) -> None:
    anh = others[2]
    assert search("nguyen van anh") == {anh.id}
    assert search("Nguyễn Văn Ân") == {drowning.id}
    record = make_record(world, "Chị Nguyễn Thị Hương hiến máu")
    assert search("nguyen thi huo") == {record.id}


def test_place_and_subject_name_are_searched(world: World) -> None:
    record = make_record(world, "Nhường nhà cho hộ nghèo", place="Thôn Đồng Mới")
    assert search("dong moi") == {record.id}


def test_a_new_title_is_reindexed(drowning: Record) -> None:
    drowning.title = "Giúp đỡ cụ bà neo đơn"
    drowning.save()
    assert search("neo don") == {drowning.id}
    assert search("quao") == set()
    # The summary is unchanged and still found.
    assert search("hai em nho") == {drowning.id}


def test_a_save_that_does_not_change_the_text_keeps_it_found(drowning: Record) -> None:
    drowning.state = "verified"
    drowning.save()
    assert search("cuu nguoi") == {drowning.id}


def test_a_queryset_update_of_the_text_is_reindexed(drowning: Record) -> None:
    Record.objects.filter(pk=drowning.pk).update(search_text="mot cau chuyen khac")
    assert search("cau chuyen") == {drowning.id}
    assert search("cuu nguoi") == set()


def test_a_deleted_record_is_no_longer_found(drowning: Record, others: Any) -> None:
    drowning.delete()
    assert search("cuu nguoi duoi nuoc") == set()
    assert search("hien dat") == {others[0].id}


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '"cuu',
        'cuu"',
        'cuu "nguoi',
        "*",
        "cuu*",
        "*cuu",
        "OR",
        "cuu OR nguoi",
        "AND NOT",
        "NEAR(cuu nguoi)",
        "NEAR(",
        "-",
        "-cuu",
        "cuu -nguoi",
        "cuu:*",
        "'cuu'",
        "cuu & nguoi | !x",
        "search_text: cuu",
        "^cuu",
        "(cuu",
        "cuu + nguoi",
        "{cuu}",
        "cuu\\",
        "100% cuu_nguoi",
        "\x00",
        "   ",
        "đ" * 300,
        " ".join(["cuu"] * 50),
    ],
)
def test_query_syntax_in_the_input_is_never_an_error(drowning: Record, query: str) -> None:
    search(query)  # no exception


def test_operators_are_words_like_any_other(drowning: Record) -> None:
    assert search("cuu OR bien") == set()
    assert search("NEAR(cuu nguoi)") == set()  # "near" is a word the record lacks
    assert search("(cuu nguoi)") == {drowning.id}
    assert search("-cuu") == {drowning.id}
    assert search('"cuu nguoi"') == {drowning.id}
    assert search("cuu*") == {drowning.id}


def test_punctuation_only_matches_nothing(drowning: Record) -> None:
    assert search('" - *') == set()


def test_words_joined_by_punctuation_are_found(world: World) -> None:
    record = make_record(world, "Cứu-hộ an toàn giao thông")
    assert search("cuu-ho") == {record.id}
    assert search("cuu ho") == {record.id}


def test_parsing_keeps_alphanumeric_words_and_marks_the_prefix() -> None:
    parsed = parse_query('  Cứu "Người" - Đ ')
    assert parsed.words == ("cuu", '"nguoi"', "d")
    assert not parsed.prefix
    assert parse_query("cuu nguoi").fts5_match() == '"cuu" "nguoi"*'
    assert parse_query('a"b').fts5_match() == '"a""b"'
    assert parse_query("cuu nguoi").tsquery_parts() == ("cuu", "'nguoi':*")
    assert parse_query("cuu-nguoi").tsquery_parts() == ("cuu-nguoi", "")


# -- record_list ---------------------------------------------------------------------------


def test_record_list_searches_within_what_the_actor_may_see(world: World) -> None:
    a_draft = make_record(world, DROWNING, commune="a")
    a_verified = make_record(world, "Cứu người khi lũ về", commune="a", state="verified")
    b_draft = make_record(world, "Cứu người gặp nạn trên biển", commune="b")

    def found(username: str, q: str) -> set[int]:
        return {r.id for r in record_list(world.user(username), RecordFilters(q=q))}

    assert found("xab.doan", "cuu nguoi") == {a_verified.id, b_draft.id}
    assert found("xab.doan", "duoi nuoc") == set()
    assert found("xa.doan", "cuu nguoi") == {a_draft.id, a_verified.id}
    assert found("tinh.mttq", "cuu nguoi") == {a_draft.id, a_verified.id, b_draft.id}


def test_record_list_keeps_newest_first_and_other_filters(world: World) -> None:
    older = make_record(world, "Cứu người lần một")
    newer = make_record(world, "Cứu người lần hai")
    make_record(world, "Cứu người lần ba", state="verified")
    actor = world.user("xa.doan")
    listed = list(record_list(actor, RecordFilters(q="cuu nguoi", state="reported")))
    assert [r.id for r in listed] == [newer.id, older.id]


def test_record_list_with_a_blank_query_does_not_search(world: World, drowning: Record) -> None:
    assert list(record_list(world.user("xa.doan"), RecordFilters(q="   "))) == [drowning]


# -- plans -------------------------------------------------------------------------------


def _plan(qs: Any, *, plain_index_scans: bool = True) -> str:
    """The plan with scans of the whole (tiny) table ruled out. PostgreSQL's choice among
    indexes follows its statistics, which autovacuum or `analyze_database` may have
    gathered meanwhile: `plain_index_scans=False` leaves only bitmap scans, so a condition
    the full-text index can serve shows up as that index."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"SET LOCAL enable_indexscan = {'on' if plain_index_scans else 'off'}")
    return str(qs.explain())


@pytest.fixture
def engine_index() -> None:
    if connection.vendor not in {"sqlite", "postgresql"}:
        pytest.skip("no full-text index on this engine")


def test_the_few_matches_found_by_the_index_are_sorted(
    engine_index: None, world: World, drowning: Record, others: Any
) -> None:
    qs = Record.objects.filter(matching_record_ids_q("cuu nguoi")).order_by("-created_at")
    assert f"IN ({drowning.id})" in str(qs.query)
    plan = _plan(qs[:50])
    if connection.vendor == "postgresql":
        # The ids are looked up through an index condition, not found by walking the newest
        # records with a filter. Which index carries the id (the primary key, or the newest
        # index that covers it) follows the planner's statistics of the moment.
        assert "pkey" in plan or f"Index Cond: (id = {drowning.id})" in plan, plan
        assert "Filter" not in plan, plan
    else:
        assert "INTEGER PRIMARY KEY" in plan, plan


def test_many_matches_walk_the_newest_records(
    engine_index: None, world: World, drowning: Record, others: Any, monkeypatch: Any
) -> None:
    monkeypatch.setitem(search_records.DENSE_MATCHES, connection.vendor, 1)
    qs = Record.objects.filter(matching_record_ids_q("cuu nguoi")).order_by("-created_at", "-id")
    assert "search_record_newest" in _plan(qs[:50])
    # A count or a whole list reads the full-text index.
    plan = _plan(qs, plain_index_scans=False)
    assert "search_record_fts" in plan or "search_record_tsv" in plan


# Matches found through the index (few) and by the newest-first scan (many) must be the
# same rows.
PATH_QUERIES = [
    "cuu nguoi", "nguoi cuu", "nguyen van an", "nguyen van a", "nguyen van anh", "cuu-ho",
    "ho cuu", "cuu ho", "an", "anh", "nguoi", "ng", "duoi nuoc", "song quao", "thong",
    "thon dong", "cu", "d", "doi", "bo bien", 'a"b', "100", "hai em", "ho.", "10.5", "1",
    "ngu", "tha", "cuu ngu",
]  # fmt: skip


def test_both_plans_find_the_same_records(
    engine_index: None, world: World, monkeypatch: Any
) -> None:
    for title in [
        DROWNING,
        "Cứu-hộ an toàn giao thông thôn Đồng Mới",
        "Anh Nguyễn Văn Anh nhặt được 10.5 triệu",
        "Hồ chứa nước: anh Ân cứu người",
        "Dọn rác bờ biển, 100 đoàn viên",
        'Ghi chú "a"b" và a_b',
    ]:
        make_record(world, title)
    expected = {
        "cuu nguoi": 2, "nguyen van anh": 1, "cuu-ho": 1, "an": 2, "ng": 0, "ngu": 3,
        'a"b': 1, "100": 1,
    }  # fmt: skip
    for q in PATH_QUERIES:
        monkeypatch.setitem(search_records.DENSE_MATCHES, connection.vendor, 10_000)
        few = list(
            Record.objects.filter(matching_record_ids_q(q)).values_list("id", flat=True)[:50]
        )
        monkeypatch.setitem(search_records.DENSE_MATCHES, connection.vendor, 1)
        many = list(
            Record.objects.filter(matching_record_ids_q(q)).values_list("id", flat=True)[:50]
        )
        assert many == few, q
        if q in expected:
            assert len(few) == expected[q], q


# -- the index itself ----------------------------------------------------------------------


def test_a_lost_index_is_recreated_and_refilled(world: World, drowning: Record) -> None:
    """What a table remake by a later SQLite migration does: the triggers disappear."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for name in ("insert", "update", "delete"):
                cursor.execute(f"DROP TRIGGER search_record_fts_{name}")
            cursor.execute("DROP TABLE search_record_fts")
            cursor.execute("DROP INDEX search_record_newest")
        elif connection.vendor == "postgresql":
            # The test's open transaction holds deferred foreign-key checks, which would
            # forbid CREATE INDEX on the table.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("DROP INDEX search_record_tsv")
            cursor.execute("DROP INDEX search_record_newest")
        else:
            pytest.skip("no index on this engine")
    assert ensure_record_index() is True
    assert ensure_record_index() is False
    assert search("cuu nguoi") == {drowning.id}
    later = make_record(world, "Cứu người lần nữa")
    assert search("cuu nguoi") == {drowning.id, later.id}


def test_an_earlier_postgresql_index_is_replaced(world: World) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("DROP INDEX search_record_tsv")
        cursor.execute(
            "CREATE INDEX search_record_tsv ON exemplars_record "
            "USING gin (to_tsvector('simple'::regconfig, search_text))"
        )
        cursor.execute("DROP FUNCTION search_tsv_matches(tsvector, tsquery)")
    assert ensure_record_index() is True
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'search_record_tsv'")
        assert "(search_tsv)" in cursor.fetchone()[0]
