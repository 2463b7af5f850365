"""Bad input gets a clear 4xx in the one error format, never a 500, and is stored clean."""

from __future__ import annotations

import unicodedata

import pytest
from django.db import OperationalError

from lantoa.exemplars.models import Record
from tests.api.helpers import assert_error
from tests.api.test_records import RECORDS, body, post, transitions_url
from tests.exemplars.helpers import report


def nul_field(response, location: str, field: str) -> None:
    error = assert_error(response, 422, "validation_error")
    assert {"location": location, "field": field} in [
        {"location": d["location"], "field": d["field"]} for d in error["details"]
    ]
    assert all(d["type"] == "null_character" for d in error["details"])


@pytest.mark.parametrize(
    ("url", "field"),
    [
        (f"{RECORDS}?q=a%00b", "q"),
        (f"{RECORDS}?state=verified%00", "state"),
        ("/api/v1/orgs?parent=1%00", "parent"),
        ("/api/v1/subjects/duplicates?name=An%00", "name"),
        ("/api/v1/public/stories?q=%00", "q"),
    ],
)
def test_a_nul_in_a_query_is_422(api_as, world, url, field):
    nul_field(api_as("xa.doan").get(url), "query", field)


def test_a_nul_in_a_path_parameter_is_422(api_client, world):
    nul_field(api_client.get("/api/v1/public/nominations/AB%00CD"), "path", "code")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"title": "Cứu\x00 người"}, "title"),
        ({"subject": {"full_name": "Ân\x00"}}, "subject.full_name"),
        ({"unknown\x00key": "x"}, "unknown\x00key"),
    ],
)
def test_a_nul_in_a_json_body_is_422_and_nothing_is_stored(api_as, world, change, field):
    response = post(api_as("xa.doan"), RECORDS, body(world, **change))

    nul_field(response, "body", field)
    assert not Record.objects.exists()


def test_a_nul_in_a_transition_note_is_422(api_as, world):
    record = report(world)
    response = post(
        api_as("xa.mttq"), transitions_url(record), {"action": "verify", "note": "\x00"}
    )

    nul_field(response, "body", "note")
    record.refresh_from_db()
    assert record.state == "reported"


def test_text_is_stored_in_nfc(api_as, world):
    decomposed = unicodedata.normalize("NFD", "Nguyễn Văn Ân cứu người")
    assert decomposed != unicodedata.normalize("NFC", decomposed)

    response = post(
        api_as("xa.doan"),
        RECORDS,
        body(world, title=decomposed, subject={"full_name": decomposed}),
    )

    assert response.status_code == 201, response.content
    record = Record.objects.select_related("subject").get()
    assert record.title == "Nguyễn Văn Ân cứu người" == unicodedata.normalize("NFC", record.title)
    assert record.subject.full_name == unicodedata.normalize("NFC", decomposed)


def test_a_query_is_normalised_to_nfc_before_searching(api_as, world):
    report(world, title="Cứu người đuối nước")
    q = unicodedata.normalize("NFD", "Cứu người")

    response = api_as("xa.doan").get(RECORDS, {"q": q})

    assert response.status_code == 200
    assert response.json()["count"] == 1


def test_a_multipart_body_without_a_boundary_is_400(api_as, world):
    record = report(world)
    response = api_as("xa.doan").post(
        f"{RECORDS}/{record.pk}/evidence", data=b"--x\r\n\r\n", content_type="multipart/form-data"
    )

    assert_error(response, 400, "bad_request")
    assert not record.evidence.exists()


@pytest.mark.parametrize("path", ["/api/v1/records%0A", "/api/v1/no%0Apath", "/api/v1/%0A"])
def test_a_path_with_a_newline_gets_the_json_404(api_as, world, path):
    assert_error(api_as("xa.doan").get(path), 404, "not_found")


