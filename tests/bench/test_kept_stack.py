"""bench/kept: the app cut to what issue 15 keeps on every request, and no more."""

from __future__ import annotations

from django.test import Client, override_settings

from bench.kept import settings as kept
from lantoa.core.middleware import CSP


def test_the_kept_stack_is_django_security_and_csrf_and_the_csp_header_only():
    assert kept.MIDDLEWARE == [
        "django.middleware.security.SecurityMiddleware",
        "django.middleware.csrf.CsrfViewMiddleware",
        "bench.kept.middleware.ContentSecurityPolicy",
    ]


@override_settings(MIDDLEWARE=kept.MIDDLEWARE)
def test_the_kept_stack_answers_healthz_with_the_headers_the_app_sends():
    app = Client().get("/healthz")

    assert app.status_code == 200 and app.content == b"ok\n"
    assert app["Content-Security-Policy"] == CSP
    assert app["X-Content-Type-Options"] == "nosniff"
    assert app["Referrer-Policy"] and app["Cross-Origin-Opener-Policy"]


@override_settings(MIDDLEWARE=kept.MIDDLEWARE)
def test_the_kept_stack_still_refuses_a_post_without_a_csrf_token():
    answer = Client(enforce_csrf_checks=True).post("/healthz")

    assert answer.status_code == 403
