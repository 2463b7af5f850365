"""A citizen reports a good deed from a phone and follows it with the tracking code.

No account: the citizen fills the public form at /bao-tin/ (the communes of the chosen
province arrive through HTMX), gets a tracking code, opens the tracking page; xa.mttq verifies
the record; the page shows the new status. A second citizen does it all with the keyboard.

Selectors are ids, names and values (not labels), so the test reads the same before and after
the Vietnamese catalogue gains the nomination messages.
"""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image

from lantoa.exemplars import services as exemplars
from lantoa.exemplars.models import Record, RecordSource
from lantoa.exemplars.selectors import inbox_for
from lantoa.nominations.models import Nomination
from tests.e2e.conftest import assert_accessible, assert_fits_phone
from tests.personas import build_world

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WHAT = "Anh Tư sửa miễn phí xe đạp cho học sinh nghèo trước cổng trường Hàm Thuận mỗi sáng."
CODE = re.compile(r"^LT-[A-Z2-9]{5}-[A-Z2-9]{5}$")


@pytest.fixture(autouse=True)
def _settings(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path
    # live_server runs in this process: the form may be sent as soon as it is filled.
    settings.NOMINATION_MIN_FILL_SECONDS = 0


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (640, 480), (40, 160, 90)).save(out, "JPEG")
    return out.getvalue()


def _check(page) -> None:
    assert_accessible(page)
    assert_fits_phone(page)


def _active_id(page) -> str:
    return page.evaluate("() => document.activeElement && document.activeElement.id")


def test_a_citizen_reports_a_good_deed_and_follows_it(phone, live_server) -> None:
    world = build_world()
    page = phone
    base = live_server.url

    page.goto(f"{base}/bao-tin/")
    assert page.locator("html").get_attribute("lang") == "vi"
    # The honeypot is out of the way of people (and of axe).
    assert page.locator("#id_website").get_attribute("tabindex") == "-1"
    _check(page)

    page.locator("#id_what").fill(WHAT)
    with page.expect_response(re.compile(r"/bao-tin/xa/\?province=68$")):
        page.locator("#id_province").select_option(world.province_unit.code)
    page.locator("#id_commune").select_option(world.unit_a.code)
    page.locator("#id_place").fill("Cổng trường tiểu học Hàm Thuận")
    page.locator("#id_when").fill("2026-11-20")
    page.locator("#id_who").fill("Trần Văn Tư")
    page.locator("#id_contact_name").fill("Lê Thị Hoa")
    page.locator("#id_contact_phone").fill("0912 345 678")
    page.locator("#id_contact_consent").check()
    page.locator("#id_photos").set_input_files(
        files=[{"name": "xe-dap.jpg", "mimeType": "image/jpeg", "buffer": _jpeg()}]
    )
    _check(page)
    page.locator("#nomination-submit").click()

    # The tracking code, shown prominently.
    code_box = page.locator("#tracking-code")
    code_box.wait_for()
    code = code_box.inner_text().strip()
    assert CODE.match(code), code
    _check(page)
    nomination = Nomination.objects.get()
    record = nomination.record
    assert nomination.display_code == code and nomination.contact_consent
    assert record.source == RecordSource.CITIZEN and record.handling_org == world.front_a
    assert record.evidence.count() == 1
    assert record in inbox_for(world.user("xa.mttq"))

    page.locator("#tracking-link").click()
    page.wait_for_url(re.compile(rf"/bao-tin/theo-doi/{code}/$"))
    status = page.locator("#nomination-status")
    assert status.get_attribute("data-status") == "received"
    body = page.locator("main").inner_text()
    assert "Lê Thị Hoa" not in body and "0912" not in body and "Trần Văn Tư" not in body
    _check(page)

    # xa.mttq (commune Front) verifies it; the citizen reloads the page.
    exemplars.transition_record(
        actor=world.user("xa.mttq"), record=Record.objects.get(pk=record.pk), action="verify"
    )
    page.reload()
    assert page.locator("#nomination-status").get_attribute("data-status") == "verified"
    _check(page)

    # Later, from the tracking form, typed sloppily.
    page.goto(f"{base}/bao-tin/theo-doi/")
    _check(page)
    page.locator("#id_code").fill(code.lower().replace("-", " "))
    page.locator("#id_code").press("Enter")
    page.wait_for_url(re.compile(rf"/bao-tin/theo-doi/{code}/$"))
    assert page.locator("#nomination-status").get_attribute("data-status") == "verified"

    # A mistyped code: a page that helps, not a dead end.
    page.goto(f"{base}/bao-tin/theo-doi/LT-ABCDE-23456/")
    assert page.locator("#not-found-help").is_visible()
    _check(page)


