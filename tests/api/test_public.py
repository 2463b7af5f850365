"""The public API: live stories only, consent-generalised; citizens' nominations with the
portal's spam limits; no authentication anywhere."""

from __future__ import annotations

import datetime
import io
import json
from types import SimpleNamespace
from typing import Any

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from PIL import Image

from lantoa.api import public
from lantoa.core.uploads import clean_upload
from lantoa.exemplars import consent, publishing, services
from lantoa.exemplars.models import Publication, Record, RecordSource
from lantoa.exemplars.stories import public as public_stories
from lantoa.exemplars.stories.search import search_stories
from lantoa.nominations.models import Nomination
from tests.api.helpers import assert_error
from tests.exemplars.helpers import PUBLIC_TEXT, report, step
from tests.personas import World

STORIES = "/api/v1/public/stories"
NOMINATIONS = "/api/v1/public/nominations"
PHONE = "0912345678"
EMAIL = "an.nguyen@example.vn"
STORY_FIELDS = {
    "id",
    "title",
    "summary",
    "story",
    "display_name",
    "display_place",
    "kind",
    "year",
    "published_at",
    "replications",
    "photos",
}


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SEARCH_INDEX_DIR = tmp_path / "search"
    settings.NOMINATION_MIN_FILL_SECONDS = 0


def _jpeg(width: int = 1000, height: int = 500) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (40, 120, 200)).save(out, "JPEG")
    return out.getvalue()


def _publish(
    world: World,
    *,
    title: str = "Cứu người đuối nước ở hồ Sông Quao",
    story: str = "<p>Chiều hôm ấy anh nghe tiếng kêu cứu.</p><script>alert(1)</script>",
    name_display: str = "initials",
    place_display: str = "commune",
    show_photos: bool = False,
    photos: int = 0,
) -> Publication:
    files = [clean_upload(name=f"anh-{i}.jpg", data=_jpeg()) for i in range(photos)]
    record = report(
        world,
        title=title,
        story=story,
        place="Bến đò Sông Quao",
        admin_unit=world.unit_a,
        deed_date=datetime.date(2025, 5, 1),
        files=files,
        new_subject=services.SubjectInput(
            full_name="Nguyễn Văn Ân", birth_year=1995, phone=PHONE, email=EMAIL
        ),
    )
    step(world, record, "xa.mttq", "verify")
    record.refresh_from_db()
    purposes = publishing.purposes_for(
        name_display=name_display, show_photos=show_photos, place_display=place_display
    )
    for purpose in purposes:
        consent.record_consent(
            evidence_kind="in_person",
            evidence_note="Đồng ý trực tiếp.",
            actor=world.user("xa.doan"),
            subject=record.subject,
            purpose=purpose,
            given_by="subject",
            given_on=datetime.date(2025, 6, 1),
        )
    return publishing.publish_record(
        actor=world.user("xa.mttq"),
        record=record,
        title=title,
        summary=PUBLIC_TEXT["summary"],
        story=story,
        name_display=name_display,
        show_photos=show_photos,
        place_display=place_display,
    )


def _withdraw_story_consent(world: World, pub: Publication) -> None:
    record = Record.objects.get(pk=pub.record_id)
    assert record.subject is not None
    given = record.subject.consents.get(purpose="publish_story", withdrawn_at__isnull=True)
    consent.withdraw_consent(actor=world.user("xa.doan"), consent=given)


def _nomination(**fields: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "what": "Chị Lan nhặt được ví và trả lại cho người đánh rơi ở chợ.",
        "commune": "23059",
        "when": "2025-06-01",
    }
    data.update(fields)
    return data


def _post(client, data: dict[str, Any]):
    return client.post(NOMINATIONS, data, content_type="application/json")


# --- stories --------------------------------------------------------------------------------


def test_the_list_shows_live_stories_as_consented_without_a_token(api_client, world) -> None:
    pub = _publish(world)
    response = api_client.get(STORIES)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["count"] == 1 and body["page"] == 1 and body["pages"] == 1
    (item,) = body["items"]
    assert set(item) == STORY_FIELDS
    assert item["id"] == pub.pk
    assert item["title"] == "Cứu người đuối nước ở hồ Sông Quao"
    assert item["display_name"] == "N.V.Â."
    assert item["display_place"] == "Xã Hàm Thuận, Lâm Đồng"
    assert item["kind"] == "good_deed" and item["year"] == 2025
    assert item["replications"] == 0 and item["photos"] == []
    text = response.content.decode()
    for private in ("Nguyễn Văn Ân", PHONE, EMAIL, "Bến đò", "<script"):
        assert private not in text


