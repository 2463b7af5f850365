"""Story cards are drawn once per process for what they show (`views.common.card_html`):
a card drawn again is the same HTML, escaped and dated as the card template it replaced
gave it (decision 190), and anything it shows that changes (the count of units that
followed, the language, the heading) draws it anew."""

from __future__ import annotations

import datetime

from django.core.cache import cache
from django.test import Client
from django.utils import translation

from lantoa.exemplars.models import Publication
from lantoa.exemplars.stories import public as public_stories
from lantoa.portal.views.common import Photo, draw_card, with_links
from tests.personas import World
from tests.portal.helpers import publish, replicate

# What the card template gave for the card below (`portal/includes/story_card.html`, as it
# stood before decision 190), byte for byte.
TEMPLATE_CARD = (
    '\n<article class="card card-with-photo">\n  \n'
    '  <img class="card-photo" src="/p/1/320" srcset="/p/1/320 320w, /p/1/640 640w" '
    'sizes="6rem" width="320" height="240" loading="lazy" decoding="async" alt="">\n  \n'
    '  <div class="card-body">\n'
    '    <h2 class="card-title"><a class="story-link" href="/guong-sang/7-a/">'
    "Cứu người &lt;b&gt; &amp; &quot;bạn&quot;</a></h2>\n"
    '    <p class="card-meta">\n'
    "      <span>Anh A&amp;B</span>\n"
    "      <span>Xã Hàm Đức</span>\n"
    '      <time datetime="2026-01-01T06:30:00+07:00">01/01/2026</time>\n'
    "    </p>\n"
    '    <p class="card-summary">{summary}</p>\n'
    '    <p class="spread">2 units learned from it and followed</p>\n'
    "  </div>\n</article>\n"
)
TEMPLATE_PLAIN_CARD = (
    '\n<article class="card">\n  \n  <div class="card-body">\n'
    '    <h3 class="card-title"><a class="story-link" href="/guong-sang/7/">T</a></h3>\n'
    '    <p class="card-meta">\n      \n      \n'
    '      <time datetime="2025-12-31T23:59:00+07:00">31/12/2025</time>\n'
    "    </p>\n"
    '    <p class="card-summary">x &lt; y</p>\n    \n'
    "  </div>\n</article>\n"
)


def test_a_card_is_escaped_dated_and_cut_as_the_template_did() -> None:
    words = " ".join(f"w{n}" for n in range(40))
    story = Publication(
        pk=7,
        title='Cứu người <b> & "bạn"',
        display_name="Anh A&B",
        display_place="Xã Hàm Đức",
        summary=words,
        published_at=datetime.datetime(2025, 12, 31, 23, 30, tzinfo=datetime.UTC),
    )
    cover = Photo(src="/p/1/320", srcset="/p/1/320 320w, /p/1/640 640w", width=320, height=240)
    card = {"story": story, "spread": 2, "url": "/guong-sang/7-a/", "cover": cover}
    with translation.override("en"):
        html = draw_card(card, "h2")
    cut = " ".join(f"w{n}" for n in range(32)) + " …"
    assert html == TEMPLATE_CARD.format(summary=cut)
    plain = Publication(
        pk=7,
        title="T",
        summary="x < y",
        published_at=datetime.datetime(2025, 12, 31, 16, 59, tzinfo=datetime.UTC),
    )
    card = {"story": plain, "spread": 0, "url": "/guong-sang/7/", "cover": None}
    assert draw_card(card, "h3") == TEMPLATE_PLAIN_CARD


def test_a_remembered_card_is_the_card_drawn_first(world: World) -> None:
    story = publish(world, title="Hiến máu tình nguyện 20 lần")
    (first,) = with_links(public_stories.story_cards([story]), heading="h2")
    (again,) = with_links(public_stories.story_cards([story]), heading="h2")
    assert again["html"] is first["html"]
    assert first["html"] == draw_card(first, "h2")
    assert '<h2 class="card-title"><a class="story-link" href="/guong-sang/' in first["html"]


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
