"""Publishing a record on the portal from its page: consents shown per choice, refusals
explained, taking down, and the page after a consent is withdrawn."""

from __future__ import annotations

import datetime
import re

from django.urls import reverse

from lantoa.exemplars import consent as consent_services
from lantoa.exemplars import publishing
from lantoa.exemplars.models import Publication, Record
from lantoa.exemplars.stories.live import live_publications
from lantoa.orgs.models import Role
from tests.exemplars.helpers import PUBLIC_TEXT, report, step
from tests.personas import World, make_user
from tests.staff.publish_vi import VI, VI_PLURALS

EN = {"Accept-Language": "en"}


def _verified(world: World, **kwargs) -> Record:
    record = report(world, place="Hồ Sông Quao", admin_unit=world.unit_a, **kwargs)
    step(world, record, "xa.mttq", "verify")
    record.refresh_from_db()
    return record


def _consent(world: World, record: Record, *purposes: str) -> list:
    return [
        consent_services.record_consent(
            evidence_kind="in_person",
            evidence_note="Đồng ý trực tiếp.",
            actor=world.user("xa.doan"),
            subject=record.subject,
            purpose=p,
            given_by="subject",
            given_on=datetime.date(2025, 6, 1),
        )
        for p in purposes
    ]


def _post(**fields) -> dict:
    data = {
        "publish-name_display": "initials",
        "publish-place_display": "commune",
        # The public text as the publisher rewrote it (the form is prefilled with the
        # internal one, which names "Anh Ân" and "Hồ Sông Quao").
        "publish-title": PUBLIC_TEXT["title"],
        "publish-summary": PUBLIC_TEXT["summary"],
    }
    data.update({f"publish-{k}": v for k, v in fields.items()})
    return data


def _status(html: str) -> str:
    match = re.search(r'data-testid="publication-status" data-state="(\w+)"', html)
    assert match, "no publication status on the page"
    return match.group(1)


def test_a_leader_publishes_with_initials_without_the_name_consent(login, world: World) -> None:
    record = _verified(world)
    _consent(world, record, "publish_story")
    client = login("xa.mttq")
    response = client.post(
        reverse("staff:record_publish", args=[record.pk]),
        _post(featured="on", title="Người hùng cứu hai em nhỏ"),
    )
    assert response.status_code == 302
    pub = Publication.objects.get(record=record)
    assert pub.is_live and pub.featured and not pub.show_photos
    assert pub.display_name == "N.V.Â."
    assert pub.display_place == "Xã Hàm Thuận, Lâm Đồng"
    # The public text is what was sent, never the internal one (issue 11: the internal
    # title named "Hồ Sông Quao", finer than "commune only").
    assert pub.title == "Người hùng cứu hai em nhỏ"
    assert pub.summary == PUBLIC_TEXT["summary"] != record.summary
    page = client.get(reverse("staff:record_detail", args=[record.pk]), headers=EN)
    html = page.content.decode()
    assert _status(html) == "live"
    assert "N.V.Â." in html
    assert "Update the publication" in html


def test_the_full_name_without_its_consent_is_refused_and_the_choices_kept(
    login, world: World
) -> None:
    record = _verified(world)
    _consent(world, record, "publish_story")
    client = login("xa.mttq")
    response = client.post(
        reverse("staff:record_publish", args=[record.pk]),
        _post(name_display="full", place_display="province", title="Tiêu đề công khai"),
        headers=EN,
    )
    assert response.status_code == 200
    assert not Publication.objects.exists()
    html = response.content.decode()
    error = re.search(r'id="publish-error">([^<]+)<', html)
    assert error is not None
    assert "has not consented to" in error.group(1)
    assert "Show the full name" in error.group(1)
    assert "initials or no name instead" in error.group(1)
    # What the leader chose stays chosen.
    assert re.search(r'value="full" checked', html)
    assert re.search(r'value="province" checked', html)
    assert 'value="Tiêu đề công khai"' in html


def test_the_refusal_names_each_missing_consent_in_the_users_language() -> None:
    from django.utils import translation

    from lantoa.exemplars.models import Consent
    from lantoa.staff.views.publish_panel import consent_missing_message

    with translation.override("vi"):
        message = consent_missing_message(["show_full_name", "show_photo"])
        labels = [str(Consent.Purpose.SHOW_FULL_NAME.label), str(Consent.Purpose.SHOW_PHOTO.label)]
    assert labels == ["Hiện họ tên đầy đủ", "Hiện ảnh"]
    assert all(f"“{label}”" in message for label in labels)


def test_the_page_shows_which_consents_each_choice_needs(login, world: World) -> None:
    record = _verified(world)
    _consent(world, record, "publish_story", "show_photo")
    html = login("xa.mttq").get(reverse("staff:record_detail", args=[record.pk])).content.decode()
    given = dict(re.findall(r'data-purpose="(\w+)" data-given="(\w+)"', html))
    assert given == {
        "publish_story": "yes",
        "show_full_name": "no",
        "show_photo": "yes",
        "show_exact_place": "no",
    }
    assert _status(html) == "none"
    # Privacy first: initials and the commune are chosen until the leader decides otherwise.
    assert re.search(r'value="initials" checked', html)
    assert re.search(r'value="commune" checked', html)


