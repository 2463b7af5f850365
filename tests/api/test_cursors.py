"""API lists page with cursors: no page numbers, no deep offsets, a capped count."""

from __future__ import annotations

import datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone

from lantoa.api import pagination
from lantoa.exemplars.models import Record
from tests.api.helpers import assert_error
from tests.exemplars.helpers import report, step
from tests.personas import World

RECORDS = "/api/v1/records"


def _walk(client: Any, url: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Every page from `url`, following `next`."""
    pages = [client.get(url, params or {}).json()]
    while pages[-1]["next"]:
        pages.append(client.get(pages[-1]["next"]).json())
    return pages


@pytest.fixture
def many(world: World) -> list[Record]:
    """120 records of the first commune, 60 of them reported at the very same instant:
    the id alone orders them, across page boundaries."""
    made = [report(world, title=f"Việc tốt {i}", new_subject=None) for i in range(120)]
    same = timezone.now() - datetime.timedelta(days=1)
    Record.objects.filter(pk__in=[r.pk for r in made[30:90]]).update(created_at=same)
    return made


def test_following_next_reads_every_record_once_in_order(api_as, world, many) -> None:
    pages = _walk(api_as("xa.doan"), RECORDS)

    ids = [item["id"] for page in pages for item in page["items"]]
    expected = list(Record.objects.order_by("-created_at", "-id").values_list("pk", flat=True))
    assert ids == expected
    assert [len(p["items"]) for p in pages] == [50, 50, 20]
    assert pages[0]["previous"] is None and pages[-1]["next"] is None
    assert {p["count"] for p in pages} == {120}


def test_previous_leads_back_to_the_same_page(api_as, world, many) -> None:
    client = api_as("xa.doan")
    first = client.get(RECORDS).json()
    second = client.get(first["next"]).json()
    third = client.get(second["next"]).json()

    assert client.get(third["previous"]).json()["items"] == second["items"]
    back = client.get(second["previous"]).json()
    assert back["items"] == first["items"]
    assert back["previous"] is None


def test_the_links_keep_the_filters(api_as, world, many) -> None:
    for record in many[:55]:
        step(world, record, "xa.mttq", "verify")
    client = api_as("xa.doan")

    pages = _walk(client, RECORDS, {"state": "verified", "kind": "good_deed"})

    query = parse_qs(urlsplit(pages[0]["next"]).query)
    assert query["state"] == ["verified"] and query["kind"] == ["good_deed"]
    assert sum(len(p["items"]) for p in pages) == 55
    assert {i["state"] for p in pages for i in p["items"]} == {"verified"}


def test_a_cursor_is_a_position_not_a_permission(api_as, world, many) -> None:
    """A link passed to an officer of another commune lists only what she may see."""
    link = api_as("xa.mttq").get(RECORDS).json()["next"]

    body = api_as("xab.doan").get(link).json()

    assert body["items"] == []  # the first commune's reports are not hers to see


def test_a_page_number_is_refused_with_a_clear_400(api_as, world) -> None:
    client = api_as("tinh.mttq")
    for url in (RECORDS, "/api/v1/orgs", "/api/v1/documents", "/api/v1/notifications"):
        error = assert_error(client.get(url, {"page": 10000}), 400, "page_not_supported")
        assert "cursor" in error["message"]


@pytest.mark.parametrize("cursor", ["abc", "", "W10", "eyJhIjoxfQ:1tQ:forged", "x" * 500], ids=repr)
def test_a_damaged_cursor_is_refused(api_as, world, many, cursor: str) -> None:
    response = api_as("xa.doan").get(RECORDS, {"cursor": cursor})

    if cursor == "":
        assert response.status_code == 200  # no cursor: the first page
    else:
        assert_error(response, 400, "invalid_cursor")


def test_a_cursor_of_another_list_is_refused(api_as, world, many) -> None:
    client = api_as("xa.doan")
    orgs_link = client.get("/api/v1/orgs").json()
    # The organisations of one commune fit on a page: sign an organisations cursor here.
    from django.core import signing

    foreign = signing.dumps(["n", ["/1/2/"]], salt=pagination.SALT)
    edited = signing.dumps(["n", ["not a date", 1]], salt=pagination.SALT)
    wrong_way = signing.dumps(["x", ["2026-01-01T00:00:00+00:00", 1]], salt=pagination.SALT)

    assert orgs_link["next"] is None
    for cursor in (foreign, edited, wrong_way):
        assert_error(client.get(RECORDS, {"cursor": cursor}), 400, "invalid_cursor")


def test_the_count_stops_at_the_cap(api_as, world, many, monkeypatch) -> None:
    monkeypatch.setattr("lantoa.api.records.COUNT_CAP", 100)

    body = api_as("xa.doan").get(RECORDS).json()

    assert (body["count"], body["count_capped"]) == (100, True)
    assert len(body["items"]) == 50 and body["next"]


def test_the_new_filters_narrow_the_list(api_as, world) -> None:
    from lantoa.exemplars.models import Movement, Sector

    sector = Sector.objects.create(code="test-safety", name="An ninh trật tự")
    movement = Movement.objects.create(name="Dân vận khéo")
    with_sector = report(world, title="Có lĩnh vực", sector=sector)
    with_movement = report(world, title="Có phong trào", movement=movement)
    late = report(world, title="Quá hạn")
    Record.objects.filter(pk=late.pk).update(due_at=timezone.now() - datetime.timedelta(days=1))
    Record.objects.exclude(pk=late.pk).update(due_at=timezone.now() + datetime.timedelta(days=1))
    client = api_as("xa.mttq")

    def ids(**params: Any) -> list[int]:
        return [i["id"] for i in client.get(RECORDS, params).json()["items"]]

    assert ids(sector=sector.pk) == [with_sector.pk]
    assert ids(movement=movement.pk) == [with_movement.pk]
    assert ids(overdue="true") == [late.pk]
    assert ids(sector=2**31 - 1) == []
    assert_error(client.get(RECORDS, {"sector": 2**31}), 422, "validation_error")


def test_public_stories_refuse_deep_pages(api_client) -> None:
    assert_error(api_client.get("/api/v1/public/stories", {"page": 51}), 422, "validation_error")
    assert api_client.get("/api/v1/public/stories", {"page": 50}).status_code == 200
