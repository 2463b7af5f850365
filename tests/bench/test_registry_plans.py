"""The registry benchmark's plan check says FAIL for a scan of the records table or for
too many rows read, and OK for an indexed read cut at the page."""

from __future__ import annotations

from bench.registry_plans import MAX_ROWS, pg_verdict, sqlite_verdict


def _pg(node_type: str, rows: int, removed: int = 0, loops: int = 1) -> dict:
    scan = {
        "Node Type": node_type,
        "Relation Name": "exemplars_record",
        "Actual Rows": rows,
        "Actual Loops": loops,
        "Rows Removed by Filter": removed,
    }
    if node_type != "Seq Scan":
        scan["Index Name"] = "exm_record_state_new"
    return {"Plan": {"Node Type": "Limit", "Actual Rows": 50, "Plans": [scan]}}


def test_an_indexed_read_of_a_page_passes() -> None:
    indexes, rows, failures = pg_verdict(_pg("Index Scan", 51, removed=120))

    assert (indexes, rows, failures) == (["exm_record_state_new"], 171, [])


def test_a_sequential_scan_fails() -> None:
    _indexes, _rows, failures = pg_verdict(_pg("Seq Scan", 50))

    assert failures == ["sequential scan of the records table"]


def test_rows_removed_by_filter_count_as_read() -> None:
    """The issue's case: six rows returned, 474,692 removed by the filter."""
    _indexes, rows, failures = pg_verdict(_pg("Index Scan", 6, removed=474_692))

    assert rows == 474_698
    assert failures == [f"read 474,698 rows (more than {MAX_ROWS:,})"]


def test_loops_multiply_the_rows() -> None:
    _indexes, rows, failures = pg_verdict(_pg("Index Scan", 2_000, loops=6))

    assert rows == 12_000 and failures


def test_sqlite_fails_a_scan_without_an_index_only() -> None:
    lines = [
        "SEARCH exemplars_record USING INDEX exm_record_state_path (state=? AND org_path>?)",
        "SCAN exemplars_record USING INDEX search_record_newest",
        "SEARCH exemplars_subject USING INTEGER PRIMARY KEY (rowid=?)",
    ]
    assert sqlite_verdict(lines) == (["exm_record_state_path", "search_record_newest"], [])

    _indexes, failures = sqlite_verdict(["SCAN exemplars_record", "USE TEMP B-TREE FOR ORDER BY"])
    assert failures == ["“SCAN exemplars_record”"]
