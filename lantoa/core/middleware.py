from __future__ import annotations

import logging
import os
import sys
from collections.abc import Awaitable, Callable

from django.conf import settings
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.sessions.middleware import SessionMiddleware
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.middleware.common import CommonMiddleware
from django.middleware.locale import LocaleMiddleware
from django.middleware.security import SecurityMiddleware
from django.utils import translation
from django.utils.deprecation import MiddlewareMixin
from django.utils.translation import gettext as _
from django.views import defaults

from lantoa.core import context

logger = logging.getLogger("django.request")

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; "
    "base-uri 'self'; object-src 'none'"
)


# Paths whose answer reads no session, user, message, language or host: the monitors'
# probe. The session, locale, common, authentication and messages middleware leave them
# alone (about half of the stack's cost on such a request, docs/performance.md); the
# security headers, CSP, CSRF and the request id still apply. A view added here must not
# read `request.session`, `request.user` or messages, nor translate, nor build an absolute
# URL (tests/core/test_middleware.py checks /healthz).
PLAIN_PATHS = frozenset({"/healthz"})

# Set on a request by the public page cache (`portal.cached_pages`) when it looked the
# page up for an anonymous visitor: a GET or HEAD without a session cookie, of a cached
# public page. Such a page reads no session, user or message (`views.common.public_cache`:
# it must not depend on the user), so the session, authentication and messages middleware
# leave it alone as they leave plain paths: without a cookie they would build an empty
# session, an anonymous user and an empty message store for nothing (issue 15, a story
# page's miss). The locale and common middleware still run. The value is the language the
# page cache picked, as `LocaleMiddleware` picks it; the locale middleware takes it.
PUBLIC_PAGE_LANGUAGE = "lantoa_public_page_language"


def is_plain(request: HttpRequest) -> bool:
    return request.path_info in PLAIN_PATHS


def is_anonymous_public_page(request: HttpRequest) -> bool:
    return PUBLIC_PAGE_LANGUAGE in request.__dict__


class SkipsPlainPaths(MiddlewareMixin):
    """Put before a Django middleware class: it then does nothing on PLAIN_PATHS."""

    def __call__(self, request: HttpRequest) -> HttpResponseBase | Awaitable[HttpResponseBase]:
        if is_plain(request):
            return self.get_response(request)
        return super().__call__(request)


class SkipsSessionless(MiddlewareMixin):
    """Put before a Django middleware class: it then does nothing on PLAIN_PATHS nor on an
    anonymous visitor's request for a cached public page (`PUBLIC_PAGE_LANGUAGE`)."""

    def __call__(self, request: HttpRequest) -> HttpResponseBase | Awaitable[HttpResponseBase]:
        if is_plain(request) or is_anonymous_public_page(request):
            return self.get_response(request)
        return super().__call__(request)


class PlainPathSessionMiddleware(SkipsSessionless, SessionMiddleware):
    pass


class PlainPathLocaleMiddleware(SkipsPlainPaths, LocaleMiddleware):
    def process_request(self, request: HttpRequest) -> None:
        language = request.__dict__.get(PUBLIC_PAGE_LANGUAGE)
        if language is None:
            super().process_request(request)
            return
        # Picked by the page cache as this would pick it (no language prefix in the URLs).
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class PlainPathAuthenticationMiddleware(SkipsSessionless, AuthenticationMiddleware):
    pass


class PlainPathMessageMiddleware(SkipsSessionless, MessageMiddleware):
    pass


class PlainPathCommonMiddleware(SkipsPlainPaths, CommonMiddleware):
    """A plain path needs no slash redirect, and its answer names no host: a load
    balancer's probe that sends its own address as `Host` gets "ok", not a 400."""


def client_ip(request: HttpRequest) -> str | None:
    # Behind a reverse proxy the operator sets it to overwrite REMOTE_ADDR (docs/operations.md).
    return request.META.get("REMOTE_ADDR") or None


PRIVATE_NO_STORE = "private, no-store"


# Seconds a client should wait before retrying when the database cannot be reached: long
# enough for a restart or a failover, short enough that a person waiting does not give up.
RETRY_AFTER_OUTAGE = 30


