"""The app's Content-Security-Policy header, set the cheapest way the app knows (a header
checked once, `lantoa.core.middleware.entry`), and nothing else."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from lantoa.core.middleware import CSP, entry

CSP_HEADER = entry("Content-Security-Policy", CSP)


class ContentSecurityPolicy:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers._store.setdefault(*CSP_HEADER)  # Django's private table, as the app
        return response
