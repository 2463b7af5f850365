"""The generic outbox: rows keyed by index and object, kept as a log that each index
directory reads through its own watermark, applied by the index's registered applier after
commit, pending again whenever applying fails, pruned after the retention."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from lantoa.search import outbox, tasks
from lantoa.search.engine import IndexBusy
from lantoa.search.models import IndexOutbox, OutboxLog

pytestmark = pytest.mark.django_db

INDEX = "test-things"
OTHER = "test-others"


class Directory:
    """An index directory's state files, in memory (a TantivyIndex keeps them on disk)."""

    def __init__(self) -> None:
        self.states: dict[str, dict[str, Any]] = {}

    def read_state(self, name: str) -> dict[str, Any] | None:
        return self.states.get(name)

    def write_state(self, name: str, data: dict[str, Any]) -> None:
        self.states[name] = data


def built(index: str = INDEX) -> Directory:
    """A directory rebuilt from the database just now: in step with the log so far."""
    directory = Directory()
    outbox.finish_rebuild(outbox.start_rebuild(index), into=directory)
    return directory


@pytest.fixture(autouse=True)
def _clean_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    # Our test indexes only; the stories' registration (ExemplarsConfig.ready) stays.
    monkeypatch.setattr(outbox, "_appliers", dict(outbox._appliers))
    monkeypatch.setattr(outbox, "_last_failure", {})


@pytest.fixture
def things() -> Directory:
    return built(INDEX)


def rows(index: str = INDEX) -> list[int]:
    return list(IndexOutbox.objects.filter(index=index).values_list("key", flat=True))


def test_enqueue_writes_one_row_per_distinct_key(
    django_capture_on_commit_callbacks, things: Directory
) -> None:
    others = built(OTHER)
    with django_capture_on_commit_callbacks() as callbacks:
        outbox.enqueue(INDEX, 3, 1, 3, None, 2)
        outbox.enqueue(INDEX)  # nothing to do: no row, no callback
    assert rows() == [3, 1, 2]
    assert len(callbacks) == 1
    assert not outbox.pending(OTHER, into=others)
    assert outbox.pending(INDEX, into=things)


def test_after_commit_the_registered_applier_runs(
    django_capture_on_commit_callbacks, things: Directory
) -> None:
    seen: list[list[int]] = []
    others = built(OTHER)

    def apply(*, wait: float) -> int:
        assert wait == outbox.ON_COMMIT_WAIT
        return outbox.drain(INDEX, seen.append, into=things)

    outbox.register(INDEX, apply)
    outbox.enqueue(OTHER, 9)  # another index's row is not touched
    with django_capture_on_commit_callbacks(execute=True):
        outbox.enqueue(INDEX, 5, 4)
    assert seen == [[4, 5]]
    assert not outbox.pending(INDEX, into=things)
    assert rows() == [5, 4]  # a log: applying deletes nothing
    assert rows(OTHER) == [9]
    assert outbox.pending(OTHER, into=others)


