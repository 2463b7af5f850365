"""A story's HTML is sanitised when it is saved: scripts and event handlers never run."""

from __future__ import annotations

from django.test import Client

from tests.personas import World
from tests.portal.helpers import publish

HOSTILE = (
    '<p>Câu chuyện <img src="x" onerror="alert(1)"> và'
    '<script>alert("xss")</script><a href="javascript:alert(2)" onclick="alert(3)">link</a>'
    '<iframe src="https://evil.example"></iframe><b style="color:red">đậm</b></p>'
)


def test_a_story_with_script_and_handlers_is_harmless(world: World, client: Client) -> None:
    pub = publish(world, story=HOSTILE)
    assert "<script" not in pub.story and "onerror" not in pub.story
    html = client.get(f"/guong-sang/{pub.pk}/").content.decode().lower()
    for bad in ("<script", "onerror", "onclick", "javascript:", "<iframe", "style="):
        assert bad not in html, bad
    assert "<b>đậm</b>" in html


def test_markup_in_the_title_and_summary_is_shown_as_text(world: World, client: Client) -> None:
    pub = publish(
        world,
        title='Cứu người <script>alert("t")</script>',
        summary='Tóm tắt <img src=x onerror="alert(1)">',
    )
    for url in ("/", "/guong-sang/", f"/guong-sang/{pub.pk}/", "/tim-kiem/?q=cuu"):
        html = client.get(url).content.decode()
        assert "<script" not in html and "<img src=x" not in html, url
        assert "&lt;script&gt;" in html, url
