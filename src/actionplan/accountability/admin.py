"""The history in Django's admin: to look at, never to add, change or delete."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from actionplan.planning.models import ChangeRecord


@admin.register(ChangeRecord)
class ChangeRecordAdmin(admin.ModelAdmin):
    list_display = ("at", "organization", "object_type", "object_ref", "action", "source", "user")
    list_filter = ("object_type", "action", "source", "organization")
    search_fields = ("object_ref", "reason")
    date_hierarchy = "at"
    list_select_related = ("organization", "user")
    actions = None  # not even the stock "delete selected"

    def get_readonly_fields(self, request: Any, obj: Any = None) -> list[str]:
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False
