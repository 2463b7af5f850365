"""Public pages show the publication's generalised copy and nothing else of the record:
no contact data, sensitive data, internal notes, reporter or reporting organisation."""

from __future__ import annotations

from django.test import Client

from lantoa.exemplars.models import Record, SensitiveItem
from tests.personas import World
from tests.portal.helpers import (
    ADDRESS,
    EMAIL,
    EXACT_PLACE,
    FULL_NAME,
    INTERNAL_NOTE,
    PHONE,
    publish,
    replicate,
)


def _every_public_page(client: Client, pub_pk: int) -> dict[str, str]:
    urls = [
        "/",
        "/guong-sang/",
        "/guong-sang/?province=68&commune=23059",
        f"/guong-sang/{pub_pk}/",
        "/dia-phuong/68/",
        "/dia-phuong/23059/",
        "/tim-kiem/?q=nguoi",
        "/guong-sang/rss/",
        "/guong-sang/atom/",
        "/sitemap.xml",
        "/sitemap-stories.xml",
        "/sitemap-places.xml",
        "/robots.txt",
    ]
    pages = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        pages[url] = response.content.decode()
    return pages


def test_no_contact_data_reporter_or_note_reaches_a_public_page(
    world: World, client: Client
) -> None:
    pub = publish(world, name_display="initials", place_display="commune", featured=True)
    record = Record.objects.select_related("subject", "reporter").get(pk=pub.record_id)
    assert record.subject is not None and record.reporter is not None
    SensitiveItem.objects.create(subject=record.subject, kind="religion", value="Phật giáo Hòa Hảo")
    replicate(world, pub, world.youth_b)
    secrets = [
        PHONE,
        EMAIL,
        ADDRESS,
        FULL_NAME,  # published as initials
        EXACT_PLACE,  # published at commune level
        INTERNAL_NOTE,
        "Phật giáo Hòa Hảo",
        record.reporter.full_name,
        record.reporter.username,
        record.reporter.email,
        record.org_name,  # "Đoàn TNCS Hồ Chí Minh xã Hàm Thuận"
        world.youth_b.name,  # the unit that learned from it is counted, not named
        "1995",  # birth year
    ]
    for url, html in _every_public_page(client, pub.pk).items():
        for secret in secrets:
            assert secret not in html, (url, secret)
    for query in (PHONE, EMAIL, "Sông Quao", "Nguyễn Văn Ân"):
        found = client.get("/tim-kiem/", {"q": query}).content.decode()
        assert 'class="story-link"' not in found, query  # the query is echoed, nothing found
    story = client.get(f"/guong-sang/{pub.pk}/").content.decode()
    assert "N.V.Â." in story and "Xã Hàm Thuận, Lâm Đồng" in story


def test_a_hidden_name_is_not_shown_at_all(world: World, client: Client) -> None:
    pub = publish(world, name_display="hidden")
    html = client.get(f"/guong-sang/{pub.pk}/").content.decode()
    assert "N.V.Â." not in html and FULL_NAME not in html


def test_the_full_name_and_exact_place_show_only_with_their_consents(
    world: World, client: Client
) -> None:
    pub = publish(world, name_display="full", place_display="exact")
    html = client.get(f"/guong-sang/{pub.pk}/").content.decode()
    assert FULL_NAME in html and EXACT_PLACE in html
    assert PHONE not in html and EMAIL not in html
