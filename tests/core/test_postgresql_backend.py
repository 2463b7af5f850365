"""The PostgreSQL backend's health check (`lantoa.core.postgresql`, decision 209): a kept
connection that answered the previous request a moment ago is not checked again; one left
idle longer, or after a failed query, is; one that died in that moment fails a single
request, then a new one replaces it.

Each test keeps a second connection to the test database as a production worker keeps its
own (`CONN_MAX_AGE`, `CONN_HEALTH_CHECKS`) and runs "requests" on it as the request signals
do: `close_if_unusable_or_obsolete()` as one starts and as it ends."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import OperationalError, ProgrammingError, connection

from lantoa.core.postgresql import base

pytestmark = pytest.mark.django_db


class Kept:
    def __init__(self) -> None:
        options = {k: v for k, v in connection.settings_dict["OPTIONS"].items() if k != "pool"}
        settings = {
            **connection.settings_dict,
            "CONN_MAX_AGE": 600,
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": options,
        }
        self.db = base.DatabaseWrapper(settings, alias="kept")
        self.checks = 0
        is_usable = self.db.is_usable

        def counted() -> bool:
            self.checks += 1
            return bool(is_usable())

        self.db.is_usable = counted  # type: ignore[method-assign]

    def request(self, sql: str = "SELECT pg_backend_pid()") -> Any:
        """One request running `sql`: its answer, or the error it raised."""
        self.db.close_if_unusable_or_obsolete()
        try:
            with self.db.cursor() as cursor:
                cursor.execute(sql)
                return cursor.fetchone()[0]
        except (OperationalError, ProgrammingError) as error:
            return error
        finally:
            self.db.close_if_unusable_or_obsolete()


class Clock:
    """The backend's `monotonic`, moved on by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    clock = Clock()
    monkeypatch.setattr(base, "monotonic", clock)
    return clock


@pytest.fixture
def kept(clock: Clock) -> Iterator[Kept]:
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: SQLite's connections need no health check")
    kept = Kept()
    yield kept
    kept.db.close()


def test_requests_that_follow_each_other_are_not_checked_again(kept: Kept) -> None:
    first = kept.request()  # opens the connection: nothing to check
    answers = [kept.request() for _ in range(5)]

    assert answers == [first] * 5  # the same connection throughout
    assert kept.checks == 0


def test_a_connection_idle_longer_than_the_moment_is_checked_as_django_checks_it(
    kept: Kept, clock: Clock
) -> None:
    first = kept.request()
    answers = []
    for _ in range(3):
        clock.now += base.TRUSTED_FOR + 0.1
        answers.append(kept.request())

    assert answers == [first] * 3
    assert kept.checks == 3  # once before each request's first query


def test_a_request_without_a_query_does_not_renew_the_trust(kept: Kept, clock: Clock) -> None:
    kept.request()
    clock.now += base.TRUSTED_FOR * 0.9
    kept.db.close_if_unusable_or_obsolete()  # a request that reads nothing (a cached page)
    kept.db.close_if_unusable_or_obsolete()
    clock.now += base.TRUSTED_FOR * 0.2

    kept.request()

    assert kept.checks == 1


def test_after_a_failed_query_the_connection_is_checked_before_it_is_trusted(
    kept: Kept,
) -> None:
    first = kept.request()
    failed = kept.request("SELECT * FROM no_such_table")
    after = kept.request()

    assert isinstance(failed, ProgrammingError)
    assert kept.checks == 1  # as the failed request ended (Django's own check)
    assert after == first


def test_a_connection_that_died_in_the_moment_fails_one_request_then_is_replaced(
    kept: Kept,
) -> None:
    first = kept.request()
    with connection.cursor() as cursor:  # a restart, as the worker sees it
        cursor.execute("SELECT pg_terminate_backend(%s)", [first])

    failed = kept.request()
    replaced = kept.request()
    again = kept.request()

    assert isinstance(failed, OperationalError)
    assert isinstance(replaced, int) and replaced != first
    assert again == replaced
