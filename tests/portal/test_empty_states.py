"""The public column, empty or filtered to nothing, says why and what a citizen can do."""

from __future__ import annotations

from django.test import Client

from tests.personas import World
from tests.portal.helpers import publish

NOTHING_YET = "Chưa có câu chuyện nào được đăng."
WHY = "khi một tổ chức đã xác minh việc tốt và người trong cuộc đồng ý cho đăng"


def test_an_empty_portal_home_explains_and_invites_a_nomination(db: None, client: Client) -> None:
    html = client.get("/").content.decode()
    assert NOTHING_YET in html and WHY in html
    empty = html.split('data-testid="empty-state"')[1]
    assert 'href="/bao-tin/">Báo tin gương tốt' in empty


def test_an_empty_story_list_says_nothing_is_published_yet(db: None, client: Client) -> None:
    html = client.get("/guong-sang/").content.decode()
    assert NOTHING_YET in html and WHY in html


def test_a_story_list_filtered_to_nothing_says_to_remove_a_filter(
    world: World, client: Client
) -> None:
    publish(world)
    html = client.get("/guong-sang/", {"kind": "idea"}).content.decode()
    assert "Không có câu chuyện nào phù hợp với bộ lọc này." in html
    assert "Hãy bỏ bớt một bộ lọc" in html
    assert NOTHING_YET not in html
    assert 'href="/guong-sang/">Xoá bộ lọc' in html.split('data-testid="empty-state"')[1]
