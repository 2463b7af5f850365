"""A story page names its catalogue entries and places from a per-process memo
(`lantoa.exemplars.names`): an edit through the services shows at once, the memo
saves the joins, and nothing else slips through."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from lantoa.core.public_content import NAMES_VERSION_KEY, announce_names_change, names_version
from lantoa.exemplars import names
from lantoa.exemplars.models import Movement, PriorityGroup, Sector
from lantoa.exemplars.services.catalogues import save_catalogue_entry
from lantoa.exemplars.stories.public import get_live_story
from lantoa.orgs.models import AdminUnit
from lantoa.portal.views.common import story_path
from tests.personas import World
from tests.portal.helpers import publish

EN = {"Accept-Language": "en"}
VI = {"Accept-Language": "vi"}


def _story(world: World):
    return publish(
        world,
        title="Hiến máu tình nguyện",
        priority_group=PriorityGroup.objects.get(code="youth_members"),
        sector=Sector.objects.get(code="health"),
        movement=Movement.objects.order_by("pk").first(),
    )


def _rename_health(world: World, name: str, name_en: str) -> None:
    sector = Sector.objects.get(code="health")
    save_catalogue_entry(
        actor=world.user("quantri"),
        catalogue="sectors",
        entry=sector,
        code="health",
        name=name,
        name_en=name_en,
    )


def test_the_story_has_what_select_related_gave_it(world: World) -> None:
    story = _story(world)
    loaded = get_live_story(story.pk)
    with CaptureQueriesContext(connection) as ctx:
        shown = (loaded.priority_group, loaded.sector, loaded.movement, loaded.province)
        commune = loaded.commune
    assert ctx.captured_queries == []  # read with the story, not when the page asks
    assert all(shown) and commune is not None
    assert shown[1].code == "health" and commune.level == AdminUnit.Level.COMMUNE
    assert shown[3].pk == loaded.province_id and commune.pk == loaded.commune_id


def test_a_second_story_reads_no_catalogue_nor_unit(world: World) -> None:
    first, second = _story(world), _story(world)
    get_live_story(first.pk)
    with CaptureQueriesContext(connection) as ctx:
        story = get_live_story(second.pk)
        assert all((story.sector, story.province, story.commune, story.movement))
    tables = " ".join(q["sql"] for q in ctx.captured_queries)
    assert len(ctx.captured_queries) == 1
    for table in ("exemplars_sector", "exemplars_prioritygroup", "orgs_adminunit"):
        assert f'"{table}"' not in tables


def test_a_story_without_catalogue_entries_names_none(world: World) -> None:
    story = publish(world, title="Chuyện không lĩnh vực", place_display="province")
    loaded = get_live_story(story.pk)
    assert loaded.sector is None and loaded.movement is None and loaded.priority_group is None
    assert loaded.province is not None and loaded.commune is not None  # kept for the staff
    html = Client().get(story_path(story), headers=VI).content.decode()
    assert loaded.commune.name not in html  # "province only": the commune stays hidden


@pytest.mark.parametrize("headers", [EN, VI])
def test_a_renamed_field_shows_at_once_on_a_story_page(
    world: World, client: Client, headers: dict[str, str]
) -> None:
    story = _story(world)
    other = _story(world)
    before = client.get(story_path(story), headers=headers).content.decode()
    old = "Health" if headers is EN else Sector.objects.get(code="health").name
    assert f">{old}</a>" in before
    _rename_health(world, "Y tế cộng đồng", "Community health")
    new = "Community health" if headers is EN else "Y tế cộng đồng"
    # Another story of the same field, not in the page cache: read through the memo.
    after = client.get(story_path(other), headers=headers).content.decode()
    assert f">{new}</a>" in after and f">{old}</a>" not in after


@pytest.mark.parametrize("headers", [EN, VI])
def test_a_priority_group_renamed_or_recoded_shows_at_once_on_a_story_page(
    world: World, client: Client, headers: dict[str, str]
) -> None:
    # The group is drawn once per process, keyed by its code and name
    # (`portal.views.stories.about_story`): a change of either must show. Each time another
    # story of the group, not in the page cache.
    first, second, third = _story(world), _story(world), _story(world)
    page = client.get(story_path(first), headers=headers).content.decode()
    assert '?group=youth_members">' in page

    def edit(code: str, name: str, name_en: str) -> str:
        save_catalogue_entry(
            actor=world.user("quantri"),
            catalogue="priority_groups",
            entry=PriorityGroup.objects.get(pk=first.priority_group_id),
            code=code,
            name=name,
            name_en=name_en,
        )
        return name_en if headers is EN else name

    label = edit("youth_members", "Thanh niên tình nguyện", "Young volunteers")
    page = client.get(story_path(second), headers=headers).content.decode()
    assert f'?group=youth_members">{label}</a>' in page

    edit("young_volunteers", "Thanh niên tình nguyện", "Young volunteers")
    page = client.get(story_path(third), headers=headers).content.decode()
    assert f'?group=young_volunteers">{label}</a>' in page and "youth_members" not in page


def test_a_version_changed_by_another_process_empties_the_memo(world: World) -> None:
    story = _story(world)
    assert get_live_story(story.pk).sector.name != "Đổi ở nơi khác"
    Sector.objects.filter(code="health").update(name="Đổi ở nơi khác")
    assert get_live_story(story.pk).sector.name != "Đổi ở nơi khác"  # memo, same version
    cache.set(NAMES_VERSION_KEY, "another process announced a change")
    assert get_live_story(story.pk).sector.name == "Đổi ở nơi khác"


def test_an_evicted_version_empties_the_memo(world: World) -> None:
    story = _story(world)
    get_live_story(story.pk)
    Sector.objects.filter(code="health").update(name="Sau khi mất khoá")
    cache.delete(NAMES_VERSION_KEY)
    assert get_live_story(story.pk).sector.name == "Sau khi mất khoá"
    assert cache.get(NAMES_VERSION_KEY) is not None


def test_a_write_outside_the_services_shows_within_a_cached_pages_life(world: World) -> None:
    story = _story(world)
    get_live_story(story.pk)
    AdminUnit.objects.filter(pk=story.province_id).update(name="Tỉnh đổi tên")
    assert get_live_story(story.pk).province.name != "Tỉnh đổi tên"
    names._memo.filled_at -= names.MAX_AGE + 1
    assert get_live_story(story.pk).province.name == "Tỉnh đổi tên"


def test_a_refused_edit_changes_no_version(world: World) -> None:
    version = names_version()
    with pytest.raises(Exception):  # noqa: B017 (NotFound: not a system administrator)
        save_catalogue_entry(
            actor=world.user("xa.doan"), catalogue="sectors", code="x", name="Không được"
        )
    assert names_version() == version


def test_the_version_changes_at_once_and_again_at_commit(
    db: None, django_capture_on_commit_callbacks
) -> None:
    first = names_version()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        announce_names_change()
        during = names_version()
        assert during != first
    assert names_version() not in (first, during)


def test_a_story_counts_its_spread_as_the_aggregate_does(world: World) -> None:
    from django.utils import timezone

    from lantoa.exemplars.models import Replication
    from lantoa.exemplars.stories.public import spread_counts, spread_of_story

    story, quiet = _story(world), _story(world)
    now, officer = timezone.now(), world.user("xa.doan")

    def add(org=None, confirmed=False, outside_name="") -> None:
        Replication.objects.create(
            record_id=story.record_id,
            org=org,
            org_name=org.name if org else outside_name,
            outside_name=outside_name,
            date=now.date(),
            what="Làm theo",
            recorded_by=officer,
            confirmed_at=now if confirmed else None,
        )

    assert spread_of_story(story) == 0
    add(world.youth_b, confirmed=False)  # not confirmed: not counted
    assert spread_of_story(story) == 0 == spread_counts([story.record_id]).get(story.record_id, 0)
    add(world.youth_b, confirmed=True)
    add(world.youth_b, confirmed=True)  # the same unit twice: once
    add(world.front_a, confirmed=True)
    add(outside_name="Chi đoàn thôn 3")
    add(outside_name="Chi đoàn thôn 3")  # outside units are each counted
    assert spread_of_story(story) == 4 == spread_counts([story.record_id])[story.record_id]
    assert spread_of_story(quiet) == 0


def test_a_commune_is_read_with_its_province_and_a_new_one_still_shows(world: World) -> None:
    first = publish(world, title="Ở Hàm Thuận", admin_unit=world.unit_a)
    second = publish(world, title="Ở Phan Thiết", admin_unit=world.unit_b)
    get_live_story(first.pk)
    with CaptureQueriesContext(connection) as ctx:
        assert get_live_story(second.pk).commune == world.unit_b
    assert '"orgs_adminunit"' not in " ".join(q["sql"] for q in ctx.captured_queries)
    # A unit created since (no service announced it) is read when a story names it.
    newer = AdminUnit.objects.create(
        scheme="2025", level="commune", code="99999", name="Xã Mới", parent=world.unit_a.parent
    )
    third = publish(world, title="Ở xã mới", admin_unit=newer)
    assert get_live_story(third.pk).commune == newer