def test_without_an_applier_the_rows_wait(
    django_capture_on_commit_callbacks, things: Directory
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        outbox.enqueue(INDEX, 1)
    assert rows() == [1]
    assert outbox.pending(INDEX, into=things)


def test_drain_applies_in_batches_oldest_first(things: Directory) -> None:
    outbox.enqueue(INDEX, 5, 1, 4)
    outbox.enqueue(INDEX, 2, 1, 3)
    batches: list[list[int]] = []
    assert outbox.drain(INDEX, batches.append, into=things, batch_size=2) == 6
    # Sorted and distinct within a batch; batches in the order the rows were written.
    assert batches == [[1, 5], [2, 4], [1, 3]]
    assert not outbox.pending(INDEX, into=things)
    assert outbox.drain(INDEX, batches.append, into=things) == 0


def test_a_failing_batch_keeps_its_rows(
    django_capture_on_commit_callbacks, things: Directory
) -> None:
    def broken(keys: list[int]) -> None:
        raise RuntimeError("disk full")

    def apply(*, wait: float) -> int:
        return outbox.drain(INDEX, broken, into=things)

    outbox.register(INDEX, apply)
    assert not outbox.failed_within(INDEX, 60)
    with django_capture_on_commit_callbacks(execute=True):
        outbox.enqueue(INDEX, 7)
    assert rows() == [7]
    assert outbox.pending(INDEX, into=things)  # the watermark did not move
    assert outbox.failed_within(INDEX, 60)
    assert not outbox.failed_within(OTHER, 60)


def test_a_batch_that_fails_midway_keeps_the_earlier_batches_applied(things: Directory) -> None:
    outbox.enqueue(INDEX, 1, 2, 3)
    seen: list[list[int]] = []

    def second_fails(keys: list[int]) -> None:
        if seen:
            raise RuntimeError("disk full")
        seen.append(keys)

    with pytest.raises(RuntimeError):
        outbox.drain(INDEX, second_fails, into=things, batch_size=2)
    again: list[list[int]] = []
    assert outbox.drain(INDEX, again.append, into=things, batch_size=2) == 1
    assert seen == [[1, 2]] and again == [[3]]


def test_a_busy_index_keeps_the_rows_and_is_not_a_failure(
    django_capture_on_commit_callbacks, things: Directory
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
    assert outbox.pending(INDEX, into=things)
    assert not outbox.failed_within(INDEX, 60)


def test_the_story_index_is_registered_by_its_domain() -> None:
    from lantoa.exemplars.stories.index import INDEX_NAME, apply_story_outbox

    assert outbox._appliers[INDEX_NAME] is apply_story_outbox


# --- one watermark per directory ----------------------------------------------------------------


def test_a_worker_applying_its_directory_leaves_the_web_directory_pending() -> None:
    web, worker = built(), built()
    outbox.enqueue(INDEX, 11, 12)
    into_worker: list[list[int]] = []
    assert outbox.drain(INDEX, into_worker.append, into=worker) == 2
    assert into_worker == [[11, 12]]
    assert not outbox.pending(INDEX, into=worker)
    assert outbox.pending(INDEX, into=web)  # the worker's run says nothing of the web's index
    into_web: list[list[int]] = []
    assert outbox.drain(INDEX, into_web.append, into=web) == 2
    assert into_web == [[11, 12]]
    assert not outbox.pending(INDEX, into=web)
    outbox.enqueue(INDEX, 13)
    assert outbox.pending(INDEX, into=web) and outbox.pending(INDEX, into=worker)


def test_a_row_that_commits_after_a_higher_id_is_still_applied(things: Directory) -> None:
    outbox.enqueue(INDEX, 21, 22)
    early, _later = IndexOutbox.objects.filter(index=INDEX).order_by("pk")
    late_row = {"pk": early.pk, "index": INDEX, "key": 21}
    early.delete()  # id taken, not committed yet (PostgreSQL hands out ids before commit)
    seen: list[list[int]] = []
    assert outbox.drain(INDEX, seen.append, into=things) == 1
    assert seen == [[22]]
    assert not outbox.pending(INDEX, into=things)
    IndexOutbox.objects.create(**late_row)  # … and now it commits, below the watermark
    assert outbox.pending(INDEX, into=things)
    assert outbox.drain(INDEX, seen.append, into=things) == 1
    assert seen == [[22], [21]]
    assert not outbox.pending(INDEX, into=things)
    assert outbox.drain(INDEX, seen.append, into=things) == 0


def test_the_watermark_forgets_ids_past_the_late_commit_window(things: Directory) -> None:
    outbox.enqueue(INDEX, 1, 2)
    outbox.drain(INDEX, lambda keys: None, into=things)
    mark = outbox.watermark(things)
    assert mark is not None and len(mark.recent) == 2
    later = timezone.now() + outbox.LATE_COMMIT_WINDOW + datetime.timedelta(seconds=1)
    with time_machine.travel(later):
        outbox.enqueue(INDEX, 3)
        outbox.drain(INDEX, lambda keys: None, into=things)
    mark = outbox.watermark(things)
    assert mark is not None and list(mark.recent) == [mark.last_id]  # only the new row


# --- rebuilding: a directory the log cannot bring in step ------------------------------------


def test_a_directory_without_a_watermark_must_be_rebuilt() -> None:
    fresh = Directory()
    assert outbox.needs_rebuild(INDEX, into=fresh)
    assert outbox.pending(INDEX, into=fresh)  # so that a search lets the applier rebuild it
    with pytest.raises(outbox.IndexBehind):
        outbox.drain(INDEX, lambda keys: None, into=fresh)


def test_an_unreadable_watermark_means_a_rebuild(things: Directory) -> None:
    things.states[outbox.WATERMARK_STATE] = {"epoch": "x"}  # no last_id
    assert outbox.needs_rebuild(INDEX, into=things)


def test_a_watermark_of_another_database_means_a_rebuild(things: Directory) -> None:
    assert not outbox.needs_rebuild(INDEX, into=things)
    OutboxLog.objects.filter(index=INDEX).delete()  # a re-created database: a new epoch
    assert outbox.needs_rebuild(INDEX, into=things)


def test_a_rebuild_starts_at_the_highest_id(things: Directory) -> None:
    outbox.enqueue(INDEX, 1, 2)
    rebuilt = built()
    assert not outbox.pending(INDEX, into=rebuilt)  # the rebuild read those changes
    assert outbox.pending(INDEX, into=things)
    outbox.enqueue(INDEX, 3)
    seen: list[list[int]] = []
    outbox.drain(INDEX, seen.append, into=rebuilt)
    assert seen == [[3]]


# --- pruning -----------------------------------------------------------------------------------


def _enqueued_days_ago(days: int, *keys: int) -> None:
    with time_machine.travel(timezone.now() - datetime.timedelta(days=days)):
        outbox.enqueue(INDEX, *keys)


def test_pruning_deletes_rows_past_the_retention_and_records_the_highest(settings) -> None:
    settings.SEARCH_OUTBOX_RETENTION_DAYS = 7
    _enqueued_days_ago(9, 1, 2)
    _enqueued_days_ago(3, 3)
    outbox.enqueue(OTHER, 4)
    highest = IndexOutbox.objects.filter(key=2).get().pk
    assert outbox.prune() == {INDEX: 2}
    assert rows() == [3] and rows(OTHER) == [4]
    assert OutboxLog.objects.get(index=INDEX).pruned_through == highest
    assert outbox.prune() == {}  # nothing older left
    assert OutboxLog.objects.get(index=INDEX).pruned_through == highest


def test_a_directory_behind_the_pruning_must_rebuild_and_one_in_step_need_not(settings) -> None:
    settings.SEARCH_OUTBOX_RETENTION_DAYS = 7
    behind = built()
    _enqueued_days_ago(9, 1)
    in_step = built()  # it has read what row 1 changed
    _enqueued_days_ago(2, 2)
    outbox.prune()
    assert outbox.needs_rebuild(INDEX, into=behind)  # it never saw row 1, now gone
    with pytest.raises(outbox.IndexBehind):
        outbox.drain(INDEX, lambda keys: None, into=behind)
    assert not outbox.needs_rebuild(INDEX, into=in_step)
    seen: list[list[int]] = []
    outbox.drain(INDEX, seen.append, into=in_step)
    assert seen == [[2]]
    rebuilt = built()
    assert not outbox.needs_rebuild(INDEX, into=rebuilt)
    assert not outbox.pending(INDEX, into=rebuilt)


def test_a_rebuild_after_everything_was_pruned_is_in_step(settings) -> None:
    settings.SEARCH_OUTBOX_RETENTION_DAYS = 7
    _enqueued_days_ago(8, 1)
    outbox.prune()
    assert not IndexOutbox.objects.exists()
    rebuilt = built()
    assert not outbox.needs_rebuild(INDEX, into=rebuilt)


# --- tasks -------------------------------------------------------------------------------------


def test_the_apply_task_runs_the_registered_applier_with_the_worker_wait() -> None:
    waits: list[float] = []

    def apply(*, wait: float) -> int:
        waits.append(wait)
        return 3

    outbox.register(INDEX, apply)
    assert tasks.apply_index_outbox.call(INDEX) == 3
    assert waits == [tasks.WORKER_WAIT]


def test_the_apply_task_gives_way_to_a_busy_writer() -> None:
    def busy(*, wait: float) -> int:
        raise IndexBusy()

    outbox.register(INDEX, busy)
    assert tasks.apply_index_outbox.call(INDEX) == 0


def test_the_apply_task_fails_loudly_for_an_unknown_index() -> None:
    with pytest.raises(LookupError):
        tasks.apply_index_outbox.call("no-such-index")


def test_the_prune_task_is_a_nightly_job(settings) -> None:
    from lantoa.jobs.scheduler import periodic_jobs

    settings.SEARCH_OUTBOX_RETENTION_DAYS = 7
    _enqueued_days_ago(10, 1, 2)
    assert tasks.prune_index_outbox.call() == 2
    assert "lantoa.search.tasks.prune_index_outbox" in {job.task_path for job in periodic_jobs()}


def test_pruning_runs_by_hand_too(settings) -> None:
    from io import StringIO

    from django.core.management import call_command

    settings.SEARCH_OUTBOX_RETENTION_DAYS = 7
    _enqueued_days_ago(8, 1)
    outbox.enqueue(INDEX, 2)
    out = StringIO()
    call_command("prune_index_outbox", stdout=out)
    assert "1" in out.getvalue()
    assert rows() == [2]


def test_a_burst_past_what_a_watermark_remembers_folds_into_its_floor(
    things: Directory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(outbox, "MAX_REMEMBERED", 2)
    outbox.enqueue(INDEX, 1, 2, 3, 4, 5)
    seen: list[list[int]] = []
    assert outbox.drain(INDEX, seen.append, into=things, batch_size=2) == 5
    mark = outbox.watermark(things)
    assert mark is not None
    assert len(mark.recent) == 2 and mark.floor < min(mark.recent)
    assert not outbox.pending(INDEX, into=things)  # nothing forgotten comes back as pending
    assert outbox.drain(INDEX, seen.append, into=things) == 0
    assert seen == [[1, 2], [3, 4], [5]]
