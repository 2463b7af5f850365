"""The story index on several servers: each index directory applies the outbox through its
own watermark, so an update applied by the task worker (into its directory) never passes for
the web server's; a directory behind the pruning rebuilds; takedowns hold whatever the index."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.db import transaction
from django.utils import timezone

from lantoa.exemplars.models import Publication
from lantoa.exemplars.stories import index
from lantoa.exemplars.stories.index import INDEX_NAME, STORY_INDEX, announce_story_change
from lantoa.exemplars.stories.search import load_stories, search_stories
from lantoa.search import outbox, tasks
from lantoa.search.models import IndexOutbox
from tests.exemplars.stories.test_search import DROWNING, make_story
from tests.personas import World


@pytest.fixture
def server(settings: Any, tmp_path: Path):
    """`with server("web"):` runs the block on that server's own index directory."""

    @contextmanager
    def on(name: str) -> Iterator[None]:
        previous = settings.SEARCH_INDEX_DIR
        settings.SEARCH_INDEX_DIR = tmp_path / name
        try:
            yield
        finally:
            settings.SEARCH_INDEX_DIR = previous

    return on


def pending() -> bool:
    return outbox.pending(INDEX_NAME, into=STORY_INDEX)


def found(q: str) -> list[int]:
    return search_stories(q).ids


def test_the_worker_applying_its_index_leaves_the_web_index_pending(world: World, server) -> None:
    with server("web"):
        assert found("cuu nguoi") == []  # built, empty
    with server("worker"):
        assert found("cuu nguoi") == []
    story = make_story(world, DROWNING)
    outbox.enqueue(INDEX_NAME, story.pk)  # the publish's row, before any apply
    with server("worker"):
        assert tasks.apply_index_outbox.call(INDEX_NAME) == 1
        assert not pending()
    with server("web"):
        assert pending()  # not mistaken for done: the worker applied its own directory
        assert found("cuu nguoi") == [story.pk]  # the search catches up first
        assert not pending()
    with server("worker"):
        assert not pending() and found("cuu nguoi") == [story.pk]


def test_a_takedown_applied_only_by_the_worker_is_still_never_shown(world: World, server) -> None:
    story = make_story(world, DROWNING)
    with server("web"):
        assert found("cuu nguoi") == [story.pk]
    with server("worker"):
        assert found("cuu nguoi") == [story.pk]
    Publication.objects.filter(pk=story.pk).update(unpublished_at=timezone.now())
    outbox.enqueue(INDEX_NAME, story.pk)
    with server("worker"):
        tasks.apply_index_outbox.call(INDEX_NAME)
        assert found("cuu nguoi") == []
    with server("web"):
        searcher, _schema = STORY_INDEX.searcher()
        assert searcher.num_docs == 1  # the web's index has not heard yet …
        assert load_stories([story.pk]) == []  # … and the page still never shows the story
        assert found("cuu nguoi") == []  # the next search applies it


@pytest.mark.django_db(transaction=True)
def test_announcing_a_change_enqueues_the_worker_task_after_commit(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    waits: list[float] = []

    def spy(*, wait: float) -> int:
        waits.append(wait)
        return 0

    monkeypatch.setattr(outbox, "_appliers", {INDEX_NAME: spy})
    story = make_story(world, DROWNING)
    with transaction.atomic():
        announce_story_change(story.pk)
        assert waits == []
    # The web process's apply, then the task (the immediate backend runs it at once).
    assert waits == [outbox.ON_COMMIT_WAIT, tasks.WORKER_WAIT]
    with pytest.raises(RuntimeError), transaction.atomic():
        announce_story_change(story.pk)
        raise RuntimeError("rolled back")
    assert len(waits) == 2  # a rolled-back change enqueues nothing


def _days_ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


def test_an_index_behind_the_pruning_is_rebuilt_and_misses_nothing(
    world: World, server, settings: Any
) -> None:
    settings.SEARCH_OUTBOX_RETENTION_DAYS = 7
    taken_down = make_story(world, "Hiến máu cứu người")
    with server("web"), time_machine.travel(_days_ago(10)):
        assert found("hien mau") == [taken_down.pk]  # then the server went quiet
    published = make_story(world, "Hiến máu lần thứ hai")
    Publication.objects.filter(pk=taken_down.pk).update(unpublished_at=timezone.now())
    with time_machine.travel(_days_ago(9)):
        outbox.enqueue(INDEX_NAME, published.pk, taken_down.pk)
    assert tasks.prune_index_outbox.call() == 2
    assert not IndexOutbox.objects.exists()
    with server("web"):
        assert outbox.needs_rebuild(INDEX_NAME, into=STORY_INDEX)
        assert pending()  # the search must not trust its index
        assert found("hien mau") == [published.pk]  # rebuilt from the database
        assert not outbox.needs_rebuild(INDEX_NAME, into=STORY_INDEX)


def test_an_index_in_step_is_not_rebuilt_by_the_pruning(
    world: World, server, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.SEARCH_OUTBOX_RETENTION_DAYS = 7
    story = make_story(world, DROWNING)
    with time_machine.travel(_days_ago(9)):
        outbox.enqueue(INDEX_NAME, story.pk)
        with server("web"):
            assert found("cuu nguoi") == [story.pk]  # applied then
    outbox.prune()
    rebuilds: list[Any] = []
    monkeypatch.setattr(index, "rebuild_story_index", lambda **kw: rebuilds.append(kw))
    with server("web"):
        assert not pending()
        assert index.apply_story_outbox() == 0
    assert rebuilds == []


def test_an_index_built_before_the_watermarks_rebuilds_once(world: World, server) -> None:
    story = make_story(world, DROWNING)
    with server("web"):
        assert found("cuu nguoi") == [story.pk]
        path = STORY_INDEX.path()
        assert path is not None
        (path / f"{outbox.WATERMARK_STATE}.json").unlink()  # a directory from the old code
        assert pending()
        assert index.apply_story_outbox() == 0  # rebuilt, not drained blindly
        assert not pending()
        assert found("cuu nguoi") == [story.pk]
