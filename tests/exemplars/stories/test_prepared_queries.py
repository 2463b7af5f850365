"""Queries of one shape compiled once (`stories.prepared.OneShape`) answer as the ORM does."""

from __future__ import annotations

from django.db.models import F, Value
from django.utils import timezone

from lantoa.exemplars.models import Publication
from lantoa.exemplars.stories import public as public_stories
from lantoa.exemplars.stories.live import live_publications
from lantoa.exemplars.stories.prepared import OneShape
from tests.portal.helpers import publish

RELATED = ("priority_group", "sector", "movement", "province", "commune")


def story_shape() -> OneShape[Publication]:
    return OneShape(lambda pk: live_publications().select_related(*RELATED).filter(pk=pk))


def test_a_story_and_its_related_rows_are_the_orms(world, django_assert_num_queries):
    story = publish(world)
    shape = story_shape()
    shape.models(story.pk)  # compiles

    with django_assert_num_queries(1):
        (found,) = shape.models(story.pk)
    with django_assert_num_queries(0):  # the related rows came with it
        places = (found.province, found.commune, found.priority_group)

    expected = live_publications().select_related(*RELATED).get(pk=story.pk)
    assert [getattr(found, f.attname) for f in Publication._meta.concrete_fields] == [
        getattr(expected, f.attname) for f in Publication._meta.concrete_fields
    ]
    assert places == (expected.province, expected.commune, expected.priority_group)
    assert found.published_at == expected.published_at and found.published_at.tzinfo


def test_a_story_taken_down_or_missing_is_not_found(world):
    story = publish(world)
    shape = story_shape()
    assert shape.models(story.pk)

    Publication.objects.filter(pk=story.pk).update(unpublished_at=timezone.now())

    assert shape.models(story.pk) == []
    assert shape.models(story.pk + 1000) == []


def test_rows_of_a_values_list_are_converted_as_the_orm_converts_them(world):
    story = publish(world)
    shape: OneShape[Publication] = OneShape(
        lambda pk: Publication.objects.filter(pk=pk).values_list("pk", "published_at")
    )

    assert shape.rows(story.pk) == list(
        Publication.objects.filter(pk=story.pk).values_list("pk", "published_at")
    )


def test_a_query_with_a_second_varying_value_falls_back_to_the_orm(world):
    story = publish(world)
    # timezone.now() is read at each build: two parameters differ, nothing is compiled.
    shape: OneShape[Publication] = OneShape(
        lambda pk: Publication.objects.filter(pk=pk, published_at__lte=timezone.now())
    )

    assert shape.models(story.pk) == [story]
    assert list(shape._compiled.values()) == [None]


def test_annotations_and_prefetches_fall_back_to_the_orm(world):
    story = publish(world)
    annotated: OneShape[Publication] = OneShape(
        lambda pk: Publication.objects.filter(pk=pk).annotate(twice=F("pk") + Value(0))
    )
    prefetched: OneShape[Publication] = OneShape(
        lambda pk: Publication.objects.filter(pk=pk).prefetch_related("share")
    )

    assert annotated.models(story.pk)[0].twice == story.pk
    assert prefetched.models(story.pk) == [story]
    assert list(annotated._compiled.values()) == list(prefetched._compiled.values()) == [None]


def test_the_story_page_reads_count_the_units_and_the_honours(world):
    story = publish(world)

    assert public_stories.spread_count(story.record_id) == 0
    assert public_stories.spread_count(story.record_id) == public_stories.spread_counts(
        [story.record_id]
    ).get(story.record_id, 0)
    assert public_stories.story_honours(story) == list(story.record.honours.all())
