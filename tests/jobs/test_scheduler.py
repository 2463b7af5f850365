"""Periodic jobs run under `run_scheduler` without anyone enqueuing them."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
import time_machine
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.utils import timezone
from django_tasks import task

from lantoa.exemplars.digest import DIGEST_KIND
from lantoa.exemplars.models import Record, RecordState
from lantoa.jobs.models import PeriodicRun
from lantoa.jobs.scheduler import PeriodicJob, Scheduler, enqueue_due, periodic_jobs
from lantoa.notifications.models import Notification
from lantoa.timeliness.calendar import VN_TZ
from tests.personas import World

RUNS: list[str] = []


@task()
def counted() -> None:
    RUNS.append("ran")


SAMPLE = [{"name": "sample", "task": "tests.jobs.test_scheduler.counted", "at": "07:00"}]


def vn(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2025, 10, day, hour, minute, tzinfo=VN_TZ)


@pytest.fixture(autouse=True)
def _runs() -> None:
    RUNS.clear()


@pytest.fixture
def sample(settings) -> None:
    settings.PERIODIC_JOBS = SAMPLE


def test_a_periodic_job_runs_once_a_day_under_a_test_clock(
    db, sample, django_capture_on_commit_callbacks
) -> None:
    times = iter([vn(15, 6, 59), vn(15, 7, 0), vn(15, 7, 30), vn(16, 6, 59), vn(16, 7, 0)])
    naps: list[float] = []
    scheduler = Scheduler(clock=lambda: next(times), sleep=naps.append, interval=30)
    # The first tick finds yesterday's 07:00 slot never run and catches it up once.
    with django_capture_on_commit_callbacks(execute=True):
        scheduler.run(max_ticks=5)
    # The 14th's slot (caught up at 06:59 on the 15th), the 15th's, the 16th's.
    assert RUNS == ["ran", "ran", "ran"]
    assert naps == [30, 30, 30, 30]
    assert PeriodicRun.objects.get(name="sample").last_slot == vn(16, 7)


def test_a_slot_is_enqueued_once_however_often_the_scheduler_looks(
    db, sample, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        assert enqueue_due(now=vn(15, 7, 0)) == ["sample"]
        # A second scheduler, a restart, a tick a minute later: the slot is taken.
        assert enqueue_due(now=vn(15, 7, 1)) == []
        assert enqueue_due(now=vn(15, 23, 59)) == []
        assert enqueue_due(now=vn(16, 6, 59)) == []
    assert RUNS == ["ran"]


def test_days_missed_while_nothing_ran_are_caught_up_once(
    db, sample, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        enqueue_due(now=vn(10, 8))
        assert enqueue_due(now=vn(15, 9)) == ["sample"]
    assert RUNS == ["ran", "ran"]


def test_the_slot_is_the_latest_local_time_not_after_now() -> None:
    job = PeriodicJob(name="d", task_path="x", at=datetime.time(7, 0))
    assert job.latest_slot(vn(15, 7, 0)) == vn(15, 7, 0)
    assert job.latest_slot(vn(15, 6, 59)) == vn(14, 7, 0)
    # 23:30 UTC on the 14th is 06:30 on the 15th in Vietnam: the slot is still the 14th's.
    utc = datetime.datetime(2025, 10, 14, 23, 30, tzinfo=datetime.UTC)
    assert job.latest_slot(utc) == vn(14, 7, 0)


@pytest.mark.parametrize(
    "entry",
    [
        {"name": "x", "task": "tests.jobs.test_scheduler.counted", "at": "7 o'clock"},
        {"name": "x", "task": "tests.jobs.test_scheduler.RUNS", "at": "07:00"},
        {"task": "tests.jobs.test_scheduler.counted", "at": "07:00"},
    ],
)
def test_a_bad_table_entry_stops_the_scheduler_with_a_message(settings, entry) -> None:
    settings.PERIODIC_JOBS = [entry]
    with pytest.raises(ImproperlyConfigured, match="PERIODIC_JOBS"):
        periodic_jobs()


def test_the_shipped_table_runs_the_digest_analyze_database_and_the_outbox_pruning() -> None:
    names = {job.name: (job.task.name, job.at) for job in periodic_jobs()}
    assert names == {
        "overdue_digest": ("send_overdue_digest", datetime.time(7, 0)),
        "analyze_database": ("analyze_database", datetime.time(2, 30)),
        "prune_index_outbox": ("prune_index_outbox", datetime.time(3, 0)),
        "purge_photo_holds": ("purge_photo_holds", datetime.time(3, 30)),
        "tidy_jobs": ("tidy_jobs", datetime.time(3, 40)),
        "prune_idempotent_answers": ("prune_idempotent_answers", datetime.time(3, 50)),
    }


def _overdue_report(world: World) -> Record:
    org = world.youth_a
    return Record.objects.create(
        kind="good_deed",
        title="Báo cáo quá hạn",
        summary="Tóm tắt",
        org=org,
        org_path=org.path,
        org_name=org.name,
        handling_org=world.front_a,
        reporter=world.user("xa.doan"),
        state=RecordState.REPORTED,
        state_since=vn(1, 8),
        due_at=vn(3, 8),
    )


def test_the_digest_goes_out_on_two_mornings_from_the_scheduler_alone(
    world: World, django_capture_on_commit_callbacks, mailoutbox
) -> None:
    _overdue_report(world)
    scheduler = Scheduler(clock=timezone.now)
    for day in (15, 15, 16):
        with (
            time_machine.travel(vn(day, 7, 0), tick=False),
            django_capture_on_commit_callbacks(execute=True),
        ):
            scheduler.tick()
    digests = Notification.objects.filter(user=world.user("xa.mttq"), kind=DIGEST_KIND)
    assert digests.count() == 2
    assert [m.to for m in mailoutbox].count([world.user("xa.mttq").email]) == 2


def test_run_scheduler_once_enqueues_what_is_due(db, sample) -> None:
    out = StringIO()
    with time_machine.travel(vn(15, 7, 5), tick=False):
        call_command("run_scheduler", "--once", stdout=out)
        call_command("run_scheduler", "--once", stdout=out)
    # Nothing commits inside the test's transaction, so the task itself does not run
    # here: the claim (once, whatever the number of runs) is what this checks.
    assert "sample" in out.getvalue()
    assert PeriodicRun.objects.get(name="sample").last_slot == vn(15, 7)


@pytest.mark.django_db
def test_a_fresh_schedule_starts_now_and_runs_at_the_next_slot() -> None:
    from lantoa.jobs.scheduler import start_schedule_now

    now = datetime.datetime(2026, 12, 6, 9, 0, tzinfo=datetime.UTC)
    start_schedule_now(now=now)

    assert enqueue_due(now=now) == []  # nothing caught up from before the installation
    tomorrow = now + datetime.timedelta(days=1)
    assert sorted(enqueue_due(now=tomorrow)) == sorted(job.name for job in periodic_jobs())