def test_api_answers_are_private_and_not_stored(api_as, api_client, world):
    assert api_as("xa.doan").get("/api/v1/me")["Cache-Control"] == "private, no-store"
    # Refusals too: a 401 is still an answer a shared cache must not keep.
    assert api_client.get("/api/v1/me")["Cache-Control"] == "private, no-store"


def test_the_public_api_keeps_its_own_caching(api_client, world):
    response = api_client.get("/api/v1/public/stories")

    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_a_database_outage_is_503_with_retry_after(api_as, world, monkeypatch):
    client = api_as("xa.doan")

    def down(*args, **kwargs):
        raise OperationalError("connection to server failed: Connection refused")

    monkeypatch.setattr("lantoa.api.records.record_list", down)
    response = client.get(RECORDS)

    assert_error(response, 503, "unavailable")
    assert response["Retry-After"] == "30"


def test_an_outage_during_authentication_is_503_too(api_client, world, monkeypatch):
    def down(token):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr("lantoa.api.security.user_for_token", down)
    response = api_client.get("/api/v1/me", headers={"Authorization": "Bearer abc"})

    assert_error(response, 503, "unavailable")
    assert response["Retry-After"] == "30"


def test_a_programming_error_is_still_a_500(api_as, world, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("bug")

    monkeypatch.setattr("lantoa.api.records.record_list", broken)
    assert_error(api_as("xa.doan").get(RECORDS), 500, "server_error")


# ---------------------------------------------------------------------------------------
# Idempotency-Key on transitions


def verify(client, record, key: str | None = None, **extra):
    headers = {"Idempotency-Key": key} if key else {}
    data = {"action": "verify", "note": "", **extra}
    return post(client, transitions_url(record), data, **headers)


def test_a_retried_transition_gets_the_first_answer(api_as, world):
    record = report(world)
    client = api_as("xa.mttq")

    first = verify(client, record, "k-1")
    again = verify(client, record, "k-1")

    assert first.status_code == again.status_code == 200, again.content
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first
    assert record.steps.filter(action="verify").count() == 1


def test_without_a_key_a_repeated_transition_is_refused(api_as, world):
    record = report(world)
    client = api_as("xa.mttq")

    assert verify(client, record).status_code == 200
    assert_error(verify(client, record), 400, "invalid_transition")


def test_a_key_reused_for_another_request_is_409(api_as, world):
    record = report(world)
    client = api_as("xa.mttq")
    assert verify(client, record, "k-1").status_code == 200

    assert_error(verify(client, record, "k-1", note="other"), 409, "idempotency_key_reused")


def test_a_refused_transition_does_not_keep_its_key(api_as, world):
    record = report(world)
    client = api_as("xa.mttq")
    refused = post(
        client, transitions_url(record), {"action": "return"}, **{"Idempotency-Key": "k"}
    )
    assert refused.status_code == 400

    # The same key with the same body is tried again, not answered from memory.
    again = post(client, transitions_url(record), {"action": "return"}, **{"Idempotency-Key": "k"})
    assert again.status_code == 400
    assert "Idempotent-Replayed" not in again


def test_keys_are_per_caller(api_as, world):
    record = report(world)
    assert verify(api_as("xa.mttq"), record, "same").status_code == 200

    # Another officer's identical key is not the verifier's answer.
    response = verify(api_as("tinh.mttq"), record, "same")
    assert_error(response, 400, "invalid_transition")


def test_a_key_of_another_caller_is_checked_like_any_request(api_as, world):
    record = report(world)
    assert verify(api_as("xa.mttq"), record, "k").status_code == 200

    # Commune B's officer sees the now verified record but may not verify it.
    assert_error(verify(api_as("xab.doan"), record, "k"), 400, "forbidden")
    unseen = report(world)
    assert_error(verify(api_as("xab.doan"), unseen, "k"), 404, "not_found")


def test_an_idempotency_key_is_at_most_80_characters(api_as, world):
    record = report(world)
    response = verify(api_as("xa.mttq"), record, "k" * 81)

    assert_error(response, 422, "validation_error")
