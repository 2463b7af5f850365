"""Configuration in the Django admin (system administrators): issuers, their terms, and new
layout versions. Documents themselves change only through the services."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Max
from django.http import HttpRequest

from lantoa.documents.models import Issuer, IssuerTerm, Layout


class IssuerTermInline(admin.TabularInline[IssuerTerm, Issuer]):
    model = IssuerTerm
    extra = 0


@admin.register(Issuer)
class IssuerAdmin(admin.ModelAdmin[Issuer]):
    list_display = ["name", "org", "style", "period", "per_type", "external"]
    list_filter = ["style", "period", "external"]
    search_fields = ["name", "code"]
    raw_id_fields = ["org"]
    inlines = [IssuerTermInline]


@admin.register(Layout)
class LayoutAdmin(admin.ModelAdmin[Layout]):
    """A saved version is never edited (documents keep the version they were issued with):
    saving a layout form always adds the next version of its type and style."""

    list_display = ["doc_type", "style", "version", "note", "created_at"]
    list_filter = ["doc_type", "style"]
    readonly_fields = ["version", "created_by", "created_at"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        last = Layout.objects.filter(doc_type=obj.doc_type, style=obj.style).aggregate(
            last=Max("version")
        )["last"]
        obj.pk = None
        obj._state.adding = True
        obj.version = (last or 0) + 1
        obj.created_by = request.user
        super().save_model(request, obj, form, False)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
