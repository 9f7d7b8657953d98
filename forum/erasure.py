"""The forum's part of deleting an account (accounts.signals.account_deleting, in the
deletion's transaction): the member's notifications and follows go. Their posts, revisions,
votes and "me too"s stay: the threads still read, and what the votes did stands. Other
members' notifications about what they did, and the threads' histories ("assigned to …"),
hold them by id (Notification.actor, ThreadEvent.subject) and read "a former member" now,
unedited."""

from django.dispatch import receiver

from accounts.signals import account_deleting
from forum.models import Follow, Notification


@receiver(account_deleting, dispatch_uid="forum.erase_member")
def erase_member(sender, *, member, **kwargs) -> None:
    Notification.objects.filter(recipient=member).delete()
    Follow.objects.filter(user=member).delete()
