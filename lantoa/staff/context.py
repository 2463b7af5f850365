"""Navigation for the staff UI: what the signed-in user's roles open."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from lantoa.orgs.access import Action, can_anywhere
from lantoa.orgs.selectors import confirmer_paths


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not request.path.startswith("/staff/"):
        return {}
    return {
        "nav": {
            "orgs": can_anywhere(user, Action.VIEW_ORG),
            "audit": can_anywhere(user, Action.VIEW_AUDIT),
            "records": can_anywhere(user, Action.VIEW_RECORDS),
            "report": can_anywhere(user, Action.REPORT),
            "grants": confirmer_paths(user) != [],
        }
    }
