"""Two views: "ok" (what /healthz answers, without the app's middleware) and one query
rendered as ten rows (the least a list page does)."""

from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import path

ROWS = engines["django"].from_string(
    "<!doctype html><title>rows</title><ul>{% for id, title in rows %}"
    "<li>{{ id }} · {{ title }}</li>{% endfor %}</ul>"
)


def ok(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")


def rows(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, title FROM exemplars_record ORDER BY id DESC LIMIT 10")
        found = cursor.fetchall()
    return HttpResponse(ROWS.render({"rows": found}))


urlpatterns = [path("ok", ok), path("rows", rows)]
