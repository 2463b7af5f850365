"""RSS and Atom feeds: well-formed XML, the latest live stories, the list's filters."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from django.test import Client

from tests.personas import World
from tests.portal.helpers import publish

ATOM = "{http://www.w3.org/2005/Atom}"


def test_the_rss_feed_parses_and_lists_live_stories(world: World, client: Client) -> None:
    pub = publish(world, title="Cứu người đuối nước", summary="Anh <b>cứu</b> hai em & về nhà.")
    response = client.get("/guong-sang/rss/")
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)
    items = root.findall("./channel/item")
    assert [i.findtext("title") for i in items] == ["Cứu người đuối nước"]
    link = items[0].findtext("link")
    assert link == f"http://testserver/guong-sang/{pub.pk}-cuu-nguoi-duoi-nuoc/"
    # The summary is plain text: escaped once more, so readers show it as text.
    assert items[0].findtext("description") == "Anh &lt;b&gt;cứu&lt;/b&gt; hai em &amp; về nhà."
    assert items[0].findtext("author") is None


def test_the_atom_feed_parses_and_lists_live_stories(world: World, client: Client) -> None:
    publish(world, title="Cứu người đuối nước")
    response = client.get("/guong-sang/atom/")
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    entries = root.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["Cứu người đuối nước"]
    assert entries[0].find(f"{ATOM}updated") is not None


def test_feeds_honour_the_list_filters(world: World, client: Client) -> None:
    publish(world, title="Ở Hàm Thuận", kind="good_deed")
    publish(world, title="Ở Phan Thiết", kind="good_practice", admin_unit=world.unit_b)
    for url, path in (
        ("/guong-sang/rss/", "./channel/item/title"),
        ("/guong-sang/atom/", f"{ATOM}entry/{ATOM}title"),
    ):

        def titles(query: str, url: str = url, path: str = path) -> list[str]:
            root = ET.fromstring(client.get(f"{url}?{query}").content)
            return [t.text or "" for t in root.findall(path)]

        assert titles("commune=22945") == ["Ở Phan Thiết"], url
        assert titles("kind=good_deed") == ["Ở Hàm Thuận"], url
        assert sorted(titles("province=68")) == ["Ở Hàm Thuận", "Ở Phan Thiết"], url
        assert titles("year=1999") == [], url
