"""Every read of notifications, scoped to their user."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from lantoa.core.errors import NotFound
from lantoa.notifications import unread
from lantoa.notifications.models import Notification


def unread_for(user: Any) -> QuerySet[Notification]:
    """The user's unread notifications, newest first."""
    return Notification.objects.filter(user=user, read_at__isnull=True).order_by(
        "-created_at", "-id"
    )


def recent_for(user: Any, limit: int = 20) -> list[Notification]:
    """The user's latest `limit` notifications, read or not, newest first."""
    return list(Notification.objects.filter(user=user).order_by("-created_at", "-id")[:limit])


def get_notification_for(user: Any, pk: Any) -> Notification:
    """The user's own notification; anyone else's is not found."""
    notification = Notification.objects.filter(user=user, pk=pk).first()
    if notification is None:
        raise NotFound()
    return notification


def unread_count(user: Any) -> int:
    """How many of the user's notifications are unread (the bell on every staff page; one
    COUNT on the partial unread index), cached per user with a shared cache until a
    notification service changes them (`unread.changed`)."""
    return unread.cached_count(
        user.pk, lambda: Notification.objects.filter(user=user, read_at__isnull=True).count()
    )


def notifications_for(user: Any) -> QuerySet[Notification]:
    """All of the user's notifications, newest first (the notifications page pages them)."""
    return Notification.objects.filter(user=user).order_by("-created_at", "-id")
