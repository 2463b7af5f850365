"""The staff benchmark's pure parts: the queries it asks, the targets it applies, the rows
it generates, and that it never flushes a Redis database it does not own."""

from __future__ import annotations

import datetime
import random

import pytest

from bench import portal_load, staff_cases, staff_generate, staff_http, staff_load


def test_search_queries_are_two_or_three_words_of_the_data_and_never_repeat():
    texts = ["Cứu người đuối nước ở sông Cái", "Nhặt được ví trả lại người mất", "Hiến máu"]

    queries = staff_cases.distinct_queries(texts, 20, random.Random(1))

    assert len(queries) == len(set(queries)) > 5
    for q in queries:
        assert 2 <= len(q.split()) <= 3
        assert any(q in text for text in texts)


def test_a_one_word_text_gives_no_query():
    assert staff_cases.distinct_queries(["Hiến"], 5, random.Random(1)) == []


def row(**kw):
    base = {"group": "g", "name": "n", "kind": "page", "search": False, "requests": 40}
    timings = {"p50": 10.0, "p95": 20.0, "p99": 30.0, "kb": 5.0, "bad": []}
    return staff_http.Row(**{**base, **timings, **kw})


@pytest.mark.parametrize(
    ("kw", "size", "result"),
    [
        ({"p95": 49.0}, 300, "OK"),
        ({"p95": 51.0}, 300, "FAIL"),
        ({"p95": 99.0}, 1_000_000, "OK"),
        ({"p95": 101.0}, 1_000_000, "FAIL"),
        ({"p95": 140.0, "search": True}, 1_000_000, "OK"),
        ({"p95": 151.0, "search": True}, 1_000_000, "FAIL"),
        ({"p95": 90.0, "p99": 301.0}, 1_000_000, "FAIL"),
        ({"bad": ["500 /staff/"]}, 1_000_000, "FAIL"),
    ],
)
def test_each_row_gets_the_issues_target(kw, size, result):
    assert staff_http.verdict(row(**kw), size)[1] == result


def test_a_public_row_has_no_latency_target_above_300_records():
    assert staff_http.verdict(row(kind="public", p95=500.0), 100_000) == ("–", "")


def test_percentiles_are_the_shared_definition():
    p50, p95, p99 = staff_http.summary([float(i) for i in range(1, 101)])

    assert (p50, round(p95, 2), round(p99, 2)) == (50.5, 95.05, 99.01)


def test_each_state_is_entered_by_a_transition_of_the_workflow_table():
    assert staff_generate.action_into("verified") == "verify"
    assert staff_generate.action_into("rejected") == "reject"
    assert staff_generate.action_into("proposed") == "propose"
    with pytest.raises(KeyError):
        staff_generate.action_into("no-such-state")


def test_a_reported_record_gets_one_step_and_a_decided_one_two(db):
    created = datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)
    since = created + datetime.timedelta(days=3)
    records = [
        (1, "Cứu người", 10, "/1/", 11, "/1/2/", 5, "reported", "", created, created),
        (2, "Hiến máu", 10, "/1/", 11, "/1/2/", 5, "verified", "reported", created, since),
    ]

    steps, events = staff_generate.activity_rows(records, {10: "xã", 11: "tỉnh"}, (7, "v"))

    assert [(s[0], s[1], s[3]) for s in steps] == [
        (1, "report", "reported"), (2, "report", "reported"), (2, "verify", "verified")
    ]  # fmt: skip
    assert steps[2][10] == 3 * 86400  # the time spent in the previous step
    assert [e[3] for e in events] == [
        "exemplars.record.reported", "exemplars.record.reported", "exemplars.record.verify"
    ]  # fmt: skip
    assert events[2][7:9] == (11, "/1/2/")  # on the handling organisation


def test_a_cache_url_given_by_someone_else_is_used_as_given(monkeypatch):
    import bench.private_redis

    def refuse(workdir):
        raise AssertionError("started a redis-server for a given URL")

    monkeypatch.setattr(bench.private_redis, "private_redis", refuse)

    for given in ("redis://127.0.0.1:6379/3", ""):
        with portal_load.cache_for_server(given, "sqlite") as url:
            assert url == given


def test_the_default_cache_is_a_redis_server_of_the_bench_own(monkeypatch, tmp_path):
    from contextlib import contextmanager

    import bench.private_redis

    started = []

    @contextmanager
    def fake(workdir):
        started.append(workdir)
        yield "redis://127.0.0.1:1234/0"

    monkeypatch.setattr(bench.private_redis, "private_redis", fake)

    with portal_load.cache_for_server(portal_load.PRIVATE, "postgresql") as url:
        assert url == "redis://127.0.0.1:1234/0"
    assert [p.name for p in started] == ["redis-portal-postgresql"]


def test_throughput_ratios_are_against_the_bare_views():
    result = {"rps": 100.0, "p50": 1.0, "p99": 2.0, "requests": 1, "errors": ""}
    measured = {
        "loads": [("ok", "bare ok", 1), ("rows", "bare rows", 1), ("healthz", "/healthz", 1),
                  ("list", "list", 1)],
        "results": {"ok": {**result, "rps": 1000.0}, "rows": {**result, "rps": 800.0},
                    "healthz": {**result, "rps": 850.0}, "list": {**result, "rps": 60.0}},
        "workers": 5, "seconds": 5, "load_before": 0.5, "load_after": 0.6,
    }  # fmt: skip

    lines = staff_load.throughput_table(measured)

    healthz = next(line for line in lines if line.startswith("| /healthz"))
    listing = next(line for line in lines if line.startswith("| list"))
    assert "0.85× of bare ok" in healthz and "FAIL" in healthz  # under 0.9×
    assert "0.07× of bare one-query" in listing and "FAIL" in listing  # under 0.1×


