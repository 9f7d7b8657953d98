"""Moderation in the admin: everything read-only, decisions only through admin actions that
call moderation/actions (which write the public log). The log itself can never change."""

from django.contrib import admin, messages

from config.readonly_admin import ReadOnlyAdmin
from moderation import actions, permissions
from moderation.models import FirstLook, Flag, LogEntry, ReviewRequest, SuspiciousVoting


class ModeratorActions:
    """Admin actions marked `permissions=["moderate"]` are offered only to moderators, as
    on the site: being staff with a view permission is not enough."""

    def has_moderate_permission(self, request) -> bool:
        return permissions.can_moderate(request.user)


@admin.register(LogEntry)
class LogEntryAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "actor", "action", "thread", "member", "reason")
    list_filter = ("action",)
    search_fields = ("reason", "actor__username", "member__username")


@admin.register(Flag)
class FlagAdmin(ModeratorActions, ReadOnlyAdmin):
    list_display = ("post", "flagger", "reason", "weight", "status", "created_at")
    list_filter = ("status", "reason")
    actions = ["dismiss_flags", "hide_as_spam"]

    @admin.action(description="Dismiss the open flags on these posts", permissions=["moderate"])
    def dismiss_flags(self, request, queryset):
        posts = {flag.post for flag in queryset.filter(status=Flag.Status.OPEN).select_related("post__thread")}
        for post in posts:
            actions.dismiss_flags(post=post, by=request.user, reason="Dismissed in the admin")
        self.message_user(request, f"Flags dismissed on {len(posts)} posts.", messages.SUCCESS)

    @admin.action(description="Hide these posts as spam", permissions=["moderate"])
    def hide_as_spam(self, request, queryset):
        already = {"post__is_hidden": True, "post__hidden_reason": actions.HIDE_REASONS[Flag.Reason.SPAM]}
        posts = {flag.post for flag in queryset.exclude(**already).select_related("post__thread")}
        for post in posts:
            actions.hide_post(post=post, by=request.user, rule=Flag.Reason.SPAM, reason="hidden in the admin")
        self.message_user(request, f"{len(posts)} posts hidden as spam.", messages.SUCCESS)


@admin.register(SuspiciousVoting)
class SuspiciousVotingAdmin(ModeratorActions, ReadOnlyAdmin):
    list_display = ("voter", "author", "vote_count", "detected_at", "reviewed_at")
    list_filter = ("reviewed_at",)
    actions = ["reverse_votes", "clear_records"]

    @admin.action(description="Reverse these serial votes", permissions=["moderate"])
    def reverse_votes(self, request, queryset):
        count = sum(
            actions.reverse_serial_votes(record=record, by=request.user, reason="Reversed in the admin")
            for record in queryset.filter(reviewed_at=None)
        )
        self.message_user(request, f"{count} votes reversed.", messages.SUCCESS)

    @admin.action(description="Clear these records: nothing wrong, the votes stay", permissions=["moderate"])
    def clear_records(self, request, queryset):
        records = list(queryset.filter(reviewed_at=None).select_related("voter"))
        for record in records:
            actions.clear_voting_record(record=record, by=request.user, reason="Cleared in the admin")
        self.message_user(request, f"{len(records)} voting records cleared; their votes stay.", messages.SUCCESS)


admin.site.register(ReviewRequest, ReadOnlyAdmin)
admin.site.register(FirstLook, ReadOnlyAdmin)