def test_a_story_is_read_by_its_id_with_sanitised_html(api_client, world) -> None:
    pub = _publish(world, name_display="full", place_display="exact")
    response = api_client.get(f"{STORIES}/{pub.pk}")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == STORY_FIELDS
    assert body["story"] == "<p>Chiều hôm ấy anh nghe tiếng kêu cứu.</p>"
    assert body["display_name"] == "Nguyễn Văn Ân"
    assert body["display_place"] == "Bến đò Sông Quao, Xã Hàm Thuận, Lâm Đồng"


def test_a_story_taken_down_answers_404_at_once(api_client, world) -> None:
    kept = _publish(world, title="Hiến đất làm đường")
    down = _publish(world)
    withdrawn = _publish(world, title="Trả lại của rơi")
    publishing.unpublish_record(
        actor=world.user("xa.mttq"), record=Record.objects.get(pk=down.record_id), reason="Sai"
    )
    _withdraw_story_consent(world, withdrawn)
    for pub in (down, withdrawn):
        error = assert_error(api_client.get(f"{STORIES}/{pub.pk}"), 404, "not_found")
        assert error["details"] is None
    assert_error(api_client.get(f"{STORIES}/999999"), 404, "not_found")
    body = api_client.get(STORIES).json()
    assert [i["id"] for i in body["items"]] == [kept.pk]
    assert api_client.get(STORIES, {"q": "tra lai cua roi"}).json()["items"] == []


def test_the_search_ignores_diacritics_and_case(api_client, world) -> None:
    rescue = _publish(world)
    _publish(world, title="Hiến đất làm đường giao thông nông thôn")
    body = api_client.get(STORIES, {"q": "CUU nguoi"}).json()
    assert [i["id"] for i in body["items"]] == [rescue.pk]
    assert body["count"] == 1
    assert api_client.get(STORIES, {"q": "hien dat"}).json()["count"] == 1


def test_replications_count_distinct_units(api_client, world) -> None:
    pub = _publish(world)
    record = Record.objects.get(pk=pub.record_id)
    for org, user in [
        (world.youth_a, "xa.doan"),
        (world.youth_a, "xa.doan"),
        (world.youth_b, "xab.doan"),
    ]:
        services.add_replication(
            actor=world.user(user),
            record=record,
            org=org,
            date=datetime.date(2025, 7, 1),
            what="Tổ chức lớp dạy bơi",
        )
    assert api_client.get(f"{STORIES}/{pub.pk}").json()["replications"] == 2
    assert api_client.get(STORIES).json()["items"][0]["replications"] == 2


def test_photos_are_linked_only_when_the_story_shows_them(api_client, world) -> None:
    hidden = _publish(world, photos=1)
    shown = _publish(world, show_photos=True, photos=2)
    assert api_client.get(f"{STORIES}/{hidden.pk}").json()["photos"] == []
    photos = api_client.get(f"{STORIES}/{shown.pk}").json()["photos"]
    try:
        reverse("portal:story_photo", args=[shown.pk, 1, 320])
    except NoReverseMatch:  # the portal serves no photos yet: none are linked
        assert photos == []
        return
    assert len(photos) == 2
    for photo in photos:
        assert photo["width"] == 1000 and photo["height"] == 500
        assert set(photo["sizes"]) == {"320", "640", "1280"}
        assert photo["url"] == photo["sizes"]["1280"]
        assert photo["url"].startswith("http://testserver/")
        expected = reverse("portal:story_photo", args=[shown.pk, photo["id"], 320])
        assert photo["sizes"]["320"] == f"http://testserver{expected}"
        assert "/media/" not in json.dumps(photo)
    served = api_client.get(photos[0]["sizes"]["320"].removeprefix("http://testserver"))
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"


