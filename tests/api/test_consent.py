"""A subject, its consents and sensitive items, and merging subjects through the API."""

from __future__ import annotations

from lantoa.audit.models import AuditEvent
from lantoa.exemplars.models import Consent, Publication, Record, SensitiveItem, Subject
from tests.api.helpers import assert_error
from tests.api.test_records import post
from tests.staff.test_permission_matrix import _published, _record

SUBJECTS = "/api/v1/subjects"


def consent_body(**extra):
    return {
        "purpose": "show_photo",
        "given_by": "subject",
        "given_on": "2025-01-01",
        "evidence_kind": "in_person",
        "evidence_note": "Đồng ý trực tiếp tại nhà văn hóa thôn.",
        **extra,
    }


def test_an_officer_records_a_consent(api_as, world):
    record = _record(world)
    client = api_as("xa.doan")

    response = post(client, f"{SUBJECTS}/{record.subject_id}/consents", consent_body())

    assert response.status_code == 201, response.content
    assert response.json()["purpose"] == "show_photo" and response.json()["active"] is True
    detail = client.get(f"{SUBJECTS}/{record.subject_id}").json()
    assert [c["purpose"] for c in detail["consents"]] == ["show_photo"]


def test_a_consent_is_recorded_once_per_key(api_as, world):
    record = _record(world)
    client = api_as("xa.doan")
    path = f"{SUBJECTS}/{record.subject_id}/consents"

    for _ in range(2):
        assert post(client, path, consent_body(), **{"Idempotency-Key": "c1"}).status_code == 201
    assert Consent.objects.count() == 1


def test_a_minor_needs_the_legal_representative(api_as, world):
    record = _record(world)
    Subject.objects.filter(pk=record.subject_id).update(birth_year=2020)
    path = f"{SUBJECTS}/{record.subject_id}/consents"

    response = post(api_as("xa.doan"), path, consent_body())

    assert_error(response, 400, "wrong_consent_giver")
    assert_error(
        post(api_as("xa.doan"), path, consent_body(given_by="guardian")), 400, "guardian_required"
    )


def test_a_consent_is_validated(api_as, world):
    record = _record(world)
    path = f"{SUBJECTS}/{record.subject_id}/consents"

    response = post(api_as("xa.doan"), path, consent_body(purpose="sell_data"))

    assert_error(response, 422, "validation_error")
    assert not Consent.objects.exists()


def test_another_communes_subject_is_404(api_as, world):
    record = _record(world)
    client = api_as("xab.doan")

    assert_error(client.get(f"{SUBJECTS}/{record.subject_id}"), 404, "not_found")
    path = f"{SUBJECTS}/{record.subject_id}/consents"
    assert_error(post(client, path, consent_body()), 404, "not_found")


def test_withdrawing_takes_the_story_down_at_once(api_as, world):
    record = Record.objects.get(pk=_published(world)[0])
    consent = record.subject.consents.get(purpose="publish_story")
    client = api_as("xa.doan")
    path = f"{SUBJECTS}/{record.subject_id}/consents/{consent.pk}/withdraw"

    response = post(client, path, {"note": "Không muốn nữa"})

    assert response.status_code == 200, response.content
    assert response.json()["revoked_shares"] == 1
    assert response.json()["consent"]["active"] is False
    assert Publication.objects.get().unpublished_at is not None
    assert_error(post(client, path, {}), 400, "already_withdrawn")


def test_a_consent_of_another_subject_is_404(api_as, world):
    record = Record.objects.get(pk=_published(world)[0])
    consent = record.subject.consents.get()
    other = _record(world)

    path = f"{SUBJECTS}/{other.subject_id}/consents/{consent.pk}/withdraw"
    assert_error(post(api_as("xa.doan"), path, {}), 404, "not_found")


def test_a_sensitive_item_and_its_own_consent(api_as, world):
    record = _record(world)
    client = api_as("xa.doan")
    base = f"{SUBJECTS}/{record.subject_id}"

    item = post(client, f"{base}/sensitive-items", {"kind": "religion", "value": " Phật  giáo "})
    assert item.status_code == 201, item.content
    assert item.json()["value"] == "Phật giáo"
    item_id = item.json()["id"]

    # Sharing sensitive data names exactly one item.
    assert_error(
        post(client, f"{base}/consents", consent_body(purpose="sensitive_item")),
        400,
        "sensitive_item_required",
    )
    given = post(
        client, f"{base}/consents", consent_body(purpose="sensitive_item", sensitive_item=item_id)
    )
    assert given.status_code == 201 and given.json()["sensitive_item"] == item_id
    # The value is never written to the audit log.
    assert not AuditEvent.objects.filter(changes__icontains="Phật").exists()


def test_the_value_of_a_sensitive_item_is_for_consent_managers_only(api_as, world):
    record = _record(world)
    SensitiveItem.objects.create(subject=record.subject, kind="health", value="Khuyết tật")

    seen = api_as("tinh.tuyengiao").get(f"{SUBJECTS}/{record.subject_id}").json()

    assert seen["sensitive_items"][0]["value"] is None
    assert seen["consents"] == []
    managed = api_as("xa.doan").get(f"{SUBJECTS}/{record.subject_id}").json()
    assert managed["sensitive_items"][0]["value"] == "Khuyết tật"


def test_a_sensitive_item_kind_is_an_enum(api_as, world):
    record = _record(world)
    path = f"{SUBJECTS}/{record.subject_id}/sensitive-items"

    assert_error(
        post(api_as("xa.doan"), path, {"kind": "salary", "value": "x"}), 422, "validation_error"
    )
    assert not SensitiveItem.objects.exists()


def test_a_verifier_merges_two_subjects_and_their_records_follow(api_as, world):
    keep, drop = _record(world), _record(world)
    dropped = drop.subject_id

    response = post(api_as("xa.mttq"), f"{SUBJECTS}/{keep.subject_id}/merge", {"drop": dropped})

    assert response.status_code == 200, response.content
    drop.refresh_from_db()
    assert drop.subject_id == keep.subject_id
    assert AuditEvent.objects.filter(action="exemplars.subject.merged").count() == 1
    # Merged away: the dropped subject is gone from the API.
    assert_error(api_as("xa.mttq").get(f"{SUBJECTS}/{dropped}"), 404, "not_found")


def test_a_subject_is_not_merged_into_itself(api_as, world):
    record = _record(world)
    path = f"{SUBJECTS}/{record.subject_id}/merge"

    assert_error(post(api_as("xa.mttq"), path, {"drop": record.subject_id}), 400, "merge_self")


def test_merging_twice_finds_the_dropped_subject_gone(api_as, world):
    keep, drop = _record(world), _record(world)
    path = f"{SUBJECTS}/{keep.subject_id}/merge"
    client = api_as("xa.mttq")

    assert post(client, path, {"drop": drop.subject_id}).status_code == 200
    assert_error(post(client, path, {"drop": drop.subject_id}), 404, "not_found")
