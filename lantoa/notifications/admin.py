from __future__ import annotations

from django.contrib import admin

from lantoa.notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin[Notification]):
    list_display = ["created_at", "user", "kind", "title", "read_at"]
    list_filter = ["kind"]
    search_fields = ["title", "user__username"]
    raw_id_fields = ["user"]
