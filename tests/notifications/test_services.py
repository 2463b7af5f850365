from __future__ import annotations

import logging

import pytest
from django.core import mail
from django.db import transaction

from lantoa.core.errors import NotFound
from lantoa.notifications import mail as notification_mail
from lantoa.notifications.models import Notification
from lantoa.notifications.selectors import get_notification_for, recent_for, unread_for
from lantoa.notifications.services import mark_read, notify
from tests.personas import World


def test_notify_creates_an_unread_notification_without_email(world: World) -> None:
    user = world.user("xa.mttq")
    notification = notify(user=user, kind="test", title="Xin chào", body="Nội dung", url="/x/")
    assert notification.user == user
    assert (notification.kind, notification.title, notification.url) == ("test", "Xin chào", "/x/")
    assert notification.read_at is None
    assert list(unread_for(user)) == [notification]
    assert mail.outbox == []


def test_notify_emails_the_user_after_commit(world: World, django_capture_on_commit_callbacks):
    user = world.user("xa.mttq")
    with django_capture_on_commit_callbacks(execute=True):
        notify(user=user, kind="test", title="Hồ sơ quá hạn", body="Hai hồ sơ", email=True)
        assert mail.outbox == []  # not before the commit
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [user.email]
    assert message.subject == "Hồ sơ quá hạn"
    assert "Hai hồ sơ" in message.body


def test_no_email_is_sent_when_the_transaction_rolls_back(
    world: World, django_capture_on_commit_callbacks
) -> None:
    user = world.user("xa.mttq")
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        notify(user=user, kind="test", title="Không gửi", email=True)
        raise RuntimeError("rollback")
    assert mail.outbox == []
    assert not Notification.objects.filter(title="Không gửi").exists()


def test_a_user_without_an_address_gets_only_the_in_app_notification(
    world: World, django_capture_on_commit_callbacks
) -> None:
    user = world.user("xa.mttq")
    user.email = ""
    user.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        notify(user=user, kind="test", title="Chỉ trong ứng dụng", email=True)
    assert mail.outbox == []
    assert unread_for(user).count() == 1


def test_a_mail_failure_is_logged_not_raised(
    world: World, django_capture_on_commit_callbacks, monkeypatch, caplog
) -> None:
    def broken(**kwargs: object) -> int:
        raise ConnectionRefusedError("SMTP down")

    monkeypatch.setattr(notification_mail, "send_mail", broken)
    user = world.user("xa.mttq")
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        notification = notify(user=user, kind="test", title="Lỗi thư", email=True)
    assert Notification.objects.filter(pk=notification.pk).exists()
    assert "Could not email notification" in caplog.text


def test_mark_read_sets_the_time_once(world: World) -> None:
    user = world.user("xa.mttq")
    notification = notify(user=user, kind="test", title="Một")
    mark_read(user=user, notification=notification)
    notification.refresh_from_db()
    first = notification.read_at
    assert first is not None
    mark_read(user=user, notification=notification)
    notification.refresh_from_db()
    assert notification.read_at == first
    assert unread_for(user).count() == 0


def test_another_users_notification_is_not_found(world: World) -> None:
    notification = notify(user=world.user("xa.mttq"), kind="test", title="Riêng tư")
    with pytest.raises(NotFound):
        mark_read(user=world.user("xab.doan"), notification=notification)
    with pytest.raises(NotFound):
        get_notification_for(world.user("xab.doan"), notification.pk)
    assert get_notification_for(world.user("xa.mttq"), notification.pk) == notification
    notification.refresh_from_db()
    assert notification.read_at is None


def test_recent_for_is_newest_first_limited_and_own_only(world: World) -> None:
    user = world.user("xa.mttq")
    created = [notify(user=user, kind="test", title=f"Tin {i}") for i in range(5)]
    notify(user=world.user("xa.doan"), kind="test", title="Của người khác")
    mark_read(user=user, notification=created[0])
    assert recent_for(user, limit=3) == created[::-1][:3]
    assert len(recent_for(user)) == 5
    assert list(unread_for(user)) == created[1:][::-1]


def test_the_mail_task_reports_a_refused_mail_without_failing(
    world: World, monkeypatch, caplog
) -> None:
    from lantoa.notifications.tasks import send_email

    def broken(**kwargs: object) -> int:
        raise ConnectionRefusedError("SMTP down")

    assert send_email.enqueue(to="a@b.vn", subject="S", body="B", notification_id=1).return_value
    monkeypatch.setattr(notification_mail, "send_mail", broken)
    with caplog.at_level(logging.ERROR):
        result = send_email.enqueue(to="a@b.vn", subject="S", body="B", notification_id=2)
    assert result.status == "SUCCESSFUL" and result.return_value is False
    assert len(mail.outbox) == 1
