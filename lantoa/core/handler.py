"""The WSGI handler the servers run (`lantoa.wsgi`): Django's, doing two things once per
request that a cached public page's miss did twice (issue 15, decision 202).

- The address is resolved once: the page cache (`portal.cached_pages`) resolves it to know
  whether the page is cacheable, and hands the match over under `RESOLVED` for the path it
  resolved; the handler takes it instead of walking the URL patterns again (~115 Python
  calls). Any other request, or a path changed since, is resolved as Django resolves it.
- The host is read and checked against `ALLOWED_HOSTS` once: the page cache's key, the
  common middleware and a page's absolute links each asked for it (~40 calls each). A host
  that is not allowed raises each time, as before.
"""

from __future__ import annotations

from django.core.handlers.wsgi import WSGIHandler, WSGIRequest
from django.http import HttpRequest
from django.urls import ResolverMatch

# Set on a request as (path_info, match) by whoever resolved it before the handler does.
RESOLVED = "lantoa_resolved"
_HOST = "lantoa_checked_host"


class Request(WSGIRequest):
    def get_host(self) -> str:
        host: str | None = self.__dict__.get(_HOST)
        if host is None:
            host = self.__dict__[_HOST] = super().get_host()
        return host


class Handler(WSGIHandler):
    request_class = Request

    def resolve_request(self, request: HttpRequest) -> ResolverMatch:
        resolved = request.__dict__.pop(RESOLVED, None)
        if resolved is not None and not hasattr(request, "urlconf"):
            path, match = resolved
            if path == request.path_info:
                request.resolver_match = match
                return match  # type: ignore[no-any-return]
        return super().resolve_request(request)
