from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from lantoa.orgs.access import Action, can_anywhere
from lantoa.orgs.selectors import memberships_of_user


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """What the signed-in person can do, per membership."""
    memberships = list(memberships_of_user(request.user))
    return render(
        request,
        "staff/home.html",
        {
            "memberships": memberships,
            "can_manage": can_anywhere(request.user, Action.MANAGE_ORG),
            "can_audit": can_anywhere(request.user, Action.VIEW_AUDIT),
        },
    )
