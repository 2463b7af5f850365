"""Read-only views for operators: what ran, for whom, and when each periodic job last ran."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from lantoa.jobs.models import Job, PeriodicRun


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    # Jobs change only through their tasks; a hand edit would lie to the page polling it.
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Job)
class JobAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "kind", "owner", "state", "done", "total", "finished_at"]
    list_filter = ["state", "kind"]
    search_fields = ["owner__username", "task_result_id"]


@admin.register(PeriodicRun)
class PeriodicRunAdmin(ReadOnlyAdmin):
    list_display = ["name", "last_slot", "enqueued_at"]
