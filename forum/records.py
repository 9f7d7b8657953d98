"""What the forum records about what happened: who did what to a thread (ThreadEvent), the
reputation ledger and its per-tag cache (ReputationEvent, TagReputation), and members'
notifications. Kept apart from forum/models.py, which re-exports them (`from forum.models
import ReputationEvent` works as ever); they name the forum's models by string."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils import timezone
from taggit.models import Tag

if TYPE_CHECKING:
    from forum.models import Thread


class ThreadEvent(models.Model):
    """Who did what to a thread, for the actions whose result does not say it itself:
    accepts and unaccepts, official marks, requests, claims, releases, dismissals, and
    posts withdrawn and restored. Reps read it on the thread's panel."""

    class Kind(models.TextChoices):
        ACCEPTED = "accepted", "accepted an answer"
        UNACCEPTED = "unaccepted", "took back the accept"
        MARKED_OFFICIAL = "marked_official", "marked an answer official"
        UNMARKED_OFFICIAL = "unmarked_official", "took an official mark away"
        OFFICIAL_REQUESTED = "official_requested", "asked for an official answer"
        CLAIMED = "claimed", "claimed the thread"
        CLAIM_TAKEN_OVER = "claim_taken_over", "took the claim over"
        RELEASED = "released", "released the claim"
        DISMISSED = "dismissed", "dismissed it from the queue"
        UNDISMISSED = "undismissed", "put it back in the queue"
        MARKED_DONE = "marked_done", "marked the follow-up done"
        DONE_UNDONE = "done_undone", "undid “done”: the follow-up waits again"
        ASSIGNED = "assigned", "assigned the thread"
        WITHDRAWN = "withdrawn", "withdrew a post"
        RESTORED = "restored", "restored a withdrawn post"
        CASE_RELEASED = "case_released", "took the private case back for the team"

    thread = models.ForeignKey("Thread", on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    kind = models.CharField(max_length=32, choices=Kind.choices)
    post = models.ForeignKey("Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # Whom it was done to ("assigned the thread to Rita", "took the private case back for the
    # team from Rita"): by id, so that the panel names them as they are called now, and "a
    # former member" once they have left.
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Words the actor gave (a dismissal's reason); never a name the site copied.
    note = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["thread", "created_at"], name="threadevent_thread_time_idx")]

    def __str__(self) -> str:
        return f"{self.actor_id} {self.get_kind_display()} on {self.thread_id}"

    @property
    def subject_word(self) -> str:
        """The word before the subject's name: a case is taken back from its rep; a thread is
        assigned to one."""
        return "from" if self.kind == self.Kind.CASE_RELEASED else "to"

    @classmethod
    def record(cls, *, thread: Thread, actor, kind: str, at, post=None, subject=None, note: str = "") -> ThreadEvent:
        """Call inside the transaction of the action it records."""
        return cls.objects.create(
            thread=thread, actor=actor, kind=kind, post=post, subject=subject, note=note[:500], created_at=at
        )


class ReputationEvent(models.Model):
    """The reputation ledger: append-only, the truth that User.reputation and TagReputation
    cache. Each row records the delta actually applied (after the daily cap and the floor),
    so that summing the ledger gives the caches back exactly."""

    class Reason(models.TextChoices):
        QUESTION_UPVOTED = "question_upvoted", "Question upvoted"
        ANSWER_UPVOTED = "answer_upvoted", "Answer upvoted"
        POST_DOWNVOTED = "post_downvoted", "Post downvoted"
        DOWNVOTE_GIVEN = "downvote_given", "Downvoted an answer"
        ANSWER_ACCEPTED = "answer_accepted", "Answer accepted"
        ACCEPTED_AN_ANSWER = "accepted_an_answer", "Accepted an answer"
        ANSWER_MARKED_OFFICIAL = "answer_marked_official", "Answer marked official"
        POST_HIDDEN = "post_hidden", "Post hidden as spam or abuse"
        POST_WITHDRAWN = "post_withdrawn", "Post withdrawn"
        ADJUSTMENT = "adjustment", "Adjusted by an administrator"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reputation_events")
    delta = models.IntegerField()
    reason = models.CharField(max_length=32, choices=Reason.choices)
    # True on the row that undoes an earlier one (a vote undone, an accept moved).
    is_reversal = models.BooleanField(default=False)
    # Who caused it (the voter, the accepter, the rep): the daily cap and reversal of one
    # person's vote are computed per actor.
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    post = models.ForeignKey("Post", null=True, on_delete=models.SET_NULL, related_name="+")
    thread = models.ForeignKey("Thread", null=True, on_delete=models.SET_NULL, related_name="+")
    tags = models.JSONField(default=list)  # the thread's tag names when it happened
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="ledger_user_time_idx"),
            models.Index(fields=["post", "actor", "reason"], name="ledger_post_actor_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.delta:+d} {self.get_reason_display()} for {self.user_id}"


class TagReputation(models.Model):
    """Cache: the reputation a member earned on threads carrying one tag (relative influence)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tag_reputations")
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="+")
    reputation = models.IntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "tag"], name="one_tag_reputation_per_user_and_tag")]
        indexes = [models.Index(fields=["user", "-reputation"], name="tag_reputation_user_idx")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.reputation} in {self.tag_id}"


class Notification(models.Model):
    """Something a member should see: shown on the site, and emailed if they opted in.

    Who did it is the actor, by id, never a copy of their name: the text is what follows the
    name ("answered “…”"), and `message` puts the actor's name in front when it is read, so a
    member who renames reads as they are called now, and one who deletes their account as "a
    former member", without anyone's notification being rewritten."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    # PROTECT, as a post's author: the people who did things are kept (deleting an account
    # keeps its row), and a notification must never lose its subject.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    text = models.CharField(max_length=300)
    # Lines that say more (the threads an escalation is about), on the site and in the email.
    details = models.TextField(blank=True)
    url = models.CharField(max_length=500, blank=True)
    thread = models.ForeignKey("Thread", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    # What happened, for news that is told once (notify(once_key=...)): "milestone:12:10", an
    # answer reaching 10 votes. Empty for news that may come again (each new answer, message).
    once_key = models.CharField(max_length=100, blank=True, default="")
    # News that comes in waves ("reports" for moderators: a spam wave's hides) gathers in one
    # notification per recipient while its email waits (forum/notification_batches.py):
    # `batched` is how many events it tells of.
    batch_key = models.CharField(max_length=50, blank=True, default="")
    batched = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient"], condition=models.Q(read_at__isnull=True), name="notification_unread_idx")
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "once_key"], condition=~models.Q(once_key=""), name="notification_told_once"
            ),
            # One gathering batch per recipient and key: two events at once add to one.
            models.UniqueConstraint(
                fields=["recipient", "batch_key"],
                condition=~models.Q(batch_key="") & models.Q(emailed_at__isnull=True, read_at__isnull=True),
                name="notification_one_open_batch",
            ),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def message(self) -> str:
        """What the recipient reads, on the site and in the email: the actor's name as it is
        now, then the text. Lists select_related("actor")."""
        if self.actor_id is None:
            return self.text
        return f"{self.actor.name} {self.text}"
