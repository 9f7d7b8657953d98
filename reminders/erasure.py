"""The digest's part of deleting an account (accounts/erasers.py, registered in apps.py, run in
the deletion's transaction): the record of the member's digests goes. Their tag follows are
forum's (forum/erasure.py); the reminders they were sent are notifications, erased there too."""

from reminders.models import MemberDigest

ERASES = {"reminders.MemberDigest.user"}  # when their digests went out
KEEPS: dict[str, str] = {}


def erase_member(*, member, **kwargs) -> None:
    MemberDigest.objects.filter(user=member).delete()
