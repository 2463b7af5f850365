"""xa.quantri, on a phone: registers the Front committee of her commune as an issuer
numbered per term, starts its 2025–2030 term, corrects the place its documents print,
retires it and puts it back to work; every page accessible and fit."""

from __future__ import annotations

import re

import pytest

from lantoa.documents.models import Issuer
from tests.e2e.conftest import assert_accessible, assert_fits_phone, sign_in
from tests.personas import build_world

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_org_admin_sets_up_corrects_and_retires_an_issuer(phone, live_server) -> None:
    world = build_world()
    page = phone
    sign_in(page, live_server.url, "xa.quantri")

    page.goto(f"{live_server.url}/staff/documents/")
    page.get_by_role("link", name="Thêm cơ quan ban hành").click()
    assert_accessible(page)
    assert_fits_phone(page)
    page.get_by_label("Tên cơ quan ban hành (như in trên văn bản)").fill(
        "Ủy ban MTTQ Việt Nam xã Hàm Thuận"
    )
    page.get_by_label("Mã ký hiệu").fill("MTTQ")
    page.get_by_label("Thể thức").select_option("mass")
    page.get_by_label("Địa danh ghi trên văn bản").fill("Hàm Thuận")
    page.get_by_label("Cách đánh số").select_option("term")
    page.get_by_role("button", name="Lưu cơ quan ban hành").click()
    page.wait_for_url(re.compile(r"/staff/documents/issuers/\d+/$"))
    assert page.get_by_text("đã có thể ban hành văn bản").is_visible()
    issuer = Issuer.objects.get(org=world.front_a)

    page.get_by_role("link", name="Bắt đầu nhiệm kỳ mới").click()
    assert_accessible(page)
    assert_fits_phone(page)
    page.get_by_label("Nhiệm kỳ").fill("2025-2030")
    page.get_by_label("Bắt đầu từ ngày").fill("2025-10-01")
    page.get_by_role("button", name="Bắt đầu nhiệm kỳ").click()
    page.wait_for_url(re.compile(rf"/staff/documents/issuers/{issuer.pk}/$"))
    assert page.get_by_text("Nhiệm kỳ 2025-2030 bắt đầu từ ngày 01/10/2025").is_visible()
    assert list(issuer.terms.values_list("label", flat=True)) == ["2025-2030"]

    page.get_by_role("link", name="Sửa thông tin cơ quan ban hành").click()
    assert_accessible(page)
    assert_fits_phone(page)
    assert page.get_by_label("Mã ký hiệu").input_value() == "MTTQ"
    page.get_by_label("Địa danh ghi trên văn bản").fill("Hàm Thuận Bắc")
    page.get_by_role("button", name="Lưu thông tin").click()
    page.wait_for_url(re.compile(rf"/staff/documents/issuers/{issuer.pk}/$"))
    assert page.get_by_text("Đã lưu: từ nay văn bản in thông tin mới.").is_visible()
    issuer.refresh_from_db()
    assert (issuer.place, issuer.period) == ("Hàm Thuận Bắc", "term")

    page.get_by_role("button", name="Ngừng ban hành").click()
    assert page.get_by_text("Ngừng ban hành từ ngày").is_visible()
    assert page.get_by_role("link", name="Bắt đầu nhiệm kỳ mới").count() == 0
    assert_accessible(page)
    assert_fits_phone(page)
    page.get_by_role("button", name="Cho hoạt động trở lại").click()
    assert page.get_by_text("Đã hoạt động trở lại").is_visible()
    issuer.refresh_from_db()
    assert issuer.retired_at is None
