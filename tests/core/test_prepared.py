"""Prepared list reads: SQL compiled once per shape, fresh values each time, the same rows as
the ORM, and no kept SQL when the computed values disagree with Django's."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection
from django.db.models import F, QuerySet, signals
from django.db.models.sql.compiler import SQLCompiler
from django.test.utils import CaptureQueriesContext

from lantoa.core import prepared
from lantoa.core.paginator import CappedPaginator
from lantoa.core.prepared import Prepared
from lantoa.orgs.models import Organisation
from lantoa.orgs.models.paths import under_params
from tests.personas import World


@pytest.fixture(autouse=True)
def _no_kept_sql() -> Iterator[None]:
    prepared.forget_plans()
    yield
    prepared.forget_plans()


def _under(org: Organisation) -> QuerySet[Organisation]:
    return (
        Organisation.objects.filter(path__under=org.path, valid_to__isnull=True)
        .annotate(parent_name=F("parent__name"))
        .only("name", "level", "path")
        .order_by("path")
    )


def listing(org: Organisation, params: list[Any] | None = None) -> Prepared[Organisation]:
    if params is None:
        params = under_params(org.path, connection.vendor)
    return Prepared("orgs under", ("under",), params, build=lambda: _under(org))


def test_rows_are_the_orms_rows_with_their_annotations(world: World) -> None:
    expected = list(_under(world.front))

    rows = listing(world.front)[0:50]

    assert [(o.pk, o.name, o.parent_name) for o in rows] == [
        (o.pk, o.name, o.parent_name) for o in expected
    ]
    assert len(rows) == 5  # the province Front, two commune Fronts, two youth unions


def test_the_second_call_of_a_shape_binds_new_values_without_compiling(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    listing(world.front)[0:50]
    assert prepared.is_kept("orgs under", "rows", ("under",))

    def no_compiling(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("compiled again")

    monkeypatch.setattr(SQLCompiler, "as_sql", no_compiling)
    with CaptureQueriesContext(connection) as queries:
        rows = listing(world.front_b)[0:50]
    assert [o.name for o in rows] == [world.front_b.name, world.youth_b.name]
    assert len(queries) == 1


def test_values_that_disagree_with_djangos_are_logged_and_never_kept(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    wrong = under_params(world.front_b.path, connection.vendor)  # not the tree it builds

    with caplog.at_level(logging.ERROR, logger="lantoa.core.prepared"):
        rows = listing(world.front_a, params=wrong)[0:50]

    assert [o.name for o in rows] == [world.front_a.name, world.youth_a.name]  # the ORM's
    assert not prepared.is_kept("orgs under", "rows", ("under",))
    assert "are not the SQL's" in caplog.text


def test_pages_and_counts_match_the_orm(world: World) -> None:
    expected = [o.pk for o in _under(world.front)]
    rows = listing(world.front)

    assert [o.pk for o in rows[1:3]] == expected[1:3]
    assert [o.pk for o in rows[4:10]] == expected[4:]
    assert rows[10:20] == []
    assert rows[2].pk == expected[2]
    assert rows.count() == len(rows) == 5
    assert rows.capped_count(3) == 3
    assert [o.pk for o in rows] == expected  # iterating reads the whole queryset

    with pytest.raises(IndexError):
        rows[5]
    for bad in (slice(None, None), slice(-1, 2), slice(0, 4, 2), slice(3, 1)):
        with pytest.raises(ValueError):
            rows[bad]


def test_the_capped_paginator_counts_through_the_kept_sql(world: World) -> None:
    paginator = CappedPaginator(listing(world.front), 2, cap=3)

    assert paginator.count == 3 and paginator.more
    assert prepared.is_kept("orgs under", "count", ("under",))
    assert [o.pk for o in paginator.page(2).object_list] == [o.pk for o in _under(world.front)][2:3]


def test_a_row_is_a_saved_instance_with_the_other_fields_deferred(world: World) -> None:
    row = listing(world.front)[0]

    assert not row._state.adding and row._state.db == "default"
    assert "kind" in row.get_deferred_fields()
    assert row.kind == world.front.kind  # loaded on access
    row.name = "Ủy ban MTTQ tỉnh (đổi tên)"
    row.save(update_fields=["name"])
    assert Organisation.objects.get(pk=world.front.pk).name == "Ủy ban MTTQ tỉnh (đổi tên)"


def test_models_with_post_init_receivers_are_built_by_django(world: World) -> None:
    seen: list[int] = []

    def receiver(sender: Any, instance: Organisation, **kwargs: Any) -> None:
        seen.append(id(instance))

    signals.post_init.connect(receiver, sender=Organisation)
    try:
        rows = listing(world.front)[0:50]
    finally:
        signals.post_init.disconnect(receiver, sender=Organisation)

    assert sorted(seen) == sorted(id(o) for o in rows)


def test_a_read_without_a_shape_is_the_orms(world: World) -> None:
    rows = Prepared("unprepared", None, [], build=lambda: _under(world.front_a))

    assert [o.name for o in rows[0:50]] == [world.front_a.name, world.youth_a.name]
    assert rows.capped_count(1) == 1
    assert not prepared.is_kept("unprepared", "rows", None)


def test_a_shape_that_matches_nothing_answers_without_the_database(world: World) -> None:
    nothing = Prepared(
        "nothing", ("none",), [], build=lambda: Organisation.objects.filter(pk__in=[])
    )

    with CaptureQueriesContext(connection) as queries:
        assert nothing[0:50] == [] and nothing.count() == 0
    assert len(queries) == 0
