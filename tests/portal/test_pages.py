"""Each public page answers with the live stories, and shows what a citizen needs."""

from __future__ import annotations

import re

from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from lantoa.exemplars.models import Evidence
from tests.personas import World
from tests.portal.helpers import honour, publish, replicate


def _spread(n: int) -> str:
    """The spread line as the page shows it (Vietnamese, whether or not it is compiled)."""
    with translation.override("vi"):
        return translation.ngettext(
            "%(n)s unit learned from it and followed",
            "%(n)s units learned from it and followed",
            n,
        ) % {"n": n}


def test_the_home_page_shows_featured_and_latest_stories(world: World, client: Client) -> None:
    star = publish(world, title="Nhặt được ví trả người đánh rơi", featured=True)
    latest = publish(world, title="Hiến máu cứu người lần thứ 40")
    replicate(world, latest, world.youth_a, world.youth_b)
    html = client.get("/").content.decode()
    assert html.count("<h1") == 1
    assert star.title in html and latest.title in html
    assert html.index(star.title) < html.index("latest-title")  # in the featured section
    assert "N.V.Â." in html and "Xã Hàm Thuận, Lâm Đồng" in html
    assert _spread(2) in html
    assert 'href="/guong-sang/"' in html and 'action="/tim-kiem/"' in html
    assert 'type="application/rss+xml"' in html and 'type="application/atom+xml"' in html


def test_the_home_page_links_to_the_nomination_form_once_it_exists(
    world: World, client: Client
) -> None:
    html = client.get("/").content.decode()
    try:
        url = reverse("portal:nominate")
    except NoReverseMatch:  # the nominations work is not merged yet
        assert "button-primary" not in html
    else:
        assert f'class="button button-primary" href="{url}"' in html


