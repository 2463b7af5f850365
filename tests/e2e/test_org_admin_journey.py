"""xa.quantri, on a phone: creates a village branch, adds a member, finds both in the log."""

from __future__ import annotations

import re

import pytest

from lantoa.orgs.models import Membership, Organisation
from tests.e2e.conftest import assert_accessible, assert_fits_phone, open_menu_if_collapsed
from tests.personas import PASSWORD, build_world

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_org_admin_creates_a_branch_adds_a_member_and_reads_the_log(phone, live_server) -> None:
    world = build_world()
    page = phone

    page.goto(f"{live_server.url}/accounts/login/")
    assert page.locator("html").get_attribute("lang") == "vi"
    assert_accessible(page)
    page.get_by_label("Tên đăng nhập hoặc thư điện tử").fill("xa.quantri")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(re.compile(r"/staff/$"))
    assert_accessible(page)
    assert_fits_phone(page)

    page.get_by_role("link", name=world.front_a.name).click()
    page.get_by_role("link", name=world.youth_a.name).click()
    assert_accessible(page)
    assert_fits_phone(page)

    page.get_by_role("link", name="Thêm đơn vị").click()
    page.get_by_role("textbox", name="Tên", exact=True).fill("Chi đoàn thôn Phú Điền")
    page.get_by_label("Cấp").select_option("village")
    assert_accessible(page)
    page.get_by_role("button", name="Tạo").click()
    page.wait_for_url(re.compile(r"/staff/orgs/\d+/$"))
    assert page.get_by_role("heading", name="Chi đoàn thôn Phú Điền").is_visible()
    branch = Organisation.objects.get(name="Chi đoàn thôn Phú Điền")
    assert branch.parent_id == world.youth_a.pk

    page.get_by_role("link", name="Thêm thành viên").click()
    page.get_by_label("Tên đăng nhập").fill("phudien.doan")
    page.get_by_label("Họ và tên").fill("Lê Thị Phú Điền")
    page.get_by_label("Vai trò").select_option("reporter")
    assert_accessible(page)
    page.get_by_role("button", name="Thêm thành viên").click()
    page.wait_for_url(re.compile(rf"/staff/orgs/{branch.pk}/$"))
    assert page.get_by_role("cell", name="Lê Thị Phú Điền", exact=True).is_visible()
    assert Membership.objects.filter(user__username="phudien.doan", organisation=branch).exists()

    open_menu_if_collapsed(page)
    page.get_by_role("link", name="Nhật ký").click()
    page.wait_for_url(re.compile(r"/staff/audit/"))
    log = page.locator("main table")
    assert log.get_by_text("orgs.organisation.created").count() >= 1
    assert log.get_by_text("orgs.membership.added").count() >= 1
    assert log.get_by_text("Chi đoàn thôn Phú Điền").count() >= 1
    assert_accessible(page)
    assert_fits_phone(page)

    page.get_by_label("Thao tác").select_option("orgs.membership.added")
    page.get_by_role("button", name="Lọc").click()
    page.wait_for_url(re.compile(r"action=orgs\.membership\.added"))
    assert page.locator("main table tbody tr").count() == 1
