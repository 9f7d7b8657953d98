from django.conf import settings
from django.db import models
from django.utils import timezone

from config.append_only import AppendOnlyModel


class SuspiciousVoting(models.Model):
    """A record of one voter giving one author more votes than REPUTATION_SUSPICIOUS_VOTES
    in 24 hours: a pattern for moderators to look at (the reports queue will read these)."""

    voter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    vote_count = models.PositiveIntegerField()
    detected_at = models.DateTimeField(default=timezone.now)
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "suspicious voting"
        constraints = [
            # At most one open record per pair; a reviewed one may be followed by a new one.
            models.UniqueConstraint(
                fields=["voter", "author"], condition=models.Q(reviewed_at=None), name="one_open_voting_record_per_pair"
            )
        ]

    def __str__(self) -> str:
        return f"{self.voter_id} voted {self.vote_count} times for {self.author_id}"


class Flag(models.Model):
    """One member's report of one post. Open flags of a post are its entry in the reports
    queue; a moderator's decision closes them all as upheld or dismissed, which is what a
    flagger's accuracy (and so their flags' weight) is computed from."""

    class Reason(models.TextChoices):
        SPAM = "spam", "Spam"
        ABUSE = "abuse", "Abuse"
        RUDE = "rude", "Rude or disrespectful"
        OFF_TOPIC = "off_topic", "Off-topic"
        PERSONAL_DATA = "personal_data", "Personal data"
        NEEDS_OFFICIAL = "needs_official", "Needs an official response"
        OTHER = "other", "Other"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        UPHELD = "upheld", "Upheld"
        DISMISSED = "dismissed", "Dismissed"
        ROUTED = "routed", "Sent to the official-response queue"

    post = models.ForeignKey("forum.Post", on_delete=models.CASCADE, related_name="flags")
    flagger = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="flags")
    reason = models.CharField(max_length=20, choices=Reason.choices)
    note = models.CharField(max_length=500, blank=True)
    weight = models.PositiveSmallIntegerField()  # as it was when flagged
    # A spam flag from a proven flagger (moderation/actions/flags.py), as it was when flagged:
    # only these count towards hiding a post automatically.
    counts_towards_hide = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["post", "flagger"], condition=models.Q(status="open"), name="one_open_flag_per_member_and_post"
            )
        ]
        indexes = [
            models.Index(fields=["status", "created_at"], name="flag_status_time_idx"),
            models.Index(fields=["flagger", "status"], name="flag_flagger_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.flagger_id} flagged post {self.post_id} as {self.reason}"


class ReportClaim(models.Model):
    """A moderator working a flagged post ("I'm on it"), so that two moderators do not work the
    same report. Gone when a decision is made on the post, or when they release it."""

    post = models.OneToOneField("forum.Post", on_delete=models.CASCADE, related_name="report_claim")
    moderator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    claimed_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.moderator_id} is on post {self.post_id}"


class ReviewRequest(models.Model):
    """The author of a hidden post asks a moderator to look again: once per hide."""

    post = models.ForeignKey("forum.Post", on_delete=models.CASCADE, related_name="review_requests")
    note = models.CharField(max_length=500, blank=True)
    hidden_at = models.DateTimeField()  # the hide it is about: one request per hide
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["post", "hidden_at"], name="one_review_request_per_hide")]

    def __str__(self) -> str:
        return f"review of post {self.post_id}"


class FirstLook(models.Model):
    """A new member's post for a moderator's look: their first post with links (shown at once,
    marked as new), or an answer with a watched word or link domain in it (held: hidden until a
    moderator has looked, moderation/first_posts.py)."""

    post = models.OneToOneField("forum.Post", on_delete=models.CASCADE, related_name="first_look")
    created_at = models.DateTimeField(default=timezone.now)
    looked_at = models.DateTimeField(null=True, blank=True)
    held = models.BooleanField(default=False)
    watched = models.CharField(max_length=200, blank=True)  # the watched words it contains

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"first look at post {self.post_id}"


class WatchedWord(models.Model):
    """A word, a phrase or a link domain ("example.com") that holds a new member's answer for a
    moderator's first look before it is public: the pre-moderation Discourse and Askbot offer."""

    text = models.CharField(max_length=100, unique=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["text"]

    def __str__(self) -> str:
        return self.text

    @property
    def is_domain(self) -> bool:
        return "." in self.text and " " not in self.text


class LogEntry(AppendOnlyModel):
    """One moderation action: the public moderation log. Append-only: written once by
    moderation/actions/log.py, never changed or deleted (not even in the admin, not even by
    deleting an account: the reasons are the moderators' words, and who acted and on whom are
    held by id, reading "a former member" once they have left)."""

    class Action(models.TextChoices):
        DISMISS_FLAGS = "dismiss_flags", "dismissed the flags on"
        HIDE = "hide", "hid"
        AUTO_HIDE = "auto_hide", "hid pending review (members' spam flags reached the threshold)"
        PRIVACY_HOLD = "privacy_hold", "held for a personal-data check"
        RESTORE = "restore", "restored"
        KEEP_HIDDEN = "keep_hidden", "reviewed and kept hidden"
        LOCK = "lock", "locked"
        UNLOCK = "unlock", "unlocked"
        CLOSE_DUPLICATE = "close_duplicate", "closed as a duplicate"
        SUSPEND = "suspend", "suspended"
        LIFT_SUSPENSION = "lift_suspension", "lifted the suspension of"
        REVERSE_VOTES = "reverse_votes", "reversed the serial votes of"
        CLEAR_VOTING = "clear_voting", "found nothing wrong in the votes of"
        FIRST_LOOK = "first_look", "looked at a new member's first post"
        REDACT_REVISION = "redact_revision", "redacted a revision of"
        EDIT = "edit", "edited"
        DELETE_ACCOUNT = "delete_account", "deleted the account of"

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(max_length=20, choices=Action.choices)
    post = models.ForeignKey("forum.Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    thread = models.ForeignKey("forum.Thread", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "log entries"

    def __str__(self) -> str:
        return f"{self.actor_id} {self.get_action_display()} ({self.reason})"

    @property
    def is_by_the_member(self) -> bool:
        """The member acted on acted themselves (an author redacting their own revision): the
        log says "its author", so that a member's name is not shown to everyone."""
        return self.actor_id is not None and self.actor_id == self.member_id
