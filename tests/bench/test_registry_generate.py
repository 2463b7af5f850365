"""The registry generator writes records as the services would: each carries its
subject's priority group (`Record.priority_group`, issue 15), they come in the order a
registry receives them (decision 195), and the measured commune has twenty of each state
among the newest (decision 215)."""

from __future__ import annotations

import random

from bench import registry_generate as gen


def _tree() -> gen.Tree:
    front = (1, "0001", "Ủy ban MTTQ xã 1")
    commune = gen.Commune(1, None, front, (2, "0002", "Ủy ban MTTQ tỉnh"), [front])
    commune.place = "xã 1"
    return gen.Tree(communes=[commune], by_province_front={2: [commune]})


def test_the_column_lists_match_the_models() -> None:
    gen.check_columns()  # raises SystemExit when a model gained a column


def _records(total: int) -> tuple[list[tuple[object, ...]], dict[int, int | None]]:
    """`total` generated record rows and the priority group of each subject."""
    tree = _tree()
    rng = random.Random(1)
    folder = gen.Folder()
    subjects = list(gen.subject_rows(tree, 20, rng, folder, [7, 8, None], 1.8e9))  # type: ignore[list-item]
    at = gen.SUBJECT_COLUMNS.index("priority_group_id")
    groups = {row[0]: row[at] for row in subjects}
    names = {row[0]: row[3] for row in subjects}
    pool = [("good_deed", "Cứu người", "Anh Ân cứu người.", "cuu nguoi anh an cuu nguoi")]
    rows = list(gen.record_rows(tree, total, rng, folder, pool, [None], names, 1.8e9, groups))
    return rows, groups


def test_each_record_row_carries_its_subjects_group() -> None:
    rows, groups = _records(50)

    subject_at = gen.RECORD_COLUMNS.index("subject_id")
    group_at = gen.RECORD_COLUMNS.index("priority_group_id")
    assert all(len(row) == len(gen.RECORD_COLUMNS) for row in rows)
    assert all(row[group_at] == groups[row[subject_at]] for row in rows)
    assert {row[group_at] for row in rows} >= {7, 8}


def test_records_are_written_oldest_first_so_ids_follow_time() -> None:
    rows, _groups = _records(200)

    created_at = gen.RECORD_COLUMNS.index("created_at")
    ids = [row[0] for row in rows]
    times = [row[created_at] for row in rows]
    assert ids == list(range(1, 201))
    assert times == sorted(times)
    assert len(set(times)) > 150  # spread over the years, not one instant


def test_the_measured_commune_has_records_in_every_state_among_the_newest() -> None:
    front = (3, "0002.0003", "Ủy ban MTTQ xã 2")
    measured = gen.Commune(2, None, front, (2, "0002", "Ủy ban MTTQ tỉnh"), [front])
    measured.place = "xã 2"
    tree = _tree()
    others = tree.communes[0]
    tree.communes = [others] * 50 + [measured]  # one draw in 51 is the measured commune
    rng = random.Random(1)
    pool = [("good_deed", "Cứu người", "Anh Ân cứu người.", "cuu nguoi anh an cuu nguoi")]
    total = 4_000
    rows = list(
        gen.record_rows(tree, total, rng, gen.Folder(), pool, [None], {}, 1.8e9, {}, measured)
    )

    org_at, state_at = gen.RECORD_COLUMNS.index("org_id"), gen.RECORD_COLUMNS.index("state")
    floor = gen.floor_per_state(total)
    assert floor == 20
    newest = rows[-total // 4 :]
    for state in gen.S.values:
        theirs = [r for r in newest if r[org_at] == 3 and r[state_at] == state]
        assert len(theirs) >= floor, state
    assert len(rows) == total
    assert gen.floor_positions(total, None) == {}
    assert gen.floor_positions(300, measured) == {}  # too few records to spare
