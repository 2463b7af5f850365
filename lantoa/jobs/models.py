"""A background job as its owner sees it (progress, result) and the periodic jobs' last runs.

The lowest layer above `core`: the domains import it, it imports none of them (models are
named by string).

The task itself lives in django-tasks' own table; a `Job` is what a page and the API read:
created before the task is enqueued (the immediate backend runs the task inside `enqueue`,
before the caller could learn the task's id), updated by the task as it advances.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class JobState(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


FINISHED_STATES = (JobState.DONE, JobState.FAILED)


def result_path(job: Job, filename: str) -> str:
    # Generated names only: the file is served through the owner's download view.
    return f"jobs/{job.created_at:%Y/%m}/{job.pk}/{uuid.uuid4().hex}"


class Job(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=64)
    title = models.CharField(_("title"), max_length=255)
    task_result_id = models.CharField(_("task result id"), max_length=64, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    # The organisation the job works for, when there is one (lists by organisation later);
    # who may see a job is decided by its owner alone.
    org = models.ForeignKey(
        "orgs.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    state = models.CharField(
        _("state"), max_length=16, choices=JobState.choices, default=JobState.QUEUED
    )
    done = models.PositiveIntegerField(_("steps done"), default=0)
    total = models.PositiveIntegerField(_("steps"), default=0)
    message = models.CharField(_("message"), max_length=255, blank=True)
    result_file = models.FileField(_("result file"), upload_to=result_path, blank=True)
    result_name = models.CharField(_("result file name"), max_length=120, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    # Set when it starts and at each step: a running job silent for too long lost its
    # worker (`services.fail_stalled_jobs`).
    beat_at = models.DateTimeField(_("last step"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["owner", "-created_at"], name="job_owner_recent")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(done__lte=models.F("total")), name="job_done_within_total"
            ),
            models.CheckConstraint(
                condition=models.Q(state__in=[s.value for s in JobState]), name="job_state_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def finished(self) -> bool:
        return self.state in FINISHED_STATES

    @property
    def percent(self) -> int:
        """0–100; a finished job is 100 whatever its step count."""
        if self.state == JobState.DONE:
            return 100
        if not self.total:
            return 0
        return min(100, self.done * 100 // self.total)


class PeriodicRun(models.Model):
    """The last slot each periodic job was enqueued for: the scheduler claims a slot with a
    conditional UPDATE, so a restart or a second scheduler never enqueues it twice."""

    name = models.CharField(_("name"), max_length=64, unique=True)
    last_slot = models.DateTimeField(_("last slot"))
    enqueued_at = models.DateTimeField(_("enqueued"))

    class Meta:
        verbose_name = _("periodic job run")
        verbose_name_plural = _("periodic job runs")

    def __str__(self) -> str:
        return self.name
