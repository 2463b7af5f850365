"""Every write to notifications."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.db import transaction
from django.utils import timezone

from lantoa.core.errors import NotFound
from lantoa.notifications import tasks, unread
from lantoa.notifications.models import Notification


def notify(
    *, user: Any, kind: str, title: str, body: str = "", url: str = "", email: bool = False
) -> Notification:
    """Create an in-app notification for `user`; with `email`, also mail it to the user's
    address by a background task enqueued once the surrounding transaction commits (never
    if it rolls back)."""
    notification = Notification.objects.create(
        user=user, kind=kind, title=title[:255], body=body, url=url
    )
    unread.changed(notification.user_id)
    address = getattr(user, "email", "")
    if email and address:
        text = f"{body}\n\n{url}".strip() if url else body
        notification_id = notification.pk
        transaction.on_commit(
            partial(
                tasks.send_email.enqueue,
                to=address,
                subject=title,
                body=text,
                notification_id=notification_id,
            )
        )
    return notification


def mark_read(*, user: Any, notification: Notification) -> Notification:
    """Mark the user's own notification as read (once; later calls keep the first time).
    Another user's notification is not found."""
    if notification.user_id != user.pk:
        raise NotFound()
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )
        unread.changed(user.pk)
    return notification


def mark_all_read(*, user: Any) -> int:
    """Mark every unread notification of the user as read; returns how many changed."""
    changed = Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    unread.changed(user.pk)
    return changed
