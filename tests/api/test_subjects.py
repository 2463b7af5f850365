from __future__ import annotations

from lantoa.exemplars.models import Subject
from tests.api.helpers import assert_error
from tests.exemplars.helpers import report

DUPLICATES = "/api/v1/subjects/duplicates"


def test_it_finds_a_person_typed_without_diacritics(api_as, world):
    record = report(world)
    Subject.objects.filter(pk=record.subject_id).update(
        admin_unit=world.unit_a, phone="0912345678", email="an@example.vn"
    )

    response = api_as("xa.doan").get(DUPLICATES, {"name": "nguyen van an", "birth_year": 1995})

    assert response.status_code == 200, response.content
    (suggestion,) = response.json()
    assert suggestion["subject"] == {
        "id": record.subject_id,
        "kind": "individual",
        "full_name": "Nguyễn Văn Ân",
        "birth_year": 1995,
        "admin_unit": "Xã Hàm Thuận",
    }
    assert 0 < suggestion["score"] <= 1
    assert "same folded name" in suggestion["reasons"]
    assert "same birth year" in suggestion["reasons"]
    assert len(suggestion["reason_labels"]) == len(suggestion["reasons"])
    assert "0912345678" not in response.content.decode()
    assert "an@example.vn" not in response.content.decode()


def test_it_uses_the_unit(api_as, world):
    record = report(world)
    Subject.objects.filter(pk=record.subject_id).update(admin_unit=world.unit_a)

    response = api_as("xa.doan").get(DUPLICATES, {"name": "Nguyễn Văn An", "unit": world.unit_a.pk})

    assert response.status_code == 200, response.content
    (suggestion,) = response.json()
    assert suggestion["subject"]["full_name"] == "Nguyễn Văn Ân"
    assert "same commune" in suggestion["reasons"]


def test_another_commune_gets_no_suggestion(api_as, world):
    report(world)

    response = api_as("xab.doan").get(DUPLICATES, {"name": "nguyen van an", "birth_year": 1995})

    assert response.status_code == 200
    assert response.json() == []


def test_it_validates_the_query(api_as, world):
    client = api_as("xa.doan")

    missing = assert_error(client.get(DUPLICATES), 422, "validation_error")
    unit = assert_error(
        client.get(DUPLICATES, {"name": "an", "unit": 999_999}), 422, "validation_error"
    )

    assert [(d["location"], d["field"]) for d in missing["details"]] == [("query", "name")]
    assert [(d["location"], d["field"]) for d in unit["details"]] == [("query", "unit")]


def test_it_requires_a_token(api_client, world):
    assert_error(api_client.get(DUPLICATES, {"name": "an"}), 401, "unauthorized")
