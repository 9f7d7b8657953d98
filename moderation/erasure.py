"""Moderation's part of deleting an account (accounts.signals.account_deleting, in the
deletion's transaction). The flags the member raised stay, with their outcome (their weight
and other flaggers' accuracy depend on them), but their notes go, as do the notes of their
review requests; their name leaves other flaggers' notes and every reason in the public log
(LogEntry.erase_names, the log's one explicit erasure path). Who acted and on whom stay, by
reference, and read "a former member"."""

from django.dispatch import receiver

from accounts.erasure import scrub_rows
from accounts.signals import account_deleting
from moderation.models import Flag, LogEntry, ReviewRequest


@receiver(account_deleting, dispatch_uid="moderation.erase_member")
def erase_member(sender, *, member, names, **kwargs) -> None:
    Flag.objects.filter(flagger=member).exclude(note="").update(note="")
    ReviewRequest.objects.filter(post__author=member).exclude(note="").update(note="")
    scrub_rows(Flag.objects.all(), ["note"], names)
    scrub_rows(ReviewRequest.objects.all(), ["note"], names)
    LogEntry.erase_names(names)
