"""Background tasks of notifications."""

from __future__ import annotations

from django_tasks import task

from lantoa.notifications.mail import deliver_email


@task()
def send_email(*, to: str, subject: str, body: str, notification_id: int) -> bool:
    return deliver_email(to=to, subject=subject, body=body, notification_id=notification_id)
