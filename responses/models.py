"""What the response-time engine keeps: each thread's waiting state (ResponseState, written
only by responses/waiting.py), per-tag lags, who asked for an official answer, who claimed a
queue item, why one was dismissed, and official replies held for a lead's second look."""

from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from forum.models import Thread
from responses.querysets import QueueThreadManager
from responses.stored import StandingCopied, StoredTiming  # noqa: F401 (models of this app)


class LagPolicy(models.Model):
    """How long a thread with this tag may wait for a first response before it is overdue.

    A thread takes the shortest lag among its tags; a tag without a policy has the default
    (conf.UNANSWERED_LAG)."""

    tag = models.OneToOneField(Tag, on_delete=models.CASCADE, related_name="lag_policy")
    lag_minutes = models.PositiveIntegerField(validators=[MinValueValidator(1)])

    class Meta:
        verbose_name_plural = "lag policies"
        ordering = ["lag_minutes"]
        constraints = [models.CheckConstraint(condition=models.Q(lag_minutes__gte=1), name="lag_at_least_a_minute")]

    def __str__(self) -> str:
        return f"{self.tag}: {self.lag_minutes} min"

    # The threads in the tag store their lag (ResponseState.lag_minutes): it follows the policy.
    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        from responses import waiting

        waiting.refresh_lags_of_tags([self.tag_id])

    def delete(self, *args, **kwargs):
        tag_id = self.tag_id
        deleted = super().delete(*args, **kwargs)
        from responses import waiting

        waiting.refresh_lags_of_tags([tag_id])
        return deleted

    @property
    def lag(self) -> timedelta:
        return timedelta(minutes=self.lag_minutes)


class QueueClaim(models.Model):
    """A rep has taken a queue item, or a lead gave it to them (assigned_by); others see who
    has it."""

    thread = models.OneToOneField("forum.Thread", on_delete=models.CASCADE, related_name="queue_claim")
    claimed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    claimed_at = models.DateTimeField(default=timezone.now)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"{self.thread_id} claimed by {self.claimed_by_id}"


class RepTag(models.Model):
    """A tag a rep looks after: their queue view and notices default to their tags' threads
    (ResponseTimeQuerySet.routed_to, responses/querysets.py), with the whole queue one click away."""

    rep = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="rep_tags")
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["rep", "tag"], name="one_rep_tag_per_rep_and_tag")]

    def __str__(self) -> str:
        return f"{self.rep_id} looks after {self.tag_id}"


class OfficialRequest(models.Model):
    """A member asked for an official answer on a thread: who and when. Reps see these on
    the thread's panel and in the queue; the per-member rate limit counts them."""

    thread = models.ForeignKey("forum.Thread", on_delete=models.CASCADE, related_name="official_requests")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["requested_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["thread", "requested_by"], name="one_official_request_per_member")
        ]
        indexes = [models.Index(fields=["requested_by", "-requested_at"], name="officialrequest_member_idx")]

    def __str__(self) -> str:
        return f"{self.requested_by_id} asked for an official answer on {self.thread_id}"


class QueueDismissal(models.Model):
    """A rep took a thread out of the official-response queue, saying why (leads see it)."""

    thread = models.OneToOneField("forum.Thread", on_delete=models.CASCADE, related_name="queue_dismissal")
    dismissed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=500)
    dismissed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-dismissed_at"]

    def __str__(self) -> str:
        return f"{self.thread_id} dismissed: {self.reason}"


class DoneRecord(models.Model):
    """A rep marked a customer's follow-up done without a reply (responses/done.py): who, why,
    and what undoing it within DONE_UNDO_WINDOW puts back exactly: the follow-up's time (the
    queue's place and clock) and the claim as it was."""

    thread = models.ForeignKey("forum.Thread", on_delete=models.CASCADE, related_name="+")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=500)
    at = models.DateTimeField(default=timezone.now)
    # ResponseState as it was: the follow-up (its clock) and since when it waited in the queue.
    follow_up_at = models.DateTimeField()
    waiting_since = models.DateTimeField(null=True, blank=True)
    # The claim "done" let go of, if any: who held it, since when, and the lead who assigned it.
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    claimed_at = models.DateTimeField(null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    undone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["thread", "-at"], name="donerecord_thread_idx")]

    def __str__(self) -> str:
        return f"{self.thread_id} marked done by {self.by_id}: {self.reason}"


class EngineSettings(models.Model):
    """Settings the leads change in the site (one row, pk 1). Until a lead saves them, the
    deployment's settings apply (conf.UNANSWERED_LAG). Read through responses/lags.py."""

    default_lag_minutes = models.PositiveIntegerField(validators=[MinValueValidator(1)])

    class Meta:
        verbose_name_plural = "engine settings"
        constraints = [
            models.CheckConstraint(condition=models.Q(pk=1), name="engine_settings_single_row"),
            models.CheckConstraint(
                condition=models.Q(default_lag_minutes__gte=1), name="default_lag_at_least_a_minute"
            ),
        ]

    def __str__(self) -> str:
        return f"default lag {self.default_lag_minutes} min"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        from responses import waiting

        waiting.refresh_lags_of_tags(None)  # every thread's stored lag may rest on the default


