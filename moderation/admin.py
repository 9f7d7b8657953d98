"""Moderation in the admin: everything read-only, decisions only through admin actions that
call moderation's use cases (moderation/usecases.py, as the pages do), whose actions write
the public log. The log itself can never change.

Every moderation admin action lives here, forum's threads and posts and accounts' users
included. Those apps define their ModelAdmins (columns, filters, their own actions) and
register none for these three models: forum imports nothing from moderation, so the admin
with the decisions can only be composed here, above them. Each model has one registration,
this module's subclass of its app's ModelAdmin (tests/platform/test_admin_registrations.py);
nothing is unregistered and replaced."""

from collections.abc import Callable

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db.models import QuerySet
from django.template.response import TemplateResponse

from accounts.admin import UserAdmin
from accounts.models import User
from config.readonly_admin import ReadOnlyAdmin
from forum.admin import PostAdmin, ThreadAdmin
from forum.models import Post, Thread
from moderation import actions, permissions, usecases
from moderation.forms import DuplicateForm, ReasonForm, SuspendForm
from moderation.models import FirstLook, Flag, LogEntry, ReviewRequest, SuspiciousVoting


class ModeratorActions:
    """Admin actions marked `permissions=["moderate"]` (or `["suspend"]`) are offered only
    to moderators, as on the site: being staff with a view permission is not enough."""

    def has_moderate_permission(self, request) -> bool:
        return permissions.can_moderate(request.user)

    def has_suspend_permission(self, request) -> bool:
        return permissions.can_suspend(request.user)


def ask_then_act(
    modeladmin, request, queryset, *, action: str, title: str, form: Callable, act: Callable, tells_member=True
):
    """An admin action that needs a moderator's words first (a reason the member reads, a
    length, the original thread). The first click shows form(data) for the selected rows
    (`queryset`, which the confirmation posts back); confirming calls act(cleaned_data) and
    goes back to the list; a bad form comes back with its errors (400)."""
    bound = form(request.POST) if "apply" in request.POST else form(None)
    if bound.is_bound and bound.is_valid():
        act(bound.cleaned_data)
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "opts": modeladmin.model._meta,
        "form": bound,
        "objects": list(queryset),
        "action": action,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "tells_member": tells_member,
    }
    return TemplateResponse(request, "moderation/admin/decide.html", context, status=400 if bound.is_bound else 200)


# --- Decisions on posts: from the posts, their flags or their review requests ------------------


def _hide_action(rule: str):
    """One admin action per rule a post can be hidden under (HIDE_REASONS)."""
    label = actions.HIDE_REASONS[rule]

    @admin.action(description=f"Hide these posts as {label} (logged publicly)", permissions=["moderate"])
    def hide(modeladmin, request, queryset):
        posts = list(modeladmin.posts_of(queryset).exclude(is_hidden=True, hidden_reason=label))
        for post in posts:
            usecases.hide(request.user, post.pk, rule=rule, reason="hidden in the admin")
        modeladmin.message_user(request, f"{len(posts)} posts hidden as {label}.", messages.SUCCESS)

    hide.__name__ = f"hide_as_{rule}"
    return hide


HIDE_ACTIONS = [_hide_action(rule) for rule in actions.HIDE_REASONS]


