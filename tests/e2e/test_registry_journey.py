"""One good deed on phones, from the village to the province and to another commune.

xa.doan reports it with a photo (the draft survives a reload); xa.mttq verifies it and
proposes it to the province; tinh.mttq verifies and recognises it; xab.doan, in another
commune, records that her unit learned and followed; the timeline shows every step.

Selectors are ids, names and values (not labels), so the test reads the same before and after
the Vietnamese catalogue gains the registry's messages.
"""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image

from lantoa.exemplars.models import Record, RecordState, Subject
from tests.e2e.conftest import assert_accessible, assert_fits_phone, open_menu_if_collapsed, sign_in
from tests.personas import build_world

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TITLE = "Cứu hai em nhỏ đuối nước ở hồ Sông Quao"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (640, 480), (40, 120, 200)).save(out, "JPEG")
    return out.getvalue()


def _check(page) -> None:
    assert_accessible(page)
    assert_fits_phone(page)


def _sign_out(page) -> None:
    open_menu_if_collapsed(page)
    page.locator("form[action$='/accounts/logout/'] button").click()
    page.wait_for_url(re.compile(r"/accounts/login/"))


def _take(page, action: str) -> None:
    page.locator(f"[name=action][value={action}]").click()
    page.wait_for_load_state()
    assert page.locator("#record-error").count() == 0, page.locator("#record-error").inner_text()


def test_a_good_deed_travels_from_the_village_to_the_province(phone, live_server) -> None:
    world = build_world()
    known = Subject.objects.create(
        full_name="Nguyễn Văn Ân", birth_year=1995, org=world.youth_a, org_path=world.youth_a.path
    )
    page = phone
    base = live_server.url

    # 1. xa.doan reports from the home page, with a photo.
    sign_in(page, base, "xa.doan")
    assert page.locator("html").get_attribute("lang") == "vi"
    page.locator("main a[href$='/staff/records/new/']").click()
    page.wait_for_url(re.compile(r"/staff/records/new/$"))
    _check(page)
    assert not page.locator("#draft-notice").is_visible()
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_summary").fill("Anh Ân lao xuống hồ cứu hai em nhỏ bị đuối nước.")
    page.locator("#id_full_name").fill("Nguyễn Văn Ân")
    # Typing the birth year asks for people who may already be in the system.
    with page.expect_response(re.compile(r"/staff/subjects/suggest/\?")):
        page.locator("#id_birth_year").press_sequentially("1995")
    page.locator(f"#subject-{known.pk}").check()
    _check(page)

    # The connection drops: the draft comes back when the page is opened again.
    page.reload()
    assert page.locator("#draft-notice").is_visible()
    assert page.locator("#id_title").input_value() == TITLE
    assert page.locator("#id_birth_year").input_value() == "1995"
    page.locator(f"#subject-{known.pk}:checked").wait_for()  # the choice came back too
    _check(page)

    page.locator("#id_photos").set_input_files(
        files=[{"name": "anh.jpg", "mimeType": "image/jpeg", "buffer": _jpeg()}]
    )
    page.locator("#report-submit").click()
    page.wait_for_url(re.compile(r"/staff/records/\d+/\?reported=1$"))
    record = Record.objects.get(title=TITLE)
    assert record.evidence.count() == 1
    assert record.subject == known  # chosen, not duplicated
    assert Subject.objects.count() == 1
    page.wait_for_function("() => localStorage.length === 0")  # the draft is gone
    photo = page.locator("main img").first
    photo.scroll_into_view_if_needed()  # lazy-loaded below the fold on a phone
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=photo.element_handle()
    )
    assert photo.evaluate("img => img.naturalWidth") > 0
    _check(page)
    record_url = f"{base}/staff/records/{record.pk}/"
    _sign_out(page)

    # 2. xa.mttq (commune Front) finds it in the inbox, verifies and proposes it upward.
    sign_in(page, base, "xa.mttq")
    page.goto(f"{base}/staff/inbox/")
    _check(page)
    page.locator(f"main a[href='/staff/records/{record.pk}/']").click()
    page.wait_for_url(re.compile(rf"/staff/records/{record.pk}/$"))
    _check(page)
    _take(page, "verify")
    assert page.locator("#propose-target").input_value() == str(world.front.pk)
    _take(page, "propose")
    record.refresh_from_db()
    assert record.state == RecordState.PROPOSED and record.handling_org == world.front
    _sign_out(page)

    # 3. tinh.mttq (province Front) verifies and recognises it.
    sign_in(page, base, "tinh.mttq")
    page.goto(f"{base}/staff/inbox/")
    assert page.locator(f"main a[href='/staff/records/{record.pk}/']").is_visible()
    page.goto(record_url)
    _take(page, "verify")
    _take(page, "recognise")
    record.refresh_from_db()
    assert record.state == RecordState.RECOGNISED
    _sign_out(page)

    # 4. xab.doan, in another commune, finds it without diacritics and records a replication.
    sign_in(page, base, "xab.doan")
    page.goto(f"{base}/staff/records/?q=cuu+hai+em")
    _check(page)
    page.locator(f"main a[href='/staff/records/{record.pk}/']").click()
    page.wait_for_url(re.compile(rf"/staff/records/{record.pk}/$"))
    page.locator("#replication-details > summary").click()
    page.locator("#id_replication-what").fill("Mở lớp dạy bơi cho thiếu nhi phường.")
    _check(page)
    page.locator("#replication-submit").click()
    page.wait_for_load_state()
    assert record.replications.get().org == world.youth_b
    assert "1" in page.locator("[data-testid=spread]").inner_text()

    # 5. The timeline: every step, with who and when.
    steps = page.locator("[data-testid=timeline] > li")
    actions = [steps.nth(i).get_attribute("data-action") for i in range(steps.count())]
    assert actions == ["report", "verify", "propose", "verify", "recognise", "replicate"]
    names = ["Nguyễn Văn Đoàn", "Phạm Thị Xã", "Phạm Thị Xã", "Lê Văn Mặt", "Lê Văn Mặt"]
    for i, name in enumerate([*names, "Võ Thị Bê"]):
        item = steps.nth(i)
        assert item.locator(".actor").inner_text() == name
        assert re.search(r"\d{2}/\d{2}/\d{4} \d{2}:\d{2}", item.locator("time").inner_text())
    _check(page)
