"""xa.mttq, on a phone: drafts a decision with 30 certificates, issues it, has a real
worker render them as one ZIP while the job page shows its progress, downloads the ZIP, and
the QR code of one opens its verification page."""

from __future__ import annotations

import io
import re
import subprocess
import time
import zipfile
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from lantoa.documents.layouts import seed_defaults
from lantoa.documents.models import Document, DocumentState, Layout
from lantoa.documents.services import create_issuer
from lantoa.jobs.models import Job, JobState
from tests.e2e.conftest import assert_accessible, assert_fits_phone, sign_in
from tests.e2e.workers import task_worker
from tests.personas import build_world

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

__all__ = ["task_worker"]  # the fixture, imported for this test

HOLDERS = [f"Người tốt số {n:02d} | Thôn {n % 5 + 1} | Việc tốt thứ {n}" for n in range(1, 31)]


def test_a_leader_issues_a_decision_with_30_certificates(
    phone, live_server, settings, tmp_path: Path, task_worker
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PUBLIC_BASE_URL = live_server.url
    seed_defaults(Layout)  # a transactional test starts from flushed tables
    world = build_world()
    issuer = create_issuer(
        actor=world.user("quantri"),
        org=world.front_a,
        name="Ủy ban nhân dân xã Hàm Thuận",
        parent_name="Ủy ban nhân dân tỉnh Lâm Đồng",
        code="UBND",
        style="state",
        place="Hàm Thuận",
    )
    page = phone
    sign_in(page, live_server.url, "xa.mttq")

    page.goto(f"{live_server.url}/staff/documents/")
    page.get_by_role("link", name=re.compile(issuer.name)).click()
    # The header's button (an empty register offers the same link in its empty state).
    page.get_by_role("link", name="Dự thảo mới").first.click()
    assert_accessible(page)
    page.get_by_label("Loại").select_option("decision")
    page.get_by_label("Trích yếu").fill("Về việc tặng Giấy khen năm 2026")
    page.get_by_label("Nội dung").fill("Điều 1. Tặng Giấy khen cho 30 cá nhân.")
    page.get_by_label("Chức vụ người ký").fill("Chủ tịch")
    page.get_by_label("Họ tên người ký").fill("Nguyễn Thị Ấn")
    page.get_by_label("Giấy khen kèm theo quyết định").select_option("giay_khen")
    page.get_by_label("Người được khen").fill("\n".join(HOLDERS))
    page.get_by_role("button", name="Lưu dự thảo").click()
    page.wait_for_url(re.compile(r"/staff/documents/\d+/$"))

    page.get_by_role("button", name="Ban hành").click()
    page.wait_for_url(re.compile(r"/staff/documents/\d+/$"))
    document = Document.objects.get()
    assert document.state == DocumentState.ISSUED and document.reference == "1/QĐ-UBND"
    assert page.locator("#document-state").inner_text() == "Đã ban hành"
    assert_accessible(page)
    assert_fits_phone(page)

    # The worker prints the same QR codes (the live server's address); each step is held
    # 0.1 s so the page, polling, sees the bar between its ends however fast they render.
    task_worker(PUBLIC_BASE_URL=live_server.url, JOBS_STEP_PAUSE_MS="100")
    page.get_by_role("button", name="Tải tất cả (ZIP)").click()
    page.wait_for_url(re.compile(r"/staff/jobs/[0-9a-f-]{36}/$"))
    seen: list[int] = []
    result = page.locator("#job-result")
    deadline = time.monotonic() + 120
    while not result.is_visible():
        assert time.monotonic() < deadline, f"no result link; progress seen: {seen}"
        value = page.locator("progress").get_attribute("aria-valuenow")
        if value is not None and (not seen or seen[-1] != int(value)):
            seen.append(int(value))
        page.wait_for_timeout(100)
    assert any(0 < value < 100 for value in seen), seen
    assert seen == sorted(seen), seen  # it only ever advances
    assert page.locator("progress").get_attribute("aria-valuenow") == "100"
    assert_accessible(page)
    assert_fits_phone(page)
    job = Job.objects.get()
    assert (job.state, job.done, job.total) == (JobState.DONE, 30, 30)

    with page.expect_download(timeout=60_000) as download:
        result.click()
    archive = zipfile.ZipFile(io.BytesIO(Path(download.value.path()).read_bytes()))
    names = archive.namelist()
    assert len(names) == 30 and all(name.endswith(".pdf") for name in names)

    pdf = tmp_path / "one.pdf"
    pdf.write_bytes(archive.read(sorted(names)[6]))
    subprocess.run(["pdftoppm", "-png", "-r", "150", str(pdf), str(tmp_path / "p")], check=True)
    url = zxingcpp.read_barcodes(Image.open(next(tmp_path.glob("p*.png"))))[0].text
    assert url.startswith(f"{live_server.url}/xac-minh/")

    page.goto(url)
    assert page.get_by_role("heading", name="Xác minh văn bản").is_visible()
    assert page.get_by_text("Người tốt số 07, Thôn 3").is_visible()
    assert page.get_by_text("1/QĐ-UBND").first.is_visible()
    assert_accessible(page)
    assert_fits_phone(page)