def test_the_form_can_be_completed_with_the_keyboard_only(phone, live_server) -> None:
    world = build_world()
    page = phone
    page.goto(f"{live_server.url}/bao-tin/")

    # Where comes first: the communes served are explained before anything is typed.
    for _ in range(30):
        page.keyboard.press("Tab")
        if _active_id(page) == "id_province":
            break
    else:
        pytest.fail("Tab never reached the first field")
    with page.expect_response(re.compile(r"/bao-tin/xa/")):
        page.keyboard.press("ArrowDown")  # the only province: Lâm Đồng
    page.locator("#id_commune option[value='23059']").wait_for(state="attached")
    page.keyboard.press("Tab")
    assert _active_id(page) == "id_commune"
    page.keyboard.press("ArrowDown")  # Phường Phan Thiết
    page.keyboard.press("ArrowDown")  # Xã Hàm Thuận
    assert page.locator("#id_commune").input_value() == world.unit_a.code

    page.keyboard.press("Tab")
    assert _active_id(page) == "id_place"
    page.keyboard.type("Bệnh viện")
    page.keyboard.press("Tab")
    assert _active_id(page) == "id_what"
    page.keyboard.type("Chị Ba nấu cơm miễn phí cho người nhà bệnh nhân.")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")  # sends the form

    page.locator("#tracking-code").wait_for()
    assert CODE.match(page.locator("#tracking-code").inner_text().strip())
    record = Record.objects.get()
    assert record.handling_org == world.front_a and record.place == "Bệnh viện"
    # The tracking link is reachable with the keyboard too.
    for _ in range(30):
        page.keyboard.press("Tab")
        if _active_id(page) == "tracking-link":
            break
    else:
        pytest.fail("Tab never reached the tracking link")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/bao-tin/theo-doi/LT-"))
    assert page.locator("#nomination-status").get_attribute("data-status") == "received"


VI_NUMBERS = {
    "một": 1,
    "hai": 2,
    "ba": 3,
    "bốn": 4,
    "năm": 5,
    "sáu": 6,
    "bảy": 7,
    "tám": 8,
    "chín": 9,
    "mười": 10,
}


def test_a_shared_address_asks_the_proof_step_and_keeps_the_photo(
    phone, live_server, settings
) -> None:
    """A second person behind an address whose window is full: the form comes back with the
    question and the chosen photo as a thumbnail; answered as a person reads it, it is sent
    with the photo. The window is narrowed to one so the browser reaches it quickly."""
    settings.NOMINATION_RATE_PER_IP = 1
    world = build_world()
    page = phone
    base = live_server.url

    def fill(what: str) -> None:
        page.goto(f"{base}/bao-tin/")
        with page.expect_response(re.compile(r"/bao-tin/xa/")):
            page.locator("#id_province").select_option(world.province_unit.code)
        page.locator("#id_commune").select_option(world.unit_a.code)
        page.locator("#id_what").fill(what)
        page.locator("#id_photos").set_input_files(
            files=[{"name": "anh.jpg", "mimeType": "image/jpeg", "buffer": _jpeg()}]
        )
        page.locator("#nomination-submit").click()

    fill(WHAT)
    page.locator("#tracking-code").wait_for()
    fill("Chị Năm dọn rác bờ hồ mỗi sáng Chủ nhật.")
    page.locator("#proof-step").wait_for()
    assert page.locator("#id_what").input_value() == "Chị Năm dọn rác bờ hồ mỗi sáng Chủ nhật."
    thumb = page.locator(".nom-held-thumb")
    assert thumb.count() == 1
    page.wait_for_function(
        "() => { const i = document.querySelector('.nom-held-thumb');"
        " return i && i.complete && i.naturalWidth > 0; }"
    )
    _check(page)

    question = page.locator("#proof-question").inner_text()
    numbers = [
        VI_NUMBERS[w.strip(":?").lower()]
        for w in question.split()
        if w.strip(":?").lower() in VI_NUMBERS
    ]
    assert len(numbers) == 2, question
    page.locator("#id_proof_answer").fill(str(sum(numbers)))
    page.locator("#nomination-submit").click()
    page.locator("#tracking-code").wait_for()
    _check(page)
    latest = Nomination.objects.first()
    assert latest is not None and latest.record.summary.startswith("Chị Năm")
    assert latest.record.evidence.count() == 1
