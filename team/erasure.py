"""The team's part of deleting an account (accounts.signals.account_deleting, in the
deletion's transaction): the audit log names people by their email ("granted a role" to
rita@example.com); a member who left is "a former member" there (TeamChange.erase_names,
the log's one explicit erasure path)."""

from django.dispatch import receiver

from accounts.signals import account_deleting
from team.models import TeamChange


@receiver(account_deleting, dispatch_uid="team.erase_member")
def erase_member(sender, *, names, **kwargs) -> None:
    TeamChange.erase_names(names)
