"""xa.mttq, on a phone: records a paper decision of the province People's Committee (a body
outside the system) with its scan, then revokes one certificate of a decision of the
commune; the certificate's verification page says revoked with the grounds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from lantoa.documents.layouts import seed_defaults
from lantoa.documents.models import Document, Layout
from lantoa.documents.services import CertificateInput, create_issuer
from tests.documents.conftest import issued_commendation
from tests.e2e.conftest import assert_accessible, assert_fits_phone, sign_in
from tests.personas import build_world

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_leader_records_a_paper_decision_and_revokes_one_certificate(
    phone, live_server, settings, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PUBLIC_BASE_URL = live_server.url
    seed_defaults(Layout)  # a transactional test starts from flushed tables
    world = build_world()
    province = create_issuer(
        actor=world.user("quantri"),
        org=world.front_a,
        name="Ủy ban nhân dân tỉnh Lâm Đồng",
        code="UBND",
        style="state",
        place="Lâm Đồng",
        external=True,
    )
    scan = tmp_path / "quyet-dinh.pdf"
    scan.write_bytes(b"%PDF-1.4\n% a scanned page\n%%EOF\n")
    page = phone
    sign_in(page, live_server.url, "xa.mttq")

    page.goto(f"{live_server.url}/staff/documents/issuers/{province.pk}/")
    page.get_by_role("link", name="Ghi nhận văn bản giấy").click()
    page.wait_for_url(re.compile(r"/record/$"))
    assert_accessible(page)
    assert_fits_phone(page)
    page.get_by_label("Loại").select_option("decision")
    page.get_by_label(re.compile(r"^Số($| )")).fill("1520")
    page.get_by_label("Ký hiệu").fill("QĐ-UBND")
    page.get_by_label(re.compile(r"^Ngày($| )")).fill("2026-06-01")
    page.get_by_label("Trích yếu").fill("Về việc tặng Bằng khen cho gương người tốt")
    page.get_by_label("Chức vụ người ký").fill("Chủ tịch")
    page.get_by_label("Họ tên người ký").fill("Hồ Văn Mười")
    page.get_by_label("Bản quét (PDF)").set_input_files(str(scan))
    page.get_by_role("button", name="Ghi nhận văn bản").click()
    page.wait_for_url(re.compile(r"/staff/documents/\d+/$"))
    assert page.get_by_text("Đã ghi văn bản 1520/QĐ-UBND vào sổ.").is_visible()
    recorded = Document.objects.get(issuer=province)
    assert recorded.recorded and recorded.reference == "1520/QĐ-UBND"

    decision = issued_commendation(
        world,
        CertificateInput("Trần Văn Bình", "Cứu người đuối nước"),
        CertificateInput("Lê Thị Cúc", "Nhặt được của rơi"),
    )
    page.goto(f"{live_server.url}/staff/documents/{decision.pk}/")
    second = page.locator("#certificates > li").nth(1)
    second.get_by_text("Thu hồi giấy khen này").first.click()
    assert_accessible(page)
    assert_fits_phone(page)
    second.get_by_label("Lý do thu hồi").fill("Khai man thành tích")
    second.get_by_role("button", name="Thu hồi giấy khen này").click()
    page.wait_for_url(re.compile(r"/staff/documents/\d+/$"))
    assert page.get_by_text("Đã thu hồi giấy khen số 2 (Lê Thị Cúc).").is_visible()

    certificate = decision.certificates.get(serial=2)
    page.goto(f"{live_server.url}/xac-minh/{certificate.verification_id}/")
    alert = page.get_by_role("alert")
    assert "đã bị thu hồi" in alert.inner_text() and "Khai man thành tích" in alert.inner_text()
    assert_accessible(page)
    other = decision.certificates.get(serial=1)
    page.goto(f"{live_server.url}/xac-minh/{other.verification_id}/")
    assert page.get_by_text("đang có hiệu lực").is_visible()
