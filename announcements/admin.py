"""Pins and banners in the admin: read only; reps pin and raise from the site (actions.py)."""

from django.contrib import admin

from announcements.models import IncidentBanner, Pin
from config.readonly_admin import ReadOnlyAdmin


@admin.register(Pin)
class PinAdmin(ReadOnlyAdmin):
    list_display = ["thread", "pinned_by", "pinned_at", "pinned_until", "unpinned_at", "unpinned_by"]
    list_select_related = ["thread", "pinned_by", "unpinned_by"]


@admin.register(IncidentBanner)
class IncidentBannerAdmin(ReadOnlyAdmin):
    list_display = ["text", "thread", "raised_by", "raised_at", "clears_at", "cleared_at", "cleared_by"]
    list_select_related = ["thread", "raised_by", "cleared_by"]
