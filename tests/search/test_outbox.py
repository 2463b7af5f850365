"""The generic outbox: rows keyed by index and object, applied by the index's registered
applier after commit, kept whenever applying fails."""

from __future__ import annotations

from typing import Any

import pytest

from lantoa.search import outbox
from lantoa.search.engine import IndexBusy
from lantoa.search.models import IndexOutbox

pytestmark = pytest.mark.django_db

INDEX = "test-things"
OTHER = "test-others"


@pytest.fixture(autouse=True)
def _clean_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    # Our test indexes only; the stories' registration (ExemplarsConfig.ready) stays.
    monkeypatch.setattr(outbox, "_appliers", dict(outbox._appliers))
    monkeypatch.setattr(outbox, "_last_failure", {})


def rows(index: str = INDEX) -> list[int]:
    return list(IndexOutbox.objects.filter(index=index).values_list("key", flat=True))


def test_enqueue_writes_one_row_per_distinct_key(django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks() as callbacks:
        outbox.enqueue(INDEX, 3, 1, 3, None, 2)
        outbox.enqueue(INDEX)  # nothing to do: no row, no callback
    assert rows() == [3, 1, 2]
    assert len(callbacks) == 1
    assert not outbox.pending(OTHER)
    assert outbox.pending(INDEX)


def test_after_commit_the_registered_applier_runs(django_capture_on_commit_callbacks) -> None:
    seen: list[list[int]] = []

    def apply(*, wait: float) -> int:
        assert wait == outbox.ON_COMMIT_WAIT
        return outbox.drain(INDEX, seen.append)

    outbox.register(INDEX, apply)
    outbox.enqueue(OTHER, 9)  # another index's row is not touched
    with django_capture_on_commit_callbacks(execute=True):
        outbox.enqueue(INDEX, 5, 4)
    assert seen == [[4, 5]]
    assert rows() == []
    assert rows(OTHER) == [9]


def test_without_an_applier_the_rows_wait(django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        outbox.enqueue(INDEX, 1)
    assert rows() == [1]


def test_drain_applies_in_batches_oldest_first() -> None:
    outbox.enqueue(INDEX, 5, 1, 4)
    outbox.enqueue(INDEX, 2, 1, 3)
    batches: list[list[int]] = []
    assert outbox.drain(INDEX, batches.append, batch_size=2) == 6
    # Sorted and distinct within a batch; batches in the order the rows were written.
    assert batches == [[1, 5], [2, 4], [1, 3]]
    assert not outbox.pending(INDEX)
    assert outbox.drain(INDEX, batches.append) == 0


def test_a_failing_batch_keeps_its_rows(django_capture_on_commit_callbacks) -> None:
    def broken(keys: list[int]) -> None:
        raise RuntimeError("disk full")

    def apply(*, wait: float) -> int:
        return outbox.drain(INDEX, broken)

    outbox.register(INDEX, apply)
    assert not outbox.failed_within(INDEX, 60)
    with django_capture_on_commit_callbacks(execute=True):
        outbox.enqueue(INDEX, 7)
    assert rows() == [7]
    assert outbox.failed_within(INDEX, 60)
    assert not outbox.failed_within(OTHER, 60)


def test_a_busy_index_keeps_the_rows_and_is_not_a_failure(
    django_capture_on_commit_callbacks,
) -> None:
    calls: list[Any] = []

    def busy(*, wait: float) -> int:
        calls.append(wait)
        raise IndexBusy()

    outbox.register(INDEX, busy)
    with django_capture_on_commit_callbacks(execute=True):
        outbox.enqueue(INDEX, 8)
    assert calls == [outbox.ON_COMMIT_WAIT]
    assert rows() == [8]
    assert not outbox.failed_within(INDEX, 60)


def test_the_story_index_is_registered_by_its_domain() -> None:
    from lantoa.exemplars.stories.index import INDEX_NAME, apply_story_outbox

    assert outbox._appliers[INDEX_NAME] is apply_story_outbox
