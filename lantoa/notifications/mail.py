"""Sending a notification by e-mail (run by the `send_email` task, after commit)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail

logger = logging.getLogger(__name__)


def deliver_email(*, to: str, subject: str, body: str, notification_id: int) -> bool:
    """Send one notification's e-mail; False (logged) when the mail server refuses."""
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
        # fail the job that notified (the digest goes on to the next user).
        logger.exception("Could not email notification %s", notification_id)
        return False
    return True
