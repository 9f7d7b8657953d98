from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify
from taggit.managers import TaggableManager
from taggit.models import Tag

from forum.conf import conf
from forum.engine import Clock, engine
from forum.querysets import CLOSED_STATUSES, PostQuerySet, ThreadManager

# The forum's records live in forum/records.py; importing them here registers them with the
# app and keeps `from forum.models import ReputationEvent` (and the others) working.
from forum.records import Notification, ReputationEvent, TagReputation, ThreadEvent  # noqa: F401


class Thread(models.Model):
    """A topic: its question is post 1 (the Post with is_question=True)."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        ANSWERED = "answered", "Answered"
        SOLVED = "solved", "Solved"
        LOCKED = "locked", "Locked"
        DUPLICATE = "duplicate", "Duplicate"

    class Kind(models.TextChoices):
        # Only questions are watched by the response-time engine: ideas (ideas/) are voted on
        # and given a status by reps, announcements (announcements/) are the company speaking.
        QUESTION = "question", "Question"
        IDEA = "idea", "Idea"
        ANNOUNCEMENT = "announcement", "Announcement"

    title = models.CharField(max_length=150)
    slug = models.SlugField(max_length=160, allow_unicode=False)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="threads")
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.QUESTION)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.OPEN, db_index=True)
    tags = TaggableManager(blank=False)

    # Counters move with F() in forum/actions/, never read-modify-write.
    answer_count = models.PositiveIntegerField(default=0)
    score = models.IntegerField(default=0)
    view_count = models.PositiveIntegerField(default=0)
    me_too_count = models.PositiveIntegerField(default=0)
    # One column holds the accepted answer, so a thread can never have two: the schema
    # itself is the constraint, and accept_answer locks the row so reputation moves once.
    accepted_post = models.ForeignKey("Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    last_activity_at = models.DateTimeField(default=timezone.now, db_index=True)
    # The response-time engine's facts about the thread (first response, official response,
    # overdue, escalation, heat, ...) are its own: responses.models.ResponseState
    # (thread.response_state), read here through the engine port (forum/engine.py).

    # Set when a moderator closes the thread as a duplicate: where the answer lives.
    duplicate_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # Its author withdrew the question (forum/actions/withdrawing.py, with the question's own
    # withdrawn_at): the thread leaves the lists, search and the response-time engine, and
    # takes no more answers, until they restore it.
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    # Its author turned comments off (announcements/actions.py, set_comments): members may
    # read it, vote and follow, but neither answer nor reply (permissions.check_takes_comments).
    comments_closed = models.BooleanField(default=False)

    # Title (A), question (B), accepted and official answers (C) and the other visible answers
    # (D), kept by forum/search.py on PostgreSQL; empty on SQLite, where search takes its own path.
    search_vector = SearchVectorField(null=True, blank=True, editable=False)

    objects = ThreadManager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["-last_activity_at", "-id"], name="thread_active_idx"),
            models.Index(fields=["answer_count", "-created_at"], name="thread_unanswered_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(me_too_count__gte=0), name="thread_me_too_non_negative"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = Thread.slug_for(self.title)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("forum:thread", kwargs={"thread_id": self.pk, "slug": self.slug})

    @staticmethod
    def slug_for(title: str) -> str:
        """The words of a thread's address: always its current title's (forum/actions/titles.py),
        so that what an edit takes out of the title leaves the address too."""
        return slugify(title)[:160] or "thread"

    def tag_names(self) -> list[str]:
        return sorted(tag.name for tag in self.tags.all())

    @property
    def is_solved(self) -> bool:
        return self.accepted_post_id is not None

    @property
    def is_awaiting_first_response(self) -> bool:
        """Open, and nobody but the asker has answered: it shows a waiting clock and becomes
        overdue past its lag. The engine's rule (forum/engine.py)."""
        return engine().awaiting_first_response(self)

    @property
    def waits_on_company(self) -> bool:
        """Who the thread is waiting on, as support desks say: the company until it has
        answered officially, and again after the customer's follow-up (the engine's rule)."""
        return engine().waits_on_company(self)

    @property
    def clock(self) -> Clock:
        """What the thread page says about waiting, and the lag it promises (the engine's)."""
        return engine().clock(self)

    @property
    def is_closed(self) -> bool:
        """Locked or closed as a duplicate by a moderator: it takes no answers, votes,
        me-toos, requests or edits by its members. The one definition."""
        return self.status in CLOSED_STATUSES

    @property
    def is_withdrawn(self) -> bool:
        """Its author withdrew the question: a tombstone for others, out of every list."""
        return self.withdrawn_at is not None

    @property
    def is_open(self) -> bool:
        """Neither closed nor withdrawn: it takes answers, votes and me-toos, and the
        response-time engine watches it. ThreadQuerySet.open() is the twin."""
        return not self.is_closed and not self.is_withdrawn


