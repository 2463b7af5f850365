"""Lists stop counting at a cap and say "more than" beyond it."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lantoa.core.paginator import CappedPaginator
from lantoa.orgs.models import Organisation
from tests.personas import World


@pytest.mark.parametrize(("cap", "count", "more"), [(100, None, False), (3, 3, True)])
def test_the_count_stops_at_the_cap(world: World, cap: int, count: int | None, more: bool):
    orgs = Organisation.objects.order_by("pk")
    total = orgs.count()
    assert total > 4  # the world has enough organisations for the cap to bite
    paginator = CappedPaginator(orgs, 2, cap=cap)
    with CaptureQueriesContext(connection) as queries:
        assert paginator.count == (total if count is None else count)
        assert paginator.more is more
    assert len(queries) == 1  # one capped COUNT, shared by `count` and `more`
    assert "LIMIT" in queries[0]["sql"].upper()
    assert paginator.num_pages == -(-paginator.count // 2)
    last = paginator.get_page(paginator.num_pages)
    assert len(last.object_list) == paginator.count - 2 * (paginator.num_pages - 1)


def test_a_page_past_the_cap_shows_the_last_page(world: World):
    paginator = CappedPaginator(Organisation.objects.order_by("pk"), 2, cap=3)
    page = paginator.get_page(10)
    assert page.number == 2 and not page.has_next()


def test_keys_first_pages_are_the_plain_pages_read_keys_first(world: World):
    from django.core.paginator import Paginator

    from lantoa.core.paginator import KeysFirstPaginator

    orgs = Organisation.objects.select_related("parent").order_by("-name", "-pk")
    plain, keys_first = Paginator(orgs, 3), KeysFirstPaginator(orgs, 3)
    assert keys_first.num_pages == plain.num_pages > 1
    for number in plain.page_range:
        with CaptureQueriesContext(connection) as queries:
            page = keys_first.get_page(number)
            names = [(o.name, o.parent) for o in page]
        assert names == [(o.name, o.parent) for o in plain.get_page(number)]
        keys, rows = (q["sql"] for q in queries.captured_queries[-2:])
        # The page's keys alone, sorted and cut; then the rows of those keys, joined.
        assert "JOIN" not in keys and "ORDER BY" in keys and "LIMIT" in keys
        assert "JOIN" in rows and "LIMIT" not in rows
    assert keys_first.get_page(99).number == plain.num_pages


@pytest.mark.parametrize("number", [None, "", "1", "abc"])
def test_a_short_first_page_is_the_whole_list_and_counts_nothing(world: World, number):
    orgs = Organisation.objects.order_by("pk")
    total, pks = orgs.count(), list(orgs.values_list("pk", flat=True))
    paginator = CappedPaginator(orgs, total + 5)
    with CaptureQueriesContext(connection) as queries:
        page = paginator.get_page(number)
        assert [o.pk for o in page] == pks
        assert page.number == 1 and not page.has_next()
        assert paginator.count == total and not paginator.more
    assert len(queries) == 1, [q["sql"] for q in queries]  # the page, no COUNT
    assert "COUNT" not in queries[0]["sql"].upper()


def test_a_full_first_page_still_counts_what_follows(world: World):
    orgs = Organisation.objects.order_by("pk")
    total = orgs.count()
    paginator = CappedPaginator(orgs, 2)
    with CaptureQueriesContext(connection) as queries:
        page = paginator.get_page("1")
        assert len(page.object_list) == 2 and page.has_next()
    assert paginator.count == total
    assert [q["sql"].upper().startswith("SELECT COUNT") for q in queries] == [False, True]
    # Other pages as before: validated against the count.
    assert paginator.get_page("2").number == 2
    assert paginator.get_page("999").number == paginator.num_pages
