"""sitemap.xml lists the pages worth indexing; robots.txt points at it."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from django.test import Client

from tests.personas import World
from tests.portal.helpers import publish, unpublish

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def _locs(client: Client, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200
    return [loc.text or "" for loc in ET.fromstring(response.content).iter(f"{SM}loc")]


def test_the_sitemap_lists_home_list_live_stories_and_places(world: World, client: Client) -> None:
    live = publish(world, title="Cứu người đuối nước")
    gone = publish(world, title="Chuyện đã gỡ", admin_unit=world.unit_b)
    unpublish(world, gone)
    sections = _locs(client, "/sitemap.xml")
    assert sections == [
        "http://testserver/sitemap-pages.xml",
        "http://testserver/sitemap-stories.xml",
        "http://testserver/sitemap-places.xml",
    ]
    pages = _locs(client, "/sitemap-pages.xml")
    assert pages == ["http://testserver/", "http://testserver/guong-sang/"]
    stories = _locs(client, "/sitemap-stories.xml")
    assert stories == [f"http://testserver/guong-sang/{live.pk}-cuu-nguoi-duoi-nuoc/"]
    places = _locs(client, "/sitemap-places.xml")
    # Only places with live stories: commune B's only story was taken down.
    assert places == ["http://testserver/dia-phuong/23059/", "http://testserver/dia-phuong/68/"]


def test_robots_allows_all_but_the_private_areas(db: None, client: Client) -> None:
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert lines[:2] == ["User-agent: *", "Allow: /"]
    for prefix in ("/staff/", "/admin/", "/api/", "/accounts/"):
        assert f"Disallow: {prefix}" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
