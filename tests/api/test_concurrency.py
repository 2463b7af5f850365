"""Races through the API with real threads, outside the test transaction.

Each thread has its own database connection and commits for real, as two app servers
would: the tests check what the database holds afterwards, not what one transaction saw.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connections
from django.test import Client

from lantoa.accounts.services import issue_api_token
from lantoa.api.models import IdempotentAnswer
from lantoa.exemplars.models import Record, RecordStep
from tests.api.test_records import RECORDS, body, transitions_url
from tests.exemplars.helpers import report
from tests.personas import World

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 6


def race(count: int, request: Callable[[Client], Any]) -> list[Any]:
    """Run `request` in `count` threads released together; their responses."""
    barrier = threading.Barrier(count)
    responses: list[Any] = [None] * count
    errors: list[BaseException] = []

    def run(index: int) -> None:
        try:
            client = Client(headers={"Accept-Language": "en"})
            barrier.wait(timeout=30)
            responses[index] = request(client)
        except BaseException as exc:  # reported below, with the thread's own traceback
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    assert all(r is not None for r in responses)
    return responses


def bearer(world: World, username: str) -> dict[str, str]:
    token, _expires = issue_api_token(user=world.user(username))
    return {"Authorization": f"Bearer {token}"}


def test_concurrent_creates_with_one_key_make_one_record(world):
    auth = bearer(world, "xa.doan")
    data = body(world)

    responses = race(
        THREADS,
        lambda c: c.post(
            RECORDS,
            data,
            content_type="application/json",
            headers={**auth, "Idempotency-Key": "race-1"},
        ),
    )

    statuses = sorted(r.status_code for r in responses)
    assert statuses.count(201) == 1 and set(statuses) <= {200, 201}, statuses
    assert len({r.json()["id"] for r in responses}) == 1
    assert Record.objects.count() == 1


def test_concurrent_transitions_with_one_key_take_one_step(world):
    record = report(world)
    auth = bearer(world, "xa.mttq")

    responses = race(
        THREADS,
        lambda c: c.post(
            transitions_url(record),
            {"action": "start_verification"},
            content_type="application/json",
            headers={**auth, "Idempotency-Key": "race-2"},
        ),
    )

    assert [r.status_code for r in responses] == [200] * THREADS, [r.content for r in responses]
    assert len({r.content for r in responses}) == 1  # every retry got the first answer
    assert sum(1 for r in responses if "Idempotent-Replayed" in r) == THREADS - 1
    assert RecordStep.objects.filter(record=record, action="start_verification").count() == 1
    assert IdempotentAnswer.objects.count() == 1


def test_a_double_transition_without_a_key_is_taken_once(world):
    record = report(world)
    auth = bearer(world, "xa.mttq")

    responses = race(
        2,
        lambda c: c.post(
            transitions_url(record),
            {"action": "start_verification"},
            content_type="application/json",
            headers=auth,
        ),
    )

    assert sorted(r.status_code for r in responses) == [200, 400]
    refused = next(r for r in responses if r.status_code == 400)
    assert refused.json()["error"]["code"] == "invalid_transition"
    record.refresh_from_db()
    assert record.state == "under_verification"
    assert RecordStep.objects.filter(record=record, action="start_verification").count() == 1


def test_two_verifiers_deciding_at_once_leave_one_decision(world):
    record = report(world)
    Record.objects.filter(pk=record.pk).update(state="under_verification")
    # Both may decide: the commune's verifier and the system administrator.
    verifier, admin = bearer(world, "xa.mttq"), bearer(world, "quantri")
    barrier_auth = iter([verifier, admin])
    lock = threading.Lock()

    def decide(client: Client) -> Any:
        with lock:
            auth = next(barrier_auth)
        action = "verify" if auth is verifier else "reject"
        return client.post(
            transitions_url(record),
            {"action": action, "note": "Không đủ căn cứ"},
            content_type="application/json",
            headers=auth,
        )

    responses = race(2, decide)

    assert sorted(r.status_code for r in responses) == [200, 400]
    refused = next(r for r in responses if r.status_code == 400)
    assert refused.json()["error"]["code"] == "invalid_transition"
    record.refresh_from_db()
    assert record.state in {"verified", "rejected"}
    assert RecordStep.objects.filter(record=record, action__in=["verify", "reject"]).count() == 1
