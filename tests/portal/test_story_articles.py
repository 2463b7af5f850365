"""A story's article is rendered when the story or what it shows changes, stored per
language (`lantoa.exemplars.stories.article`), and the story page uses it only while it is
current: the page is the same HTML with or without it, and never older than the rows."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from lantoa.exemplars import publishing
from lantoa.exemplars.models import Publication, Record, Replication, StoryArticle
from lantoa.exemplars.stories import article, page_read
from tests.personas import World
from tests.portal.helpers import TODAY, honour, publish, replicate, unpublish

EN = {"Accept-Language": "en"}
VI = {"Accept-Language": "vi"}
BODY = "<p>Anh bơi <strong>ba mươi mét</strong> trong nước lạnh.</p>"


@pytest.fixture
def committed(django_capture_on_commit_callbacks: Callable[..., Any]) -> Callable[..., Any]:
    """Run what the block schedules after its commit (the article is rendered then)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _page(client: Client, pub: Publication, headers: dict[str, str]) -> str:
    cache.clear()  # a miss: the page is built, not served stored
    response = client.get(f"/guong-sang/{pub.pk}/", headers=headers)
    assert response.status_code == 200
    return response.content.decode()


def _story(world: World, committed: Callable[..., Any]) -> Publication:
    with committed():
        pub = publish(world, story=BODY)
        replicate(world, pub, world.youth_a, world.youth_b)
        honour(world, pub, "Bằng khen của Ủy ban nhân dân tỉnh")
    return pub


def test_publishing_stores_the_article_in_each_language(world: World, committed) -> None:
    pub = _story(world, committed)
    stored = StoryArticle.objects.get(publication=pub)
    assert stored.key == article.article_key(pub)
    assert set(stored.parts) == {"vi", "en"}
    assert "<strong>ba mươi mét</strong>" in stored.parts["vi"]["body"]
    assert "Bằng khen của Ủy ban nhân dân tỉnh" in stored.parts["en"]["body"]
    assert "2 units learned from it and followed" in stored.parts["en"]["body"]


def test_the_page_is_the_same_with_or_without_its_stored_article(
    world: World, client: Client, committed
) -> None:
    pub = _story(world, committed)
    stored = {lang: _page(client, pub, h) for lang, h in (("vi", VI), ("en", EN))}
    StoryArticle.objects.filter(publication=pub).delete()
    rendered = {lang: _page(client, pub, h) for lang, h in (("vi", VI), ("en", EN))}
    assert stored == rendered
    assert "<strong>ba mươi mét</strong>" in stored["vi"]
    assert "Bằng khen của Ủy ban nhân dân tỉnh" in stored["vi"]


def test_the_page_uses_its_stored_article_only_while_it_is_current(
    world: World, client: Client, committed, monkeypatch: pytest.MonkeyPatch
) -> None:
    pub = _story(world, committed)
    stored = StoryArticle.objects.get(publication=pub)
    parts = stored.parts
    parts["vi"]["body"] = parts["vi"]["body"].replace("ba mươi mét", "DẤU-ĐÃ-LƯU")
    StoryArticle.objects.filter(pk=pub.pk).update(parts=parts)
    assert "DẤU-ĐÃ-LƯU" in _page(client, pub, VI)  # used: no query, no rendering
    # Other templates or translations (a deploy): rendered on the fly until re-rendered.
    monkeypatch.setattr(article, "BUILD", "another-build")
    html = _page(client, pub, VI)
    assert "DẤU-ĐÃ-LƯU" not in html and "<strong>ba mươi mét</strong>" in html


def test_a_stored_article_saves_the_spread_and_honours_queries(
    world: World, client: Client, committed
) -> None:
    pub = _story(world, committed)

    def queries() -> list[str]:
        cache.clear()
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/guong-sang/{pub.pk}/").status_code == 200
        return [q["sql"] for q in ctx.captured_queries]

    with_article = queries()
    StoryArticle.objects.filter(publication=pub).delete()
    without = queries()
    # Without it: the fields only the article shows, the replications and the honours.
    assert len(without) == len(with_article) + 3
    assert not any("exemplars_honour" in q or "exemplars_replication" in q for q in with_article)


