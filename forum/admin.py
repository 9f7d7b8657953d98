"""The forum in the admin: read-only, because every change has effects the actions keep in
step (counters, the ledger, rendered HTML, notifications, the log). Changes an
administrator needs go through admin actions that call forum/actions, offered only to
staff whose role allows them on the site (the `permissions` of each admin action)."""

from django.contrib import admin, messages
from taggit.models import Tag

from config.limits import unlimited
from config.readonly_admin import ReadOnlyAdmin, ReadOnlyInline
from forum import permissions, usecases
from forum.models import (
    Follow,
    MeToo,
    Notification,
    Post,
    ReputationEvent,
    Revision,
    TagReputation,
    ThreadEvent,
    Vote,
)

# taggit (earlier in INSTALLED_APPS) registers a Tag admin that renames, deletes and merges
# tags and retags threads. The ledger keeps tag names and a thread's tags decide where its
# reputation goes, so none of that may happen outside the actions.
admin.site.unregister(Tag)


@admin.register(Tag)
class TagAdmin(ReadOnlyAdmin):
    list_display = ("name", "slug")
    ordering = ("name",)
    search_fields = ("name",)  # the lag policies' autocomplete searches here


class PostInline(ReadOnlyInline):
    model = Post
    fields = ("author", "is_question", "score", "is_official", "is_hidden", "created_at")


# Not registered here: moderation/admin.py registers these two admins' subclasses with the
# moderators' decisions (lock, reopen, close as duplicate, hide, restore...), the one
# registration of Thread and Post. forum depends on nothing in moderation, so the admin
# with both can only be composed above it.
class ThreadAdmin(ReadOnlyAdmin):
    list_display = ("title", "author", "status", "kind", "answer_count", "score", "view_count", "created_at")
    list_filter = ("status", "kind", "tags")
    search_fields = ("title", "author__username")
    date_hierarchy = "created_at"
    inlines = [PostInline]


class PostAdmin(ReadOnlyAdmin):
    list_display = ("pk", "thread", "author", "is_question", "score", "is_official", "is_hidden", "created_at")
    list_filter = ("is_question", "is_official", "is_hidden")
    search_fields = ("body", "author__username", "thread__title")
    actions = ["mark_official", "unmark_official"]

    def has_post_official_permission(self, request) -> bool:
        return permissions.can_post_official(request.user)

    # The pages' use cases; staff acting in bulk count no member's limit.
    @admin.action(description="Mark these answers official", permissions=["post_official"])
    def mark_official(self, request, queryset):
        answers = list(queryset.answers().filter(is_official=False))
        for post in answers:
            usecases.mark_official(request.user, post.pk, limiter=unlimited)
        self.message_user(request, f"{len(answers)} answers marked official.", messages.SUCCESS)

    @admin.action(description="Take the official mark off these answers", permissions=["post_official"])
    def unmark_official(self, request, queryset):
        answers = list(queryset.answers().filter(is_official=True))
        for post in answers:
            usecases.unmark_official(request.user, post.pk, limiter=unlimited)
        self.message_user(request, f"{len(answers)} answers are no longer official.", messages.SUCCESS)


@admin.register(Vote)
class VoteAdmin(ReadOnlyAdmin):
    list_display = ("user", "post", "value", "created_at")
    list_filter = ("value",)


@admin.register(ReputationEvent)
class ReputationEventAdmin(ReadOnlyAdmin):
    """The ledger is append-only, and only forum/reputation.py writes it."""

    list_display = ("user", "delta", "reason", "is_reversal", "actor", "thread", "created_at")
    list_filter = ("reason", "is_reversal")
    search_fields = ("user__username",)
    date_hierarchy = "created_at"


@admin.register(TagReputation)
class TagReputationAdmin(ReadOnlyAdmin):
    """A cache of the ledger: `manage.py rebuild_reputation` repairs it."""

    list_display = ("user", "tag", "reputation")
    search_fields = ("user__username", "tag__name")


@admin.register(Revision)
class RevisionAdmin(ReadOnlyAdmin):
    list_display = ("post", "number", "editor", "created_at")


@admin.register(MeToo, Follow)
class ThreadMarkAdmin(ReadOnlyAdmin):
    list_display = ("user", "thread", "created_at")


@admin.register(ThreadEvent)
class ThreadEventAdmin(ReadOnlyAdmin):
    list_display = ("thread", "actor", "kind", "subject", "created_at")
    list_select_related = ("thread", "actor", "subject")
    list_filter = ("kind",)


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ("recipient", "actor", "text", "created_at", "read_at", "emailed_at")
    list_select_related = ("recipient", "actor")
    list_filter = ("read_at",)
    search_fields = ("text", "recipient__username")
