"""The served communes cost a fixed number of queries, however many communes and Fronts a
province has (124 in Lâm Đồng)."""

from __future__ import annotations

import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lantoa.nominations import coverage
from lantoa.orgs.models import AdminUnit, OrgKind, OrgLevel, Role
from tests.personas import World, make_org, make_user

pytestmark = pytest.mark.django_db


def _grow(world: World, communes: int) -> None:
    for i in range(communes):
        unit = AdminUnit.objects.create(
            scheme="2025",
            level="commune",
            code=f"9{i:04d}",
            name=f"Xã Thử {i}",
            parent=world.province_unit,
        )
        front = make_org(
            f"Ủy ban MTTQ xã Thử {i}", OrgKind.FATHERLAND_FRONT, OrgLevel.COMMUNE, world.front, unit
        )
        if i % 2:
            make_user(f"thu{i}.mttq", (front, Role.VERIFIER))


def _queries(client, url: str) -> tuple[int, float]:
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        assert client.get(url).status_code == 200
        elapsed = time.perf_counter() - started
    return len(captured), elapsed


def test_the_form_and_its_commune_step_do_not_grow_with_the_communes(client, world: World):
    url = f"/bao-tin/?province={world.province_unit.code}"
    fragment = f"/bao-tin/xa/?province={world.province_unit.code}"
    small = (_queries(client, url)[0], _queries(client, fragment)[0])
    _grow(world, 122)  # 124 communes, like Lâm Đồng
    (form_queries, form_seconds), (step_queries, step_seconds) = (
        _queries(client, url),
        _queries(client, fragment),
    )
    assert (form_queries, step_queries) == small
    assert coverage.served_communes(world.province_unit).count() == 124
    print(
        f"\nform: {form_queries} queries {form_seconds * 1000:.1f} ms; "
        f"commune step: {step_queries} queries {step_seconds * 1000:.1f} ms"
    )
