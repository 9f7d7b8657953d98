"""Reads for closing the loop: which threads are due a reminder to accept, which members
are due a digest, and what a member's digest lists. Each returns a chainable queryset."""

from datetime import datetime, timedelta

from allauth.account.models import EmailAddress
from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Q, QuerySet
from taggit.models import Tag, TaggedItem

from accounts.models import User
from forum.models import Post, Thread
from reminders.conf import conf
from reminders.models import AcceptReminder, MemberDigest, TagFollow
from responses.models import QueueThread

# A thread whose first answer came longer ago than this is left alone: its asker has long
# moved on, and the threads answered before reminders existed are not all reminded on the
# day they are deployed. A month also covers a beat that was down for weeks.
ACCEPT_REMINDER_WINDOW = timedelta(days=30)


def due_for_accept_reminder(*, now: datetime) -> QuerySet[Thread]:
    """Open questions with no accepted answer whose asker was never reminded, and which
    someone other than the asker answered, visibly, ACCEPT_REMINDER_AFTER ago or more.

    The whole predicate is here, so that the reminder re-checks it in its transaction. The
    engine's first_response_at (an answer by someone else, never cleared) narrows the scan; the visible
    answer is the rule, so an answer hidden or withdrawn since does not count."""
    cutoff = now - conf.ACCEPT_REMINDER_AFTER
    answered_by_others = (
        Post.objects.visible()
        .answers()
        .filter(~Q(author=OuterRef("author")), thread=OuterRef("pk"), created_at__lte=cutoff)
    )
    return (
        Thread.objects.open()
        .filter(
            kind=Thread.Kind.QUESTION,
            accepted_post=None,
            response_state__first_response_at__lte=cutoff,
            response_state__first_response_at__gt=cutoff - ACCEPT_REMINDER_WINDOW,
        )
        .filter(Exists(answered_by_others))
        .exclude(Exists(AcceptReminder.objects.filter(thread=OuterRef("pk"))))
    )


def members_due_a_digest(*, now: datetime) -> QuerySet[User]:
    """Members who chose the weekly digest, follow a tag, can be written to (active, not
    deleted, their address confirmed) and were not looked at within DIGEST_INTERVAL."""
    confirmed = EmailAddress.objects.filter(user=OuterRef("pk"), email__iexact=OuterRef("email"), verified=True)
    looked_at_lately = MemberDigest.objects.filter(user=OuterRef("pk"), checked_at__gt=now - conf.DIGEST_INTERVAL)
    return (
        User.objects.filter(weekly_digest=True, is_active=True, deleted_at=None)
        .exclude(email="")
        .filter(Exists(confirmed), Exists(TagFollow.objects.filter(user=OuterRef("pk"))))
        .exclude(Exists(looked_at_lately))
    )


def digest_threads(*, user: User, after: datetime, up_to: datetime) -> QuerySet[Thread]:
    """What a member's digest lists: questions in the tags they follow, asked in the window
    (after, up_to], still waiting for a first response, oldest first (the Unanswered tab's
    order). Not their own, and not those whose question a moderator hid (spam must not go out
    by email)."""
    followed = TagFollow.objects.filter(user=user).values("tag_id")
    in_followed_tags = TaggedItem.objects.filter(
        content_type=ContentType.objects.get_for_model(Thread), tag_id__in=followed
    ).values("object_id")
    readable_question = Post.objects.visible().filter(thread=OuterRef("pk"), is_question=True)
    return (
        QueueThread.objects.awaiting_first_response()
        .filter(kind=Thread.Kind.QUESTION, created_at__gt=after, created_at__lte=up_to, pk__in=in_followed_tags)
        .exclude(author=user)
        .filter(Exists(readable_question))
        .order_by("created_at", "pk")
    )


def followed_tags(user: User) -> QuerySet[Tag]:
    """The tags a member follows, by name."""
    return Tag.objects.filter(pk__in=TagFollow.objects.filter(user=user).values("tag_id")).order_by("name", "pk")


def follows_tag(user: User, tag: Tag) -> bool:
    return user.is_authenticated and TagFollow.objects.filter(user=user, tag=tag).exists()
