"""Publishing shows only what the consents cover; withdrawal takes the story down at once."""

from __future__ import annotations

import datetime

import pytest

from lantoa.core.errors import NotFound
from lantoa.exemplars import consent, publishing
from lantoa.exemplars.models import Publication
from lantoa.exemplars.stories.live import live_publications
from tests.exemplars.helpers import PUBLIC_TEXT, report, step
from tests.personas import World

TODAY = datetime.date(2026, 1, 10)


def _verified(world: World):
    record = report(world, place="Hồ Sông Quao", admin_unit=world.unit_a)
    step(world, record, "xa.mttq", "verify")
    record.refresh_from_db()
    return record


def _consent(world: World, record, *purposes: str):
    return [
        consent.record_consent(
            evidence_kind="in_person",
            evidence_note="Đồng ý trực tiếp.",
            actor=world.user("xa.doan"),
            subject=record.subject,
            purpose=p,
            given_by="subject",
            given_on=TODAY,
        )
        for p in purposes
    ]


def test_initials_and_generalised_place_need_only_the_story_consent(world: World) -> None:
    record = _verified(world)
    _consent(world, record, "publish_story")
    pub = publishing.publish_record(
        actor=world.user("xa.mttq"),
        record=record,
        **PUBLIC_TEXT,
        name_display="initials",
        show_photos=False,
        place_display="commune",
    )
    assert pub.display_name == "N.V.Â."
    assert pub.display_place == "Xã Hàm Thuận, Lâm Đồng"
    assert "Nguyễn" not in pub.search_text and "nguyen" not in pub.search_text


def test_the_full_name_needs_its_own_consent(world: World) -> None:
    record = _verified(world)
    _consent(world, record, "publish_story")
    with pytest.raises(consent.ConsentMissing):
        publishing.publish_record(
            actor=world.user("xa.mttq"),
            record=record,
            **PUBLIC_TEXT,
            name_display="full",
            show_photos=False,
            place_display="province",
        )
    assert not Publication.objects.exists()


def test_withdrawal_unpublishes_at_once(world: World) -> None:
    record = _verified(world)
    story, _name = _consent(world, record, "publish_story", "show_full_name")
    pub = publishing.publish_record(
        actor=world.user("xa.mttq"),
        record=record,
        **PUBLIC_TEXT,
        name_display="full",
        show_photos=False,
        place_display="province",
    )
    assert list(live_publications()) == [pub]
    consent.withdraw_consent(actor=world.user("xa.doan"), consent=story)
    pub.refresh_from_db()
    assert pub.unpublished_at is not None
    assert pub.unpublished_reason == "consent_withdrawn"
    assert list(live_publications()) == []


def test_a_reporter_cannot_publish(world: World) -> None:
    record = _verified(world)
    _consent(world, record, "publish_story")
    with pytest.raises(NotFound):
        publishing.publish_record(
            actor=world.user("xa.doan"),
            record=record,
            **PUBLIC_TEXT,
            name_display="hidden",
            show_photos=False,
            place_display="province",
        )


def test_unpublish_takes_it_down_and_revokes_the_share(world: World) -> None:
    record = _verified(world)
    _consent(world, record, "publish_story")
    pub = publishing.publish_record(
        actor=world.user("tinh.mttq"),
        record=record,
        **PUBLIC_TEXT,
        name_display="hidden",
        show_photos=False,
        place_display="province",
    )
    publishing.unpublish_record(actor=world.user("tinh.mttq"), record=record, reason="Sai sót")
    pub.refresh_from_db()
    assert not pub.is_live
    assert not pub.share.is_active