def test_a_story_page_reads_its_story_and_article_in_one_query(
    world: World, client: Client, committed
) -> None:
    pub = _story(world, committed)
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(f"/guong-sang/{pub.pk}/", headers=VI)
    assert "<strong>ba mươi mét</strong>" in response.content.decode()
    # On PostgreSQL the read runs prepared (`EXECUTE lantoa_story_page_…`): its statement.
    sqls = [
        page_read._statement("default").sql
        if q["sql"].startswith("EXECUTE lantoa_story_page_")
        else q["sql"]
        for q in ctx.captured_queries
    ]
    article_reads = [sql for sql in sqls if "exemplars_storyarticle" in sql]
    assert len(article_reads) == 1, article_reads
    assert "exemplars_publication" in article_reads[0]


def test_a_new_honour_or_unit_shows_at_once(world: World, client: Client, committed) -> None:
    pub = _story(world, committed)
    with committed():
        honour(world, pub, "Giấy khen của Huyện đoàn")
    assert "Giấy khen của Huyện đoàn" in StoryArticle.objects.get(pk=pub.pk).parts["vi"]["body"]
    assert "Giấy khen của Huyện đoàn" in _page(client, pub, VI)
    with committed():
        Replication.objects.filter(record_id=pub.record_id).delete()
    body = StoryArticle.objects.get(pk=pub.pk).parts["en"]["body"]
    assert "No unit has recorded learning from this example yet." in body
    assert "No unit has recorded learning from this example yet." in _page(client, pub, EN)


def test_a_confirmed_unit_shows_at_once(world: World, client: Client, committed) -> None:
    from lantoa.exemplars import services

    with committed():
        pub = publish(world)
        record = Record.objects.get(pk=pub.record_id)
        # Recorded by the example's own officer for another unit: counted once confirmed.
        services.add_replication(
            actor=world.user("xa.mttq"),
            record=record,
            org=world.youth_b,
            date=TODAY,
            what="Học tập",
        )
    assert "No unit has recorded" in _page(client, pub, EN)
    with committed():
        services.confirm_replication(
            actor=world.user("xab.doan"), replication=Replication.objects.get(record=record)
        )
    assert "1 unit learned from it and followed" in _page(client, pub, EN)


def test_a_republished_story_shows_its_new_text_at_once(
    world: World, client: Client, committed
) -> None:
    pub = _story(world, committed)
    with committed():
        publishing.publish_record(
            actor=world.user("xa.mttq"),
            record=Record.objects.get(pk=pub.record_id),
            title="Tiêu đề mới của câu chuyện",
            summary="Tóm tắt mới.",
            story="<p>Nội dung mới.</p>",
            name_display="initials",
            show_photos=False,
            place_display="commune",
        )
    stored = StoryArticle.objects.get(pk=pub.pk)
    pub.refresh_from_db()
    assert stored.key == article.article_key(pub)
    assert "Tiêu đề mới của câu chuyện" in stored.parts["vi"]["head"]
    html = _page(client, pub, VI)
    assert "<p>Nội dung mới.</p>" in html and "ba mươi mét" not in html


def test_an_unpublished_story_loses_its_article_and_its_page(
    world: World, client: Client, committed
) -> None:
    pub = _story(world, committed)
    with committed():
        unpublish(world, pub)
    assert not StoryArticle.objects.filter(pk=pub.pk).exists()
    cache.clear()
    assert client.get(f"/guong-sang/{pub.pk}/").status_code == 410


def test_the_command_renders_the_missing_and_stale_articles(world: World, committed) -> None:
    pub = _story(world, committed)
    other = publish(world, title="Nhặt được của rơi trả người đánh mất")  # not committed
    assert not StoryArticle.objects.filter(pk=other.pk).exists()
    StoryArticle.objects.filter(pk=pub.pk).update(key="old")
    call_command("render_story_articles", verbosity=0)
    for story in (pub, other):
        assert StoryArticle.objects.get(pk=story.pk).key == article.article_key(story)
    assert article.stale_story_ids() == []
    assert sorted(article.stale_story_ids(every=True)) == sorted([pub.pk, other.pk])