def test_a_reporter_gets_404_and_sees_no_publishing_form(login, world: World) -> None:
    record = _verified(world)
    _consent(world, record, "publish_story")
    client = login("xa.doan")
    response = client.post(reverse("staff:record_publish", args=[record.pk]), _post())
    assert response.status_code == 404
    assert not Publication.objects.exists()
    html = client.get(reverse("staff:record_detail", args=[record.pk])).content.decode()
    assert reverse("staff:record_publish", args=[record.pk]) not in html


def test_a_leader_of_another_commune_gets_404(client, world: World) -> None:
    record = _verified(world)
    _consent(world, record, "publish_story")
    other = make_user("xab.mttq", (world.front_b, Role.LEADER), (world.front_b, Role.VERIFIER))
    client.force_login(other)
    # The verified record is visible to learn from, but not theirs to publish.
    page = client.get(reverse("staff:record_detail", args=[record.pk]))
    assert page.status_code == 200
    assert reverse("staff:record_publish", args=[record.pk]) not in page.content.decode()
    response = client.post(reverse("staff:record_publish", args=[record.pk]), _post())
    assert response.status_code == 404
    assert not Publication.objects.exists()


def test_an_unverified_record_cannot_be_published(login, world: World) -> None:
    record = report(world)
    client = login("xa.mttq")
    html = client.get(reverse("staff:record_detail", args=[record.pk])).content.decode()
    assert reverse("staff:record_publish", args=[record.pk]) not in html
    response = client.post(reverse("staff:record_publish", args=[record.pk]), _post())
    assert response.status_code == 200
    assert 'id="publish-error"' in response.content.decode()
    assert not Publication.objects.exists()


def test_a_leader_takes_the_story_down_with_a_reason(login, world: World) -> None:
    record = _verified(world)
    _consent(world, record, "publish_story")
    client = login("tinh.mttq")
    client.post(reverse("staff:record_publish", args=[record.pk]), _post())
    response = client.post(
        reverse("staff:record_unpublish", args=[record.pk]), {"reason": "Gia đình xin gỡ"}
    )
    assert response.status_code == 302
    pub = Publication.objects.get(record=record)
    assert not pub.is_live and pub.unpublished_reason == "Gia đình xin gỡ"
    assert not live_publications().exists()
    html = client.get(reverse("staff:record_detail", args=[record.pk])).content.decode()
    assert _status(html) == "taken_down"
    assert "Gia đình xin gỡ" in html
    assert reverse("staff:record_unpublish", args=[record.pk]) not in html
    # Taking it down twice says so, on the page.
    again = client.post(reverse("staff:record_unpublish", args=[record.pk]), {})
    assert again.status_code == 200
    assert 'id="publish-error"' in again.content.decode()


def test_a_reporter_cannot_take_a_story_down(login, world: World) -> None:
    record = _verified(world)
    _consent(world, record, "publish_story")
    publishing.publish_record(
        actor=world.user("xa.mttq"),
        record=record,
        **PUBLIC_TEXT,
        name_display="hidden",
        show_photos=False,
        place_display="province",
    )
    response = login("xa.doan").post(reverse("staff:record_unpublish", args=[record.pk]))
    assert response.status_code == 404
    assert Publication.objects.get(record=record).is_live


def test_after_a_consent_is_withdrawn_the_page_shows_taken_down(login, world: World) -> None:
    record = _verified(world)
    _story, name = _consent(world, record, "publish_story", "show_full_name")
    client = login("xa.mttq")
    # With the full name allowed, the public text names him; without it, it may not.
    named = "Anh Nguyễn Văn Ân lao xuống hồ cứu hai em nhỏ bị đuối nước."
    client.post(
        reverse("staff:record_publish", args=[record.pk]),
        _post(name_display="full", summary=named),
    )
    assert Publication.objects.get(record=record).display_name == "Nguyễn Văn Ân"
    consent_services.withdraw_consent(actor=world.user("xa.doan"), consent=name)
    html = client.get(reverse("staff:record_detail", args=[record.pk]), headers=EN)
    html = html.content.decode()
    assert _status(html) == "taken_down"
    assert "withdrew a consent" in html
    # Republishing with initials needs only the story consent, which is still there.
    response = client.post(reverse("staff:record_publish", args=[record.pk]), _post())
    assert response.status_code == 302
    pub = Publication.objects.get(record=record)
    assert pub.is_live and pub.display_name == "N.V.Â."
    assert live_publications().get() == pub


def test_every_added_message_has_a_vietnamese_translation() -> None:
    placeholders = re.compile(r"%\(\w+\)[sd]|\{\{ ?\w+ ?\}\}")
    for msgid, text in VI.items():
        assert text.strip(), msgid
        assert sorted(placeholders.findall(msgid)) == sorted(placeholders.findall(text)), msgid
    for msgid, forms in VI_PLURALS.items():
        assert all(forms), msgid
