from django.contrib import admin

from webhooks.models import Delivery, Subscription


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["url", "active", "consecutive_failures", "created_by", "created_at"]
    list_filter = ["active"]
    list_select_related = ["created_by"]
    readonly_fields = ["secret", "created_at", "disabled_at", "disabled_reason", "disabled_by", "consecutive_failures"]


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["event", "subscription", "status", "attempts", "response_code", "next_attempt_at", "created_at"]
    list_filter = ["status", "event"]
    list_select_related = ["subscription"]
    readonly_fields = [field.name for field in Delivery._meta.fields]
