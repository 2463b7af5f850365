"""xa.mttq, on a phone: drafts a decision with 30 certificates, issues it, downloads the
certificates as one ZIP, and the QR code of one opens its verification page.

(The progress bar of the job runner comes with the jobs app; here the ZIP is built in the
request.)"""

from __future__ import annotations

import io
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from lantoa.documents.layouts import seed_defaults
from lantoa.documents.models import Document, DocumentState, Layout
from lantoa.documents.services import create_issuer
from tests.e2e.conftest import assert_accessible, assert_fits_phone
from tests.personas import PASSWORD, build_world

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

HOLDERS = [f"Người tốt số {n:02d} | Thôn {n % 5 + 1} | Việc tốt thứ {n}" for n in range(1, 31)]


def test_a_leader_issues_a_decision_with_30_certificates(
    phone, live_server, settings, tmp_path: Path
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
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Tên đăng nhập hoặc thư điện tử").fill("xa.mttq")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(re.compile(r"/staff/$"))

    page.goto(f"{live_server.url}/staff/documents/")
    page.get_by_role("link", name=re.compile(issuer.name)).click()
    page.get_by_role("link", name="Dự thảo mới").click()
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

    with page.expect_download(timeout=120_000) as download:
        page.get_by_role("link", name="Tải tất cả (ZIP)").click()
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