class PostDecisions(ModeratorActions):
    """Moderators' decisions on the posts a list's rows are about (posts_of)."""

    def posts_of(self, queryset: QuerySet) -> QuerySet:
        raise NotImplementedError

    @admin.action(description="Dismiss the open flags on these posts", permissions=["moderate"])
    def dismiss_flags(self, request, queryset):
        posts = list(self.posts_of(queryset).filter(flags__status=Flag.Status.OPEN).distinct())
        for post in posts:
            usecases.dismiss_flags(request.user, post.pk, reason="Dismissed in the admin")
        self.message_user(request, f"Flags dismissed on {len(posts)} posts.", messages.SUCCESS)

    @admin.action(description="Restore these hidden posts (logged publicly)", permissions=["moderate"])
    def restore(self, request, queryset):
        hidden = list(self.posts_of(queryset).filter(is_hidden=True))
        for post in hidden:
            usecases.restore(request.user, post.pk, reason="Restored in the admin")
        self.message_user(request, f"{len(hidden)} posts restored.", messages.SUCCESS)

    @admin.action(description="Answer their review requests: keep these posts hidden", permissions=["moderate"])
    def keep_hidden(self, request, queryset):
        asked = list(self.posts_of(queryset).filter(is_hidden=True, review_requests__resolved_at=None).distinct())
        if not asked:
            self.message_user(request, "None of these posts has an open review request.", messages.WARNING)
            return None

        def act(data):
            for post in asked:
                usecases.keep_hidden(request.user, post.pk, reason=data["reason"])
            self.message_user(request, f"{len(asked)} posts stay hidden; their authors are told why.", messages.SUCCESS)

        return ask_then_act(
            self, request, queryset, action="keep_hidden", title="Keep these posts hidden", form=ReasonForm, act=act
        )


def _posts(queryset: QuerySet, field: str) -> QuerySet:
    return Post.objects.filter(pk__in=queryset.values(field)).select_related("thread", "author")


@admin.register(Post)
class ModeratedPostAdmin(PostDecisions, PostAdmin):
    actions = [*PostAdmin.actions, *HIDE_ACTIONS, "restore", "keep_hidden", "dismiss_flags"]

    def posts_of(self, queryset: QuerySet) -> QuerySet:
        return queryset.select_related("thread", "author")


@admin.register(Flag)
class FlagAdmin(PostDecisions, ReadOnlyAdmin):
    list_display = ("post", "flagger", "reason", "weight", "status", "created_at")
    list_filter = ("status", "reason")
    actions = ["dismiss_flags", *HIDE_ACTIONS]

    def posts_of(self, queryset: QuerySet) -> QuerySet:
        return _posts(queryset, "post_id")


@admin.register(ReviewRequest)
class ReviewRequestAdmin(PostDecisions, ReadOnlyAdmin):
    list_display = ("post", "note", "created_at", "resolved_at")
    list_filter = ("resolved_at",)
    actions = ["keep_hidden", "restore"]

    def posts_of(self, queryset: QuerySet) -> QuerySet:
        return _posts(queryset.filter(resolved_at=None), "post_id")


@admin.register(FirstLook)
class FirstLookAdmin(PostDecisions, ReadOnlyAdmin):
    list_display = ("post", "created_at", "looked_at")
    list_filter = ("looked_at",)
    actions = ["looks_fine", *HIDE_ACTIONS]

    def posts_of(self, queryset: QuerySet) -> QuerySet:
        return _posts(queryset, "post_id")

    @admin.action(description="These new members' posts look fine (logged publicly)", permissions=["moderate"])
    def looks_fine(self, request, queryset):
        pending = list(queryset.filter(looked_at=None).select_related("post__thread", "post__author"))
        for look in pending:
            usecases.finish_first_look(request.user, look.pk)
        self.message_user(request, f"{len(pending)} first posts looked at.", messages.SUCCESS)


# --- Decisions on threads ----------------------------------------------------------------------


