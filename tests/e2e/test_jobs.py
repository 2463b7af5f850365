"""Background jobs in the browser, run by a real worker process (the Procfile's `worker`).

The overdue digest, sent from its page, reaches the notification table and the console
mail; an audit export of 50 steps shows its progress bar between 0 and 100 before it
offers the file.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone

from lantoa.audit.models import AuditEvent
from lantoa.exemplars.digest import DIGEST_KIND
from lantoa.exemplars.models import Record, RecordState
from lantoa.jobs.models import Job, JobState
from lantoa.notifications.models import Notification
from tests.e2e.conftest import assert_accessible, assert_fits_phone, sign_in
from tests.e2e.workers import task_worker
from tests.personas import build_world

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

__all__ = ["task_worker"]  # the fixture, imported for these tests


@pytest.fixture(autouse=True)
def _media(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def test_the_digest_sent_from_its_page_is_run_by_the_worker(
    phone, live_server, task_worker
) -> None:
    world = build_world()
    org = world.youth_a
    Record.objects.create(
        kind="good_deed",
        title="Báo cáo quá hạn",
        summary="Tóm tắt",
        org=org,
        org_path=org.path,
        org_name=org.name,
        handling_org=world.front_a,
        reporter=world.user("xa.doan"),
        state=RecordState.REPORTED,
        state_since=timezone.now() - datetime.timedelta(days=20),
        due_at=timezone.now() - datetime.timedelta(days=2),
    )
    leader = world.user("xa.mttq")
    worker = task_worker()
    page = phone
    sign_in(page, live_server.url, "xa.mttq")
    page.locator("a[href='/staff/jobs/digest/']").click()
    page.locator("#digest-send").click()
    page.wait_for_url(re.compile(r"/staff/jobs/[0-9a-f-]{36}/$"))
    # The page polls until the worker has run the job.
    page.locator("#job-progress[data-state=done]").wait_for(timeout=30_000)
    assert page.locator("progress").get_attribute("aria-valuenow") == "100"
    assert "1" in page.locator("#job-message").inner_text()
    assert_accessible(page)
    assert_fits_phone(page)

    job = Job.objects.get()
    assert (job.owner, job.state) == (leader, JobState.DONE)
    assert Notification.objects.filter(user=leader, kind=DIGEST_KIND).count() == 1
    # The mail went out as its own task after the digest committed: the console backend
    # prints it in the worker's output.
    output = worker.wait_for_output(f"To: {leader.email}")
    assert "Subject:" in output


def test_a_50_step_export_shows_its_progress_before_offering_the_file(
    phone, live_server, task_worker
) -> None:
    build_world()
    AuditEvent.objects.bulk_create(
        AuditEvent(
            actor_label="quantri",
            action="tests.step",
            object_type="orgs.organisation",
            object_id=str(i),
            object_repr=f"Sự kiện {i}",
        )
        for i in range(500)
    )
    # 500 rows, 10 a step: 50 steps, each held 0.1 s so the page can see it advance.
    task_worker(AUDIT_EXPORT_CHUNK="10", JOBS_STEP_PAUSE_MS="100")
    page = phone
    sign_in(page, live_server.url, "quantri")
    page.goto(f"{live_server.url}/staff/audit/?action=tests.step")
    page.locator("#audit-export").click()
    page.wait_for_url(re.compile(r"/staff/jobs/[0-9a-f-]{36}/$"))

    # Each wait ends when the bar shows another value or the result link appears: the
    # page's own polling drives the test, not a clock.
    seen: list[int] = []
    result = page.locator("#job-result")
    while not result.is_visible():
        page.wait_for_function(
            """(last) => document.querySelector("#job-result") !== null
                || document.querySelector("progress")?.getAttribute("aria-valuenow") !== last""",
            arg=str(seen[-1]) if seen else None,
            timeout=60_000,
        )
        value = page.locator("progress").get_attribute("aria-valuenow")
        if value is not None and (not seen or seen[-1] != int(value)):
            seen.append(int(value))
    assert any(0 < value < 100 for value in seen), seen
    assert seen == sorted(seen), seen  # it only ever advances
    assert page.locator("progress").get_attribute("aria-valuenow") == "100"
    assert_accessible(page)
    assert_fits_phone(page)

    job = Job.objects.get()
    assert (job.state, job.done, job.total) == (JobState.DONE, 50, 50)
    with page.expect_download() as download:
        result.click()
    path = download.value.path()
    text = path.read_bytes().decode("utf-8-sig")
    assert text.count("\r\n") == 501
    assert "Sự kiện 499" in text
