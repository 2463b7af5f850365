"""Home, list, place and story pages: a fixed number of queries however many stories."""

from __future__ import annotations

from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.personas import World
from tests.portal.helpers import publish, replicate


def _queries(client: Client, url: str) -> int:
    cache.clear()  # count the page being built, not the cached copy
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_home_list_and_place_pages_do_not_grow_with_the_stories(
    world: World, client: Client
) -> None:
    urls = ["/", "/guong-sang/", "/guong-sang/?province=68&kind=good_deed", "/dia-phuong/68/"]
    first = publish(world, featured=True, photos=1, show_photos=True)
    replicate(world, first, world.youth_a)
    publish(world, title="Chuyện không nổi bật")
    few = {url: _queries(client, url) for url in urls}
    for i in range(6):
        pub = publish(world, title=f"Việc tốt {i}", featured=i < 3, photos=1, show_photos=True)
        replicate(world, pub, world.youth_a, world.youth_b)
    many = {url: _queries(client, url) for url in urls}
    assert many == few
    assert few["/"] <= 5, few


def test_a_cached_page_costs_one_query(world: World, client: Client) -> None:
    pub = publish(world, featured=True)
    for url in ("/", "/guong-sang/", f"/guong-sang/{pub.pk}/", "/dia-phuong/68/"):
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        assert len(ctx.captured_queries) == 1, (url, [q["sql"] for q in ctx.captured_queries])


def test_a_search_page_reads_its_cards_in_fixed_queries(world: World, client: Client) -> None:
    # The cards read only the fields they show (`CARD_FIELDS`): a field read past them
    # would cost a query per card.
    url = "/tim-kiem/?q=viec+tot"
    first = publish(world, title="Việc tốt đầu tiên")
    replicate(world, first, world.youth_a)
    _queries(client, url)  # the index applies the new story
    few = _queries(client, url)
    for i in range(6):
        pub = publish(world, title=f"Việc tốt {i}")
        replicate(world, pub, world.youth_a, world.youth_b)
    _queries(client, url)  # the index applies the new stories
    assert _queries(client, url) == few
    page = client.get(url).content.decode()
    assert page.count('class="card-title"') == 7
    assert page.count(">2 đơn vị") == 6 and page.count(">1 đơn vị") == 1
