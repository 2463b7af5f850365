from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from lantoa.orgs.models import Membership, OrgKind, OrgLevel, Role
from tests.personas import make_org

ME = "/api/v1/me"


def test_it_returns_the_caller_and_their_memberships(api_as, world):
    response = api_as("xa.mttq").get(ME)

    assert response.status_code == 200
    body = response.json()
    user = world.user("xa.mttq")
    assert {k: body[k] for k in ("id", "username", "full_name", "email")} == {
        "id": user.pk,
        "username": "xa.mttq",
        "full_name": "Phạm Thị Xã",
        "email": "xa.mttq@example.vn",
    }
    org = {
        "id": world.front_a.pk,
        "name": world.front_a.name,
        "kind": "fatherland_front",
        "level": "commune",
    }
    assert sorted(body["memberships"], key=lambda m: m["role"]) == [
        {
            "id": Membership.objects.get(user=user, role=Role.LEADER).pk,
            "role": "leader",
            "organisation": org,
        },
        {
            "id": Membership.objects.get(user=user, role=Role.VERIFIER).pk,
            "role": "verifier",
            "organisation": org,
        },
    ]


def test_it_leaves_out_ended_memberships(api_as, world):
    client = api_as("xa.mttq")
    Membership.objects.filter(user=world.user("xa.mttq"), role=Role.VERIFIER).update(
        ended_at="2025-07-01T00:00:00Z"
    )

    roles = [m["role"] for m in client.get(ME).json()["memberships"]]

    assert roles == ["leader"]


def test_it_does_not_show_the_password_or_other_private_fields(api_as):
    body = api_as("xa.doan").get(ME).json()

    assert set(body) == {"id", "username", "full_name", "email", "memberships"}


def test_its_query_count_does_not_grow_with_memberships(api_as, world):
    client = api_as("xa.mttq")
    client.get(ME)  # the first call of a token also records its use
    with CaptureQueriesContext(connection) as before:
        assert client.get(ME).status_code == 200

    user = world.user("xa.mttq")
    for i in range(30):
        org = make_org(
            f"Chi hội {i}", OrgKind.WOMENS_UNION, OrgLevel.VILLAGE, world.front_a, world.unit_a
        )
        Membership.objects.create(
            user=user, organisation=org, org_path=org.path, role=Role.REPORTER
        )
    with CaptureQueriesContext(connection) as after:
        response = client.get(ME)

    assert len(response.json()["memberships"]) == 32
    assert len(after) == len(before) <= 2
