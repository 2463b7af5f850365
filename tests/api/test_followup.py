"""Replication, honours, the nurturing plan and publishing through the API."""

from __future__ import annotations

import datetime

from lantoa.exemplars.models import Honour, Publication, Replication
from tests.api.helpers import assert_error
from tests.api.test_records import RECORDS, post
from tests.exemplars.helpers import PUBLIC_TEXT
from tests.staff.test_permission_matrix import _consent, _nurtured, _published, _record


def url(record, tail: str) -> str:
    return f"{RECORDS}/{record if isinstance(record, int) else record.pk}/{tail}"


def test_an_officer_records_a_replication_and_the_spread_grows(api_as, world):
    record = _record(world, verified=True)
    body = {"org": world.youth_a.pk, "date": "2025-03-01", "what": "  Tổ chức đội cứu hộ  "}

    response = post(api_as("xa.doan"), url(record, "replications"), body)

    assert response.status_code == 201, response.content
    data = response.json()
    assert data["spread"] == {"units": 1, "entries": 1}
    assert data["replications"][0]["what"] == "Tổ chức đội cứu hộ"
    assert data["timeline"][-1]["action"] == "replicate"


def test_a_replication_is_recorded_once_per_idempotency_key(api_as, world):
    record = _record(world, verified=True)
    client = api_as("xa.doan")
    body = {"org": world.youth_a.pk, "date": "2025-03-01", "what": "Làm theo"}

    first = post(client, url(record, "replications"), body, **{"Idempotency-Key": "r1"})
    again = post(client, url(record, "replications"), body, **{"Idempotency-Key": "r1"})

    assert first.status_code == again.status_code == 201
    assert again["Idempotent-Replayed"] == "true"
    assert Replication.objects.count() == 1


def test_a_replication_needs_a_verified_record_and_a_past_date(api_as, world):
    client = api_as("xa.doan")
    body = {"org": world.youth_a.pk, "date": "2025-03-01", "what": "Làm theo"}
    assert_error(post(client, url(_record(world), "replications"), body), 400, "not_verified")

    future = (datetime.date.today() + datetime.timedelta(days=2)).isoformat()
    verified = _record(world, verified=True)
    response = post(client, url(verified, "replications"), {**body, "date": future})
    assert_error(response, 400, "future_date")
    assert not Replication.objects.exists()


def test_a_replication_for_an_organisation_outside_the_scope_is_404(api_as, world):
    record = _record(world, verified=True)
    body = {"org": world.youth_b.pk, "date": "2025-03-01", "what": "Làm theo"}

    assert_error(post(api_as("xa.doan"), url(record, "replications"), body), 404, "not_found")


def test_a_leader_records_an_honour(api_as, world):
    record = _record(world, verified=True)

    response = post(api_as("xa.mttq"), url(record, "honours"), {"text": "Bằng khen của tỉnh"})

    assert response.status_code == 201, response.content
    assert response.json()["honours"] == [{"text": "Bằng khen của tỉnh", "date": None}]


def test_an_honour_is_validated(api_as, world):
    record = _record(world, verified=True)
    response = post(api_as("xa.mttq"), url(record, "honours"), {"text": ""})

    assert_error(response, 422, "validation_error")
    assert_error(
        post(api_as("xa.mttq"), url(_record(world), "honours"), {"text": "x"}), 400, "not_verified"
    )
    assert not Honour.objects.exists()


def test_the_plan_its_notes_and_milestones(api_as, world):
    record = _nurtured(world)
    client = api_as("xa.doan")

    plan = client.get(url(record, "plan"))
    assert plan.status_code == 200
    [milestone] = plan.json()["milestones"]
    assert milestone["done_on"] is None and plan.json()["mentor_org"]["id"] == world.youth_a.pk

    noted = post(client, url(record, "plan/notes"), {"text": "Đã họp dân lần 1"})
    assert noted.status_code == 201
    assert [n["text"] for n in noted.json()["notes"]] == ["Đã họp dân lần 1"]

    done_url = url(record, f"plan/milestones/{milestone['id']}/done")
    done = post(client, done_url, {"done_on": "2025-05-01"})
    assert done.status_code == 200
    assert done.json()["milestones"][0]["done_on"] == "2025-05-01"
    assert_error(post(client, done_url, {}), 400, "already_done")


def test_a_record_without_a_plan_has_none(api_as, world):
    record = _record(world, verified=True)
    client = api_as("xa.doan")

    assert_error(client.get(url(record, "plan")), 404, "not_found")
    assert_error(post(client, url(record, "plan/notes"), {"text": "x"}), 400, "not_nurturing")


def test_a_milestone_of_another_record_is_404(api_as, world):
    record = _nurtured(world)
    other = _nurtured(world)
    milestone = other.nurture_plan.milestones.get()

    response = post(api_as("xa.doan"), url(record, f"plan/milestones/{milestone.pk}/done"), {})

    assert_error(response, 404, "not_found")


def test_a_leader_publishes_as_the_consents_allow_and_unpublishes(api_as, world):
    from lantoa.exemplars.models import Record
    from tests.exemplars.helpers import step

    record = Record.objects.get(pk=_consent(world)[0])
    step(world, record, "xa.mttq", "verify")
    client = api_as("xa.mttq")

    # Only the story is consented to: the full name is refused, with what is missing.
    text = {"title": PUBLIC_TEXT["title"], "summary": PUBLIC_TEXT["summary"]}
    full = {"name_display": "full", "place_display": "province", **text}
    error = assert_error(post(client, url(record, "publish"), full), 400, "consent_missing")
    assert error["details"] == ["show_full_name"]

    # The public text naming the person is held, as on the page.
    named = {**text, "summary": "Anh Nguyễn Văn Ân lao xuống hồ Sông Quao cứu hai em nhỏ."}
    held = {"name_display": "initials", "place_display": "province", **named}
    assert_error(post(client, url(record, "publish"), held), 400, "public_text_hits")

    body = {"name_display": "initials", "place_display": "province", **text}
    published = post(client, url(record, "publish"), body)
    assert published.status_code == 200, published.content
    assert published.json()["display_name"] == "N.V.Â." and published.json()["live"] is True
    assert client.get(url(record, "publication")).json()["live"] is True

    down = post(client, url(record, "unpublish"), {"reason": "Theo đề nghị"})
    assert down.status_code == 200
    assert down.json()["live"] is False
    assert_error(post(client, url(record, "unpublish"), {}), 400, "not_published")


def test_publishing_choices_are_enums(api_as, world):
    record = _published(world)[0]
    body = {"name_display": "nickname", "place_display": "province", "title": "T", "summary": "S"}

    assert_error(post(api_as("xa.mttq"), url(record, "publish"), body), 422, "validation_error")
    assert Publication.objects.get().name_display == "initials"


def test_an_unverified_record_is_not_published(api_as, world):
    record = _consent(world)[0]
    body = {"name_display": "initials", "place_display": "province", "title": "T", "summary": "S"}

    assert_error(post(api_as("xa.mttq"), url(record, "publish"), body), 400, "not_verified")
