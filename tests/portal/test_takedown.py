"""A story taken down, or whose consent was withdrawn, disappears from every public URL at
once: story page, photos, list, place pages, search, feeds and sitemap, cached or not."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from lantoa.exemplars.models import Evidence, Publication
from tests.personas import World
from tests.portal.helpers import publish, unpublish, withdraw

TITLE = "Cứu người đuối nước trên hồ Sông Quao"
TAKE_DOWN: dict[str, Callable[[World, Publication], None]] = {
    "unpublished": unpublish,
    "consent withdrawn": withdraw,
}


def _public_urls(pub: Publication) -> list[str]:
    return [
        "/",
        "/guong-sang/",
        "/guong-sang/?province=68",
        "/dia-phuong/68/",
        "/dia-phuong/23059/",
        "/tim-kiem/?q=cuu+nguoi+duoi+nuoc",
        "/guong-sang/rss/",
        "/guong-sang/atom/",
        "/sitemap-stories.xml",
    ]


@pytest.mark.parametrize("how", TAKE_DOWN)
def test_a_story_taken_down_is_gone_everywhere_at_once(
    world: World, client: Client, how: str
) -> None:
    pub = publish(world, title=TITLE, photos=1, show_photos=True, featured=True)
    kept = publish(world, title="Nhặt được ví trả người đánh rơi")
    photo = Evidence.objects.get(record_id=pub.record_id)
    story_urls = [
        f"/guong-sang/{pub.pk}/",
        f"/guong-sang/{pub.pk}-cuu-nguoi-duoi-nuoc-tren-ho-song-quao/",
        f"/guong-sang/{pub.pk}-sai/",
        f"/guong-sang/{pub.pk}/anh/{photo.pk}-320.jpg",
    ]
    # Every page seen once while live, so that the cached copies exist.
    for url in _public_urls(pub):
        html = client.get(url).content.decode()
        assert TITLE in html or f"/guong-sang/{pub.pk}-" in html, url
    for url in story_urls:
        assert client.get(url).status_code in (200, 301), url

    TAKE_DOWN[how](world, pub)

    # The story's addresses answer 410 Gone (issue 11), its photo 404.
    for url in story_urls:
        assert client.get(url).status_code == (404 if "/anh/" in url else 410), url
    for url in _public_urls(pub):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert TITLE not in html and f"/guong-sang/{pub.pk}" not in html, url
    assert kept.title in client.get("/guong-sang/").content.decode()


def test_a_story_never_published_has_no_page(world: World, client: Client) -> None:
    assert client.get("/guong-sang/1/").status_code == 404
    assert client.get("/guong-sang/1/anh/1-320.jpg").status_code == 404


def test_a_story_republished_without_photos_stops_showing_them(
    world: World, client: Client
) -> None:
    from lantoa.exemplars import publishing
    from lantoa.exemplars.models import Record

    pub = publish(world, photos=1, show_photos=True)
    photo = Evidence.objects.get(record_id=pub.record_id)
    assert "/anh/" in client.get(f"/guong-sang/{pub.pk}/").content.decode()
    publishing.publish_record(
        actor=world.user("xa.mttq"),
        record=Record.objects.get(pk=pub.record_id),
        name_display="initials",
        show_photos=False,
        place_display="commune",
        title=pub.title,
        summary=pub.summary,
        story=pub.story,
    )
    assert "/anh/" not in client.get(f"/guong-sang/{pub.pk}/").content.decode()
    assert client.get(f"/guong-sang/{pub.pk}/anh/{photo.pk}-320.jpg").status_code == 404
