"""Moderation's part of deleting an account (accounts.signals.account_deleting, in the
deletion's transaction). The flags the member raised stay, with their outcome (their weight
and other flaggers' accuracy depend on them), but their own notes go, as do the notes of their
review requests. Other flaggers' notes and the moderators' reasons in the public log are
their writers' words and stay as written; who acted and on whom are held by id and read "a
former member". The log is append-only, with no exception."""

from django.dispatch import receiver

from accounts.signals import account_deleting
from moderation.models import Flag, ReviewRequest


@receiver(account_deleting, dispatch_uid="moderation.erase_member")
def erase_member(sender, *, member, **kwargs) -> None:
    Flag.objects.filter(flagger=member).exclude(note="").update(note="")
    ReviewRequest.objects.filter(post__author=member).exclude(note="").update(note="")
