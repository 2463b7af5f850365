"""Issue 11, part 3 on a phone: an officer records a consent heard in person at 360 px. A
missing note is refused in Vietnamese with what was typed kept; then the record page says
who recorded it, when and how. axe finds nothing serious on the page either time."""

from __future__ import annotations

import pytest

from lantoa.exemplars.models import Consent
from tests.e2e.conftest import assert_accessible, assert_fits_phone, sign_in
from tests.exemplars.helpers import report
from tests.personas import build_world

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NOTE = "Anh Ân đồng ý khi cán bộ đến nhà, có trưởng thôn cùng nghe."


def test_an_officer_records_a_consent_heard_in_person_on_a_phone(phone, live_server) -> None:
    world = build_world()
    record = report(world)
    page, base = phone, live_server.url
    sign_in(page, base, "xa.doan")
    page.goto(f"{base}/staff/records/{record.pk}/")

    form = page.locator("form[action$='/consents/']")
    form.locator("xpath=ancestor::details/summary").click()
    page.locator("#id_consent-purpose").select_option("show_photo")
    page.locator("#id_consent-given_on").fill("2025-06-01")
    assert page.locator("#id_consent-evidence_kind").input_value() == "in_person"
    form.locator("[type=submit]").click()

    # Refused without the note: the message in Vietnamese, the choices kept, nothing saved.
    page.get_by_text("Hãy ghi chú người đó đã trực tiếp đồng ý như thế nào.").first.wait_for()
    assert page.locator("#id_consent-purpose").input_value() == "show_photo"
    assert page.locator("#id_consent-given_on").input_value() == "2025-06-01"
    assert not Consent.objects.exists()
    assert_accessible(page)
    assert_fits_phone(page)

    page.locator("#id_consent-evidence_note").fill(NOTE)
    page.locator("form[action$='/consents/'] [type=submit]").click()
    proof = page.locator("[data-testid=consent-proof][data-kind=in_person]")
    proof.wait_for()
    assert "Nguyễn Văn Đoàn ghi nhận trực tiếp ngày 01/06/2025." in proof.inner_text()
    assert NOTE in proof.inner_text()
    consent = Consent.objects.get()
    assert consent.evidence_kind == "in_person" and consent.recorded_by.username == "xa.doan"
    assert_accessible(page)
    assert_fits_phone(page)


def test_the_verifier_reads_the_citizens_contact_on_a_phone(phone, live_server) -> None:
    from tests.staff.test_nomination_contact import PHONE, _nominate

    world = build_world()
    record = _nominate(world)
    page, base = phone, live_server.url
    sign_in(page, base, "xa.mttq")
    page.goto(f"{base}/staff/records/{record.pk}/")

    contact = page.locator("[data-testid=nomination-contact]")
    assert PHONE in contact.inner_text()
    assert contact.locator(f"a[href='tel:{PHONE}']").is_visible()
    assert_accessible(page)
    assert_fits_phone(page)
