"""Staff reads: who sees which records in the lists."""

from __future__ import annotations

from lantoa.exemplars.selectors import record_list
from tests.exemplars.helpers import report
from tests.personas import World


def test_the_system_admin_lists_unverified_records_of_every_tree(world: World) -> None:
    a = report(world, "xa.doan", title="Chưa xác minh ở xã A")
    b = report(world, "xab.doan", title="Chưa xác minh ở phường B")

    listed = set(record_list(world.user("quantri")))

    assert {a, b} <= listed


def test_a_commune_reporter_does_not_list_another_communes_unverified_record(
    world: World,
) -> None:
    a = report(world, "xa.doan")
    b = report(world, "xab.doan")

    listed = set(record_list(world.user("xab.doan")))

    assert b in listed
    assert a not in listed
