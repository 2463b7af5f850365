"""The bell on every staff page and the notifications page behind it."""

from __future__ import annotations

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lantoa.exemplars.digest import DIGEST_KIND, send_overdue_digest
from lantoa.exemplars.models import Record
from lantoa.notifications.models import Notification
from lantoa.notifications.services import notify
from tests.exemplars.helpers import report
from tests.personas import World
from tests.staff.helpers import page_text


def _notify(world: World, username: str = "xa.doan", **kwargs) -> Notification:
    kwargs.setdefault("kind", "test")
    kwargs.setdefault("title", "Hồ sơ đã được xác nhận")
    return notify(user=world.user(username), **kwargs)


def test_the_bell_counts_unread_notifications_on_every_staff_page(login, world: World) -> None:
    client = login("xa.doan")
    for name in ("home", "inbox", "record_list"):
        page = page_text(client.get(reverse(f"staff:{name}")))
        assert 'data-testid="bell"' in page and 'data-testid="unread-count"' not in page
    _notify(world)
    _notify(world, title="Thứ hai")
    _notify(world, "xab.doan")  # someone else's: not counted
    for name in ("home", "inbox", "record_list"):
        response = client.get(reverse(f"staff:{name}"))
        assert 'data-testid="unread-count">2<' in page_text(response)


def test_the_bell_costs_one_query(login, world: World) -> None:
    client = login("xa.doan")
    url = reverse("staff:home")
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    counted = [q["sql"] for q in queries if "notifications_notification" in q["sql"]]
    assert len(counted) == 1


def test_the_page_lists_only_the_users_own_and_marks_them_read(login, world: World) -> None:
    mine = _notify(world, url="/staff/inbox/")
    theirs = _notify(world, "xab.doan", title="Của người khác")
    client = login("xa.doan")
    page = page_text(client.get(reverse("staff:notifications")))
    assert mine.title in page and theirs.title not in page

    opened = client.post(reverse("staff:notification_read", args=[mine.pk]), {"open": "1"})
    assert opened.status_code == 302 and opened["Location"] == "/staff/inbox/"
    mine.refresh_from_db()
    assert mine.read_at is not None
    # Another user's notification: not found, and left unread.
    assert client.post(reverse("staff:notification_read", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_a_link_to_another_site_is_not_followed(login, world: World) -> None:
    notification = _notify(world, url="https://evil.example/phish")
    response = login("xa.doan").post(
        reverse("staff:notification_read", args=[notification.pk]), {"open": "1"}
    )
    assert response["Location"] == reverse("staff:notifications")


def test_mark_all_read_touches_only_the_users_own(login, world: World) -> None:
    _notify(world)
    _notify(world, title="Thứ hai")
    theirs = _notify(world, "xab.doan")
    client = login("xa.doan")
    client.post(reverse("staff:notifications_read_all"))
    assert not Notification.objects.filter(user=world.user("xa.doan"), read_at=None).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None
    again = client.post(
        reverse("staff:notifications_read_all"), follow=True, headers={"Accept-Language": "en"}
    )
    assert any("Nothing was unread" in str(m) for m in again.context["messages"])


def test_the_digest_links_to_the_notifications_page(
    login, world: World, django_capture_on_commit_callbacks
) -> None:
    record = report(world)
    Record.objects.filter(pk=record.pk).update(
        due_at=record.created_at - datetime.timedelta(days=2)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert send_overdue_digest() == 1
    digest = Notification.objects.get(kind=DIGEST_KIND)
    assert digest.url == reverse("staff:notifications")
    page = page_text(login("xa.mttq").get(reverse("staff:notifications")))
    assert record.title in page and f"{reverse('staff:inbox')}?overdue=on" in page
