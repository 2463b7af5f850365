"""The job runner's own nightly tidy-up (settings.PERIODIC_JOBS)."""

from __future__ import annotations

from django.conf import settings
from django.core.management import call_command
from django_tasks import task, task_backends
from django_tasks_db.backend import DatabaseBackend

from lantoa.jobs.services import fail_stalled_jobs


@task()
def tidy_jobs() -> int:
    """Fail the jobs whose worker stopped (`fail_stalled_jobs`), and delete the task
    queue's finished results older than `TASK_RESULTS_KEEP_DAYS` (django-tasks-db's own
    command; a job keeps its result file on the job). How many jobs were failed."""
    failed = fail_stalled_jobs()
    if isinstance(task_backends["default"], DatabaseBackend):
        call_command(
            "prune_db_task_results",
            queue_name="*",
            min_age_days=settings.TASK_RESULTS_KEEP_DAYS,
            verbosity=0,
        )
    return failed
