"""The caller's own notifications through the API."""

from __future__ import annotations

from lantoa.notifications.models import Notification
from lantoa.notifications.services import notify
from tests.api.helpers import assert_error
from tests.api.test_records import post

NOTIFICATIONS = "/api/v1/notifications"


def test_it_lists_the_callers_notifications_and_counts_the_unread(api_as, world):
    mine = [notify(user=world.user("xa.doan"), kind="digest", title=f"Hạn {i}") for i in range(3)]
    notify(user=world.user("xab.doan"), kind="digest", title="Not mine")
    client = api_as("xa.doan")

    page = client.get(NOTIFICATIONS).json()
    assert [n["title"] for n in page["items"]] == ["Hạn 2", "Hạn 1", "Hạn 0"]
    assert page["unread"] == 3 and page["count"] == 3

    read = post(client, f"{NOTIFICATIONS}/{mine[0].pk}/read", {})
    assert read.status_code == 200 and read.json()["read_at"] is not None
    unread = client.get(NOTIFICATIONS, {"unread": "true"}).json()
    assert unread["unread"] == 2 and [n["title"] for n in unread["items"]] == ["Hạn 2", "Hạn 1"]


def test_marking_read_twice_keeps_the_first_time(api_as, world):
    notification = notify(user=world.user("xa.doan"), kind="digest", title="Hạn")
    client = api_as("xa.doan")

    first = post(client, f"{NOTIFICATIONS}/{notification.pk}/read", {}).json()["read_at"]
    again = post(client, f"{NOTIFICATIONS}/{notification.pk}/read", {}).json()["read_at"]

    assert first == again


def test_another_users_notification_is_404(api_as, world):
    notification = notify(user=world.user("xab.doan"), kind="digest", title="Hạn")

    response = post(api_as("xa.doan"), f"{NOTIFICATIONS}/{notification.pk}/read", {})

    assert_error(response, 404, "not_found")
    assert Notification.objects.get().read_at is None


def test_a_page_number_is_refused(api_as, world):
    assert_error(api_as("xa.doan").get(NOTIFICATIONS, {"page": "2"}), 400, "page_not_supported")
