from django.contrib import admin

from config.readonly_admin import ReadOnlyAdmin
from team.models import TeamChange


@admin.register(TeamChange)
class TeamChangeAdmin(ReadOnlyAdmin):
    """The team's audit log: read here, written only by team/actions.py."""

    list_display = ("created_at", "actor", "action", "subject", "member", "detail")
    list_select_related = ("actor", "member")
    list_filter = ("action",)
    search_fields = ("subject", "detail")
