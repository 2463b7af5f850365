"""The record page links to its story while the story is live; the story links back to the
record for an officer who may see that record, and for nobody else (the public page stays
cacheable for citizens: a request with a session is never stored nor served from the cache)."""

from __future__ import annotations

from django.test import Client

from lantoa.exemplars.models import Publication
from tests.personas import World
from tests.portal.helpers import publish, unpublish

ON_PORTAL = 'data-testid="live-story"'
BACK = 'data-testid="record-link"'


def story_page(client: Client, story: Publication) -> str:
    response = client.get(f"/guong-sang/{story.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_record_page_links_to_its_live_story(world: World, client: Client) -> None:
    story = publish(world, title="Trả lại ví cho người đánh rơi")
    for username in ("xa.doan", "xa.mttq"):
        client.force_login(world.user(username))
        html = client.get(f"/staff/records/{story.record_id}/").content.decode()
        assert ON_PORTAL in html, username
        assert f'<a href="/guong-sang/{story.pk}/">Xem câu chuyện đã đăng</a>' in html


def test_a_story_taken_down_is_no_longer_linked_from_the_record(
    world: World, client: Client
) -> None:
    story = publish(world)
    unpublish(world, story)
    client.force_login(world.user("xa.mttq"))
    html = client.get(f"/staff/records/{story.record_id}/").content.decode()
    assert ON_PORTAL not in html


def test_the_story_links_back_to_the_record_for_an_officer_who_may_see_it(
    world: World, client: Client
) -> None:
    story = publish(world)
    assert BACK not in story_page(client, story)  # a citizen first: the page gets cached
    client.force_login(world.user("xa.mttq"))
    html = story_page(client, story)
    assert BACK in html
    assert f'href="/staff/records/{story.record_id}/"' in html
    assert "Mở hồ sơ của câu chuyện này (chỉ dành cho cán bộ)" in html


def test_a_citizen_never_gets_the_officers_copy_of_the_story(world: World) -> None:
    story = publish(world)
    officer = Client()
    officer.force_login(world.user("xa.mttq"))
    assert BACK in story_page(officer, story)  # an officer first: never stored
    assert BACK not in story_page(Client(), story)


def test_a_signed_in_user_who_cannot_see_the_record_gets_no_link(
    world: World, client: Client
) -> None:
    story = publish(world)
    client.force_login(world.user("bao.bientap"))  # the newsroom: no access to records
    assert client.get(f"/staff/records/{story.record_id}/").status_code == 404
    assert BACK not in story_page(client, story)


def test_a_story_whose_share_was_revoked_is_no_longer_linked(world: World, client: Client) -> None:
    from django.utils import timezone

    from lantoa.exemplars.models import RecordShare

    story = publish(world)
    RecordShare.objects.filter(pk=story.share_id).update(revoked_at=timezone.now())
    for username in ("xa.doan", "xa.mttq"):  # without and with the right to publish
        client.force_login(world.user(username))
        html = client.get(f"/staff/records/{story.record_id}/").content.decode()
        assert ON_PORTAL not in html, username
