"""The digest's part of deleting an account (accounts.signals.account_deleting, in the
deletion's transaction): the record of the member's digests goes. Their tag follows are
forum's (forum/erasure.py); the reminders they were sent are notifications, erased there too."""

from django.dispatch import receiver

from accounts.signals import account_deleting
from reminders.models import MemberDigest


@receiver(account_deleting, dispatch_uid="reminders.erase_member")
def erase_member(sender, *, member, **kwargs) -> None:
    MemberDigest.objects.filter(user=member).delete()
