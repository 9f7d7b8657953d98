"""The engine's part of deleting an account (accounts.signals.account_deleting, in the
deletion's transaction): claims the member held go back to the queue, and the tags they looked
after are theirs no more. Their requests for an official answer stay (reps see "a former
member" asked), and the reasons reps gave for dismissals stay as the reps wrote them."""

from django.dispatch import receiver

from accounts.signals import account_deleting
from responses import waiting
from responses.models import QueueClaim, RepTag, ResponseState


@receiver(account_deleting, dispatch_uid="responses.erase_member")
def erase_member(sender, *, member, **kwargs) -> None:
    claimed = list(QueueClaim.objects.filter(claimed_by=member).values_list("thread_id", flat=True))
    QueueClaim.objects.filter(claimed_by=member).delete()
    if claimed:  # a claim was one reason to be in the queue: the rule decides again
        waiting.settle(ResponseState.objects.filter(pk__in=claimed))
    RepTag.objects.filter(rep=member).delete()
