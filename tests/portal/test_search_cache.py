"""Search result pages are cached like the lists: a hit is one query, and a story taken
down or withdrawn leaves a cached result page at once."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.personas import World
from tests.portal.helpers import publish, unpublish, withdraw


def test_a_repeated_search_is_served_from_the_cache_after_one_check(
    world: World, client: Client
) -> None:
    publish(world, title="Hiến máu tình nguyện 20 lần")
    first = client.get("/tim-kiem/", {"q": "hien mau"})
    assert first["Server-Timing"].startswith("search;dur=")
    with CaptureQueriesContext(connection) as ctx:
        again = client.get("/tim-kiem/", {"q": "hien mau"})
    assert again.content == first.content
    assert len(ctx.captured_queries) == 1  # the stories on the page are still live


@pytest.mark.parametrize(
    ("take_down", "title", "query"),
    [
        (unpublish, "Cứu người đuối nước", "cuu nguoi"),
        (withdraw, "Nhặt được ví trả lại người đánh rơi", "nhat duoc vi"),
    ],
)
def test_a_story_taken_down_leaves_a_cached_search_page_at_once(
    world: World, client: Client, take_down, title: str, query: str
) -> None:
    story = publish(world, title=title)
    assert title in client.get("/tim-kiem/", {"q": query}).content.decode()
    take_down(world, story)
    assert title not in client.get("/tim-kiem/", {"q": query}).content.decode()
