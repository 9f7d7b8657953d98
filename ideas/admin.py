"""Ideas in the admin: read-only. A status, a link or a done notice has effects (notifications,
the history) that only ideas/actions.py keeps in step; reps change them on the site."""

from django.contrib import admin

from config.readonly_admin import ReadOnlyAdmin, ReadOnlyInline
from ideas.models import Idea, IdeaLink, IdeaStatusChange


class IdeaStatusChangeInline(ReadOnlyInline):
    model = IdeaStatusChange
    fields = ("changed_at", "changed_by", "previous_status", "status", "note")
    show_change_link = False


class IdeaLinkInline(ReadOnlyInline):
    model = IdeaLink
    fk_name = "idea"
    fields = ("thread", "linked_by", "linked_at")
    show_change_link = False


@admin.register(Idea)
class IdeaAdmin(ReadOnlyAdmin):
    list_display = ("pk", "thread", "status", "status_changed_at")
    list_filter = ("status",)
    search_fields = ("thread__title",)
    inlines = [IdeaStatusChangeInline, IdeaLinkInline]