class Post(models.Model):
    """Every piece of content: the question (is_question) and each answer."""

    class HiddenBy(models.TextChoices):
        """Who put the tombstone up, which is what it says to readers (forum/permissions.py's
        tombstone_text): never "a moderator" for what no moderator did."""

        MODERATOR = "moderator", "A moderator"
        # Members' spam flags reached the threshold: hidden pending a moderator's review.
        FLAGS = "flags", "Members' flags, pending review"
        # A personal-data report held the text at once, pending a moderator's check.
        PRIVACY = "privacy", "Held for a personal-data check"
        # A new member's answer with a watched word or link domain, until a moderator has looked.
        FIRST_LOOK = "first_look", "Held for a moderator's first look"

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="posts")
    is_question = models.BooleanField(default=False)
    # A reply (issue 27): a short post under the question or an answer, for clarifications,
    # requests for detail and thanks. Not an answer: never counted, accepted or made official,
    # and its votes move no reputation. One level deep: a reply's reply_to is never a reply.
    # PostQuerySet.answers() and .replies() tell them apart.
    reply_to = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies")
    body = models.TextField(max_length=30_000)
    # Rendered and sanitised when saved (forum/markdown.py); templates show it as it is.
    body_html = models.TextField()
    body_text = models.TextField(blank=True)
    score = models.IntegerField(default=0)
    is_official = models.BooleanField(default=False)
    official_marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Hidden (by a moderator, by members' flags or a personal-data hold pending review): a
    # tombstone for others, never deleted. hidden_reason is the rule ("spam", "personal data").
    is_hidden = models.BooleanField(default=False)
    hidden_by = models.CharField(max_length=10, choices=HiddenBy.choices, blank=True)
    hidden_reason = models.CharField(max_length=200, blank=True)
    hidden_at = models.DateTimeField(null=True, blank=True)
    # Withdrawn (forum/actions/withdrawing.py): a tombstone ("withdrawn by its author") for
    # everyone but its author and the moderators, what it earned taken back; its author may
    # restore it for WITHDRAWAL_RESTORE_WINDOW. withdrawn_by is the author, or the moderator
    # who withdrew a spammer's posts with their account.
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # An official reply a lead looked at before it went out (issue 27, responses/second_look.py):
    # when the rep wrote it, and the lead who approved it. created_at is when it went public.
    written_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    edited_at = models.DateTimeField(null=True, blank=True)
    edit_count = models.PositiveIntegerField(default=0)
    # Who saved the current text, shown when it is not the author (an official answer must
    # always say who changed it).
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Why someone else changed the author's words (a moderator, a trusted member), shown beside
    # "edited by"; empty when the author saved the current text.
    edit_reason = models.CharField(max_length=300, blank=True)

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["thread", "is_question", "-score", "created_at"], name="post_thread_order_idx"),
            models.Index(
                fields=["thread", "created_at"], condition=models.Q(reply_to__isnull=False), name="post_reply_idx"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["thread"], condition=models.Q(is_question=True), name="one_question_per_thread"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind_name.capitalize()} {self.pk} in {self.thread_id}"

    def get_absolute_url(self) -> str:
        return f"{reverse('forum:thread_short', kwargs={'thread_id': self.thread_id})}#post-{self.pk}"

    @property
    def is_reply(self) -> bool:
        return self.reply_to_id is not None

    @property
    def is_answer(self) -> bool:
        return not self.is_question and self.reply_to_id is None

    @property
    def kind_name(self) -> str:
        """ "question", "answer" or "reply": the word for it in messages."""
        return "question" if self.is_question else "reply" if self.is_reply else "answer"

    @property
    def is_visible(self) -> bool:
        """Everyone may read it: neither hidden by a moderator nor withdrawn by its author.
        PostQuerySet.visible() is the twin."""
        return not self.is_hidden and self.withdrawn_at is None

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def withdrawn_by_author(self) -> bool:
        """Withdrawn by its author (not by a moderator, with the author's account)."""
        return self.is_withdrawn and self.withdrawn_by_id == self.author_id

    @property
    def restorable_until(self):
        """Until when its author may restore it; None when it is not withdrawn."""
        if self.withdrawn_at is None:
            return None
        return self.withdrawn_at + conf.WITHDRAWAL_RESTORE_WINDOW

    @property
    def is_pending_review(self) -> bool:
        """Hidden by members' flags or held for personal data, waiting for a moderator to
        confirm or restore it."""
        return self.is_hidden and self.hidden_by in (
            self.HiddenBy.FLAGS,
            self.HiddenBy.PRIVACY,
            self.HiddenBy.FIRST_LOOK,
        )

    @property
    def rendered(self) -> SafeString:
        # body_html was produced by forum/markdown.py's allow-list sanitiser when saved.
        return mark_safe(self.body_html)