def outage_response(request: HttpRequest) -> HttpResponse:
    """503 with `Retry-After`: nothing was done and the same request will work again. Under
    `/api/` in the API's one error format (lantoa.api.errors answers the same way)."""
    message = _("The service is briefly unavailable. Please try again in a moment.")
    response: HttpResponse
    if request.path.startswith("/api/"):
        body = {"error": {"code": "unavailable", "message": str(message), "details": None}}
        response = JsonResponse(body, status=503)
    else:
        response = HttpResponse(message, status=503, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = str(RETRY_AFTER_OUTAGE)
    response["Cache-Control"] = PRIVATE_NO_STORE
    return response


def is_outage(exception: BaseException | None) -> bool:
    """The database cannot be reached (restarting, failing over, refusing connections)."""
    return isinstance(exception, OperationalError | InterfaceError)


Entry = tuple[str, tuple[str, str]]


def entry(name: str, value: str) -> Entry:
    """A header as `ResponseHeaders` stores it (lower-cased name, then the name and value),
    checked and encoded by Django once."""
    checked = HttpResponse()
    checked[name] = value
    return name.lower(), (name, checked[name])


def put_checked(response: HttpResponseBase, entries: tuple[Entry, ...]) -> None:
    """Set headers made by `entry`, replacing any of the same name, without checking them
    again (~1.5 µs a header saved)."""
    response.headers._store.update(entries)  # Django's private table (stable since 3.2)


def security_defaults() -> tuple[Entry, ...]:
    """The headers `SecurityMiddleware` gives an answer over plain HTTP with the current
    settings (HSTS is only for HTTPS, and stays with it)."""
    response = SecurityMiddleware(lambda _request: HttpResponse()).process_response(
        HttpRequest(), HttpResponse()
    )
    return tuple(entry(name, value) for name, value in response.items() if name != "Content-Type")


class EnvelopeMiddleware:
    """The project's own work on every request, in one layer (issue 15: each layer costs
    microseconds that `/healthz` pays in full): the request id and IP for the audit log;
    on the way out the headers every answer carries (`Content-Security-Policy` outside the
    admin, `X-Frame-Options`, `X-Request-ID`; Django's `SecurityMiddleware` adds
    `Referrer-Policy`, `nosniff` and the opener policy from the `SECURE_*` settings) and
    `private, no-store` for an answer made for someone; a view failing on an unreachable
    database answers 503.

    It sits right after WhiteNoise, so on the way out it sees the answer after every other
    middleware (the session's `Vary`, a language redirect, a slash redirect) and the user
    the authentication middleware attached. What does not depend on the request is
    computed once, when the server starts."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        # `django.middleware.clickjacking.XFrameOptionsMiddleware`'s answer, read once.
        self.frame_options = entry(
            "X-Frame-Options", getattr(settings, "X_FRAME_OPTIONS", "DENY").upper()
        )
        self.csp = entry("Content-Security-Policy", CSP)
        # What `SecurityMiddleware` adds to a plain-HTTP answer (nosniff, Referrer-Policy,
        # the opener policy), from the same settings: set here first, its `setdefault`s
        # find them and write nothing. It still runs (HSTS on HTTPS, the SSL redirect).
        self.security_defaults = security_defaults()
        self.session_cookie = settings.SESSION_COOKIE_NAME

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # META, not `request.headers`: that would parse every header of the request.
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        # Printable ASCII only: a line break would break the answer's headers.
        sane = incoming.isascii() and incoming.isprintable() and 8 <= len(incoming) <= 64
        request_id = incoming if sane else os.urandom(16).hex()
        token = context.activate(context.RequestContext(request_id, client_ip(request)))
        try:
            response = self.get_response(request)
        finally:
            context.reset(token)
        # Headers whose names and values were checked once (`entry`) are written straight
        # into the response's table: `response[name] = value` checks them again, ~1.5 µs a
        # header on every request (issue 15, decision 120).
        store = response.headers._store  # Django's private table (stable since 3.2)
        path = request.path
        if not path.startswith("/admin/"):
            store.setdefault(*self.csp)
        if "x-frame-options" not in store and not getattr(response, "xframe_options_exempt", False):
            store[self.frame_options[0]] = self.frame_options[1]
        store["x-request-id"] = ("X-Request-ID", request_id)
        for lower, pair in self.security_defaults:
            store.setdefault(lower, pair)
        # Answers made for someone, and every API answer but the public API's: no shared
        # cache or browser history keeps a page with someone's records. A view that chose
        # private caching on purpose (`private, …`, such as an evidence file) keeps it.
        api = path.startswith("/api/") and not path.startswith("/api/v1/public/")
        if (api or self._signed_in(request)) and "private" not in response.get("Cache-Control", ""):
            response["Cache-Control"] = PRIVATE_NO_STORE
        return response

    def _signed_in(self, request: HttpRequest) -> bool:
        """Whether the answer was made for someone: a bearer token (the API sets
        `request.auth`) or a session. Without a session cookie the session is not read, so
        an anonymous answer gains no `Vary: Cookie` and stays cacheable."""
        if getattr(request, "auth", None) is not None:
            return True
        if self.session_cookie not in request.COOKIES:
            return False
        user = getattr(request, "user", None)
        return bool(user is not None and user.is_authenticated)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        """A view that fails because the database is unreachable answers 503, not 500."""
        if not is_outage(exception):
            return None
        logger.warning("Database unavailable: %s", request.path, exc_info=exception)
        return outage_response(request)


def server_error(request: HttpRequest) -> HttpResponse:
    """`handler500`: the outage answer when the database failed outside a view (the session
    or messages middleware), else Django's own 500 page."""
    if is_outage(sys.exc_info()[1]):
        return outage_response(request)
    return defaults.server_error(request)
