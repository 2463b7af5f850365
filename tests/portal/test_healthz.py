"""/healthz answers "ok" without the database, a session or a template."""

from __future__ import annotations

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


def test_it_answers_ok_without_touching_the_database(db: None, client: Client) -> None:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Cache-Control"] == "no-store"
    assert len(queries) == 0
    assert not response.cookies


def test_it_refuses_writes(client: Client) -> None:
    assert client.post("/healthz").status_code == 405