class QueueWeights(models.Model):
    """The leads' weights for the queue's priority (one row, pk 1; conf.QUEUE_WEIGHTS and the
    spike settings until they save): how much anger and how much velocity count, 0 to 15
    points each (responses/priority.py), and what makes a spike (responses/spikes.py)."""

    heat_weight = models.FloatField(validators=[MinValueValidator(0), MaxValueValidator(15)])
    velocity_weight = models.FloatField(validators=[MinValueValidator(0), MaxValueValidator(15)])
    spike_me_toos = models.PositiveSmallIntegerField(validators=[MinValueValidator(2), MaxValueValidator(500)])
    spike_minutes = models.PositiveSmallIntegerField(validators=[MinValueValidator(5), MaxValueValidator(1440)])

    class Meta:
        verbose_name_plural = "queue weights"
        constraints = [
            models.CheckConstraint(condition=models.Q(pk=1), name="queue_weights_single_row"),
            # The no-starvation bound (responses/priority.py) holds only for weights up to 15.
            models.CheckConstraint(
                condition=models.Q(heat_weight__gte=0, heat_weight__lte=15, velocity_weight__gte=0)
                & models.Q(velocity_weight__lte=15),
                name="queue_weights_within_bounds",
            ),
        ]

    def __str__(self) -> str:
        return f"heat {self.heat_weight}, velocity {self.velocity_weight}"


class Spike(models.Model):
    """A thread drawing "me too"s fast (responses/spikes.py): at least the leads' number within
    their minutes. Open (ended_at None) until the pace falls back to under half of it; one open
    spike per thread, so the reps and leads are told once per spike."""

    thread = models.ForeignKey("forum.Thread", on_delete=models.CASCADE, related_name="+")
    started_at = models.DateTimeField()
    me_toos = models.PositiveIntegerField()  # within the window when it started
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["thread"], condition=models.Q(ended_at=None), name="one_open_spike_per_thread"
            )
        ]
        indexes = [models.Index(fields=["-started_at"], name="spike_started_idx")]

    def __str__(self) -> str:
        return f"{self.thread_id} spiking from {self.started_at:%Y-%m-%d %H:%M}"


class SecondLook(models.TextChoices):
    """Whether a rep's official reply on a hot thread waits for a lead first (issue 27)."""

    OFF = "off", "Off: official replies go out at once"
    SUGGESTED = "suggested", "Suggested: reps choose, asked by default on hot threads"
    REQUIRED = "required", "Required: every rep's official reply on a hot thread waits for a lead"


class ReviewPolicy(models.Model):
    """The leads' choice of SecondLook (one row, pk 1); conf.SECOND_LOOK until they make one.
    Read through responses/second_look.py."""

    hot_replies = models.CharField(max_length=10, choices=SecondLook.choices)

    class Meta:
        verbose_name_plural = "review policy"
        constraints = [models.CheckConstraint(condition=models.Q(pk=1), name="review_policy_single_row")]

    def __str__(self) -> str:
        return f"second look on hot threads: {self.hot_replies}"


