"""The publishing service checks the public text itself: no surface can skip it."""

from __future__ import annotations

import pytest

from lantoa.audit.models import AuditEvent
from lantoa.core.errors import DomainError
from lantoa.exemplars import publishing
from lantoa.exemplars.models import Publication, RecordShare
from lantoa.exemplars.stories.public import search_live_stories
from tests.exemplars.helpers import PUBLIC_TEXT
from tests.personas import World
from tests.portal.helpers import publish

LEAKY = "Anh cứu bà Phạm Thị Lan ở thôn Phú Lập."


def _again(world: World, pub: Publication, **text: str) -> Publication:
    return publishing.publish_record(
        actor=world.user("xa.mttq"),
        record=pub.record,
        name_display="initials",
        show_photos=False,
        place_display="commune",
        **(PUBLIC_TEXT | text),
    )


def test_a_hamlet_and_another_persons_name_hold_the_publication(world: World) -> None:
    with pytest.raises(publishing.PublicTextHits) as refused:
        publish(world, summary=LEAKY)
    kinds = {(h["kind"], h["text"]) for h in refused.value.details}
    assert kinds == {("person", "Phạm Thị Lan"), ("place", "thôn Phú Lập")}
    # Nothing half-done: no publication, no share.
    assert not Publication.objects.exists() and not RecordShare.objects.exists()


def test_the_internal_text_is_never_used_when_the_public_one_is_empty(world: World) -> None:
    pub = publish(world)
    for text in ({"title": " "}, {"summary": ""}):
        with pytest.raises(DomainError) as refused:
            _again(world, pub, **text)
        assert refused.value.code == "public_text_required"


def test_a_false_match_needs_a_reason_and_is_kept_and_audited(world: World) -> None:
    pub = publish(world)
    text = "Học tập và làm theo tấm gương đạo đức Bác Hồ."
    with pytest.raises(publishing.PublicTextHits):
        _again(world, pub, story=f"<p>{text}</p>", false_matches={"person:ho": " "})
    pub = _again(
        world, pub, story=f"<p>{text}</p>", false_matches={"person:ho": "Bác Hồ là Chủ tịch"}
    )
    assert pub.false_matches == {"person:ho": "Bác Hồ là Chủ tịch"}
    event = AuditEvent.objects.filter(action="exemplars.record.published").latest("id")
    assert event.changes["false_matches"] == [None, {"person:ho": "Bác Hồ là Chủ tịch"}]


def test_an_edited_text_publishes_and_search_finds_neither_name_nor_hamlet(world: World) -> None:
    pub = publish(world, summary="Anh cứu một cụ bà ở địa phương.")
    assert pub.is_live
    assert not search_live_stories("Phạm Thị Lan").stories
    assert not search_live_stories("Phú Lập").stories
