"""What closing the loop keeps: the tags members follow, for each member who chose the weekly
digest when it last looked for them and which questions that look covered, and which askers
were reminded to accept an answer (reminders/actions.py)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from taggit.models import Tag


class TagFollow(models.Model):
    """A member who follows a tag: its unanswered threads come in their weekly digest, if they
    chose one. (It lived in forum until issue 25; the table moved with its rows.)"""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tag_follows")
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "tag"], name="one_tag_follow_per_user_and_tag")]

    def __str__(self) -> str:
        return f"{self.user_id} follows tag {self.tag_id}"


class AcceptReminder(models.Model):
    """The asker of this thread was reminded, once, to accept an answer or say what is missing
    (a column of the thread until issue 25). No row: not reminded."""

    thread = models.OneToOneField(
        "forum.Thread", primary_key=True, on_delete=models.CASCADE, related_name="accept_reminder"
    )
    reminded_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Asker of {self.thread_id} reminded at {self.reminded_at:%Y-%m-%d %H:%M}"


class MemberDigest(models.Model):
    """One row per member the digest has looked at. A run claims the row (checked_at, and the
    window moved on to end at the run's time) before it sends, so two runs send once; a run
    that finds nothing new still moves the window, and the next digest starts from there.

    A foreign key with a unique constraint rather than a one-to-one field, so that the
    personal-data test (tests/accounts/test_personal_data.py) sees it among the user's keys."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # The last run that looked for this member; due again DIGEST_INTERVAL later. None: due now
    # (a first look, or a send that failed and was released for the next run).
    checked_at = models.DateTimeField(null=True, blank=True)
    # The questions that run covered: asked after covered_from, up to covered_up_to.
    covered_from = models.DateTimeField()
    covered_up_to = models.DateTimeField()
    # The last digest actually emailed, and how many questions it had (listed or counted).
    sent_at = models.DateTimeField(null=True, blank=True)
    thread_count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user"], name="one_digest_row_per_member"),
            models.CheckConstraint(
                condition=models.Q(covered_from__lte=models.F("covered_up_to")), name="digest_window_in_order"
            ),
        ]

    def __str__(self) -> str:
        return f"Digest of user {self.user_id} up to {self.covered_up_to:%Y-%m-%d %H:%M}"
