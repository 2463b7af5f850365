from __future__ import annotations

from typing import Any

from django import template

from lantoa.audit.actions import describe

register = template.Library()


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
