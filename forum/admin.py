from django.contrib import admin

from forum.models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("recipient", "text", "created_at", "read_at")
    list_filter = ("read_at",)
    search_fields = ("text", "recipient__username")
    raw_id_fields = ("recipient",)
