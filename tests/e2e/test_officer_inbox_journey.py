"""Issue 13's "must show", on a 360 px phone: xa.mttq filters the inbox to the overdue items
and returns two from the top of the list in one step; xa.doan completes one of them with a
phone number and a photo and resubmits it. axe-core checks every page on the way.

Selectors are ids, names and values (not labels), as in the registry journey."""

from __future__ import annotations

import datetime
import io
import re

import pytest
from django.utils import timezone
from PIL import Image

from lantoa.exemplars.models import Evidence, Record, RecordState
from tests.e2e.conftest import assert_accessible, assert_fits_phone, open_menu_if_collapsed, sign_in
from tests.exemplars.helpers import report
from tests.personas import build_world

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (640, 480), (200, 120, 40)).save(out, "JPEG")
    return out.getvalue()


def _check(page) -> None:
    assert_accessible(page)
    assert_fits_phone(page)


def _sign_out(page) -> None:
    open_menu_if_collapsed(page)  # a click while the menu still slides open may miss
    page.locator("form[action$='/accounts/logout/'] button").click()
    page.wait_for_url(re.compile(r"/accounts/login/"))


def test_an_officer_clears_the_overdue_queue_and_a_reporter_completes_one(
    phone, live_server
) -> None:
    world = build_world()
    late = [report(world, title=f"Việc tốt quá hạn số {i}") for i in range(3)]
    fresh = report(world, title="Việc tốt mới báo cáo")
    # The three late ones were due at different times: the most overdue leads the list.
    for days, record in zip((5, 4, 3), late, strict=True):
        Record.objects.filter(pk=record.pk).update(
            due_at=timezone.now() - datetime.timedelta(days=days)
        )
    page, base = phone, live_server.url

    # 1. xa.mttq filters the inbox to the overdue items.
    sign_in(page, base, "xa.mttq")
    page.goto(f"{base}/staff/inbox/")
    assert page.locator("[data-testid=inbox-row]").count() == 4
    _check(page)
    page.locator("details:has(form[role=search]) > summary").click()
    page.locator("#id_overdue").check()
    page.locator("form[role=search] button[type=submit]").click()
    page.wait_for_url(re.compile(r"overdue=on"))
    rows = page.locator("[data-testid=inbox-row]")
    assert rows.count() == 3
    assert fresh.title not in page.content()
    _check(page)

    # 2. …and returns the two at the top, with the bulk step above the list.
    bulk = page.locator("#bulk-action")
    assert bulk.bounding_box()["y"] < rows.first.bounding_box()["y"]
    page.locator(f"#pick-{late[0].pk}").check()
    page.locator(f"#pick-{late[1].pk}").check()
    bulk.select_option("return")
    page.locator("#bulk-note").fill("Cần số điện thoại của người được nêu gương và ảnh.")
    # The inbox comes back at the same address: wait for the navigation itself.
    with page.expect_navigation(url=re.compile(r"/staff/inbox/\?overdue=on$")):
        page.locator("#bulk-form button[type=submit]").click()
    states = dict(Record.objects.values_list("pk", "state"))
    assert states[late[0].pk] == states[late[1].pk] == RecordState.RETURNED
    assert states[late[2].pk] == states[fresh.pk] == RecordState.REPORTED
    assert page.locator("[data-testid=inbox-row]").count() == 1
    _check(page)
    # The same person was reported twice: the side-by-side merge page reads well too.
    page.goto(f"{base}/staff/subjects/{late[2].subject_id}/merge/{fresh.subject_id}/")
    assert page.locator("table").count() == 1
    _check(page)
    _sign_out(page)

    # 3. xa.doan finds the returned record, adds a phone number and a photo, and resubmits.
    sign_in(page, base, "xa.doan")
    page.goto(f"{base}/staff/inbox/")
    page.locator(f"a[href='/staff/records/{late[0].pk}/']").click()
    page.wait_for_url(re.compile(rf"/staff/records/{late[0].pk}/$"))
    _check(page)
    page.locator("#id_resubmit-phone").fill("0912 345 678")
    page.locator("#id_resubmit-uploads").set_input_files(
        files=[{"name": "anh-bo-sung.jpg", "mimeType": "image/jpeg", "buffer": _jpeg()}]
    )
    page.locator("#id_resubmit-note").fill("Đã bổ sung số điện thoại và ảnh.")
    with page.expect_navigation(url=re.compile(rf"/staff/records/{late[0].pk}/$")):
        page.locator("#resubmit-form button[type=submit]").click()
    assert page.locator("#record-error").count() == 0
    record = Record.objects.select_related("subject").get(pk=late[0].pk)
    assert record.state == RecordState.REPORTED
    assert record.subject.phone == "0912 345 678"
    assert record.evidence.filter(kind=Evidence.Kind.PHOTO).count() == 1
    assert page.locator("img[src*='/evidence/']").count() == 1
    _check(page)

    # 4. The person's page, from the record; the bell's page, reachable on the phone too.
    page.locator(f"a[href='/staff/subjects/{record.subject_id}/']").click()
    page.wait_for_url(re.compile(rf"/staff/subjects/{record.subject_id}/$"))
    assert "0912 345 678" in page.content()
    _check(page)
    page.locator("[data-testid=bell]").click()
    page.wait_for_url(re.compile(r"/staff/notifications/$"))
    _check(page)
