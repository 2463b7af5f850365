"""An unsearched list's pages kept until a record is written (decision 159): kept, the
page asks the database only for the records' write stamp; every kind of write (a service,
a bulk insert, a queryset update, a deletion, a subject's new name, a raw statement)
replaces the stamp, and the next read shows it. Committed transactions (as requests make
them), so the PostgreSQL stamp, written at commit, is exercised too."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lantoa.exemplars import list_memo
from lantoa.exemplars.models import Record, RecordState, Subject
from lantoa.exemplars.selectors import RecordFilters, record_list
from tests.exemplars.helpers import report
from tests.personas import World

pytestmark = pytest.mark.django_db(transaction=True)


def _page(world: World, username: str = "xa.mttq", **filters: object) -> list[dict[str, object]]:
    rows = record_list(world.user(username), RecordFilters(**filters))  # type: ignore[arg-type]
    return rows[:50].values()


def _titles(world: World, username: str = "xa.mttq", **filters: object) -> list[str]:
    return [str(row["title"]) for row in _page(world, username, **filters)]


def _queries(world: World, username: str = "xa.mttq") -> list[str]:
    world.user(username)  # the user's own read, outside the count
    with CaptureQueriesContext(connection) as ctx:
        _page(world, username)
    return [q["sql"] for q in ctx.captured_queries]


def test_a_page_read_again_asks_only_for_the_stamp(world: World) -> None:
    report(world, title="Việc tốt thứ nhất")
    first = _page(world)
    assert [row["title"] for row in first] == ["Việc tốt thứ nhất"]

    again = _queries(world)
    assert len(again) == 1 and "exemplars_record_stamp" in again[0], again
    assert _page(world) == first
    # What was handed out is a copy: changing it changes nothing kept.
    first[0]["title"] = "Đã sửa ở người đọc"
    assert _titles(world) == ["Việc tốt thứ nhất"]


def test_a_record_reported_through_the_service_shows_at_once(world: World) -> None:
    report(world, title="Cũ")
    assert _titles(world) == ["Cũ"]
    report(world, title="Mới")
    assert _titles(world) == ["Mới", "Cũ"]


def test_bulk_inserts_updates_deletions_and_renames_replace_the_stamp(world: World) -> None:
    record = report(world, title="Gốc")
    assert _titles(world) == ["Gốc"]

    Record.objects.bulk_create(
        [
            Record(
                kind="good_deed",
                title="Nạp hàng loạt",
                summary="…",
                org=world.youth_a,
                org_path=world.youth_a.path,
                org_name=world.youth_a.name,
                handling_org=world.front_a,
                reporter=world.user("xa.doan"),
                state=RecordState.REPORTED,
                state_since=timezone.now(),
            )
        ]
    )
    assert _titles(world) == ["Nạp hàng loạt", "Gốc"]

    Record.objects.filter(pk=record.pk).update(title="Sửa bằng update")
    assert _titles(world) == ["Nạp hàng loạt", "Sửa bằng update"]

    Subject.objects.filter(pk=record.subject_id).update(full_name="Trần Thị Bình")
    shown = {row["title"]: row["subject_name"] for row in _page(world)}
    assert shown["Sửa bằng update"] == "Trần Thị Bình"

    Record.objects.filter(title="Nạp hàng loạt").delete()
    assert _titles(world) == ["Sửa bằng update"]

    with connection.cursor() as cursor:
        cursor.execute("UPDATE exemplars_record SET title = %s WHERE id = %s", ["Thô", record.pk])
    assert _titles(world) == ["Thô"]


def test_a_state_change_moves_a_record_between_filtered_pages(world: World) -> None:
    record = report(world, title="Chờ")
    assert _titles(world, state="reported") == ["Chờ"]
    assert _titles(world, state="returned") == []
    Record.objects.filter(pk=record.pk).update(state=RecordState.RETURNED)
    assert _titles(world, state="reported") == []
    assert _titles(world, state="returned") == ["Chờ"]


def test_actors_who_see_other_parts_never_share_a_page(world: World) -> None:
    report(world, "xa.doan", title="Của xã A")
    report(world, "xab.doan", title="Của phường B")
    # Unverified records stay in their commune's tree: each reporter sees only her own.
    assert _titles(world, "xa.doan") == ["Của xã A"]
    assert _titles(world, "xab.doan") == ["Của phường B"]
    assert _titles(world, "xa.doan") == ["Của xã A"]
    assert _titles(world, "tinh.mttq") == ["Của phường B", "Của xã A"]


def test_a_rolled_back_write_leaves_the_page_as_it_was(world: World) -> None:
    report(world, title="Đã lưu")
    assert _titles(world) == ["Đã lưu"]

    class Undo(Exception):
        pass

    with pytest.raises(Undo), transaction.atomic():
        report(world, title="Không lưu")
        # Inside the writing transaction the list shows its own write.
        assert _titles(world) == ["Không lưu", "Đã lưu"]
        raise Undo
    assert _titles(world) == ["Đã lưu"]


def test_searched_and_overdue_lists_are_never_kept(world: World) -> None:
    report(world, title="Cứu người")
    for filters in ({"q": "cuu nguoi"}, {"overdue": True}):
        rows = record_list(world.user("xa.mttq"), RecordFilters(**filters))  # type: ignore[arg-type]
        assert rows.memo is None
        with CaptureQueriesContext(connection) as ctx:
            rows[:50].values()
        assert not any("exemplars_record_stamp" in q["sql"] for q in ctx.captured_queries)


def test_a_writing_transaction_keeps_nothing_on_postgresql(world: World) -> None:
    """PostgreSQL stamps at commit: a transaction that wrote gets no stamp (and keeps
    nothing); SQLite stamps in the statement, so its transaction reads the new one."""
    before = list_memo.stamp("default")
    assert before is not None
    with transaction.atomic():
        report(world, title="Trong giao dịch")
        inside = list_memo.stamp("default")
        if connection.vendor == "postgresql":
            assert inside is None
        else:
            assert inside is not None and inside != before
    after = list_memo.stamp("default")
    assert after is not None and after != before


# --- the inbox ------------------------------------------------------------------------------


def _inbox(world: World, username: str = "xa.mttq") -> list[str]:
    from lantoa.core.paginator import CappedPaginator
    from lantoa.exemplars.selectors import inbox_for, inbox_memo

    actor = world.user(username)
    page = CappedPaginator(inbox_for(actor), 25, memo=inbox_memo(actor)).get_page(1)
    return [record.title for record in page.object_list]


def test_the_inbox_read_again_asks_only_for_the_stamp_and_shows_each_write(
    world: World,
) -> None:
    waiting = report(world, title="Chờ xác minh")
    assert _inbox(world) == ["Chờ xác minh"]
    world.user("xa.mttq")
    with CaptureQueriesContext(connection) as ctx:
        assert _inbox(world) == ["Chờ xác minh"]
    assert [
        q["sql"] for q in ctx.captured_queries if "exemplars_record_stamp" not in q["sql"]
    ] == []

    report(world, title="Chờ thêm")
    assert sorted(_inbox(world)) == ["Chờ thêm", "Chờ xác minh"]
    # Each person's waits are their own: the reporter waits for nothing yet.
    assert _inbox(world, "xa.doan") == []
    Record.objects.filter(pk=waiting.pk).update(state=RecordState.RETURNED)
    assert _inbox(world) == ["Chờ thêm"]
    assert _inbox(world, "xa.doan") == ["Chờ xác minh"]  # returned: back to its reporter


def test_a_kept_inbox_page_hands_out_copies_of_its_records(world: World) -> None:
    report(world, title="Bản gốc")
    from lantoa.core.paginator import CappedPaginator
    from lantoa.exemplars.selectors import inbox_for, inbox_memo

    actor = world.user("xa.mttq")
    first = CappedPaginator(inbox_for(actor), 25, memo=inbox_memo(actor)).get_page(1)
    first.object_list[0].title = "Đổi ở người đọc"
    assert _inbox(world) == ["Bản gốc"]


def test_moving_an_organisation_replaces_the_stamp(world: World) -> None:
    before = list_memo.stamp("default")
    from lantoa.orgs.models import Organisation

    Organisation.objects.filter(pk=world.youth_a.pk).update(path=world.youth_a.path)
    assert list_memo.stamp("default") not in (None, before)
