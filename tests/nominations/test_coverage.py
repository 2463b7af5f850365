"""Which communes the system serves (issue 11, part 5): a Front committee where someone waits
for new records (a verifier on that very organisation), the commune's own or else the
province's. The form offers only those, explained before anything is typed."""

from __future__ import annotations

import pytest
from django.utils import timezone

from lantoa.nominations import coverage
from lantoa.nominations.models import Nomination
from lantoa.orgs.models import AdminUnit, Membership, OrgKind, OrgLevel, Role
from tests.personas import World, make_org, make_user
from tests.portal.nomination_helpers import URL, send, text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_nomination_settings")]


@pytest.fixture
def _nomination_settings(settings) -> None:
    settings.NOMINATION_MIN_FILL_SECONDS = 0


def _unit_c(world: World) -> AdminUnit:
    return AdminUnit.objects.create(
        scheme="2025", level="commune", code="23100", name="Xã Hàm Liêm", parent=world.province_unit
    )


def _end(world: World, username: str) -> None:
    Membership.objects.filter(user=world.user(username), role=Role.VERIFIER).update(
        ended_at=timezone.now()
    )


def test_the_handling_roles_come_from_the_workflow_table() -> None:
    assert {Role.VERIFIER} == coverage.HANDLING_ROLES


def test_a_commune_front_with_a_verifier_receives_its_own_nominations(world: World) -> None:
    assert coverage.receiving_front(world.unit_a) == world.front_a
    assert set(coverage.served_communes(world.province_unit)) == {world.unit_a, world.unit_b}
    assert list(coverage.served_provinces()) == [world.province_unit]


def test_without_a_verifier_of_its_own_the_commune_falls_back_to_the_province(
    world: World,
) -> None:
    _end(world, "xa.mttq")
    assert coverage.receiving_front(world.unit_a) == world.front
    unit_c = _unit_c(world)  # no Front of its own
    assert coverage.receiving_front(unit_c) == world.front
    assert unit_c in coverage.served_communes(world.province_unit)


def test_a_commune_is_not_served_when_nobody_waits_for_its_reports(world: World) -> None:
    unit_c = _unit_c(world)
    front_c = make_org(
        "Ủy ban MTTQ xã Hàm Liêm", OrgKind.FATHERLAND_FRONT, OrgLevel.COMMUNE, world.front, unit_c
    )
    # A reporter, a verifier awaiting confirmation and an inactive verifier do not count.
    make_user("c.reporter", (front_c, Role.REPORTER))
    pending = make_user("c.pending", (front_c, Role.VERIFIER))
    Membership.objects.filter(user=pending).update(confirmed_at=None)
    gone = make_user("c.gone", (front_c, Role.VERIFIER))
    gone.is_active = False
    gone.save()
    _end(world, "tinh.mttq")
    assert coverage.receiving_front(unit_c) is None
    assert coverage.served_communes(world.province_unit).filter(pk=unit_c.pk).count() == 0
    # Phường Phan Thiết's Front has no verifier either: it relied on the province's.
    assert coverage.unserved_count(world.province_unit) == 2
    assert list(coverage.served_communes(world.province_unit)) == [world.unit_a]
    # A verifier of its own makes it served.
    make_user("c.verifier", (front_c, Role.VERIFIER))
    assert coverage.receiving_front(unit_c) == front_c


def test_the_form_offers_only_served_communes_and_explains_the_rest_first(
    client, world: World
) -> None:
    unit_c = _unit_c(world)
    _end(world, "tinh.mttq")  # the province's Front no longer receives for Hàm Liêm
    page = text(client.get(f"{URL}?province={world.province_unit.code}"))
    assert f'value="{world.unit_a.code}"' in page and f'value="{unit_c.code}"' not in page
    assert 'id="served-intro"' in page
    # The explanation comes before the first field the citizen types in.
    assert page.index('id="served-intro"') < page.index('name="what"')
    assert f'value="{world.unit_b.code}"' not in page  # its Front has no verifier either
    assert "2 xã, phường khác của tỉnh này chưa nhận tin báo trực tuyến" in page
    # A crafted POST with that commune is refused, and nothing is stored.
    response = send(client, world, commune=unit_c.code)
    assert 'id="id_commune_error"' in text(response)
    assert Nomination.objects.count() == 0
    # The HTMX step (the province's communes) offers the same list.
    fragment = text(client.get(f"{URL}xa/?province={world.province_unit.code}"))
    assert f'value="{world.unit_a.code}"' in fragment and f'value="{unit_c.code}"' not in fragment