def test_the_throughput_table_shows_how_far_the_rounds_stray():
    result = {"rps": 100.0, "p50": 1.0, "p99": 2.0, "requests": 1, "errors": ""}
    measured = {
        "loads": [("ok", "bare ok", 1), ("healthz", "/healthz", 1)],
        "results": {"ok": {**result, "rps": 1000.0}, "healthz": {**result, "rps": 900.0}},
        "rounds": {"ok": [1000.0, 1100.0, 900.0], "healthz": [950.0, 880.0, 855.0]},
        "workers": 5, "seconds": 5, "load_before": 0.5, "load_after": 0.6,
    }  # fmt: skip

    healthz = next(line for line in staff_load.throughput_table(measured) if "/healthz" in line)
    without = {k: v for k, v in measured.items() if k != "rounds"}  # a run recorded before
    older = next(line for line in staff_load.throughput_table(without) if "/healthz" in line)

    assert "| 0.80–0.95 |" in healthz and "0.90× of bare ok" in healthz and "OK" in healthz
    assert "| 0.90× of bare ok |  | ≥ 0.9× | OK |" in older


def export(**kw):
    base = {"actor": "a", "answer_ms": 5.0, "seconds": 2.0, "state": "done", "message": "",
            "percents": [0, 100], "polls": 8, "dropped": 0}  # fmt: skip
    return {**base, **kw}


@pytest.mark.parametrize(
    ("kw", "size", "ok"),
    [
        ({}, 300, True),  # one chunk: no step between 0 and 100 to see
        ({}, 100_000, False),  # at 100,000 the job must show progress before it is done
        ({"percents": [0, 12, 57, 100]}, 100_000, True),
        ({"percents": [0, 40], "state": "failed"}, 1_000_000, False),
    ],
)
def test_an_export_run_must_finish_and_show_progress_at_100k(kw, size, ok):
    assert staff_http.export_ok(export(**kw), size) is ok
    assert staff_http.export_lines(export(**kw), size)[-1].endswith(
        ("OK (done, with progress before 100 % at 100,000 records and more).",)
        if ok
        else ("FAIL (done, with progress before 100 % at 100,000 records and more).",)
    )


def test_start_export_is_a_post_answered_202_with_varied_bodies():
    import json

    (case,) = staff_cases.export_cases("commune-verifier", "commune verifier (API)", 6, 1)

    assert (case.method, case.status, case.kind) == ("POST", 202, "api")
    assert case.item(0) == ("/api/v1/records/exports", staff_cases.EXPORT_MARKER)
    bodies = [json.loads(case.body(i) or "") for i in range(6)]
    assert len({json.dumps(b, sort_keys=True) for b in bodies}) == 6
    assert all(b["format"] in ("csv", "xlsx") for b in bodies)


def test_each_ratio_is_to_the_bare_runs_beside_the_endpoint():
    result = {"rps": 100.0, "p50": 1.0, "p99": 2.0, "requests": 1, "errors": ""}
    measured = {
        "loads": [("ok", "bare ok", 1), ("healthz", "/healthz", 1)],
        # The bare "ok" of the whole run was fast; beside /healthz's runs it was slower.
        "results": {"ok": {**result, "rps": 1200.0}, "healthz": {**result, "rps": 900.0}},
        "rounds": {"ok": [1300.0, 950.0, 1000.0, 1350.0], "healthz": [920.0, 860.0]},
        "paired": {"healthz": {**result, "rps": 975.0}},
        "paired_rounds": {"healthz": [950.0, 1000.0]},
        "workers": 5, "seconds": 5, "load_before": 0.5, "load_after": 0.6,
    }  # fmt: skip

    lines = staff_load.throughput_table(measured)
    healthz = next(line for line in lines if line.startswith("| /healthz"))

    assert "0.92× of bare ok" in healthz and "OK" in healthz  # 900 / 975, not 900 / 1,200
    assert "| 0.86–0.97 |" in healthz  # 860 / 1,000 and 920 / 950, round by round
    assert "beside the endpoint's" in lines[0]


def test_the_kept_row_gets_its_ratio_to_the_bare_ok_and_no_verdict():
    result = {"rps": 100.0, "p50": 1.0, "p99": 2.0, "requests": 1, "errors": ""}
    measured = {
        "loads": [("ok", "bare ok", 1), ("healthz", "/healthz", 1), ("kept", "kept only", 1)],
        "results": {"ok": {**result, "rps": 1000.0}, "healthz": {**result, "rps": 820.0},
                    "kept": {**result, "rps": 880.0}},
        "rounds": {"ok": [1000.0] * 4, "healthz": [800.0, 840.0], "kept": [860.0, 900.0]},
        "paired": {"healthz": {**result, "rps": 1000.0}, "kept": {**result, "rps": 1000.0}},
        "paired_rounds": {"healthz": [1000.0, 1000.0], "kept": [1000.0, 1000.0]},
        "workers": 5, "seconds": 5, "load_before": 0.5, "load_after": 0.6,
    }  # fmt: skip

    lines = staff_load.throughput_table(measured)
    kept = next(line for line in lines if line.startswith("| kept only"))
    healthz = next(line for line in lines if line.startswith("| /healthz"))

    assert "| 0.88× of bare ok | 0.86–0.90 | (reference) |  |" in kept
    assert "OK" not in kept and "FAIL" not in kept
    assert "0.82× of bare ok" in healthz and "FAIL" in healthz
