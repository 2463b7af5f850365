"""A story page's "About this story": its place, priority group, field, movement and year,
each linked to the stories that share it (`portal.views.stories.about_story`). The HTML is
the one the template drew before (these tests passed against it before it was replaced)."""

from __future__ import annotations

import re

from django.core.cache import cache
from django.test import Client

from lantoa.exemplars import names
from lantoa.exemplars.models import Movement, PriorityGroup, Sector
from lantoa.portal.views.common import story_path
from tests.personas import World
from tests.portal.helpers import publish

FACTS = re.compile(r'<dl class="facts">.*?</dl>', re.S)
GAP = "\n      "


def _facts(client: Client, path: str, language: str) -> str:
    cache.clear()  # a miss: the page is drawn
    page = client.get(path, headers={"Accept-Language": language}).content.decode()
    found = FACTS.search(page)
    assert found is not None
    return found.group(0)


def test_every_fact_is_shown_linked_and_escaped(world: World, client: Client) -> None:
    movement = Movement.objects.order_by("pk").first()
    assert movement is not None
    Movement.objects.filter(pk=movement.pk).update(name="Học & làm <theo>")
    names.forget_names()
    story = publish(
        world,
        priority_group=PriorityGroup.objects.get(code="youth_members"),
        sector=Sector.objects.get(code="health"),
        movement=movement,
    )
    place = (
        '<dd><a href="/dia-phuong/23059/">Xã Hàm Thuận</a>, '
        '<a href="/dia-phuong/68/">Lâm Đồng</a></dd>'
    )
    movement_link = f'<a href="/guong-sang/?movement={movement.pk}">Học &amp; làm &lt;theo&gt;</a>'
    assert _facts(client, story_path(story), "vi") == (
        f'<dl class="facts">{GAP}{GAP}<dt>Địa điểm</dt>{GAP}{place}{GAP}{GAP}'
        '<dt>Nhóm đối tượng</dt><dd><a href="/guong-sang/?group=youth_members">'
        f"Đoàn viên, thanh niên</a></dd>{GAP}"
        f'<dt>Lĩnh vực</dt><dd><a href="/guong-sang/?sector=health">Y tế</a></dd>{GAP}'
        f"<dt>Phong trào thi đua</dt><dd>{movement_link}</dd>{GAP}"
        f"<dt>Năm</dt><dd>{story.year}</dd>\n    </dl>"
    )
    assert _facts(client, story_path(story), "en") == (
        f'<dl class="facts">{GAP}{GAP}<dt>Place</dt>{GAP}{place}{GAP}{GAP}'
        '<dt>Priority group</dt><dd><a href="/guong-sang/?group=youth_members">'
        f"Youth Union members and young people</a></dd>{GAP}"
        f'<dt>Field</dt><dd><a href="/guong-sang/?sector=health">Health</a></dd>{GAP}'
        f"<dt>Emulation movement</dt><dd>{movement_link}</dd>{GAP}"
        f"<dt>Year</dt><dd>{story.year}</dd>\n    </dl>"
    )


def test_a_story_published_province_only_shows_no_commune(world: World, client: Client) -> None:
    story = publish(world, place_display="province")
    assert _facts(client, story_path(story), "vi") == (
        f'<dl class="facts">{GAP}{GAP}<dt>Địa điểm</dt>'
        f'{GAP}<dd><a href="/dia-phuong/68/">Lâm Đồng</a></dd>{GAP}'
        f"{GAP}{GAP}{GAP}{GAP}<dt>Năm</dt><dd>{story.year}</dd>\n    </dl>"
    )
