"""The engine's part of deleting an account (accounts.signals.account_deleting, in the
deletion's transaction): claims the member held go back to the queue, the tags they looked
after are theirs no more, and their name leaves the reasons reps gave for dismissals. Their
requests for an official answer stay (reps see "a former member" asked)."""

from django.dispatch import receiver

from accounts.erasure import scrub_rows
from accounts.signals import account_deleting
from responses.models import QueueClaim, QueueDismissal, RepTag


@receiver(account_deleting, dispatch_uid="responses.erase_member")
def erase_member(sender, *, member, names, **kwargs) -> None:
    QueueClaim.objects.filter(claimed_by=member).delete()
    RepTag.objects.filter(rep=member).delete()
    scrub_rows(QueueDismissal.objects.all(), ["reason"], names)
