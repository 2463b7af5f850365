"""Every write to background jobs: start one, and report its progress from inside its task.

A task that reports progress takes a `job_id` and runs its service inside `run_job(job_id)`;
the service receives the `JobRun` and calls `step(done, total)` as it advances.
"""

from __future__ import annotations

import datetime
import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, Any

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks.base import Task

from lantoa.core.actors import Actor, signed_in
from lantoa.core.errors import DomainError
from lantoa.jobs.models import Job, JobState

logger = logging.getLogger(__name__)


def start_job(
    *,
    actor: Actor,
    task: Task[..., Any],
    kind: str,
    title: str,
    org: Any = None,
    kwargs: dict[str, Any] | None = None,
) -> Job:
    """Create the actor's job and enqueue `task(job_id=…, **kwargs)` once this commits.

    The job exists before the task does, so a worker never looks for a missing row and the
    page can show "waiting to start" at once. A rolled-back caller enqueues nothing. The
    caller audits what the job does for whom (this layer sits below the audit log).
    """
    with transaction.atomic():
        job = Job.objects.create(kind=kind, title=title[:255], owner=signed_in(actor), org=org)
        job_id = str(job.pk)
        arguments = dict(kwargs or {})
        transaction.on_commit(lambda: _enqueue(task, job_id, arguments))
    return job


def _enqueue(task: Task[..., Any], job_id: str, arguments: dict[str, Any]) -> None:
    result = task.enqueue(job_id=job_id, **arguments)
    Job.objects.filter(pk=job_id).update(task_result_id=result.id)


class JobRun:
    """The running job as its task sees it: report steps, then the result."""

    def __init__(self, job: Job) -> None:
        self.job = job

    def step(self, done: int, total: int, message: str = "") -> None:
        """Record `done` of `total` steps (each call is committed at once, so a page polling
        the job sees it advance)."""
        if total < 0 or not 0 <= done <= total:
            raise ValueError(f"progress {done}/{total} is out of range")
        Job.objects.filter(pk=self.job.pk, state=JobState.RUNNING).update(
            done=done, total=total, message=message[:255], beat_at=timezone.now()
        )
        self.job.done, self.job.total, self.job.message = done, total, message[:255]
        if settings.JOBS_STEP_PAUSE:
            time.sleep(settings.JOBS_STEP_PAUSE)

    def finish(self, *, message: str = "", file: IO[bytes] | None = None, name: str = "") -> None:
        """Mark the job done, keeping `file` (read from its start) as its result."""
        job = self.job
        if file is not None:
            # Stored under a generated name; `name` is only what the download is called.
            job.result_file.save(name or "result", File(file), save=False)
            job.result_name = name[:120]
        job.state = JobState.DONE
        job.done = job.total
        job.message = message[:255]
        job.finished_at = timezone.now()
        job.save(
            update_fields=["result_file", "result_name", "state", "done", "message", "finished_at"]
        )


def begin_job(*, job_id: str) -> Job | None:
    """Move a queued job to running; None when it is missing or already finished (a task
    delivered twice must not do its work twice)."""
    now = timezone.now()
    started = Job.objects.filter(pk=job_id, state=JobState.QUEUED).update(
        state=JobState.RUNNING, started_at=now, beat_at=now
    )
    if not started:
        return None
    return Job.objects.get(pk=job_id)


def fail_job(*, job: Job, message: str) -> None:
    Job.objects.filter(pk=job.pk).update(
        state=JobState.FAILED, message=message[:255], finished_at=timezone.now()
    )


def fail_stalled_jobs(*, now: datetime.datetime | None = None) -> int:
    """Fail the running jobs that took no step for `settings.JOBS_STALLED_AFTER` (their
    worker was killed or its machine restarted: nothing else would ever finish them), so
    their owners see that it stopped and can start it again; how many."""
    now = now or timezone.now()
    silent_since = now - settings.JOBS_STALLED_AFTER
    stalled = Job.objects.filter(state=JobState.RUNNING, beat_at__lt=silent_since)
    count = stalled.update(
        state=JobState.FAILED,
        message=_("The job stopped before it finished. Start it again.")[:255],
        finished_at=now,
    )
    if count:
        logger.warning("Failed %d job(s) silent since %s", count, silent_since.isoformat())
    return count


@contextmanager
def run_job(job_id: str) -> Iterator[JobRun | None]:
    """Run the body as job `job_id`: running on entry, done on a clean exit (unless the body
    finished it with a result), failed on an exception, which propagates so the task backend
    records it too. Yields None when there is nothing to run (missing or finished job)."""
    job = begin_job(job_id=job_id)
    if job is None:
        logger.warning("Job %s is missing or already finished; not running it again", job_id)
        yield None
        return
    run = JobRun(job)
    try:
        yield run
    except DomainError as error:
        fail_job(job=job, message=str(error.message))
        raise
    except Exception:
        logger.exception("Job %s (%s) failed", job_id, job.kind)
        fail_job(job=job, message=_("The job failed. Try again, or report its number."))
        raise
    if job.state != JobState.DONE:
        run.finish(message=job.message)
