"""Private cases: a conversation between a thread's asker and the reps team, opened by a rep
from the thread (design, "Taking it private, then public again").

Only the asker (the case's customer), reps and leads ever read a case or any part of it
(cases/permissions.py); the public thread says only that a representative reached out.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from cases.conf import conf
from cases.querysets import CaseQuerySet


class Case(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        RESOLVED = "resolved", "Resolved"

    thread = models.ForeignKey("forum.Thread", on_delete=models.CASCADE, related_name="cases")
    # The thread's asker when the case was opened: the one member who may read it.
    customer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cases")
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(default=timezone.now)
    # The rep who looks after it (the opener, until another rep takes it); None when the rep
    # left. Any rep or lead may still read and reply.
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.OPEN)
    last_message_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # For the customer: what was done. Markdown, rendered and sanitised when saved.
    summary = models.TextField(blank=True)
    summary_html = models.TextField(blank=True)
    # For everyone else affected (issue 27): the resolution note the rep posted on the thread
    # (a reply under the question, public: what was wrong and what was done, nothing private).
    public_note = models.ForeignKey("forum.Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # A second case on the same thread links to the one before it.
    follows = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["opened_at", "pk"]
        constraints = [
            # One conversation at a time per thread: a second "open a case" finds the first.
            models.UniqueConstraint(
                fields=["thread"], condition=models.Q(status="open"), name="one_open_case_per_thread"
            ),
            models.CheckConstraint(
                condition=models.Q(status="open", resolved_at=None)
                | models.Q(status="resolved", resolved_at__isnull=False),
                name="case_resolved_when_it_has_a_resolution_time",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "opened_at"], name="case_status_opened_idx"),
            models.Index(fields=["customer", "-last_message_at"], name="case_customer_idx"),
        ]

    def __str__(self) -> str:
        return f"Case {self.pk} on thread {self.thread_id}"

    def get_absolute_url(self) -> str:
        return reverse("cases:case", kwargs={"case_id": self.pk})

    @property
    def is_open(self) -> bool:
        return self.status == Case.Status.OPEN

    @property
    def reopenable_until(self):
        """Until when either side may reopen it (conf.REOPEN_WINDOW); None while it is open."""
        return self.resolved_at + conf.REOPEN_WINDOW if self.resolved_at else None

    @property
    def rendered_summary(self) -> SafeString:
        # summary_html was produced by forum/markdown.py's allow-list sanitiser when saved.
        return mark_safe(self.summary_html)


class CaseMessage(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(max_length=30_000)
    body_html = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["case", "created_at"], name="casemessage_case_time_idx")]

    def __str__(self) -> str:
        return f"Message {self.pk} in case {self.case_id}"

    @property
    def rendered(self) -> SafeString:
        # body_html was produced by forum/markdown.py's allow-list sanitiser when saved.
        return mark_safe(self.body_html)


class Invitation(models.Model):
    """After a case is resolved, its customer is invited, once, to accept an answer, post an
    update in the thread, or do nothing. One row per case: the schema itself keeps it once."""

    class Answer(models.TextChoices):
        ACCEPTED = "accepted", "accepted an answer"
        UPDATED = "updated", "posted an update"
        DISMISSED = "dismissed", "dismissed the invitation"

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="invitation")
    sent_at = models.DateTimeField(default=timezone.now)
    answer = models.CharField(max_length=16, choices=Answer.choices, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    # The answer it accepted, or the update it posted.
    post = models.ForeignKey("forum.Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    def __str__(self) -> str:
        return f"Invitation for case {self.case_id}: {self.answer or 'pending'}"

    @property
    def is_pending(self) -> bool:
        return self.answered_at is None
