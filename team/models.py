"""The audit log of the leads' changes to how the team works (lags, tags and roles), and the
staff's private notes on threads."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from accounts.erasure import FORMER_MEMBER
from config.append_only import AppendOnlyModel


class TeamChange(AppendOnlyModel):
    """One change a lead made in /team/ (or `manage.py setup` made): who, what, to what.
    Append-only: written once by team/actions.py, never changed or deleted. People are held
    by id (actor, member), so a member who deletes their account reads "a former member"
    here without the log being edited."""

    class Action(models.TextChoices):
        SET_DEFAULT_LAG = "set_default_lag", "set the default lag"
        SET_SECOND_LOOK = "set_second_look", "set the second look on hot threads"
        SET_QUEUE_WEIGHTS = "set_queue_weights", "set the queue's weights"
        SET_TAG_LAG = "set_tag_lag", "set the lag of a tag"
        REMOVE_TAG_LAG = "remove_tag_lag", "removed the lag of a tag"
        CREATE_TAG = "create_tag", "created a tag"
        RENAME_TAG = "rename_tag", "renamed a tag"
        DESCRIBE_TAG = "describe_tag", "described a tag"
        MERGE_TAGS = "merge_tags", "merged a tag into another"
        GRANT_ROLE = "grant_role", "granted a role"
        REVOKE_ROLE = "revoke_role", "revoked a role"
        SAVE_REPLY = "save_reply", "saved a reply template"
        DELETE_REPLY = "delete_reply", "deleted a reply template"

    # Null for `manage.py setup`, which runs before anyone can log in.
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(max_length=20, choices=Action.choices)
    # What was changed, in words that outlive it (a tag's name); blank for a change to a person.
    subject = models.CharField(max_length=200, blank=True)
    # The person a role was granted to or revoked from.
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    detail = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.actor_id} {self.get_action_display()}: {self.subject or f'user {self.member_id}'}"

    @property
    def what(self) -> str:
        """What was changed, as the log shows it: a person by their email as it is now (their
        name if they have none), "a former member" once they have left. Lists
        select_related("member")."""
        if self.subject or self.action not in (self.Action.GRANT_ROLE, self.Action.REVOKE_ROLE):
            return self.subject
        if self.member is None:
            return FORMER_MEMBER
        return self.member.email or self.member.name  # a deleted account has no email left


class StaffNote(models.Model):
    """A note on a thread for staff only (issue 27; Discourse's whispers): handover between
    reps, leads and moderators ("billing says the refund went out Tuesday"). A table of its
    own, not a kind of post: no member's read (the thread's posts, search, lists, the API,
    feeds, emails, webhooks) can reach it by forgetting a filter. Shown only by
    team/panels.py, to team/permissions.py's can_see_staff_notes."""

    thread = models.ForeignKey("forum.Thread", on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(max_length=2_000)
    # Rendered and sanitised when saved (forum/markdown.py).
    body_html = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["thread", "created_at"], name="staff_note_thread_idx")]

    def __str__(self) -> str:
        return f"Staff note {self.pk} on thread {self.thread_id}"

    @property
    def rendered(self) -> SafeString:
        return mark_safe(self.body_html)  # sanitised by forum/markdown.py when saved


class SavedReply(models.Model):
    """An official-reply template the leads keep for the reps (issue 27), for one tag or for
    every thread (tag None). `{asker}` and `{title}` are filled in when a rep inserts it into
    the answer box, where they edit it before posting: a starting point, never sent as is."""

    name = models.CharField(max_length=100)
    tag = models.ForeignKey("taggit.Tag", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    body = models.TextField(max_length=5_000)
    updated_at = models.DateTimeField(default=timezone.now)
    # SET_NULL: a saved reply outlives the lead who wrote it.
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    def filled(self, *, asker: str, title: str) -> str:
        """The body with its placeholders filled; any other brace is left as written."""
        return self.body.replace("{asker}", asker).replace("{title}", title)
