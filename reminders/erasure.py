"""The reminders' part of deleting an account (accounts.signals.account_deleting, in the
deletion's transaction): the record of the member's digests and the tags they follow go; the
reminders they were sent are notifications, erased by forum/erasure.py."""

from django.dispatch import receiver

from accounts.signals import account_deleting
from reminders.models import MemberDigest, TagFollow


@receiver(account_deleting, dispatch_uid="reminders.erase_member")
def erase_member(sender, *, member, **kwargs) -> None:
    MemberDigest.objects.filter(user=member).delete()
    TagFollow.objects.filter(user=member).delete()
