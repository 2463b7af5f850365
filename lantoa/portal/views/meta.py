"""robots.txt, /favicon.ico, the health check and the portal's language switch."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_safe

from lantoa.core.middleware import entry, put_checked

PRIVATE_PREFIXES = ("/staff/", "/admin/", "/api/", "/accounts/", "/i18n/", "/ngon-ngu/")


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = ["User-agent: *", "Allow: /"]
    lines += [f"Disallow: {prefix}" for prefix in PRIVATE_PREFIXES]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
def favicon_ico(request: HttpRequest) -> HttpResponse:
    """`/favicon.ico`, which tools and old browsers ask for without reading the page's
    `<link rel="icon">`: the same file as static/lantoa/favicon.ico, without a redirect."""
    found = finders.find("lantoa/favicon.ico")
    if not isinstance(found, str):
        raise Http404()
    response = HttpResponse(Path(found).read_bytes(), content_type="image/x-icon")
    response["Cache-Control"] = "public, max-age=86400"
    return response


# Checked once: the probe is the request the stack's own cost is measured on (issue 15).
HEALTHZ_HEADERS = (
    entry("Cache-Control", "no-store"),
    entry("Content-Length", "3"),  # what CommonMiddleware adds elsewhere
)


@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    """For load balancers and monitors: the process answers. No database, no session, no
    template, so that it measures the server itself (bench/portal.py uses it as the
    trivial endpoint)."""
    response = HttpResponse("ok\n", content_type="text/plain; charset=utf-8")
    put_checked(response, HEALTHZ_HEADERS)
    return response


@require_safe
def switch_language(request: HttpRequest, code: str) -> HttpResponse:
    """A plain link that sets the language cookie and goes back.

    Django's `set_language` needs a POST with a CSRF token, and a token in the page would
    make the public pages impossible to cache for everyone. Choosing a language is harmless
    whoever triggers it, so a link will do.
    """
    if code not in dict(settings.LANGUAGES):
        raise Http404()
    next_url = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    response["Cache-Control"] = "no-store"
    return response
