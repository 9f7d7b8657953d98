"""Ideas' part of deleting an account (accounts.signals.account_deleting, in the deletion's
transaction): the record that the member was told an idea is done goes (it is about them
alone), and their name leaves the reps' public notes in the ideas' histories
(IdeaStatusChange.erase_names, the history's one explicit erasure path). The changes and
links reps made stay, by "a former member"."""

from django.dispatch import receiver

from accounts.signals import account_deleting
from ideas.models import IdeaDoneNotice, IdeaStatusChange


@receiver(account_deleting, dispatch_uid="ideas.erase_member")
def erase_member(sender, *, member, names, **kwargs) -> None:
    IdeaDoneNotice.objects.filter(user=member).delete()
    IdeaStatusChange.erase_names(names)
