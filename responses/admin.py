from django.contrib import admin, messages

from config.readonly_admin import ChangesPages, ReadOnlyAdmin
from responses import actions, permissions
from responses.models import LagPolicy, OfficialRequest, QueueClaim, QueueDismissal


@admin.register(LagPolicy)
class LagPolicyAdmin(ChangesPages):
    """Per-tag lag times: configuration, edited here by design. A thread takes the shortest
    lag among its tags (others: UNANSWERED_LAG)."""

    list_display = ("tag", "lag_minutes")
    list_editable = ("lag_minutes",)
    search_fields = ("tag__name",)
    autocomplete_fields = ("tag",)


@admin.register(QueueClaim)
class QueueClaimAdmin(ReadOnlyAdmin):
    list_display = ("thread", "claimed_by", "claimed_at")
    actions = ["release"]

    def has_work_queue_permission(self, request) -> bool:
        return permissions.can_work_queue(request.user)

    @admin.action(description="Release these claims", permissions=["work_queue"])
    def release(self, request, queryset):
        # As on the site: a rep releases their own claims, a lead anyone's.
        claims = [
            claim
            for claim in queryset.select_related("thread")
            if permissions.allowed(permissions.check_can_release, request.user, claim)
        ]
        for claim in claims:
            actions.release_thread(thread=claim.thread, by=request.user)
        self.message_user(request, f"{len(claims)} claims released.", messages.SUCCESS)


@admin.register(QueueDismissal)
class QueueDismissalAdmin(ReadOnlyAdmin):
    list_display = ("thread", "dismissed_by", "reason", "dismissed_at")
    search_fields = ("reason", "thread__title")


@admin.register(OfficialRequest)
class OfficialRequestAdmin(ReadOnlyAdmin):
    list_display = ("thread", "requested_by", "requested_at")
