"""Roles awaiting confirmation: a verifier, leader or org-admin grant takes effect only once
someone other than its grantor and grantee confirms it (`orgs.services.confirm_membership`)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lantoa.core.errors import DomainError, NotFound
from lantoa.orgs import services
from lantoa.orgs.accounts import resets_to_approve
from lantoa.orgs.selectors import confirmer_paths, get_pending_grant_for, pending_grants_for


@login_required
def grants(request: HttpRequest) -> HttpResponse:
    if confirmer_paths(request.user) == []:
        raise NotFound()
    pending = list(pending_grants_for(request.user)[:200])
    resets = resets_to_approve(request.user)
    return render(request, "staff/accounts/grants.html", {"pending": pending, "resets": resets})


@login_required
@require_POST
def grant_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_pending_grant_for(request.user, pk)
    try:
        services.confirm_membership(actor=request.user, membership=membership)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(
            request,
            _("Confirmed: %(user)s, %(role)s.")
            % {"user": membership.user.display_name, "role": membership.get_role_display()},
        )
    return redirect("staff:grants")


@login_required
@require_POST
def grant_refuse(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_pending_grant_for(request.user, pk)
    try:
        services.refuse_membership(actor=request.user, membership=membership)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(
            request,
            _("Refused: %(user)s, %(role)s.")
            % {"user": membership.user.display_name, "role": membership.get_role_display()},
        )
    return redirect("staff:grants")
