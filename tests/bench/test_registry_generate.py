"""The registry generator writes records as the services would: each carries its
subject's priority group (`Record.priority_group`, issue 15)."""

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


def test_each_record_row_carries_its_subjects_group() -> None:
    tree = _tree()
    rng = random.Random(1)
    folder = gen.Folder()
    subjects = list(gen.subject_rows(tree, 20, rng, folder, [7, 8, None], 1.8e9))  # type: ignore[list-item]
    at = gen.SUBJECT_COLUMNS.index("priority_group_id")
    groups = {row[0]: row[at] for row in subjects}
    names = {row[0]: row[3] for row in subjects}
    pool = [("good_deed", "Cứu người", "Anh Ân cứu người.", "cuu nguoi anh an cuu nguoi")]

    rows = list(gen.record_rows(tree, 50, rng, folder, pool, [None], names, 1.8e9, groups))

    subject_at = gen.RECORD_COLUMNS.index("subject_id")
    group_at = gen.RECORD_COLUMNS.index("priority_group_id")
    assert all(len(row) == len(gen.RECORD_COLUMNS) for row in rows)
    assert all(row[group_at] == groups[row[subject_at]] for row in rows)
    assert {row[group_at] for row in rows} >= {7, 8}
