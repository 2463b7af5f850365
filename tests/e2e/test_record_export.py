"""The record list exported from its page, written by a real worker process (the Procfile's
`worker`): the job's page shows the progress, reaches 100 % and offers the file."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from lantoa.exemplars.models import Record, RecordState
from lantoa.jobs.models import Job, JobState
from tests.e2e.conftest import assert_accessible, assert_fits_phone, sign_in
from tests.e2e.workers import task_worker
from tests.personas import build_world

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

__all__ = ["task_worker"]  # the fixture, imported for these tests


@pytest.fixture(autouse=True)
def _media(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def _records(world, org, count: int, title: str, kind: str = "good_deed") -> None:
    Record.objects.bulk_create(
        Record(
            kind=kind,
            title=f"{title} {i}",
            summary="Tóm tắt",
            org=org,
            org_path=org.path,
            org_name=org.name,
            handling_org=world.front_a,
            reporter=world.user("xa.doan"),
            state=RecordState.REPORTED,
            state_since=timezone.now(),
        )
        for i in range(count)
    )


def test_an_export_started_from_the_list_reaches_100_and_offers_the_file(
    phone, live_server, task_worker
) -> None:
    world = build_world()
    _records(world, world.youth_a, 30, "Việc tốt xã A")
    _records(world, world.youth_a, 5, "Mô hình xã A", kind="good_practice")
    _records(world, world.youth_b, 5, "Việc tốt phường B")  # another commune's, unverified
    # 30 rows, 3 a step: 10 steps, each held 0.4 s. The page polls once a second, so the
    # 4-second run shows it at least two values between 0 and 100 (at 0.1 s a step the
    # whole export could fall between two polls).
    task_worker(RECORD_EXPORT_CHUNK="3", JOBS_STEP_PAUSE_MS="400")
    page = phone
    sign_in(page, live_server.url, "xa.mttq")
    page.goto(f"{live_server.url}/staff/records/?kind=good_deed")
    page.get_by_role("button", name="Xuất CSV").click()
    page.wait_for_url(re.compile(r"/staff/jobs/[0-9a-f-]{36}/$"))
    assert page.locator("h1").inner_text() == "Xuất danh sách hồ sơ"

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
    assert seen == sorted(seen), seen
    assert page.locator("progress").get_attribute("aria-valuenow") == "100"
    assert "Đã xuất 30 hồ sơ" in page.locator("#job-message").inner_text()
    assert_accessible(page)
    assert_fits_phone(page)

    job = Job.objects.get()
    assert (job.state, job.done, job.total) == (JobState.DONE, 10, 10)
    with page.expect_download() as download:
        result.click()
    assert download.value.suggested_filename.endswith(".csv")
    text = download.value.path().read_bytes().decode("utf-8-sig")
    assert text.count("\r\n") == 31  # the header and the 30 good deeds of the commune
    assert text.startswith("Mã hồ sơ,Loại hình,Tiêu đề")
    assert "Việc tốt xã A 29" in text
    assert "Mô hình xã A" not in text  # filtered out by kind
    assert "phường B" not in text  # not visible to the commune's verifier
