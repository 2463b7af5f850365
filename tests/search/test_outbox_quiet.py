"""A search leaves the outbox alone while nothing was enqueued since it last found nothing
pending (decision 194): Redis reports each enqueue's commit (the index's stamp), and a
directory that has something pending is always caught up."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lantoa.exemplars.stories.index import INDEX_NAME
from lantoa.exemplars.stories.search import search_stories
from lantoa.search import outbox
from tests.exemplars.stories.test_search import DROWNING, make_story
from tests.personas import World
from tests.redis_cache import use_redis


@pytest.fixture
def redis_cache(settings: Any) -> Iterator[str]:
    yield from use_redis(settings)


def _outbox_queries(q: str) -> tuple[list[int], int]:
    with CaptureQueriesContext(connection) as ctx:
        ids = search_stories(q).ids
    asked = [
        x for x in ctx.captured_queries if "search_outbox" in x["sql"] or "indexoutbox" in x["sql"]
    ]
    return ids, len(asked)


def test_a_quiet_outbox_is_asked_again_only_after_an_enqueue(
    world: World,
    settings: Any,
    tmp_path: Path,
    redis_cache: str,
    django_capture_on_commit_callbacks,
) -> None:
    settings.SEARCH_INDEX_DIR = tmp_path / "web"
    assert search_stories("cuu nguoi").ids == []  # built, empty
    assert _outbox_queries("cuu nguoi") == ([], 2)  # checked (and the first stamp written)
    assert _outbox_queries("cuu nguoi") == ([], 2)  # checked: nothing pending
    assert _outbox_queries("cuu nguoi") == ([], 0)  # quiet since: not asked

    story = make_story(world, DROWNING)
    settings.SEARCH_INDEX_DIR = tmp_path / "worker"  # another server publishes it
    with django_capture_on_commit_callbacks(execute=True):
        outbox.enqueue(INDEX_NAME, story.pk)  # applied there when it commits
    settings.SEARCH_INDEX_DIR = tmp_path / "web"
    ids, asked = _outbox_queries("cuu nguoi")
    assert ids == [story.pk] and asked >= 2  # the stamp changed: caught up first
    assert _outbox_queries("cuu nguoi") == ([story.pk], 2)  # checked again: nothing pending
    assert _outbox_queries("cuu nguoi") == ([story.pk], 0)


def test_without_a_shared_cache_every_search_asks(
    world: World, settings: Any, tmp_path: Path
) -> None:
    settings.SEARCH_INDEX_DIR = tmp_path / "web"
    search_stories("cuu nguoi")
    assert _outbox_queries("cuu nguoi") == ([], 2)
    assert _outbox_queries("cuu nguoi") == ([], 2)
    story = make_story(world, DROWNING)
    outbox.enqueue(INDEX_NAME, story.pk)  # not committed: no stamp, no apply
    assert _outbox_queries("cuu nguoi")[0] == [story.pk]


def test_a_directory_with_rows_pending_is_never_taken_for_quiet(
    world: World, settings: Any, tmp_path: Path, redis_cache: str
) -> None:
    settings.SEARCH_INDEX_DIR = tmp_path / "web"
    search_stories("cuu nguoi")
    story = make_story(world, DROWNING)
    outbox.enqueue(INDEX_NAME, story.pk)  # in the test's transaction: no stamp written yet
    assert _outbox_queries("cuu nguoi")[0] == [story.pk]  # pending: applied, whatever the stamp
