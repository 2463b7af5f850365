"""The staff home page and the organisation list cost a fixed number of queries."""

from __future__ import annotations

from django.urls import reverse

from lantoa.orgs.models import Membership, OrgKind, OrgLevel
from tests.personas import World, make_org, make_user
from tests.staff.helpers import count_queries


def _grow(world: World, n: int) -> None:
    for i in range(n):
        org = make_org(
            f"Chi đoàn thôn {i}", OrgKind.YOUTH_UNION, OrgLevel.VILLAGE, world.youth_a, world.unit_a
        )
        member = make_user(f"member{org.pk}")
        Membership.objects.create(user=member, organisation=org, org_path=org.path, role="reporter")
        Membership.objects.create(
            user=world.user("xa.quantri"), organisation=org, org_path=org.path, role="leader"
        )


def test_it_keeps_the_home_page_queries_constant(client, world: World) -> None:
    client.force_login(world.user("xa.quantri"))
    url = reverse("staff:home")
    before = count_queries(client, url)
    _grow(world, 15)
    assert count_queries(client, url) == before


def test_it_keeps_the_organisation_list_queries_constant(client, world: World) -> None:
    client.force_login(world.user("xa.quantri"))
    url = reverse("staff:org_list")
    before = count_queries(client, url)
    _grow(world, 15)
    response = client.get(url)
    assert "Chi đoàn thôn 14" in response.content.decode()
    assert count_queries(client, url) == before


def test_it_keeps_the_organisation_page_queries_constant(client, world: World) -> None:
    client.force_login(world.user("xa.quantri"))
    url = reverse("staff:org_detail", args=[world.youth_a.pk])
    before = count_queries(client, url)
    _grow(world, 15)
    assert count_queries(client, url) == before
