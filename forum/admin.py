from django.contrib import admin

from forum.models import Follow, MeToo, Notification, Post, ReputationEvent, Revision, TagReputation, Thread, Vote


class PostInline(admin.TabularInline):
    model = Post
    fields = ("author", "is_question", "score", "is_official", "is_hidden", "created_at")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True


@admin.register(Thread)
class ThreadAdmin(admin.ModelAdmin):
    list_display = (
        "title",
        "author",
        "status",
        "kind",
        "answer_count",
        "score",
        "view_count",
        "me_too_count",
        "created_at",
    )
    list_filter = ("status", "kind", "escalation_level", "tags")
    search_fields = ("title", "author__username")
    date_hierarchy = "created_at"
    raw_id_fields = ("author", "accepted_post")
    readonly_fields = ("answer_count", "score", "view_count", "me_too_count", "first_response_at", "first_official_at")
    inlines = [PostInline]


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ("pk", "thread", "author", "is_question", "score", "is_official", "is_hidden", "created_at")
    list_filter = ("is_question", "is_official", "is_hidden")
    search_fields = ("body", "author__username", "thread__title")
    raw_id_fields = ("thread", "author", "official_marked_by")
    readonly_fields = ("body_html", "body_text", "score", "edit_count")


@admin.register(Vote)
class VoteAdmin(admin.ModelAdmin):
    list_display = ("user", "post", "value", "created_at")
    list_filter = ("value",)
    raw_id_fields = ("user", "post")


@admin.register(ReputationEvent)
class ReputationEventAdmin(admin.ModelAdmin):
    """Read-only: the ledger is append-only, and only forum/reputation.py writes it."""

    list_display = ("user", "delta", "reason", "is_reversal", "actor", "thread", "created_at")
    list_filter = ("reason", "is_reversal")
    search_fields = ("user__username",)
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(TagReputation)
class TagReputationAdmin(admin.ModelAdmin):
    list_display = ("user", "tag", "reputation")
    search_fields = ("user__username", "tag__name")
    raw_id_fields = ("user", "tag")


@admin.register(Revision)
class RevisionAdmin(admin.ModelAdmin):
    list_display = ("post", "number", "editor", "created_at")
    raw_id_fields = ("post", "editor")


@admin.register(MeToo, Follow)
class ThreadMarkAdmin(admin.ModelAdmin):
    list_display = ("user", "thread", "created_at")
    raw_id_fields = ("user", "thread")


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("recipient", "text", "created_at", "read_at", "emailed_at")
    list_filter = ("read_at",)
    search_fields = ("text", "recipient__username")
    raw_id_fields = ("recipient", "thread")
