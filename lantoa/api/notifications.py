"""The caller's own notifications (the overdue digest, …): list, count, mark read.

Everyone sees only their own: another user's notification is a 404.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from lantoa.api.errors import ErrorOut
from lantoa.api.pagination import (
    PAGE_SIZE,
    PageLinks,
    cursor_description,
    cursor_page,
    refuse_page_numbers,
)
from lantoa.api.security import actor
from lantoa.notifications.models import Notification
from lantoa.notifications.selectors import get_notification_for, unread_for
from lantoa.notifications.services import mark_read

router = Router(tags=["notifications"])


class NotificationFilterIn(Schema):
    unread: bool = Field(False, description="Only the unread ones")
    cursor: str | None = Field(None, max_length=500, description=cursor_description())


class NotificationOut(Schema):
    id: int
    kind: str
    title: str
    body: str
    url: str
    created_at: datetime.datetime
    read_at: datetime.datetime | None


class NotificationPageOut(PageLinks):
    items: list[NotificationOut]
    unread: int = Field(description="How many of the caller's notifications are unread")


@router.get(
    "",
    response={200: NotificationPageOut, 400: ErrorOut, 401: ErrorOut, 422: ErrorOut},
    summary=f"The caller's notifications, newest first, {PAGE_SIZE} per page",
)
def list_notifications(
    request: HttpRequest, filters: Query[NotificationFilterIn]
) -> dict[str, Any]:
    user = actor(request)
    refuse_page_numbers(request)
    unread = unread_for(user)
    qs = unread if filters.unread else Notification.objects.filter(user=user)
    page = cursor_page(request, qs, order=("-created_at", "-id"), cursor=filters.cursor)
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
