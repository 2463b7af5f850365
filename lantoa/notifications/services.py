"""Every write to notifications."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from lantoa.core.errors import NotFound
from lantoa.notifications.models import Notification

logger = logging.getLogger(__name__)


def _send_email(*, to: str, subject: str, body: str, notification_id: int) -> None:
    try:
        send_mail(
            subject=subject,
            message=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[to],
            fail_silently=False,
        )
    except Exception:
        # The in-app notification is the record; a mail server that is down must not
        # break the caller, which has already committed.
        logger.exception("Could not email notification %s", notification_id)


def notify(
    *, user: Any, kind: str, title: str, body: str = "", url: str = "", email: bool = False
) -> Notification:
    """Create an in-app notification for `user`; with `email`, also mail it to the user's
    address once the surrounding transaction commits (never if it rolls back)."""
    notification = Notification.objects.create(
        user=user, kind=kind, title=title[:255], body=body, url=url
    )
    address = getattr(user, "email", "")
    if email and address:
        text = f"{body}\n\n{url}".strip() if url else body
        notification_id = notification.pk
        transaction.on_commit(
            lambda: _send_email(
                to=address, subject=title, body=text, notification_id=notification_id
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
    return notification
