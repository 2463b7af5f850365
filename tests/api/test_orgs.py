from __future__ import annotations

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from lantoa.orgs.models import Organisation, OrgKind, OrgLevel
from tests.api.helpers import assert_error
from tests.personas import make_org

ORGS = "/api/v1/orgs"


def names(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {item["name"] for item in response.json()["items"]}


def add_villages(world, count: int, parent: Organisation | None = None) -> None:
    for i in range(count):
        make_org(
            f"Chi đoàn thôn {i:02d}",
            OrgKind.YOUTH_UNION,
            OrgLevel.VILLAGE,
            parent or world.youth_b,
            world.unit_b,
        )


def test_it_lists_only_what_the_caller_may_see(api_as, world):
    seen = names(api_as("xab.doan").get(ORGS))

    assert seen == {world.youth_b.name}


def test_a_commune_b_officer_sees_nothing_of_commune_a(api_as, world):
    body = api_as("xab.doan").get(ORGS).json()

    ids = {item["id"] for item in body["items"]}
    assert not ids & {world.front_a.pk, world.youth_a.pk}


def test_the_province_front_sees_both_communes(api_as, world):
    seen = names(api_as("tinh.mttq").get(ORGS))

    assert seen == {
        world.front.name,
        world.front_a.name,
        world.youth_a.name,
        world.front_b.name,
        world.youth_b.name,
    }


def test_it_lists_the_subtree_of_a_visible_parent(api_as, world):
    seen = names(api_as("tinh.mttq").get(ORGS, {"parent": world.front_a.pk}))

    assert seen == {world.youth_a.name}


def test_it_answers_404_for_a_parent_outside_the_scope(api_as, world):
    response = api_as("xab.doan").get(ORGS, {"parent": world.front_a.pk})

    assert_error(response, 404, "not_found")


def test_it_answers_an_absent_parent_like_a_hidden_one(api_as, world):
    client = api_as("xab.doan")

    hidden = assert_error(client.get(ORGS, {"parent": world.front_a.pk}), 404, "not_found")
    absent = assert_error(client.get(ORGS, {"parent": 999_999}), 404, "not_found")

    assert hidden == absent


def test_it_searches_names_without_diacritics(api_as, world):
    seen = names(api_as("tinh.mttq").get(ORGS, {"q": "ham thuan"}))

    assert seen == {world.front_a.name, world.youth_a.name}


def test_it_filters_by_kind_and_level(api_as, world):
    client = api_as("tinh.mttq")

    assert names(client.get(ORGS, {"kind": "youth_union"})) == {
        world.youth_a.name,
        world.youth_b.name,
    }
    assert names(client.get(ORGS, {"level": "province"})) == {world.front.name}


def test_it_rejects_an_unknown_kind_with_422(api_as, world):
    error = assert_error(api_as("tinh.mttq").get(ORGS, {"kind": "club"}), 422, "validation_error")

    assert [(d["location"], d["field"]) for d in error["details"]] == [("query", "kind")]


def test_it_hides_closed_organisations_unless_asked(api_as, world):
    Organisation.objects.filter(pk=world.youth_b.pk).update(valid_to=datetime.date(2025, 6, 30))
    client = api_as("tinh.mttq")

    assert world.youth_b.name not in names(client.get(ORGS))
    response = client.get(ORGS, {"include_closed": "true"})
    item = next(i for i in response.json()["items"] if i["id"] == world.youth_b.pk)
    assert item["is_active"] is False
    assert item["valid_to"] == "2025-06-30"


def test_it_describes_each_organisation(api_as, world):
    body = api_as("xab.doan").get(ORGS).json()

    assert body["items"] == [
        {
            "id": world.youth_b.pk,
            "name": world.youth_b.name,
            "kind": "youth_union",
            "level": "commune",
            "parent_id": world.front_b.pk,
            "admin_unit": {"code": "22945", "name": "Phường Phan Thiết"},
            "depth": 4,
            "valid_from": None,
            "valid_to": None,
            "is_active": True,
        }
    ]


def test_it_paginates_by_fifty(api_as, world):
    add_villages(world, 60)
    client = api_as("xab.doan")

    first = client.get(ORGS).json()
    second = client.get(first["next"]).json()
    back = client.get(second["previous"]).json()

    assert (first["count"], first["count_capped"], len(first["items"])) == (61, False, 50)
    assert first["previous"] is None
    assert (len(second["items"]), second["next"]) == (11, None)
    assert back["items"] == first["items"]
    ids = [i["id"] for i in first["items"] + second["items"]]
    assert len(set(ids)) == 61
    assert first["items"][0]["id"] == world.youth_b.pk  # tree order: the parent first


def test_it_refuses_page_numbers(api_as, world):
    assert_error(api_as("xab.doan").get(ORGS, {"page": 2}), 400, "page_not_supported")


def test_its_query_count_does_not_grow_with_organisations(api_as, world):
    client = api_as("tinh.mttq")
    client.get(ORGS)  # the first call of a token also records its use
    with CaptureQueriesContext(connection) as before:
        client.get(ORGS, {"parent": world.front.pk})

    add_villages(world, 30)
    with CaptureQueriesContext(connection) as after:
        response = client.get(ORGS, {"parent": world.front.pk})

    assert response.json()["count"] == 34
    # token+user, grants, parent, count, page
    assert len(after) == len(before) <= 5


def test_it_returns_one_visible_organisation(api_as, world):
    response = api_as("xab.doan").get(f"{ORGS}/{world.youth_b.pk}")

    assert response.status_code == 200
    assert response.json()["name"] == world.youth_b.name
    assert response.json()["admin_unit"] == {"code": "22945", "name": "Phường Phan Thiết"}


def test_it_answers_404_for_an_organisation_of_another_commune(api_as, world):
    client = api_as("xab.doan")

    hidden = assert_error(client.get(f"{ORGS}/{world.front_a.pk}"), 404, "not_found")
    absent = assert_error(client.get(f"{ORGS}/999999"), 404, "not_found")

    assert hidden == absent


def test_it_answers_404_for_a_non_numeric_id(api_as, world):
    assert_error(api_as("xab.doan").get(f"{ORGS}/abc"), 404, "not_found")


def test_it_requires_a_token(api_client, world):
    assert_error(api_client.get(ORGS), 401, "unauthorized")
    assert_error(api_client.get(f"{ORGS}/{world.youth_b.pk}"), 401, "unauthorized")
