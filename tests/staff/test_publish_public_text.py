"""The publishing section holds a public text that shows what the consents withhold: each
hit is marked in place, and is edited out or confirmed as a false match with a reason."""

from __future__ import annotations

import datetime
import re

from django.urls import reverse

from lantoa.audit.models import AuditEvent
from lantoa.exemplars import consent as consent_services
from lantoa.exemplars.models import Publication, Record
from tests.exemplars.helpers import PUBLIC_TEXT, report, step
from tests.personas import World

EN = {"Accept-Language": "en"}
LEAKY = "Anh cứu bà Phạm Thị Lan ở thôn Phú Lập."


def _verified(world: World) -> Record:
    record = report(world, place="Hồ Sông Quao", admin_unit=world.unit_a, story=f"<p>{LEAKY}</p>")
    step(world, record, "xa.mttq", "verify")
    consent_services.record_consent(
        evidence_kind="in_person",
        evidence_note="Đồng ý trực tiếp.",
        actor=world.user("xa.doan"),
        subject=record.subject,
        purpose="publish_story",
        given_by="subject",
        given_on=datetime.date(2025, 6, 1),
    )
    record.refresh_from_db()
    return record


def _post(story: str, **extra: str) -> dict[str, str]:
    return {
        "publish-name_display": "initials",
        "publish-place_display": "commune",
        "publish-title": PUBLIC_TEXT["title"],
        "publish-summary": PUBLIC_TEXT["summary"],
        "publish-story": story,
        **extra,
    }


def test_the_form_is_prefilled_with_the_internal_text_to_rewrite(login, world: World) -> None:
    record = _verified(world)
    html = login("xa.mttq").get(reverse("staff:record_detail", args=[record.pk])).content.decode()
    assert "Anh Ân lao xuống hồ cứu hai em nhỏ bị đuối nước." in html  # the summary, prefilled
    assert 'name="publish-story"' in html and "Phạm Thị Lan" in html


def test_hits_are_marked_in_place_and_publishing_is_held(login, world: World) -> None:
    record = _verified(world)
    client = login("xa.mttq")
    url = reverse("staff:record_publish", args=[record.pk])
    response = client.post(url, _post(LEAKY), headers=EN)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="public-text-hits"' in html
    assert re.search(r"<mark data-hit=\"\d\">Phạm Thị Lan<sup>", html)
    assert re.search(r"<mark data-hit=\"\d\">thôn Phú Lập<sup>", html)
    assert "What the consents do not allow" in html
    assert not Publication.objects.filter(record=record).exists()

    # Ticking a hit without a reason does not let it through.
    response = client.post(url, _post(LEAKY, **{"publish-confirm-0": "person:pham thi lan"}))
    assert response.status_code == 200
    assert not Publication.objects.filter(record=record).exists()

    # Edited out: published, and neither appears in the public text.
    response = client.post(url, _post("Anh cứu một cụ bà ở địa phương."))
    assert response.status_code == 302
    pub = Publication.objects.get(record=record)
    assert "Phạm Thị Lan" not in pub.story and "Phú Lập" not in pub.story
    # The record page links to the published story.
    html = client.get(reverse("staff:record_detail", args=[record.pk])).content.decode()
    assert f'href="/guong-sang/{pub.pk}/" data-testid="public-story-link"' in html


def test_a_false_match_confirmed_with_a_reason_is_published_and_audited(
    login, world: World
) -> None:
    record = _verified(world)
    client = login("xa.mttq")
    url = reverse("staff:record_publish", args=[record.pk])
    text = "Học tập tấm gương Bác Hồ."
    response = client.post(url, _post(text))
    assert response.status_code == 200 and "person:ho" in response.content.decode()
    reason = "Bác Hồ là Chủ tịch Hồ Chí Minh, không phải người trong hồ sơ"
    response = client.post(
        url, _post(text, **{"publish-confirm-0": "person:ho", "publish-reason-0": reason})
    )
    assert response.status_code == 302
    assert Publication.objects.get(record=record).false_matches == {"person:ho": reason}
    event = AuditEvent.objects.filter(action="exemplars.record.published").latest("id")
    assert event.changes["false_matches"] == [None, {"person:ho": reason}]


def test_a_reporter_cannot_publish_even_a_clean_text(login, world: World) -> None:
    record = _verified(world)
    response = login("xa.doan").post(
        reverse("staff:record_publish", args=[record.pk]), _post("Anh cứu người.")
    )
    assert response.status_code == 404
    assert not Publication.objects.exists()