def test_the_list_costs_the_same_queries_for_more_stories(api_client, world) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _publish(world, show_photos=True, photos=1)
    api_client.get(STORIES)  # builds the search index, if there is one
    with CaptureQueriesContext(connection) as one:
        api_client.get(STORIES)
    for _ in range(3):
        _publish(world, show_photos=True, photos=1)
    api_client.get(STORIES)
    with CaptureQueriesContext(connection) as four:
        body = api_client.get(STORIES).json()
    assert body["count"] == 4
    assert len(four.captured_queries) == len(one.captured_queries)


def test_a_bad_page_or_query_is_a_422(api_client, world) -> None:
    assert_error(api_client.get(STORIES, {"page": 0}), 422, "validation_error")
    assert_error(api_client.get(STORIES, {"q": "x" * 101}), 422, "validation_error")


# --- one story search, shared with the portal ------------------------------------------------


def test_the_api_pages_the_shared_story_search(api_client, world) -> None:
    pubs = [_publish(world, title=f"Cứu người lần {i}") for i in range(3)]
    _publish(world, title="Hiến đất làm đường")
    ranked = search_stories("cuu nguoi", per_page=20).ids  # what the portal would rank
    assert sorted(ranked) == sorted(p.pk for p in pubs)
    found = public_stories.search_live_stories("cuu NGUOI", page=1, per_page=2)
    assert found.total == 3
    assert [p.pk for p in found.stories] == ranked[:2]
    assert [
        p.pk for p in public_stories.search_live_stories("cứu người", page=2, per_page=2).stories
    ] == ranked[2:]
    assert public_stories.search_live_stories("", page=1).total == 4
    assert public_stories.search_live_stories("khong co", page=1).stories == []
    body = api_client.get(STORIES, {"q": "cuu NGUOI"}).json()
    assert [i["id"] for i in body["items"]] == ranked and body["count"] == 3
    newest = [i["id"] for i in api_client.get(STORIES).json()["items"]]
    assert newest == [p.pk for p in Publication.objects.order_by("-published_at", "-id")]


def test_the_api_and_the_portal_call_the_same_search(monkeypatch, api_client, client, world):
    live = _publish(world)
    calls: list[tuple[Any, ...]] = []

    def search_stories(q: str, *, filters: Any = None, page: int = 1, per_page: int = 20) -> Any:
        calls.append((q, page, per_page))
        return SimpleNamespace(ids=[live.pk, 999_999], total=2, engine_ms=0.1)

    monkeypatch.setattr(public_stories, "search_stories", search_stories)
    body = api_client.get(STORIES, {"q": " ân ", "page": 3}).json()
    assert calls == [("ân", 3, public.PER_PAGE)]
    # The unknown id is dropped by the re-read through live_publications(); the total is
    # the engine's.
    assert [i["id"] for i in body["items"]] == [live.pk] and body["count"] == 2
    response = client.get(reverse("portal:search"), {"q": "ân"})
    assert response.status_code == 200
    assert calls[1][0] == "ân"


def test_a_story_taken_down_behind_the_index_is_not_listed(api_client, world) -> None:
    live = _publish(world)
    assert [i["id"] for i in api_client.get(STORIES, {"q": "cuu"}).json()["items"]] == [live.pk]
    # Taken down without telling the index (no outbox row): the re-read drops it anyway.
    Publication.objects.filter(pk=live.pk).update(unpublished_at=timezone.now())
    assert api_client.get(STORIES, {"q": "cuu"}).json()["items"] == []
    assert_error(api_client.get(f"{STORIES}/{live.pk}"), 404, "not_found")


# --- nominations ----------------------------------------------------------------------------


def test_a_citizen_nominates_and_gets_a_tracking_code(api_client, world) -> None:
    response = _post(
        api_client, _nomination(who="Chị Lan", contact_phone=PHONE, contact_consent=True)
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) == {"code", "state", "label", "explanation", "received_on", "changed_on"}
    assert body["code"].startswith("LT-") and body["state"] == "received"
    nomination = Nomination.objects.get()
    assert nomination.display_code == body["code"]
    assert nomination.contact_phone == PHONE
    record = nomination.record
    assert record.source == RecordSource.CITIZEN and record.handling_org == world.front_a
    assert PHONE not in response.content.decode()


