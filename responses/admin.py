from django.contrib import admin

from responses.models import LagPolicy, QueueClaim, QueueDismissal


@admin.register(LagPolicy)
class LagPolicyAdmin(admin.ModelAdmin):
    """Per-tag lag times: a thread takes the shortest among its tags (others: UNANSWERED_LAG)."""

    list_display = ("tag", "lag_minutes")
    list_editable = ("lag_minutes",)
    search_fields = ("tag__name",)
    autocomplete_fields = ("tag",)


@admin.register(QueueClaim)
class QueueClaimAdmin(admin.ModelAdmin):
    list_display = ("thread", "claimed_by", "claimed_at")
    raw_id_fields = ("thread", "claimed_by")


@admin.register(QueueDismissal)
class QueueDismissalAdmin(admin.ModelAdmin):
    list_display = ("thread", "dismissed_by", "reason", "dismissed_at")
    search_fields = ("reason", "thread__title")
    raw_id_fields = ("thread", "dismissed_by")