class HeldReply(models.Model):
    """A rep's official reply on a hot thread, held for a lead's second look before it is
    public (responses/second_look.py). The thread's clock keeps running meanwhile: nothing
    here is a response. Approved, it becomes the official answer, which says when it was
    written and who looked at it (forum.Post.written_at, reviewed_by); returned, it goes back
    to its author with the lead's note."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for a lead"
        PUBLISHED = "published", "Approved and published"
        RETURNED = "returned", "Returned to its author"

    thread = models.ForeignKey("forum.Thread", on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    body = models.TextField(max_length=30_000)
    written_at = models.DateTimeField(default=timezone.now)
    # The rep asked for it (SUGGESTED) or the policy required it: leads see which.
    asked = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    edited = models.BooleanField(default=False)  # the lead changed the words before approving
    note = models.CharField(max_length=1000, blank=True)  # why the lead returned it
    post = models.OneToOneField("forum.Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["written_at", "pk"]
        verbose_name_plural = "held replies"
        constraints = [
            # One draft waiting per rep and thread: sending again replaces its words.
            models.UniqueConstraint(
                fields=["thread", "author"],
                condition=models.Q(status="pending"),
                name="one_held_reply_per_rep_and_thread",
            )
        ]
        indexes = [models.Index(fields=["status", "written_at"], name="heldreply_status_idx")]

    def __str__(self) -> str:
        return f"{self.author_id}'s reply on {self.thread_id}: {self.status}"

    def get_absolute_url(self) -> str:
        return reverse("responses:held_reply", args=[self.pk])


class ResponseState(models.Model):
    """The engine's own facts about one thread, one row per thread (made with the thread by
    forum.actions.ask_question through the engine port, forum/engine.py). Written only by
    responses/waiting.py and the periodic jobs (responses/jobs.py)."""

    thread = models.OneToOneField(
        "forum.Thread", primary_key=True, on_delete=models.CASCADE, related_name="response_state"
    )
    first_response_at = models.DateTimeField(null=True, blank=True)
    first_official_at = models.DateTimeField(null=True, blank=True)
    overdue_at = models.DateTimeField(null=True, blank=True)
    escalation_level = models.PositiveSmallIntegerField(default=0)
    escalated_at = models.DateTimeField(null=True, blank=True)
    # A member asked for an official answer: the thread enters the official-response queue.
    official_requested_at = models.DateTimeField(null=True, blank=True)
    # Since when the thread has waited in the official-response queue: its creation when it
    # was marked overdue (unanswered past its lag), the request when a member asked for an
    # official answer. Priority and escalation count from here, so that asking on an old
    # thread does not make it look as if the customer had waited since it was created.
    waiting_since = models.DateTimeField(null=True, blank=True)
    # The customer (the asker, or a member who said "me too") replied after the company's
    # official answer: the thread waits on the company again, back in the queue with its
    # clock from this reply, until a rep answers officially or marks it done.
    follow_up_at = models.DateTimeField(null=True, blank=True)
    # A rep asked the customer for a detail in a reply (issue 27: "can you tell me your router
    # model?"): the thread waits on the customer, out of the queue and its clocks, until the
    # customer replies, which puts it back in the queue as a follow-up.
    detail_requested_at = models.DateTimeField(null=True, blank=True)
    # Nobody had claimed the queue item by half its lag: every rep was told it is theirs to take
    # (responses.jobs.offer_unclaimed_threads). Cleared when the thread re-enters the queue.
    offered_at = models.DateTimeField(null=True, blank=True)
    # Velocity: interest (me too 1, an up-vote on the question 1, a view 0.01) that halves every
    # INTEREST_HALF_LIFE, as of interest_at (responses/velocity.py).
    recent_interest = models.FloatField(default=0)
    interest_at = models.DateTimeField(null=True, blank=True)
    # Heat: how negative the question reads, 0 (calm) to 1 (furious), scored by forum/heat.py
    # whenever the question is saved. A part of the queue's priority.
    heat = models.FloatField(default=0)
    # The thread's lag (the shortest among its tags' policies, else the default), stored so
    # that the jobs and the queue read one column: refreshed by responses/waiting.py when the
    # thread's tags, a lag policy or the default lag change.
    lag_minutes = models.PositiveIntegerField(default=0)
    # When the current wait breaches the lag: the question's creation (or the customer's
    # follow-up) plus the lag. The overdue job's index scan.
    due_at = models.DateTimeField(null=True, blank=True)
    # In the official-response queue by the engine's own rule (waiting.QUEUED): kept by the
    # recorder on every change, so the queue and the jobs scan a partial index.
    queued = models.BooleanField(default=False)
    # When the queue item reaches its next escalation level, and when it is offered to every
    # rep: stored by the recorder with `due_at`, so that those two jobs read an index instead
    # of comparing every queued row's wait with its lag. Null when nothing is due: the thread
    # is closed or out of the queue, at level 2, already offered, overdue or claimed.
    escalates_at = models.DateTimeField(null=True, blank=True)
    offers_at = models.DateTimeField(null=True, blank=True)
    # The thread's own facts that the times above are derived from, copied by the recorder
    # when they change (thread_created, open_changed): when it was asked, and whether the
    # engine times it at all (an open question: forum's open(), kind question). Read from
    # forum_thread row by row, they were most of the jobs' time over a backlog (issue 25).
    asked_at = models.DateTimeField(null=True, blank=True)
    timed = models.BooleanField(default=False)
    # The asker's best reputation among the thread's tags (forum.TagReputation), the queue
    # priority's relative influence: copied by the recorder when the thread is made, reopened
    # or retagged, and after votes by the beat (responses.jobs.refresh_askers_standing).
    # Read per row by a subquery, it was a quarter of the queue's ordering (issue 25).
    asker_tag_reputation = models.IntegerField(default=0)

    class Meta:
        indexes = [
            # The overdue job: threads past due_at not yet marked.
            models.Index(fields=["due_at"], condition=models.Q(overdue_at=None), name="state_due_idx"),
            # The escalation and offer jobs, the queue page and its count.
            models.Index(fields=["waiting_since"], condition=models.Q(queued=True), name="state_queued_idx"),
            models.Index(
                fields=["escalates_at"], condition=models.Q(escalates_at__isnull=False), name="state_escalates_idx"
            ),
            models.Index(fields=["offers_at"], condition=models.Q(offers_at__isnull=False), name="state_offers_idx"),
        ]

    def __str__(self) -> str:
        return f"Response state of {self.thread_id}"


class QueueThread(Thread):
    """forum.Thread read through the engine's rules (responses/querysets.py):
    `QueueThread.objects.awaiting_official().with_priority(now=now)`."""

    objects = QueueThreadManager()

    class Meta:
        proxy = True
