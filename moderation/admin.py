from django.contrib import admin

from moderation.models import SuspiciousVoting


@admin.register(SuspiciousVoting)
class SuspiciousVotingAdmin(admin.ModelAdmin):
    list_display = ("voter", "author", "vote_count", "detected_at", "reviewed_at")
    list_filter = ("reviewed_at",)
    raw_id_fields = ("voter", "author")
