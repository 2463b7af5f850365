"""Periodic jobs without cron: a small scheduler process beside the task worker.

`settings.PERIODIC_JOBS` lists each job's name, task path and local time of day. Every tick
the scheduler finds each job's latest slot (today's time if it has passed, else
yesterday's) and enqueues the task once per slot. The slot is claimed in `PeriodicRun` with
a conditional UPDATE, so a restart, a second scheduler or a tick repeated in the same minute
never enqueues it twice; a slot missed while nothing ran (a reboot at 06:55) is caught up
once at the next tick, like anacron. The clock is injected, so a test can move time.
"""

from __future__ import annotations

import datetime
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks.base import Task

from lantoa.jobs.models import PeriodicRun

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    task_path: str
    at: datetime.time

    @property
    def task(self) -> Task[..., Any]:
        task = import_string(self.task_path)
        if not isinstance(task, Task):
            raise ImproperlyConfigured(f"PERIODIC_JOBS: {self.task_path} is not a task.")
        return task

    def latest_slot(self, now: datetime.datetime) -> datetime.datetime:
        """The latest local `at` that is not after `now`."""
        zone = timezone.get_default_timezone()
        local = now.astimezone(zone)
        slot = datetime.datetime.combine(local.date(), self.at, zone)
        if slot > local:
            slot = datetime.datetime.combine(
                local.date() - datetime.timedelta(days=1), self.at, zone
            )
        return slot


def periodic_jobs() -> list[PeriodicJob]:
    """The table in settings, checked: a typo stops the scheduler with a clear message."""
    jobs = []
    for entry in settings.PERIODIC_JOBS:
        try:
            at = datetime.time.fromisoformat(entry["at"])
            job = PeriodicJob(name=entry["name"], task_path=entry["task"], at=at)
        except (KeyError, TypeError, ValueError) as error:
            raise ImproperlyConfigured(f"PERIODIC_JOBS: bad entry {entry!r} ({error})") from None
        job.task  # noqa: B018 (imported now: a typo stops the start, not the 07:00 run)
        jobs.append(job)
    return jobs


def claim_slot(*, name: str, slot: datetime.datetime, now: datetime.datetime) -> bool:
    """Take `slot` for job `name`; False if it (or a later one) was already taken."""
    run, created = PeriodicRun.objects.get_or_create(
        name=name, defaults={"last_slot": slot, "enqueued_at": now}
    )
    if created:
        return True
    return bool(
        PeriodicRun.objects.filter(pk=run.pk, last_slot__lt=slot).update(
            last_slot=slot, enqueued_at=now
        )
    )


def start_schedule_now(*, now: datetime.datetime) -> None:
    """A fresh installation's schedule starts now: every job's latest slot counts as taken
    without running it, so the first run is the next slot, not a catch-up of one that passed
    before anything existed (the demo would otherwise open with a flood of digest mail)."""
    for job in periodic_jobs():
        claim_slot(name=job.name, slot=job.latest_slot(now), now=now)


def enqueue_due(*, now: datetime.datetime, jobs: list[PeriodicJob] | None = None) -> list[str]:
    """Enqueue every job whose latest slot is not yet claimed; returns their names."""
    enqueued = []
    for job in periodic_jobs() if jobs is None else jobs:
        with transaction.atomic():
            if not claim_slot(name=job.name, slot=job.latest_slot(now), now=now):
                continue
            task = job.task
            # After the claim commits: a rolled-back claim enqueues nothing.
            transaction.on_commit(task.enqueue)
        logger.info("Enqueued periodic job %s", job.name)
        enqueued.append(job.name)
    return enqueued


class Scheduler:
    """Ticks every `interval` seconds until stopped (or `max_ticks`)."""

    def __init__(
        self,
        *,
        clock: Callable[[], datetime.datetime] = timezone.now,
        sleep: Callable[[float], Any] = time.sleep,
        interval: float = 30.0,
    ) -> None:
        self.clock = clock
        self.sleep = sleep
        self.interval = interval
        self.jobs = periodic_jobs()

    def tick(self) -> list[str]:
        return enqueue_due(now=self.clock(), jobs=self.jobs)

    def run(self, *, max_ticks: int | None = None) -> None:
        ticks = 0
        while max_ticks is None or ticks < max_ticks:
            try:
                self.tick()
            except Exception:
                # A database that is briefly away must not stop tomorrow's digest.
                logger.exception("Scheduler tick failed")
            ticks += 1
            if max_ticks is None or ticks < max_ticks:
                self.sleep(self.interval)
