"""The organisation pickers on a 360 px phone, by keyboard only: the province verifier
filters the record list by a commune and starts nurturing a good practice with a mentor
unit found by typing without diacritics. axe-core checks the pages with the list open."""

from __future__ import annotations

import re

import pytest

from lantoa.exemplars.models import NurturePlan, RecordState
from tests.e2e.conftest import assert_accessible, assert_fits_phone, sign_in
from tests.exemplars.helpers import report, step
from tests.personas import build_world

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _options(page, box: str) -> list[str]:
    listbox = page.locator(f"#{box}_listbox")
    listbox.locator("[role=option]").first.wait_for()
    return [t.split("\n")[0] for t in listbox.locator("[role=option]").all_inner_texts()]


def test_an_officer_picks_a_filter_and_a_mentor_by_keyboard(phone, live_server) -> None:
    world = build_world()
    ours = report(world, title="Mô hình tổ tự quản", kind="good_practice")
    step(world, ours, "xa.mttq", "verify")
    theirs = report(world, "xab.doan", title="Dạy bơi miễn phí cho trẻ em")
    page, base = phone, live_server.url
    sign_in(page, base, "tinh.mttq")

    # 1. The record list: the organisation filter is a combobox, not a select.
    page.goto(f"{base}/staff/records/")
    box = page.locator("#id_org")
    assert box.get_attribute("role") == "combobox"
    assert box.get_attribute("aria-expanded") == "false"
    box.focus()
    page.keyboard.type("xa ham thuan")
    assert _options(page, "id_org") == [
        "Ủy ban MTTQ Việt Nam xã Hàm Thuận",
        "Đoàn TNCS Hồ Chí Minh xã Hàm Thuận",
    ]
    assert box.get_attribute("aria-expanded") == "true"
    assert "Tìm thấy 2 tổ chức" in page.locator(".lt-picker [role=status]").inner_text()
    assert_accessible(page)
    assert_fits_phone(page)
    page.keyboard.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == "id_org_listbox_0"
    page.keyboard.press("Enter")  # chooses; the list closes, the form is not sent yet
    assert box.input_value() == "Ủy ban MTTQ Việt Nam xã Hàm Thuận"
    assert box.get_attribute("aria-expanded") == "false"
    assert page.locator("input[name=org_pick]").input_value() == str(world.front_a.pk)
    page.keyboard.press("Enter")  # now the form is sent
    page.wait_for_url(re.compile(rf"org_pick={world.front_a.pk}"))
    rows = page.locator("main table tbody").inner_text()
    assert ours.title in rows and theirs.title not in rows
    assert page.locator("#id_org").input_value() == "Ủy ban MTTQ Việt Nam xã Hàm Thuận"

    # 2. The record page: a mentor unit typed without diacritics, Escape closes the list.
    page.goto(f"{base}/staff/records/{ours.pk}/")
    page.locator("details:has(#id_plan-mentor_org) > summary").click()
    mentor = page.locator("#id_plan-mentor_org")
    assert mentor.input_value() == world.youth_a.name  # the reporting unit, to start with
    mentor.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("phan thiet")
    assert "Đoàn TNCS Hồ Chí Minh phường Phan Thiết" in _options(page, "id_plan-mentor_org")
    page.keyboard.press("Escape")
    assert mentor.get_attribute("aria-expanded") == "false"
    page.keyboard.press("Escape")  # a second Escape empties the box
    assert mentor.input_value() == ""
    page.keyboard.type("ham thuan")
    assert _options(page, "id_plan-mentor_org") == [
        "Ủy ban MTTQ Việt Nam xã Hàm Thuận",
        "Đoàn TNCS Hồ Chí Minh xã Hàm Thuận",
    ]
    assert_accessible(page)
    assert_fits_phone(page)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    assert mentor.input_value() == "Đoàn TNCS Hồ Chí Minh xã Hàm Thuận"
    page.locator("#id_plan-m1_title").fill("Họp dân")
    page.locator("button[name=action][value=start_nurturing]").click()
    page.wait_for_url(re.compile(rf"/staff/records/{ours.pk}/$"))
    ours.refresh_from_db()
    assert ours.state == RecordState.NURTURING
    assert NurturePlan.objects.get(record=ours).mentor_org == world.youth_a


def test_an_org_admin_picks_the_new_units_commune_by_keyboard(phone, live_server) -> None:
    from lantoa.orgs.models import Organisation

    world = build_world()
    page, base = phone, live_server.url
    sign_in(page, base, "xa.quantri")

    page.goto(f"{base}/staff/orgs/{world.youth_a.pk}/new/")
    page.locator("#id_name").fill("Chi đoàn thôn Phú Điền")
    page.locator("#id_level").select_option("village")
    box = page.locator("#id_admin_unit")
    assert box.get_attribute("role") == "combobox"
    box.focus()
    page.keyboard.type("ham thuan")
    assert _options(page, "id_admin_unit") == ["Xã Hàm Thuận"]
    assert "Tìm thấy 1 đơn vị hành chính" in page.locator(".lt-picker [role=status]").inner_text()
    assert_accessible(page)
    assert_fits_phone(page)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    assert box.input_value() == "Xã Hàm Thuận"
    assert page.locator("input[name=admin_unit_pick]").input_value() == str(world.unit_a.pk)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/staff/orgs/\d+/$"))
    assert Organisation.objects.get(name="Chi đoàn thôn Phú Điền").admin_unit == world.unit_a
