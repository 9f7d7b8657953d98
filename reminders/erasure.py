"""The reminders' part of deleting an account (accounts/erasers.py, registered in apps.py, run
in the deletion's transaction): the record of the member's digests and the tags they follow
go; the reminders they were sent are notifications, erased by forum/erasure.py."""

from reminders.models import MemberDigest, TagFollow

ERASES = {"reminders.MemberDigest.user", "reminders.TagFollow.user"}  # their digests, the tags they follow
KEEPS: dict[str, str] = {}


def erase_member(*, member, **kwargs) -> None:
    MemberDigest.objects.filter(user=member).delete()
    TagFollow.objects.filter(user=member).delete()
