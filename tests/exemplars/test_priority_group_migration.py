"""exemplars.0012 copies each subject's priority group onto its records in one statement
(PostgreSQL: a join; SQLite: a subquery), before the indexes are built (issue 15)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from lantoa.exemplars.models import PriorityGroup, Record
from tests.exemplars.helpers import report
from tests.personas import World

BEFORE = [("exemplars", "0014_list_kind_index")]
AFTER = [("exemplars", "0015_record_priority_group")]


def _migrate(target: list[tuple[str, str]]) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(target)


def _copies() -> dict[int, tuple[int | None, int | None]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT r.id, r.priority_group_id, s.priority_group_id FROM exemplars_record r "
            "LEFT JOIN exemplars_subject s ON s.id = r.subject_id"
        )
        return {pk: (copy, source) for pk, copy, source in cursor.fetchall()}


@pytest.mark.django_db(transaction=True)
def test_the_backfill_copies_every_subjects_group_and_leaves_the_others_empty(
    world: World,
) -> None:
    from lantoa.exemplars import services

    group = PriorityGroup.objects.create(code="test-youth", name="Thanh thiếu niên")
    young = report(
        world, new_subject=services.SubjectInput(full_name="Trần Văn Bình", priority_group=group)
    )
    again = report(world, subject=young.subject, new_subject=None)
    ungrouped = report(world)
    nobody = report(world, new_subject=None)
    try:
        _migrate(BEFORE)
        _migrate(AFTER)
        copies = _copies()
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes("exemplars"))

    assert copies[young.pk] == (group.pk, group.pk)
    assert copies[again.pk] == (group.pk, group.pk)
    assert copies[ungrouped.pk] == (None, None)
    assert copies[nobody.pk] == (None, None)
    assert Record.objects.filter(priority_group=group).count() == 2
