"""Ideas' part of deleting an account (accounts.signals.account_deleting, in the deletion's
transaction): the record that the member was told an idea is done goes (it is about them
alone). The status changes, notes and links reps made stay as they wrote them, by "a former
member" when the rep is the one who left; the history is append-only, with no exception."""

from django.dispatch import receiver

from accounts.signals import account_deleting
from ideas.models import IdeaDoneNotice


@receiver(account_deleting, dispatch_uid="ideas.erase_member")
def erase_member(sender, *, member, **kwargs) -> None:
    IdeaDoneNotice.objects.filter(user=member).delete()
