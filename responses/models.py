"""What the response-time engine keeps besides the thread's own timestamps: per-tag lags,
who asked for an official answer, who claimed a queue item, and why one was dismissed."""

from datetime import timedelta

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from taggit.models import Tag


class LagPolicy(models.Model):
    """How long a thread with this tag may wait for a first response before it is overdue.

    A thread takes the shortest lag among its tags; a tag without a policy has the default
    (settings.UNANSWERED_LAG)."""

    tag = models.OneToOneField(Tag, on_delete=models.CASCADE, related_name="lag_policy")
    lag_minutes = models.PositiveIntegerField(validators=[MinValueValidator(1)])

    class Meta:
        verbose_name_plural = "lag policies"
        ordering = ["lag_minutes"]
        constraints = [models.CheckConstraint(condition=models.Q(lag_minutes__gte=1), name="lag_at_least_a_minute")]

    def __str__(self) -> str:
        return f"{self.tag}: {self.lag_minutes} min"

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


class EngineSettings(models.Model):
    """Settings the leads change in the site (one row, pk 1). Until a lead saves them, the
    deployment's settings apply (settings.UNANSWERED_LAG). Read through responses/lags.py."""

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
