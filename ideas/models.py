"""Ideas: a thread of kind `idea` that members vote on (its question is what they vote on, with
the forum's own vote box), the status reps give it with a public note, the history of those
changes, the support threads linked to it, and who has been told it is done."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from config.append_only import AppendOnlyModel
from forum.models import Thread
from ideas.querysets import IdeaLinkQuerySet, IdeaQuerySet, IdeaStatusChangeQuerySet


class IdeaStatus(models.TextChoices):
    OPEN = "open", "Open for votes"
    UNDER_REVIEW = "under_review", "Under review"
    PLANNED = "planned", "Planned"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    DECLINED = "declined", "Declined"


class Idea(models.Model):
    """The idea's own state beside its thread. Its primary key is the thread's id, so "idea #N"
    is the thread /t/N/. Made with its question by ideas.actions.post_idea, the only way an idea
    thread is made."""

    Status = IdeaStatus

    thread = models.OneToOneField(Thread, primary_key=True, on_delete=models.CASCADE, related_name="idea")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.OPEN, db_index=True)
    # When a rep last changed the status (the latest IdeaStatusChange); None while it is open.
    status_changed_at = models.DateTimeField(null=True, blank=True)

    objects = IdeaQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(status__in=IdeaStatus.values), name="idea_status_known"),
        ]

    def __str__(self) -> str:
        return f"Idea #{self.pk}"

    def get_absolute_url(self) -> str:
        return self.thread.get_absolute_url()

    @property
    def number(self) -> int:
        return self.pk

    @property
    def is_done(self) -> bool:
        return self.status == Idea.Status.DONE


# The statuses a rep sets; "open" is only where every idea starts.
SETTABLE_STATUSES = [status for status in Idea.Status if status != Idea.Status.OPEN]


class IdeaStatusChange(AppendOnlyModel):
    """One status a rep gave an idea, with its public note: the idea's history, in order.
    Append-only: ideas/actions.py writes it once, and nothing changes it, not even deleting
    an account (the notes are the reps' public words; who made each change is by id)."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="changes")
    previous_status = models.CharField(max_length=16, choices=Idea.Status.choices)
    status = models.CharField(max_length=16, choices=Idea.Status.choices)
    note = models.TextField(max_length=5_000)
    # Rendered and sanitised when written (forum/markdown.py); templates show it as it is.
    note_html = models.TextField()
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(default=timezone.now)

    objects = IdeaStatusChangeQuerySet.as_manager()

    class Meta:
        ordering = ["changed_at", "pk"]
        indexes = [models.Index(fields=["idea", "changed_at"], name="ideastatus_idea_time_idx")]

    def __str__(self) -> str:
        return f"Idea #{self.idea_id}: {self.previous_status} -> {self.status}"

    @property
    def rendered_note(self) -> SafeString:
        # note_html was produced by forum/markdown.py's allow-list sanitiser when written.
        return mark_safe(self.note_html)


class IdeaLink(models.Model):
    """A rep's "this is idea #N" on a support thread: a thread links to one idea at most."""

    thread = models.OneToOneField(Thread, on_delete=models.CASCADE, related_name="idea_link")
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="links")
    linked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    linked_at = models.DateTimeField(default=timezone.now)

    objects = IdeaLinkQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["idea", "-linked_at"], name="idealink_idea_time_idx")]
        constraints = [
            # The idea's key is its thread's id: no thread is its own idea's support thread.
            models.CheckConstraint(condition=~models.Q(thread=models.F("idea")), name="idealink_not_to_itself"),
        ]

    def __str__(self) -> str:
        return f"Thread {self.thread_id} is idea #{self.idea_id}"


class IdeaDoneNotice(models.Model):
    """A member told that an idea is done, because they asked or said "me too" on a thread
    linked to it: one per (idea, member), so that nobody hears it twice (done again after
    being reopened, or a second linked thread of theirs)."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="done_notices")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    noticed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["idea", "user"], name="one_done_notice_per_idea_and_user")]

    def __str__(self) -> str:
        return f"{self.user_id} told idea #{self.idea_id} is done"
