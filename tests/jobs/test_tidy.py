"""The nightly tidy-up: a job whose worker stopped is failed, finished task results and
the API's idempotent answers are deleted after their retention."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from lantoa.api.models import IdempotentAnswer
from lantoa.api.tasks import prune_idempotent_answers
from lantoa.jobs.models import Job, JobState
from lantoa.jobs.services import JobRun, begin_job, fail_stalled_jobs, run_job
from lantoa.jobs.tasks import tidy_jobs
from tests.jobs.test_services import counting, start_counting
from tests.personas import World

H = datetime.timedelta(hours=1)


def _running(world: World, silent_for: datetime.timedelta) -> Job:
    job = Job.objects.create(kind="test.count", title="Đếm", owner=world.user("xa.quantri"))
    assert begin_job(job_id=str(job.pk)) is not None
    Job.objects.filter(pk=job.pk).update(beat_at=timezone.now() - silent_for)
    return job


def test_a_running_job_silent_past_the_limit_is_failed_with_a_message(
    world: World, settings
) -> None:
    settings.JOBS_STALLED_AFTER = H
    stalled = _running(world, 2 * H)
    alive = _running(world, H / 2)
    queued = Job.objects.create(kind="t", title="Chờ", owner=world.user("xa.quantri"))
    Job.objects.filter(pk=queued.pk).update(created_at=timezone.now() - 48 * H)

    assert fail_stalled_jobs() == 1
    stalled.refresh_from_db()
    assert stalled.state == JobState.FAILED
    assert stalled.message == "Việc đã dừng lại trước khi xong. Hãy bắt đầu lại."
    assert stalled.finished_at is not None
    assert Job.objects.get(pk=alive.pk).state == JobState.RUNNING
    assert Job.objects.get(pk=queued.pk).state == JobState.QUEUED  # waits for a worker
    assert fail_stalled_jobs() == 0  # nothing twice


def test_each_step_is_a_sign_of_life(world: World, settings) -> None:
    settings.JOBS_STALLED_AFTER = H
    job = _running(world, 2 * H)
    with run_job(str(job.pk)) as run:  # already running: not run again
        assert run is None
    JobRun(Job.objects.get(pk=job.pk)).step(1, 3)
    assert fail_stalled_jobs() == 0
    job.refresh_from_db()
    assert job.state == JobState.RUNNING and job.done == 1


def test_a_job_that_finishes_has_its_steps_timed_and_is_never_failed_later(
    world: World, settings, django_capture_on_commit_callbacks
) -> None:
    settings.JOBS_STALLED_AFTER = H
    with django_capture_on_commit_callbacks(execute=True):
        job = start_counting(world, steps=2)
    job.refresh_from_db()
    assert job.state == JobState.DONE and job.beat_at is not None
    assert fail_stalled_jobs(now=timezone.now() + 10 * H) == 0
    assert Job.objects.get(pk=job.pk).state == JobState.DONE


@pytest.mark.parametrize("backend", ["immediate", "database"])
def test_the_nightly_task_fails_stalled_jobs_and_prunes_old_task_results(
    world: World, settings, backend: str
) -> None:
    if backend == "database":
        settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.JOBS_STALLED_AFTER = H
    settings.TASK_RESULTS_KEEP_DAYS = 14
    stalled = _running(world, 2 * H)
    if backend == "database":
        result = counting.enqueue(job_id="x", steps=1)
        DBTaskResult.objects.filter(pk=result.id).update(
            status="SUCCESSFUL", finished_at=timezone.now() - datetime.timedelta(days=15)
        )
        fresh = counting.enqueue(job_id="y", steps=1)
        DBTaskResult.objects.filter(pk=fresh.id).update(
            status="SUCCESSFUL", finished_at=timezone.now() - datetime.timedelta(days=2)
        )

    assert tidy_jobs.call() == 1
    assert Job.objects.get(pk=stalled.pk).state == JobState.FAILED
    if backend == "database":
        assert [str(pk) for pk in DBTaskResult.objects.values_list("pk", flat=True)] == [fresh.id]


def test_idempotent_answers_are_kept_for_their_retention_then_deleted(
    world: World, settings
) -> None:
    settings.IDEMPOTENCY_KEEP_HOURS = 24
    user = world.user("xa.doan")
    values = {"operation": "POST /api/v1/records", "fingerprint": "f", "status": 201, "body": {}}
    old = IdempotentAnswer.objects.create(
        user=user, key="old", created_at=timezone.now() - 25 * H, **values
    )
    recent = IdempotentAnswer.objects.create(
        user=user, key="recent", created_at=timezone.now() - 23 * H, **values
    )
    assert prune_idempotent_answers.call() == 1
    assert list(IdempotentAnswer.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not IdempotentAnswer.objects.filter(pk=old.pk).exists()


def test_both_tidy_ups_run_by_hand(world: World, settings) -> None:
    settings.JOBS_STALLED_AFTER = H
    _running(world, 2 * H)
    out = io.StringIO()
    call_command("tidy_jobs", stdout=out)
    call_command("prune_idempotent_answers", stdout=out)
    assert out.getvalue().splitlines() == [
        "Stalled jobs failed: 1",
        "Idempotent answers deleted: 0",
    ]