def test_the_status_says_only_what_the_citizen_may_know(api_client, world) -> None:
    code = _post(
        api_client, _nomination(who="Chị Lan", contact_email=EMAIL, contact_consent=True)
    ).json()["code"]
    record = Nomination.objects.get().record
    step(world, record, "xa.mttq", "start_verification")
    step(world, record, "xa.mttq", "verify")
    for asked in (code, code.lower(), code.replace("-", "")):
        response = api_client.get(f"{NOMINATIONS}/{asked}")
        assert response.status_code == 200
        body = response.json()
        assert body["code"] == code and body["state"] == "verified"
        text = response.content.decode()
        for private in (EMAIL, "Chị Lan", "nhặt được ví", world.front_a.name, "Phạm Thị Xã"):
            assert private not in text


def test_the_status_label_follows_the_language(world) -> None:
    from django.test import Client
    from django.utils import translation

    from lantoa.nominations.services import PublicState, public_label

    code = _post(Client(), _nomination()).json()["code"]
    for language in ("vi", "en"):
        client = Client(headers={"Accept-Language": language})
        with translation.override(language):
            expected = public_label(PublicState.RECEIVED)
        assert client.get(f"{NOMINATIONS}/{code}").json()["label"] == expected


def test_a_refused_nomination_says_which_field(api_client, world) -> None:
    cases = [
        (_nomination(what="   "), "what_required", "what"),
        (_nomination(commune="99999"), "commune_required", "commune"),
        (_nomination(when="2999-01-01"), "future_date", "when"),
        (_nomination(contact_phone=PHONE), "consent_required", "contact_consent"),
    ]
    for data, code, field in cases:
        error = assert_error(_post(api_client, data), 400, code)
        assert error["details"] == {"field": field}
    assert_error(_post(api_client, {"commune": "23059"}), 422, "validation_error")
    assert not Nomination.objects.exists()


def test_too_many_nominations_from_one_address_get_429(api_client, world, settings) -> None:
    settings.NOMINATION_RATE_PER_IP = 2
    for _ in range(2):
        assert _post(api_client, _nomination()).status_code == 201
    response = _post(api_client, _nomination())
    error = assert_error(response, 429, "rate_limited")
    assert error["details"]["limit"] == "rate_limited_ip"
    assert int(response["Retry-After"]) == error["details"]["retry_after"] > 0
    assert Nomination.objects.count() == 2
    # Input errors are not counted against the address.
    settings.NOMINATION_RATE_PER_IP = 3
    assert _post(api_client, _nomination(what="")).status_code == 400
    assert _post(api_client, _nomination()).status_code == 201


def test_too_many_nominations_with_one_phone_get_429(api_client, world, settings) -> None:
    settings.NOMINATION_RATE_PER_CONTACT = 1
    data = _nomination(contact_phone=PHONE, contact_consent=True)
    assert _post(api_client, data).status_code == 201
    same_phone = _nomination(contact_phone="+84 912 345 678", contact_consent=True)
    error = assert_error(_post(api_client, same_phone), 429, "rate_limited")
    assert error["details"]["limit"] == "rate_limited_contact"


def test_guessing_tracking_codes_is_limited(api_client, world, settings) -> None:
    settings.NOMINATION_LOOKUP_MISSES_PER_IP = 2
    code = _post(api_client, _nomination()).json()["code"]
    for guess in ("LT-AAAAA-AAAAA", "LT-BBBBB-BBBBB"):
        assert_error(api_client.get(f"{NOMINATIONS}/{guess}"), 404, "not_found")
    response = api_client.get(f"{NOMINATIONS}/{code}")
    error = assert_error(response, 429, "rate_limited")
    assert response["Retry-After"] == str(error["details"]["retry_after"])
    assert_error(api_client.get(f"{NOMINATIONS}/{'x' * 300}"), 429, "rate_limited")


def test_the_public_endpoints_are_documented_without_security(api_client) -> None:
    spec = api_client.get("/api/v1/openapi.json").json()
    for path, method in [
        ("/api/v1/public/stories", "get"),
        ("/api/v1/public/stories/{story_id}", "get"),
        ("/api/v1/public/nominations", "post"),
        ("/api/v1/public/nominations/{code}", "get"),
    ]:
        assert "security" not in spec["paths"][path][method], path
