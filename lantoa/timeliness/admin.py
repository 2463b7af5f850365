from __future__ import annotations

from django.contrib import admin

from lantoa.timeliness.models import DuePolicy, Holiday


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin[Holiday]):
    list_display = ["date", "name", "is_working_day_swap"]
    list_filter = ["is_working_day_swap"]
    date_hierarchy = "date"
    search_fields = ["name"]


@admin.register(DuePolicy)
class DuePolicyAdmin(admin.ModelAdmin[DuePolicy]):
    list_display = ["step", "working_days", "description"]
