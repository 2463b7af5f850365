"""The story page's read (`stories.page_read`): built by the ORM once per process, run by
key, and giving the page exactly what the ORM's own read gives, on both engines."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.db import ProgrammingError, connection, transaction
from django.test.utils import CaptureQueriesContext

from lantoa.exemplars.models import Publication, StoryArticle
from lantoa.exemplars.stories import page_read
from tests.personas import World
from tests.portal.helpers import publish, unpublish


@pytest.fixture
def committed(django_capture_on_commit_callbacks: Callable[..., Any]) -> Callable[..., Any]:
    """Run what the block schedules after its commit (the article is rendered then)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _orm_row(pk: int) -> tuple[Any, ...] | None:
    """The same read made through the ORM as a queryset, as the page made it before."""
    return next(iter(page_read._page_reads().filter(pk=pk)), None)


def test_the_page_reads_what_the_orm_reads_with_its_article(world: World, committed) -> None:
    with committed():
        pub = publish(world, story="<p>Anh bơi <strong>ba mươi mét</strong>.</p>")

    with CaptureQueriesContext(connection) as ctx:
        story = page_read.story_page(pub.pk)
        article = story.article if story else None

    assert len(ctx.captured_queries) == 1  # the article came in the same row
    assert story is not None and article is not None
    assert page_read._statement(story._state.db).run(pub.pk) == _orm_row(pub.pk)
    assert (story.pk, story.title, story.share_id) == (pub.pk, pub.title, pub.share_id)
    assert story.published_at == pub.published_at
    assert isinstance(story.published_at, datetime.datetime) and story.published_at.tzinfo
    assert story.show_photos is pub.show_photos  # a bool, not SQLite's 0 or 1
    assert article.key == StoryArticle.objects.get(publication=pub).key
    assert "<strong>ba mươi mét</strong>" in article.parts["vi"]["body"]  # JSON decoded


def test_a_story_without_a_stored_article_reads_none_and_asks_no_more(world: World) -> None:
    pub = publish(world)
    StoryArticle.objects.filter(publication=pub).delete()

    story = page_read.story_page(pub.pk)

    assert story is not None
    with CaptureQueriesContext(connection) as ctx:
        assert getattr(story, "article", None) is None
    assert ctx.captured_queries == []  # cached as None, as select_related would
    assert page_read._statement(story._state.db).run(pub.pk) == _orm_row(pub.pk)


def test_a_story_taken_down_or_never_published_is_not_read(world: World) -> None:
    pub = publish(world)
    unpublish(world, pub)

    assert page_read.story_page(pub.pk) is None
    assert page_read.story_page(Publication.objects.order_by("-pk").first().pk + 1) is None
    assert _orm_row(pub.pk) is None


def test_the_statement_is_built_once_and_takes_the_key_as_a_parameter(world: World) -> None:
    first, second = publish(world, title="Một"), publish(world, title="Hai")
    page_read._statement.cache_clear()

    titles = [page_read.story_page(p.pk).title for p in (first, second, first)]
    statement = page_read._statement("default")

    assert titles == ["Một", "Hai", "Một"]
    assert page_read._statement.cache_info().misses == 1  # one build for three pages
    assert statement.sql.count("%s") == len(statement.params)  # no key written into it
    assert statement.params[statement.key_at] == page_read._KEY_MARK


def test_the_statement_numbers_its_parameters_for_postgresql_only() -> None:
    numbered = page_read._numbered("a LIKE '%%x' AND b = %s AND c IN (%s, %s)")
    statement = page_read._statement("default")

    assert numbered == "a LIKE '%%x' AND b = $1 AND c IN ($2, $3)"  # %% escapes a literal %
    if connection.vendor == "postgresql":
        assert statement.to_prepare is not None and "%s" not in statement.to_prepare
    else:
        assert statement.to_prepare is None  # SQLite plans a statement in microseconds


def _prepared_here() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM pg_prepared_statements WHERE name LIKE 'lantoa_story_page_%%'"
        )
        return sorted(name for (name,) in cursor.fetchall())


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL plans each query")
def test_postgresql_prepares_the_read_once_per_connection_and_again_after_a_failure(
    world: World,
) -> None:
    first, second = publish(world, title="Một"), publish(world, title="Hai")
    connection.ensure_connection()
    page_read._prepared.pop(connection.connection, None)  # as a new connection
    before = _prepared_here()

    with CaptureQueriesContext(connection) as ctx:
        titles = [page_read.story_page(p.pk).title for p in (first, second, first)]
    prepared = [name for name in _prepared_here() if name not in before]

    assert titles == ["Một", "Hai", "Một"]
    assert len(ctx.captured_queries) == 3  # one round trip each, the first one preparing
    assert ctx.captured_queries[0]["sql"].startswith(f"PREPARE {prepared[0]} AS SELECT")
    assert [q["sql"].split("(")[0] for q in ctx.captured_queries[1:]] == [
        f"EXECUTE {prepared[0]}"
    ] * 2
    assert len(prepared) == 1

    # Deallocated behind its back (as `DISCARD ALL` would): that read fails, the next
    # prepares the statement again under a new name and reads the story.
    with connection.cursor() as cursor:
        cursor.execute(f"DEALLOCATE {prepared[0]}")
    with pytest.raises(ProgrammingError), transaction.atomic():
        page_read.story_page(first.pk)
    assert page_read.story_page(second.pk).title == "Hai"
    renewed = [name for name in _prepared_here() if name not in before]
    assert len(renewed) == 1 and renewed != prepared
