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
    assert response["Content-Length"] == "3"
    assert len(queries) == 0
    assert not response.cookies


def test_it_refuses_writes(client: Client) -> None:
    assert client.post("/healthz").status_code == 405


def test_headers_checked_once_replace_any_of_the_same_name() -> None:
    from django.http import HttpResponse

    from lantoa.core.middleware import entry, put_checked

    response = HttpResponse("x")
    response["cache-control"] = "max-age=60"
    put_checked(response, (entry("Cache-Control", "no-store"),))

    assert response["Cache-Control"] == "no-store"
    assert [name for name, _value in response.items()].count("Cache-Control") == 1
