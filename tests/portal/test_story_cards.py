"""Story cards are rendered once per process for what they show (`views.common.card_html`):
a card drawn again is the same HTML as the card template gives, and anything it shows that
changes (the count of units that followed, the language, the heading) draws it anew."""

from __future__ import annotations

from django.core.cache import cache
from django.template.loader import render_to_string
from django.test import Client
from django.utils import translation

from lantoa.exemplars.stories import public as public_stories
from lantoa.portal.views.common import CARD_TEMPLATE, with_links
from tests.personas import World
from tests.portal.helpers import publish, replicate


def test_a_remembered_card_is_the_card_the_template_renders(world: World) -> None:
    story = publish(world, title="Hiến máu tình nguyện 20 lần")
    for _ in range(2):
        (card,) = with_links(public_stories.story_cards([story]), heading="h2")
        expected = render_to_string(CARD_TEMPLATE, {"card": card, "heading": "h2"})
        assert card["html"] == expected
        assert '<h2 class="card-title"><a class="story-link" href="/guong-sang/' in card["html"]


def test_a_card_is_drawn_again_when_what_it_shows_changes(world: World, client: Client) -> None:
    story = publish(world, title="Hiến máu tình nguyện 20 lần")
    followed = translation.ngettext(
        "%(n)s unit learned from it and followed", "%(n)s units learned from it and followed", 2
    ) % {"n": 2}
    assert followed not in client.get("/guong-sang/").content.decode()
    replicate(world, story, world.youth_a, world.youth_b)
    cache.clear()  # the page itself may be stored for a minute; its card is not the issue
    assert followed in client.get("/guong-sang/").content.decode()
    (h3,) = with_links(public_stories.story_cards([story]))
    (h2,) = with_links(public_stories.story_cards([story]), heading="h2")
    assert "<h3 " in h3["html"] and "<h2 " in h2["html"]
    with translation.override("en"):
        (english,) = with_links(public_stories.story_cards([story]))
    assert "2 units learned from it and followed" in english["html"]
