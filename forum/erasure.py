"""The forum's part of deleting an account (accounts.signals.account_deleting, in the
deletion's transaction): the member's notifications and follows go, and their name leaves
other members' notifications and the threads' histories ("to Rita"). Their posts, revisions,
votes and "me too"s stay: the threads still read, and what the votes did stands."""

from django.dispatch import receiver

from accounts.erasure import scrub_rows
from accounts.signals import account_deleting
from forum.models import Follow, Notification, TagFollow, ThreadEvent


@receiver(account_deleting, dispatch_uid="forum.erase_member")
def erase_member(sender, *, member, names, **kwargs) -> None:
    Notification.objects.filter(recipient=member).delete()
    Follow.objects.filter(user=member).delete()
    TagFollow.objects.filter(user=member).delete()
    scrub_rows(Notification.objects.all(), ["text", "details"], names)
    # A link to their profile (which now answers 404) says their username.
    Notification.objects.filter(url__startswith=member.get_absolute_url()).update(url="")
    scrub_rows(ThreadEvent.objects.all(), ["note"], names)
