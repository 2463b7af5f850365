"""Search: with or without diacritics, only live stories, help when nothing is found."""

from __future__ import annotations

import re

from django.test import Client
from django.utils import timezone

from lantoa.exemplars.models import Publication
from tests.personas import World
from tests.portal.helpers import publish


def test_search_finds_a_story_typed_without_diacritics(world: World, client: Client) -> None:
    pub = publish(world, title="Cứu người đuối nước trên hồ")
    publish(world, title="Nhặt được ví trả người đánh rơi", summary="Em học sinh trả lại ví.")
    html = client.get("/tim-kiem/", {"q": "cuu nguoi duoi nuoc"}).content.decode()
    assert f'href="/guong-sang/{pub.pk}-cuu-nguoi-duoi-nuoc-tren-ho/"' in html
    assert "Nhặt được ví" not in html
    assert 'value="cuu nguoi duoi nuoc"' in html
    assert '<meta name="robots" content="noindex">' in html
    with_marks = client.get("/tim-kiem/", {"q": "Cứu Người"}).content.decode()
    assert pub.title in with_marks


def test_no_result_suggests_typing_without_diacritics(world: World, client: Client) -> None:
    publish(world)
    html = client.get("/tim-kiem/", {"q": "xyzzy"}).content.decode()
    assert 'id="no-result"' in html and "nguyen van an" in html
    assert 'class="story-link"' not in html


def test_an_empty_search_shows_the_form_only(db: None, client: Client) -> None:
    html = client.get("/tim-kiem/").content.decode()
    assert '<label for="q">' in html and 'id="no-result"' not in html
    assert 'id="site-q"' not in html  # one search form per page


def test_search_results_are_paginated(world: World, client: Client) -> None:
    for i in range(21):
        publish(world, title=f"Hiến máu lần {i}")
    first = client.get("/tim-kiem/", {"q": "hien mau"}).content.decode()
    assert first.count('class="story-link"') == 20
    assert 'rel="next" href="?q=hien+mau&amp;page=2"' in first
    second = client.get("/tim-kiem/", {"q": "hien mau", "page": "2"}).content.decode()
    assert second.count('class="story-link"') == 1


def test_results_are_ranked_title_first(world: World, client: Client) -> None:
    in_title = publish(world, title="Cứu người đuối nước", summary="Chuyện ở hồ Sông Quao.")
    publish(world, title="Tấm lòng nhân hậu", summary="Chị cũng từng cứu người đuối nước.")
    html = client.get("/tim-kiem/", {"q": "cuu nguoi duoi nuoc"}).content.decode()
    links = re.findall(r'class="story-link" href="/guong-sang/(\d+)-', html)
    assert len(links) == 2 and links[0] == str(in_title.pk)


def test_a_story_taken_down_is_not_found_even_if_the_index_lags(
    world: World, client: Client
) -> None:
    pub = publish(world, title="Cứu người đuối nước")
    Publication.objects.filter(pk=pub.pk).update(unpublished_at=timezone.now())  # no re-index
    html = client.get("/tim-kiem/", {"q": "cuu nguoi"}).content.decode()
    assert pub.title not in html
