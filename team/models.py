"""The audit log of the leads' changes to how the team works: lags, tags and roles."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from accounts.erasure import Names, scrub_rows
from config.append_only import AppendOnlyModel


class TeamChange(AppendOnlyModel):
    """One change a lead made in /team/ (or `manage.py setup` made): who, what, to what.
    Append-only: written once by team/actions.py, never changed or deleted, except that a
    member who deletes their account is erased from it (erase_names)."""

    class Action(models.TextChoices):
        SET_DEFAULT_LAG = "set_default_lag", "set the default lag"
        SET_TAG_LAG = "set_tag_lag", "set the lag of a tag"
        REMOVE_TAG_LAG = "remove_tag_lag", "removed the lag of a tag"
        CREATE_TAG = "create_tag", "created a tag"
        RENAME_TAG = "rename_tag", "renamed a tag"
        DESCRIBE_TAG = "describe_tag", "described a tag"
        MERGE_TAGS = "merge_tags", "merged a tag into another"
        GRANT_ROLE = "grant_role", "granted a role"
        REVOKE_ROLE = "revoke_role", "revoked a role"

    # Null for `manage.py setup`, which runs before anyone can log in.
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(max_length=20, choices=Action.choices)
    # What was changed, in words that outlive it (a tag's name, a person's email).
    subject = models.CharField(max_length=200)
    detail = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.actor_id} {self.get_action_display()}: {self.subject}"

    @classmethod
    def erase_names(cls, names: Names) -> int:
        """The one change ever made to this log: the email or name of a member who deleted
        their account becomes "a former member" in subjects and details (README, "Leaving").
        Returns the changes rewritten."""

        def update(change_id: int, **values: str) -> None:
            # Past the append-only guard on purpose: personal data is the one exception.
            models.QuerySet.update(cls.objects.filter(pk=change_id), **values)

        return scrub_rows(cls.objects.all(), ["subject", "detail"], names, update=update)
