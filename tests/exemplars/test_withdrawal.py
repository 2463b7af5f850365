"""Withdrawing a consent takes down exactly what relied on it (issue 11, part 4): one test
per purpose. The story stays when only a way of showing it relied on the consent."""

from __future__ import annotations

from django.test import Client

from lantoa.audit.models import AuditEvent
from lantoa.exemplars import consent
from lantoa.exemplars.models import Consent, Evidence, Publication, RecordShare, SensitiveItem
from lantoa.exemplars.stories.live import live_publications
from tests.personas import World
from tests.portal.helpers import EXACT_PLACE, FULL_NAME, TODAY, publish


def _withdraw(world: World, pub: Publication, purpose: str) -> None:
    given = Consent.objects.get(
        subject__records=pub.record_id, purpose=purpose, withdrawn_at__isnull=True
    )
    consent.withdraw_consent(actor=world.user("xa.doan"), consent=given)
    pub.refresh_from_db()


def _shown(client: Client, pub: Publication) -> str:
    response = client.get(f"/guong-sang/{pub.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_withdrawing_the_story_consent_takes_the_story_down(world: World, client: Client) -> None:
    pub = publish(world, show_photos=True, photos=1)
    _withdraw(world, pub, Consent.Purpose.PUBLISH_STORY)
    assert not live_publications().filter(pk=pub.pk).exists()
    assert pub.unpublished_reason == "consent_withdrawn"
    response = client.get(f"/guong-sang/{pub.pk}/")
    assert response.status_code == 410
    assert "Câu chuyện này không còn được đăng" in response.content.decode()
    assert pub.title not in client.get("/guong-sang/rss/").content.decode()
    assert f"/guong-sang/{pub.pk}-" not in client.get("/sitemap-stories.xml").content.decode()


def test_withdrawing_the_photo_consent_removes_the_photos_and_keeps_the_story(
    world: World, client: Client
) -> None:
    pub = publish(world, show_photos=True, photos=2, name_display="initials")
    photo = Evidence.objects.filter(record_id=pub.record_id).first()
    assert photo is not None
    photo_url = f"/guong-sang/{pub.pk}/anh/{photo.pk}-320.jpg"
    assert client.get(photo_url).status_code == 200
    old_share = pub.share_id

    _withdraw(world, pub, Consent.Purpose.SHOW_PHOTO)

    assert pub.is_live and live_publications().filter(pk=pub.pk).exists()
    assert not pub.show_photos
    assert pub.display_name == "N.V.Â." and pub.place_display == "commune"
    assert client.get(photo_url).status_code == 404
    assert "/anh/" not in _shown(client, pub)
    # It now relies on a new share without the photo purpose; the old one is revoked.
    assert RecordShare.objects.get(pk=old_share).revoked_at is not None
    assert Consent.Purpose.SHOW_PHOTO not in pub.share.purposes
    event = AuditEvent.objects.get(action="exemplars.record.publication_narrowed")
    assert event.changes["photos"] == [True, False]


def test_withdrawing_the_full_name_consent_shows_initials_instead(
    world: World, client: Client
) -> None:
    pub = publish(world, name_display="full")
    assert pub.display_name == FULL_NAME

    _withdraw(world, pub, Consent.Purpose.SHOW_FULL_NAME)

    assert pub.is_live and pub.name_display == "initials" and pub.display_name == "N.V.Â."
    html = _shown(client, pub)
    assert FULL_NAME not in html and "N.V.Â." in html


def test_a_story_whose_text_names_the_person_comes_down_with_the_name_consent(
    world: World,
) -> None:
    pub = publish(world, name_display="full", summary=f"Anh {FULL_NAME} cứu hai em nhỏ.")
    _withdraw(world, pub, Consent.Purpose.SHOW_FULL_NAME)
    assert not pub.is_live and pub.unpublished_reason == "consent_withdrawn"


def test_withdrawing_the_exact_place_consent_shows_the_commune_instead(
    world: World, client: Client
) -> None:
    pub = publish(world, place_display="exact")
    assert EXACT_PLACE in pub.display_place

    _withdraw(world, pub, Consent.Purpose.SHOW_EXACT_PLACE)

    assert pub.is_live and pub.place_display == "commune"
    assert pub.display_place == "Xã Hàm Thuận, Lâm Đồng"
    assert EXACT_PLACE not in _shown(client, pub)


def test_a_story_whose_text_names_the_exact_place_comes_down_with_the_place_consent(
    world: World,
) -> None:
    pub = publish(world, place_display="exact", summary=f"Anh cứu hai em nhỏ ở {EXACT_PLACE}.")
    _withdraw(world, pub, Consent.Purpose.SHOW_EXACT_PLACE)
    assert not pub.is_live


def test_withdrawing_a_sensitive_item_consent_leaves_the_story_alone(world: World) -> None:
    pub = publish(world, show_photos=True, photos=1, name_display="full")
    subject = pub.record.subject
    item = SensitiveItem.objects.create(subject=subject, kind="health", value="khuyết tật")
    given = consent.record_consent(
        evidence_kind="in_person",
        evidence_note="Đồng ý trực tiếp.",
        actor=world.user("xa.doan"),
        subject=subject,
        purpose=Consent.Purpose.SENSITIVE_ITEM,
        sensitive_item=item,
        given_by="subject",
        given_on=TODAY,
    )
    before = (pub.share_id, pub.name_display, pub.show_photos, pub.place_display)

    assert consent.withdraw_consent(actor=world.user("xa.doan"), consent=given) == []

    pub.refresh_from_db()
    assert pub.is_live
    assert (pub.share_id, pub.name_display, pub.show_photos, pub.place_display) == before
