"""The inbox at scale: filters, search, the capped count, bulk steps at the top."""

from __future__ import annotations

import datetime

import time_machine
from django.urls import reverse

from lantoa.exemplars.models import Record, RecordState
from lantoa.orgs.models import Role
from tests.exemplars.helpers import report, step
from tests.personas import World, make_user
from tests.staff.helpers import page_text

MARCH_2 = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
MARCH_30 = datetime.datetime(2026, 3, 30, 9, 0, tzinfo=datetime.UTC)


def _rows(response) -> list[str]:
    return [r.title for r in response.context["page_obj"].object_list]


def test_the_inbox_filters_to_overdue_records(login, world: World) -> None:
    with time_machine.travel(MARCH_2):
        late = report(world, title="Việc quá hạn")
    with time_machine.travel(MARCH_30):
        fresh = report(world, title="Việc mới")
        response = login("xa.mttq").get(reverse("staff:inbox"), {"overdue": "on"})
    assert _rows(response) == [late.title]
    assert fresh.title not in page_text(response)
    assert response.context["filtered"]


def test_the_inbox_filters_by_state_kind_and_words(login, world: World) -> None:
    deed = report(world, title="Cứu người đuối nước")
    practice = report(world, title="Mô hình nuôi bò sinh sản", kind="good_practice")
    step(world, practice, "xa.mttq", "start_verification")
    client = login("xa.mttq")
    url = reverse("staff:inbox")
    assert _rows(client.get(url, {"kind": "good_practice"})) == [practice.title]
    assert _rows(client.get(url, {"state": "reported"})) == [deed.title]
    # Search folds diacritics, as the record list does.
    assert _rows(client.get(url, {"q": "nuoi bo"})) == [practice.title]
    assert "No record matches" in page_text(
        client.get(url, {"q": "không có gì như thế"}, headers={"Accept-Language": "en"})
    )


def test_the_inbox_filters_by_reporting_organisation(login, world: World) -> None:
    world.users["b.mttq"] = make_user("b.mttq", (world.front_b, Role.REPORTER))
    ours = report(world, "xa.mttq", org=world.front_a, title="Báo cáo của xã A")
    theirs = report(world, "b.mttq", org=world.front_b, title="Báo cáo của phường B")
    client = login("tinh.mttq")
    url = reverse("staff:inbox")
    assert set(_rows(client.get(url))) == {ours.title, theirs.title}
    assert _rows(client.get(url, {"org": world.front_a.pk})) == [ours.title]
    assert _rows(client.get(url, {"org": world.front_b.pk})) == [theirs.title]


def test_an_organisation_outside_the_scope_is_refused_and_ignored(login, world: World) -> None:
    record = report(world)
    response = login("xa.mttq").get(reverse("staff:inbox"), {"org": world.youth_b.pk})
    assert "org" in response.context["form"].errors
    assert _rows(response) == [record.title]  # the filter is dropped, not the inbox


def test_two_hundred_waiting_records_page_with_the_capped_count(
    login, world: World, monkeypatch
) -> None:
    monkeypatch.setattr("lantoa.core.paginator.COUNT_CAP", 150)
    for i in range(200):
        report(world, title=f"Việc tốt số {i}")
    client = login("xa.mttq")
    en = {"Accept-Language": "en"}
    first = client.get(reverse("staff:inbox"), headers=en)
    assert len(_rows(first)) == 25
    assert "More than 150 records" in page_text(first)
    text = page_text(first)
    # The bulk step comes before the list, so a phone does not scroll past 25 rows to it.
    assert text.index('id="bulk-action"') < text.index('name="records"')
    last = client.get(reverse("staff:inbox"), {"page": 6}, headers=en)
    assert last.context["page_obj"].number == 6 and len(_rows(last)) == 25
    narrowed = client.get(reverse("staff:inbox"), {"q": "viec tot so 17"}, headers=en)
    assert "1 record" in page_text(narrowed) and "More than" not in page_text(narrowed)


def test_bulk_steps_return_to_the_filtered_inbox(login, world: World) -> None:
    first, second = report(world), report(world, title="Việc thứ hai")
    response = login("xa.mttq").post(
        reverse("staff:record_bulk"),
        {
            "records": [first.pk, second.pk],
            "action": "return",
            "note": "Cần số điện thoại",
            "back": "overdue=on&kind=good_deed&next=https://evil.example",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("staff:inbox") + "?kind=good_deed&overdue=on"
    states = set(Record.objects.values_list("state", flat=True))
    assert states == {RecordState.RETURNED}


def test_a_page_number_alone_is_not_a_filter(login, world: World) -> None:
    report(world)
    response = login("xa.mttq").get(reverse("staff:inbox"), {"page": "1"})
    assert not response.context["filtered"]
    assert not response.context["form"].is_bound
