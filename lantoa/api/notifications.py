"""The caller's own notifications (the overdue digest, …): list, count, mark read.

Everyone sees only their own: another user's notification is a 404.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from lantoa.api.errors import ErrorOut
from lantoa.api.pagination import PAGE_SIZE, paginate
from lantoa.api.security import actor
from lantoa.notifications.models import Notification
from lantoa.notifications.selectors import get_notification_for, unread_for
from lantoa.notifications.services import mark_read

router = Router(tags=["notifications"])


class NotificationFilterIn(Schema):
    unread: bool = Field(False, description="Only the unread ones")
    page: int = Field(1, ge=1, le=100_000)


class NotificationOut(Schema):
    id: int
    kind: str
    title: str
    body: str
    url: str
    created_at: datetime.datetime
    read_at: datetime.datetime | None


class NotificationPageOut(Schema):
    items: list[NotificationOut]
    count: int
    page: int
    pages: int
    unread: int = Field(description="How many of the caller's notifications are unread")


@router.get(
    "",
    response={200: NotificationPageOut, 401: ErrorOut, 422: ErrorOut},
    summary=f"The caller's notifications, newest first, {PAGE_SIZE} per page",
)
def list_notifications(
    request: HttpRequest, filters: Query[NotificationFilterIn]
) -> dict[str, Any]:
    user = actor(request)
    unread = unread_for(user)
    qs = unread if filters.unread else Notification.objects.filter(user=user)
    page = paginate(qs.order_by("-created_at", "-id"), page=filters.page)
    page["unread"] = unread.count()
    return page


@router.post(
    "/{int:notification_id}/read",
    response={200: NotificationOut, 401: ErrorOut, 404: ErrorOut},
    summary="Mark one of the caller's notifications read (again: no change)",
)
def read(request: HttpRequest, notification_id: int) -> Notification:
    user = actor(request)
    return mark_read(user=user, notification=get_notification_for(user, notification_id))