class Vote(models.Model):
    """One per (user, post); changing or undoing it reverses its effect."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="votes")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="votes")
    value = models.SmallIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "post"], name="one_vote_per_user_and_post"),
            models.CheckConstraint(condition=models.Q(value__in=[1, -1]), name="vote_is_up_or_down"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {'+1' if self.value > 0 else '-1'} on post {self.post_id}"


class MeToo(models.Model):
    """ "I have this problem too": one per (user, thread)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="me_toos")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "thread"], name="one_me_too_per_user_and_thread")]

    def __str__(self) -> str:
        return f"{self.user_id} too on {self.thread_id}"


# What a redacted revision's text (and title) say instead (forum/actions/redaction.py).
REDACTED = "redacted"


class Revision(models.Model):
    """The text of a post as it was after each save; number 1 is the original. An earlier
    revision can be redacted by the post's author or a moderator: its text is replaced by
    REDACTED, and the moderation log says who did it and when."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    editor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=150, blank=True)  # questions only
    body = models.TextField()
    # Why the editor, not the author, changed the text (forum.actions.edit_post).
    reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    redacted_at = models.DateTimeField(null=True, blank=True)
    redacted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["post", "number"], name="one_revision_number_per_post")]

    def __str__(self) -> str:
        return f"Revision {self.number} of post {self.post_id}"

    @property
    def is_redacted(self) -> bool:
        return self.redacted_at is not None


class Follow(models.Model):
    """A member who is told about new activity on a thread."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows")
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="follows")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "thread"], name="one_follow_per_user_and_thread")]

    def __str__(self) -> str:
        return f"{self.user_id} follows {self.thread_id}"


class TagInfo(models.Model):
    """What a tag is for, written by leads (`tag.info.description`, shown on the tag's page)."""

    tag = models.OneToOneField(Tag, on_delete=models.CASCADE, related_name="info")
    description = models.CharField(max_length=500, blank=True)

    def __str__(self) -> str:
        return f"{self.tag_id}: {self.description[:40]}"
