"""The registry pages: the record list, the inbox and its summary, bulk steps, and their cost."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lantoa.exemplars import services
from lantoa.exemplars.models import PriorityGroup, Record, RecordState, Sector
from tests.exemplars.helpers import report, step
from tests.personas import World
from tests.staff.helpers import count_queries, page_text

# --- Lists ---------------------------------------------------------------------------------


def test_the_list_searches_without_diacritics_and_filters(login, world: World) -> None:
    drowning = report(world)
    other = report(world, title="Mô hình nuôi bò sinh sản", kind="good_practice")
    client = login("xa.mttq")
    url = reverse("staff:record_list")

    found = page_text(client.get(url, {"q": "cuu nguoi duoi nuoc"}))
    assert drowning.title in found and other.title not in found

    by_kind = page_text(client.get(url, {"kind": "good_practice"}))
    assert other.title in by_kind and drowning.title not in by_kind

    step(world, drowning, "xa.mttq", "verify")
    by_state = page_text(client.get(url, {"state": "verified"}))
    assert drowning.title in by_state and other.title not in by_state

    outside = client.get(url, {"org": world.youth_b.pk, "kind": "good_practice"})
    assert "org" in outside.context["form"].errors  # commune B's org is not even offered
    assert drowning.title not in page_text(outside)  # and the other filters still apply
    by_org = page_text(client.get(url, {"org": world.youth_a.pk}))
    assert drowning.title in by_org and other.title in by_org


def test_a_list_past_the_cap_says_more_than_and_asks_to_narrow(
    login, world: World, monkeypatch
) -> None:
    monkeypatch.setattr("lantoa.staff.views.records_list.COUNT_CAP", 2)
    for i in range(3):
        report(world, title=f"Việc tốt số {i}")
    client = login("xa.mttq")
    en = {"Accept-Language": "en"}
    text = page_text(client.get(reverse("staff:record_list"), headers=en))
    assert "More than 2 records" in text and "3 records" not in text
    assert "Hơn 2 hồ sơ" in page_text(client.get(reverse("staff:record_list")))
    narrowed = client.get(reverse("staff:record_list"), {"q": "viec tot so 1"}, headers=en)
    assert "1 record" in page_text(narrowed) and "More than" not in page_text(narrowed)


def test_the_overdue_filter_keeps_only_late_records(login, world: World) -> None:
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)):
        late = report(world, title="Báo cáo cũ")
    with time_machine.travel(datetime.datetime(2026, 3, 30, 9, 0, tzinfo=datetime.UTC)):
        fresh = report(world, title="Báo cáo gần đây")
        text = page_text(login("xa.mttq").get(reverse("staff:record_list"), {"overdue": "on"}))
    assert late.title in text and fresh.title not in text


def test_the_other_commune_sees_only_verified_records_in_the_list(login, world: World) -> None:
    record = report(world)
    client = login("xab.doan")
    assert record.title not in page_text(client.get(reverse("staff:record_list")))
    step(world, record, "xa.mttq", "verify")
    assert record.title in page_text(client.get(reverse("staff:record_list")))


def test_the_inbox_puts_overdue_records_first(login, world: World) -> None:
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)):
        late = report(world, title="Việc quá hạn")
    with time_machine.travel(datetime.datetime(2026, 3, 30, 9, 0, tzinfo=datetime.UTC)):
        fresh = report(world, title="Việc mới")
        text = page_text(login("xa.mttq").get(reverse("staff:inbox")))
    assert text.index(late.title) < text.index(fresh.title)
    late_row = text[text.index(late.title) : text.index(fresh.title)]
    assert "badge text-bg-danger" in late_row
    assert "badge text-bg-danger" not in text[text.index(fresh.title) :]


def test_the_reporter_finds_returned_records_in_the_inbox(login, world: World) -> None:
    record = report(world)
    step(world, record, "xa.mttq", "return", note="Thiếu ảnh")
    text = page_text(login("xa.doan").get(reverse("staff:inbox")))
    assert record.title in text
    assert 'name="records"' not in text  # a reporter has no bulk steps


def test_the_home_page_summarises_the_inbox(login, world: World) -> None:
    report(world)
    late = report(world, title="Quá hạn")
    Record.objects.filter(pk=late.pk).update(due_at=late.created_at - datetime.timedelta(days=1))
    returned = report(world, title="Bị trả lại")
    step(world, returned, "xa.mttq", "return", note="Thiếu ảnh")
    client = login("xa.mttq")
    assert reverse("staff:inbox_summary") in page_text(client.get(reverse("staff:home")))

    with CaptureQueriesContext(connection) as queries:
        summary = client.get(reverse("staff:inbox_summary"))

    assert summary.status_code == 200
    assert (summary.context["total"], summary.context["overdue"]) == (2, 1)
    counted = [q["sql"] for q in queries if "exemplars_record" in q["sql"]]
    assert len(counted) == 1  # one aggregate, not a count per line
    assert login("xa.doan").get(reverse("staff:inbox_summary")).context["returned"] == 1


def test_bulk_verify_verifies_each_selected_record(login, world: World) -> None:
    first, second = report(world), report(world, title="Việc thứ hai")
    response = login("xa.mttq").post(
        reverse("staff:record_bulk"), {"records": [first.pk, second.pk], "action": "verify"}
    )
    assert response.status_code == 302 and response["Location"] == reverse("staff:inbox")
    assert set(Record.objects.values_list("state", flat=True)) == {RecordState.VERIFIED}


def test_bulk_reports_a_failure_without_undoing_the_others(login, world: World) -> None:
    first, second = report(world), report(world, title="Việc thứ hai")
    step(world, second, "xa.mttq", "verify")
    hidden = report(world, "xab.doan")
    client = login("xa.mttq")
    response = client.post(
        reverse("staff:record_bulk"),
        {"records": [first.pk, second.pk, hidden.pk], "action": "verify"},
        follow=True,
    )
    first.refresh_from_db()
    assert first.state == RecordState.VERIFIED
    messages = [str(m) for m in response.context["messages"]]
    assert any(second.title in m for m in messages)  # already verified: refused, named
    assert any(f"#{hidden.pk}" in m for m in messages)  # outside the scope: "not found"
    assert len(messages) == 3


def test_bulk_return_needs_the_shared_note(login, world: World) -> None:
    record = report(world)
    client = login("xa.mttq")
    client.post(reverse("staff:record_bulk"), {"records": [record.pk], "action": "return"})
    record.refresh_from_db()
    assert record.state == RecordState.REPORTED
    client.post(
        reverse("staff:record_bulk"),
        {"records": [record.pk], "action": "return", "note": "Cần thêm ảnh"},
    )
    record.refresh_from_db()
    assert record.state == RecordState.RETURNED


def test_bulk_refuses_other_actions(login, world: World) -> None:
    record = report(world)
    login("xa.mttq").post(
        reverse("staff:record_bulk"), {"records": [record.pk], "action": "recognise"}
    )
    record.refresh_from_db()
    assert record.state == RecordState.REPORTED


# --- Costs ---------------------------------------------------------------------------------


def _grow(world: World, n: int) -> None:
    group = PriorityGroup.objects.create(code=f"g{n}", name="Nhóm")
    sector = Sector.objects.create(code=f"s{n}", name="Lĩnh vực")
    for i in range(n):
        report(
            world,
            title=f"Việc tốt {n}-{i}",
            sector=sector,
            new_subject=services.SubjectInput(full_name=f"Người {i}", priority_group=group),
        )


@pytest.mark.parametrize("name", ["record_list", "inbox"])
def test_the_list_and_the_inbox_cost_a_fixed_number_of_queries(
    login, world: World, name: str
) -> None:
    _grow(world, 2)
    client = login("xa.mttq")
    url = reverse(f"staff:{name}")
    before = count_queries(client, url)
    _grow(world, 12)
    assert count_queries(client, url) == before
