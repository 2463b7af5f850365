"""Starting a job and reporting its progress from inside its task (immediate backend)."""

from __future__ import annotations

import io
import uuid

import pytest
from django.db import transaction
from django_tasks import task

from lantoa.jobs.models import Job, JobState
from lantoa.jobs.services import begin_job, run_job, start_job
from tests.personas import World

# What each run of the sample task saw, to prove what ran and how often.
seen_jobs: list[str] = []


@task()
def counting(*, job_id: str, steps: int, fail_at: int = -1) -> int:
    """A real task over run_job: `steps` steps, failing at step `fail_at` if given."""
    with run_job(job_id) as run:
        if run is None:
            return 0
        seen_jobs.append(job_id)
        for done in range(1, steps + 1):
            if done == fail_at:
                raise RuntimeError("disk full")
            run.step(done, steps, f"step {done}")
        run.finish(message="all done", file=io.BytesIO(b"a;b\r\n"), name="out.csv")
    return steps


def start_counting(world: World, **kwargs: int) -> Job:
    """xa.quantri's job counting `steps` (`fail_at`), through `start_job`."""
    return start_job(
        actor=world.user("xa.quantri"), task=counting, kind="test.count", title="Đếm", kwargs=kwargs
    )


@pytest.fixture(autouse=True)
def _seen() -> None:
    seen_jobs.clear()


def test_a_started_job_runs_once_the_caller_commits(
    world: World, django_capture_on_commit_callbacks
) -> None:
    owner = world.user("xa.quantri")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        job = start_job(
            actor=owner, task=counting, kind="test.count", title="Đếm", kwargs={"steps": 3}
        )
        assert seen_jobs == []  # not before the commit
    assert len(callbacks) == 1
    job.refresh_from_db()
    assert seen_jobs == [str(job.pk)]
    assert (job.state, job.done, job.total, job.percent) == (JobState.DONE, 3, 3, 100)
    assert job.message == "all done"
    assert job.task_result_id
    assert job.started_at is not None and job.finished_at is not None
    assert job.result_name == "out.csv"
    with job.result_file.open("rb") as f:
        assert f.read() == b"a;b\r\n"
    # Stored under a generated name, never the name the download is given.
    assert "out.csv" not in job.result_file.name


def test_a_rolled_back_caller_enqueues_nothing(world: World, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                start_counting(world, steps=1)
                raise RuntimeError("the caller changed its mind")
        except RuntimeError:
            pass
    assert callbacks == []
    assert seen_jobs == []
    assert not Job.objects.exists()


def test_a_failing_job_is_marked_failed_with_a_readable_message(
    world: World, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        job = start_counting(world, steps=5, fail_at=3)
    job.refresh_from_db()
    assert job.state == JobState.FAILED
    assert (job.done, job.total) == (2, 5)
    assert "disk full" not in job.message  # internals stay in the log
    assert job.message
    assert not job.result_file
    assert job.percent == 40


def test_a_task_delivered_twice_does_its_work_once(
    world: World, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        job = start_counting(world, steps=2)
    assert counting.enqueue(job_id=str(job.pk), steps=2).return_value == 0
    assert seen_jobs == [str(job.pk)]
    assert begin_job(job_id=str(job.pk)) is None


def test_a_missing_job_is_not_run(world: World) -> None:
    assert counting.enqueue(job_id=str(uuid.uuid4()), steps=2).return_value == 0
    assert seen_jobs == []


def test_progress_out_of_range_is_refused(world: World) -> None:
    job = Job.objects.create(owner=world.user("xa.quantri"), kind="test", title="x")
    with pytest.raises(ValueError), run_job(str(job.pk)) as run:
        assert run is not None
        run.step(4, 3)
    job.refresh_from_db()
    assert job.state == JobState.FAILED


@pytest.mark.parametrize(
    ("state", "done", "total", "percent"),
    [
        (JobState.QUEUED, 0, 0, 0),
        (JobState.RUNNING, 1, 3, 33),
        (JobState.RUNNING, 3, 3, 100),
        (JobState.FAILED, 1, 4, 25),
        (JobState.DONE, 0, 0, 100),
    ],
)
def test_percent(state: str, done: int, total: int, percent: int) -> None:
    assert Job(state=state, done=done, total=total).percent == percent


def test_the_database_refuses_more_done_than_total(world: World) -> None:
    from django.db import IntegrityError

    with pytest.raises(IntegrityError), transaction.atomic():
        Job.objects.create(owner=world.user("xa.quantri"), kind="t", title="t", done=2, total=1)
