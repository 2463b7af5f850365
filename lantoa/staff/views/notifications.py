"""The signed-in officer's notifications: the page behind the bell, marking them read.

Every read and write goes through the notifications app's selectors and services, scoped to
the user: another user's notification is a 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from lantoa.core.paginator import CappedPaginator
from lantoa.notifications import services
from lantoa.notifications.selectors import get_notification_for, notifications_for

PAGE_SIZE = 25


@login_required
@require_GET
def notifications(request: HttpRequest) -> HttpResponse:
    page = CappedPaginator(notifications_for(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "staff/notifications/list.html", {"page_obj": page})


@login_required
@require_POST
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one as read; with `open`, go on to what it links to (a path of this site only)."""
    notification = get_notification_for(request.user, pk)
    services.mark_read(user=request.user, notification=notification)
    target = notification.url
    if (
        "open" in request.POST
        and target
        and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return redirect(target)
    return redirect("staff:notifications")


@login_required
@require_POST
def notifications_read_all(request: HttpRequest) -> HttpResponse:
    done = services.mark_all_read(user=request.user)
    if done:
        messages.success(
            request,
            ngettext(
                "%(n)d notification marked as read.", "%(n)d notifications marked as read.", done
            )
            % {"n": done},
        )
    else:
        messages.info(request, _("Nothing was unread."))
    return redirect("staff:notifications")
