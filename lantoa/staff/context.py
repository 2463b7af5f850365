"""Navigation for the staff UI: what the signed-in user's roles open."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from lantoa.documents.access import roots_for
from lantoa.documents.workflow import READ_ROLES
from lantoa.exemplars.roles import RecordAction
from lantoa.notifications.selectors import unread_count
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
            "records": can_anywhere(user, RecordAction.VIEW_RECORDS),
            "report": can_anywhere(user, RecordAction.REPORT),
            # Leaders and system administrators may send the overdue digest now.
            "digest": can_anywhere(user, RecordAction.DECIDE),
            "documents": roots_for(user, READ_ROLES) != [],
            "grants": confirmer_paths(user) != [],
            "catalogues": can_anywhere(user, RecordAction.MANAGE_CATALOGUES),
        },
        # The bell: lazily counted, so a page that does not draw the bar costs nothing.
        "unread_notifications": lambda: unread_count(user),
    }
