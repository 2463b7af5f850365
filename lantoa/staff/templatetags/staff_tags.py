from __future__ import annotations

from typing import Any

from django import template
from django.template.context import Context
from django.utils.html import format_html
from django.utils.safestring import SafeString

from lantoa.audit.actions import describe
from lantoa.exemplars.models import RecordState
from lantoa.staff import chrome

register = template.Library()

# The colour of each state's badge (Bootstrap's contextual backgrounds); the rest: primary.
STATE_BADGES: dict[str, str] = {
    RecordState.VERIFIED: "text-bg-success",
    RecordState.RECOGNISED: "text-bg-success",
    RecordState.RETURNED: "text-bg-warning",
    RecordState.REJECTED: "text-bg-secondary",
    RecordState.NURTURING: "text-bg-info",
    RecordState.PROPOSED: "text-bg-info",
}


@register.simple_tag
def state_badge(state: str, label: Any) -> SafeString:
    """A record's state as a coloured badge. A tag rather than an included template: a
    list renders fifty of them, and an include costs more than the row (issue 15)."""
    return format_html(
        '<span class="badge {}">{}</span>', STATE_BADGES.get(state, "text-bg-primary"), label
    )


@register.simple_tag(takes_context=True)
def query_replace(context: dict[str, Any], **changes: Any) -> str:
    """The current query string with `changes` applied (for pagination links)."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        query[key] = value
    return str(query.urlencode())


@register.filter
def action_sentence(action: str) -> str:
    """An audit action code as a sentence in the active language (the code if unknown)."""
    return describe(action)


@register.simple_tag(takes_context=True)
def site_header(context: Context) -> SafeString:
    """The page's header (`lantoa.staff.chrome`): a signed-in officer's from the cache."""
    return chrome.site_header(context)
