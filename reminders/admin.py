from django.contrib import admin

from config.readonly_admin import ReadOnlyAdmin
from reminders.models import MemberDigest


@admin.register(MemberDigest)
class MemberDigestAdmin(ReadOnlyAdmin):
    """When each member's digest last looked for them, what it covered and what it sent:
    read here, written only by reminders/actions.py."""

    list_display = ("user", "checked_at", "covered_from", "covered_up_to", "sent_at", "thread_count")
    list_select_related = ("user",)
    search_fields = ("user__username",)
