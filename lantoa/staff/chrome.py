"""The page header (brand, bell, menu, language switch, sign-out), drawn once per officer,
language and section and then reused from the cache (issue 15: the header was about a
millisecond of every staff page's time, the same HTML each time).

What the cached header shows is its key (`lantoa.staff.fragments`): the menu an officer's
roles open, the section lit in it, the unread count, the officer's name, the language and
the templates' sources. Two values differ on every request and are never cached: the CSRF
token (masked afresh for each response) and the page to come back to after switching the
language. The header is drawn with a placeholder for each, replaced on the way out.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.template.context import Context
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from lantoa.staff.fragments import cached_fragment, request_token, template_digest

HEADER = "includes/site_header.html"
# Templates the header includes: an edit to one of them draws new headers too.
INCLUDED = ("includes/brand.html", "includes/language_switch.html")
CSRF_PLACEHOLDER = "lt-csrf-placeholder"
NEXT_PLACEHOLDER = "lt-next-placeholder"

# The menu's sections by the address they live under, in the order they are tested.
SECTION_PATHS = (
    ("inbox", "/staff/inbox"),
    ("records", "/staff/records"),
    ("orgs", "/staff/orgs"),
    ("documents", "/staff/documents"),
    ("grants", "/staff/grants"),
    ("catalogues", "/staff/catalogues"),
    ("audit", "/staff/audit"),
)
# Pages lit by their URL's name rather than by where they live.
SECTION_NAMES = {"home": "home", "notifications": "notifications", "record_new": "record_new"}


def nav_section(request: HttpRequest) -> str:
    """The menu item lit on this page ('' for none)."""
    match = getattr(request, "resolver_match", None)
    named = SECTION_NAMES.get(match.url_name or "") if match is not None else None
    if named:
        return named
    for section, prefix in SECTION_PATHS:
        if prefix in request.path:
            return section
    return ""


def site_header(context: Context) -> SafeString:
    """The header for the page being drawn with `context`: from the cache for a signed-in
    officer on a staff page (the context has their menu, `nav`), else drawn as it is."""
    request: HttpRequest = context["request"]
    section = nav_section(request)
    nav = context.get("nav")
    if not nav:
        template = context.template.engine.get_template(HEADER)  # type: ignore[union-attr]
        with context.push(nav_active=section):
            return mark_safe(template.render(context))  # noqa: S308  (autoescaped template)
    user = request.user
    unread = context.get("unread_notifications")
    count = unread() if callable(unread) else unread
    shown: dict[str, Any] = {
        "nav": sorted(nav.items()),
        "section": section,
        "unread": count,
        "name": user.display_name,  # type: ignore[union-attr]
        "included": [template_digest(name) for name in INCLUDED],
    }
    drawn = cached_fragment(
        HEADER,
        shown,
        {
            "user": user,
            "nav": nav,
            "nav_active": section,
            "unread_notifications": count,
            "csrf_token": CSRF_PLACEHOLDER,
            "next_path": NEXT_PLACEHOLDER,
        },
    )
    # Only the attribute values the header's own forms carry: a name or label that
    # happened to contain a placeholder's text is escaped text, never `value="…"`.
    html = drawn.replace(f'value="{CSRF_PLACEHOLDER}"', f'value="{escape(request_token(request))}"')
    html = html.replace(f'value="{NEXT_PLACEHOLDER}"', f'value="{escape(request.get_full_path())}"')
    return mark_safe(html)  # noqa: S308  (cached HTML drawn with autoescaping; escaped values)