@admin.register(Thread)
class ModeratedThreadAdmin(ModeratorActions, ThreadAdmin):
    actions = [*ThreadAdmin.actions, "lock", "unlock", "close_as_duplicate"]

    @admin.action(description="Lock these threads (logged publicly)", permissions=["moderate"])
    def lock(self, request, queryset):
        open_threads = [thread for thread in queryset if not thread.is_closed]
        for thread in open_threads:
            usecases.lock(request.user, thread.pk, reason="Locked in the admin")
        self.message_user(request, f"{len(open_threads)} threads locked.", messages.SUCCESS)

    @admin.action(description="Reopen these threads (logged publicly)", permissions=["moderate"])
    def unlock(self, request, queryset):
        closed = [thread for thread in queryset if thread.is_closed]
        for thread in closed:
            usecases.unlock(request.user, thread.pk, reason="Reopened in the admin")
        self.message_user(request, f"{len(closed)} threads reopened.", messages.SUCCESS)

    @admin.action(
        description="Close these threads as duplicates of another (logged publicly)", permissions=["moderate"]
    )
    def close_as_duplicate(self, request, queryset):
        threads = list(queryset)

        def act(data):
            original = data["original"]
            closing = [t for t in threads if t.pk != original.pk and t.duplicate_of_id != original.pk]
            for thread in closing:
                usecases.close_as_duplicate(request.user, thread.pk, original=original, reason=data["reason"])
            self.message_user(
                request, f"{len(closing)} threads closed as duplicates of “{original.title}”.", messages.SUCCESS
            )

        return ask_then_act(
            self,
            request,
            threads,
            action="close_as_duplicate",
            title="Close these threads as duplicates",
            form=lambda data: DuplicateForm(data, thread_id=None),
            act=act,
            tells_member=False,
        )


# --- Decisions on members ----------------------------------------------------------------------


@admin.register(User)
class ModeratedUserAdmin(ModeratorActions, UserAdmin):
    actions = [*(UserAdmin.actions or ()), "suspend", "lift_suspension"]

    def _suspendable(self, request, queryset) -> list[User]:
        """The selected members this moderator may suspend (never themselves or a superuser)."""
        members = list(queryset)
        allowed = [
            member for member in members if permissions.allowed(permissions.check_can_suspend, request.user, member)
        ]
        if len(allowed) < len(members):
            self.message_user(
                request,
                f"{len(members) - len(allowed)} accounts left alone: they cannot be suspended.",
                messages.WARNING,
            )
        return allowed

    @admin.action(description="Suspend these members (they are told why; logged publicly)", permissions=["suspend"])
    def suspend(self, request, queryset):
        members = self._suspendable(request, queryset)
        if not members:
            return None

        def act(data):
            for member in members:
                usecases.suspend(request.user, member.username, days=data["days"], reason=data["reason"])
            self.message_user(request, f"{len(members)} members suspended.", messages.SUCCESS)

        return ask_then_act(
            self, request, members, action="suspend", title="Suspend these members", form=SuspendForm, act=act
        )

    @admin.action(description="Lift these members' suspensions (logged publicly)", permissions=["suspend"])
    def lift_suspension(self, request, queryset):
        suspended = [member for member in self._suspendable(request, queryset) if member.is_suspended()]
        for member in suspended:
            usecases.lift_suspension(request.user, member.username, reason="Lifted in the admin")
        self.message_user(request, f"{len(suspended)} suspensions lifted.", messages.SUCCESS)


# --- Records --------------------------------------------------------------------------------------


@admin.register(LogEntry)
class LogEntryAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "actor", "action", "thread", "member", "reason")
    list_filter = ("action",)
    search_fields = ("reason", "actor__username", "member__username")


@admin.register(SuspiciousVoting)
class SuspiciousVotingAdmin(ModeratorActions, ReadOnlyAdmin):
    list_display = ("voter", "author", "vote_count", "detected_at", "reviewed_at")
    list_filter = ("reviewed_at",)
    actions = ["reverse_votes", "clear_records"]

    @admin.action(description="Reverse these serial votes", permissions=["moderate"])
    def reverse_votes(self, request, queryset):
        count = sum(
            usecases.reverse_votes(request.user, record.pk, reason="Reversed in the admin")
            for record in queryset.filter(reviewed_at=None)
        )
        self.message_user(request, f"{count} votes reversed.", messages.SUCCESS)

    @admin.action(description="Clear these records: nothing wrong, the votes stay", permissions=["moderate"])
    def clear_records(self, request, queryset):
        records = list(queryset.filter(reviewed_at=None).select_related("voter"))
        for record in records:
            usecases.clear_votes(request.user, record.pk, reason="Cleared in the admin")
        self.message_user(request, f"{len(records)} voting records cleared; their votes stay.", messages.SUCCESS)
