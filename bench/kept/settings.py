"""The app's production settings with the middleware cut to what issue 15 keeps."""

from __future__ import annotations

from lantoa.settings import *  # noqa: F403  (the app's settings, as production reads them)

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",  # nosniff, Referrer-Policy, COOP, HSTS
    "django.middleware.csrf.CsrfViewMiddleware",
    "bench.kept.middleware.ContentSecurityPolicy",
]
