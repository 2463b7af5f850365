"""Issue 11, "Must show": publishing "commune only" without the place consent, from a record
whose story names a hamlet ("thôn Phú Lập") and another person ("bà Phạm Thị Lan"), is held
until both are edited out; then the public page, public search and the API show neither.

Selectors are ids, names and data attributes (not labels).
"""

from __future__ import annotations

import datetime

import pytest

from lantoa.exemplars import consent, publishing
from lantoa.exemplars.models import Publication
from tests.e2e.conftest import assert_accessible, assert_fits_phone, sign_in
from tests.exemplars.helpers import report, step
from tests.personas import build_world

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

STORY = (
    "<p>Chiều 12/5, anh đang làm đồng ở thôn Phú Lập thì nghe tiếng kêu cứu. "
    "Anh lao xuống hồ cứu hai em nhỏ, cùng bà Phạm Thị Lan đưa các em vào bờ.</p>"
)


def test_publishing_is_held_until_the_hamlet_and_the_other_person_are_edited_out(
    phone, live_server
) -> None:
    world = build_world()
    record = report(world, story=STORY, place="Bến đò Sông Quao", admin_unit=world.unit_a)
    step(world, record, "xa.mttq", "verify")
    consent.record_consent(
        evidence_kind="in_person",
        evidence_note="Đồng ý trực tiếp.",
        actor=world.user("xa.doan"),
        subject=record.subject,
        purpose="publish_story",
        given_by="subject",
        given_on=datetime.date(2025, 6, 1),
    )
    page, base = phone, live_server.url
    sign_in(page, base, "xa.mttq")
    page.goto(f"{base}/staff/records/{record.pk}/")
    # Prefilled from the internal text; "commune only" and initials are the defaults.
    assert "thôn Phú Lập" in page.locator("#id_publish-story").input_value()
    page.locator("#id_publish-summary").fill("Anh lao xuống hồ cứu hai em nhỏ bị đuối nước.")
    page.locator("form[action$='/publish/'] [type=submit]").click()

    hits = page.locator("[data-testid=public-text-hits]")
    hits.wait_for()
    marks = hits.locator("mark").all_inner_texts()
    assert any("thôn Phú Lập" in m for m in marks) and any("Phạm Thị Lan" in m for m in marks)
    assert not Publication.objects.filter(record=record).exists()
    assert_accessible(page)
    assert_fits_phone(page)

    # Only the hamlet edited out: still held, for the other person.
    story = page.locator("#id_publish-story")
    story.fill(story.input_value().replace("ở thôn Phú Lập ", ""))
    page.locator("form[action$='/publish/'] [type=submit]").click()
    page.locator("[data-testid=public-text-hits] mark").first.wait_for()
    assert page.locator("[data-testid=public-text-hits] mark").all_inner_texts() == [
        "Phạm Thị Lan1"
    ]
    assert not Publication.objects.filter(record=record).exists()

    story = page.locator("#id_publish-story")
    story.fill(story.input_value().replace("bà Phạm Thị Lan", "một người dân"))
    page.locator("form[action$='/publish/'] [type=submit]").click()
    page.locator("[data-testid=publication-status][data-state=live]").wait_for()
    pub = Publication.objects.get(record=record)

    # The story page and the API's copy name neither.
    for url in (f"{base}/guong-sang/{pub.pk}/", f"{base}/api/v1/public/stories/{pub.pk}"):
        text = page.request.get(url).text()
        assert "Phú Lập" not in text and "Phạm Thị Lan" not in text, url
    # Public search and the API's search find nothing by them (the query is echoed back).
    for q in ("Pham Thi Lan", "Phú Lập"):
        html = page.request.get(f"{base}/tim-kiem/", params={"q": q}).text()
        assert f"/guong-sang/{pub.pk}" not in html, q
        found = page.request.get(f"{base}/api/v1/public/stories", params={"q": q}).json()
        assert found["items"] == [], q
    assert page.request.get(f"{base}/api/v1/public/stories").json()["count"] == 1
    page.goto(f"{base}/guong-sang/{pub.pk}/")
    assert "một người dân" in page.content()
    assert_accessible(page)

    # Taken down: the address answers 410 with the product's Vietnamese page.
    publishing.unpublish_record(actor=world.user("xa.mttq"), record=record, reason="Thử")
    response = page.goto(f"{base}/guong-sang/{pub.pk}/")
    assert response is not None and response.status == 410
    assert "Câu chuyện này không còn được đăng" in page.content()
    assert_accessible(page)