def test_the_home_page_says_so_when_nothing_is_published(db: None, client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 200
    with translation.override("vi"):
        nothing = translation.gettext("No story has been published yet.")
    assert nothing in response.content.decode()


def test_the_list_paginates_by_twenty(world: World, client: Client) -> None:
    for i in range(21):
        publish(world, title=f"Việc tốt số {i:02d}")
    first = client.get("/guong-sang/").content.decode()
    assert first.count('class="story-link"') == 20
    assert "Việc tốt số 20" in first and "Việc tốt số 00" not in first
    assert 'rel="next" href="?page=2"' in first
    second = client.get("/guong-sang/?page=2").content.decode()
    assert second.count('class="story-link"') == 1 and "Việc tốt số 00" in second
    assert client.get("/guong-sang/?page=999").status_code == 200  # the last page


def test_the_list_has_open_graph_tags_and_feeds_for_its_filter(
    world: World, client: Client
) -> None:
    publish(world)
    html = client.get("/guong-sang/?kind=good_deed&province=68").content.decode()
    assert (
        '<meta property="og:title"' in html
        and '<meta property="og:type" content="website">' in html
    )
    assert 'href="/guong-sang/rss/?kind=good_deed&amp;province=68"' in html
    assert 'href="/guong-sang/atom/?kind=good_deed&amp;province=68"' in html


def test_the_story_page_shows_the_story_its_honours_and_its_spread(
    world: World, client: Client
) -> None:
    pub = publish(world, story="<p>Anh bơi <strong>ba mươi mét</strong> trong nước lạnh.</p>")
    replicate(world, pub, world.youth_a, world.youth_b)
    replicate(world, pub, world.youth_a)  # the same unit twice counts once
    honour(world, pub, "Bằng khen của Ủy ban nhân dân tỉnh")
    response = client.get(f"/guong-sang/{pub.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert "<strong>ba mươi mét</strong>" in html
    assert _spread(2) in html
    assert "Bằng khen của Ủy ban nhân dân tỉnh" in html
    assert 'href="/dia-phuong/23059/"' in html and 'href="/dia-phuong/68/"' in html
    assert '<meta property="og:type" content="article">' in html
    assert f'<meta property="og:url" content="http://testserver/guong-sang/{pub.pk}-' in html
    assert 'property="og:image"' not in html  # no photo shown


def test_the_story_answers_at_its_slug_and_corrects_a_wrong_one(
    world: World, client: Client
) -> None:
    pub = publish(world, title="Cứu người đuối nước trên hồ")
    canonical = f"/guong-sang/{pub.pk}-cuu-nguoi-duoi-nuoc-tren-ho/"
    assert client.get(canonical).status_code == 200
    wrong = client.get(f"/guong-sang/{pub.pk}-tieu-de-cu/")
    assert wrong.status_code == 301 and wrong["Location"] == canonical


def test_photos_show_only_when_the_story_may_show_them(world: World, client: Client) -> None:
    hidden = publish(world, photos=1, show_photos=False)
    html = client.get(f"/guong-sang/{hidden.pk}/").content.decode()
    assert "/anh/" not in html
    photo = Evidence.objects.get(record_id=hidden.record_id)
    assert client.get(f"/guong-sang/{hidden.pk}/anh/{photo.pk}-640.jpg").status_code == 404

    shown = publish(world, photos=2, show_photos=True)
    html = client.get(f"/guong-sang/{shown.pk}/").content.decode()
    urls = re.findall(r'src="(/guong-sang/\d+/anh/\d+-\d+\.jpg)"', html)
    assert len(urls) == 2
    assert 'property="og:image"' in html and 'loading="lazy"' in html
    assert 'srcset="' in html and 'width="320" height="240"' in html
    response = client.get(urls[0])
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"


def test_the_smallest_adequate_copy_of_a_photo_is_served(world: World, client: Client) -> None:
    pub = publish(world, photos=1, show_photos=True)  # 1000 px wide: variants 320 and 640
    photo = Evidence.objects.get(record_id=pub.record_id)
    sizes = {}
    for width in (320, 640, 1280):
        response = client.get(f"/guong-sang/{pub.pk}/anh/{photo.pk}-{width}.jpg")
        sizes[width] = len(b"".join(response.streaming_content))
    assert sizes[320] < sizes[640] < sizes[1280]
    assert client.get(f"/guong-sang/{pub.pk}/anh/{photo.pk}-2560.jpg").status_code == 404


def test_a_photo_is_served_only_with_its_own_story(world: World, client: Client) -> None:
    mine = publish(world, photos=1, show_photos=True)
    other = publish(world, photos=1, show_photos=True)
    other_photo = Evidence.objects.get(record_id=other.record_id)
    assert client.get(f"/guong-sang/{mine.pk}/anh/{other_photo.pk}-320.jpg").status_code == 404
    assert client.get(f"/guong-sang/{other.pk}/anh/{other_photo.pk}-320.jpg").status_code == 200


def test_a_photo_is_revalidated_with_its_etag(world: World, client: Client) -> None:
    pub = publish(world, photos=1, show_photos=True)
    photo = Evidence.objects.get(record_id=pub.record_id)
    url = f"/guong-sang/{pub.pk}/anh/{photo.pk}-320.jpg"
    first = client.get(url)
    assert "no-cache" in first["Cache-Control"]
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


def test_a_place_page_lists_its_stories_and_its_communes(world: World, client: Client) -> None:
    in_a = publish(world, title="Chuyện ở Hàm Thuận")
    in_b = publish(world, title="Chuyện ở Phan Thiết", admin_unit=world.unit_b)
    province = client.get("/dia-phuong/68/").content.decode()
    assert in_a.title in province and in_b.title in province
    assert 'href="/dia-phuong/23059/"' in province and 'href="/dia-phuong/22945/"' in province
    commune = client.get("/dia-phuong/23059/").content.decode()
    assert in_a.title in commune and in_b.title not in commune
    assert 'href="/dia-phuong/68/"' in commune
    assert 'href="/guong-sang/rss/?commune=23059"' in commune
    assert client.get("/dia-phuong/99999/").status_code == 404


def test_a_story_published_province_only_is_never_placed_in_its_commune(
    world: World, client: Client
) -> None:
    pub = publish(world, title="Chuyện chỉ nêu tỉnh", place_display="province")
    assert pub.display_place == "Lâm Đồng"
    assert pub.title in client.get("/dia-phuong/68/").content.decode()
    assert pub.title not in client.get("/dia-phuong/23059/").content.decode()
    assert pub.title not in client.get("/guong-sang/?commune=23059").content.decode()
    html = client.get(f"/guong-sang/{pub.pk}/").content.decode()
    assert "/dia-phuong/23059/" not in html and "Hàm Thuận" not in html
    assert "/dia-phuong/23059/" not in client.get("/sitemap-places.xml").content.decode()


def test_every_public_page_has_one_h1_a_skip_link_and_landmarks(
    world: World, client: Client
) -> None:
    pub = publish(world)
    for url in (
        "/",
        "/guong-sang/",
        f"/guong-sang/{pub.pk}/",
        "/dia-phuong/68/",
        "/tim-kiem/?q=cuu",
        "/tim-kiem/",
    ):
        html = client.get(url).content.decode()
        assert html.count("<h1") == 1, url
        assert 'href="#main"' in html and '<main id="main"' in html, url
        assert "<header" in html and "<nav" in html and "<footer" in html, url
        assert "<script" not in html, url
        stylesheets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
        # The identity shared with the staff app, then the portal's own rules; no Bootstrap.
        assert stylesheets == ["/static/lantoa/identity.css", "/static/lantoa/portal.css"], url
