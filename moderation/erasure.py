"""Moderation's part of deleting an account (accounts/erasers.py, registered in apps.py, run in
the deletion's transaction). The flags the member raised stay, with their outcome (their weight
and other flaggers' accuracy depend on them), but their own notes go, as do the notes of their
review requests. Other flaggers' notes and the moderators' reasons in the public log are
their writers' words and stay as written; who acted and on whom are held by id and read "a
former member". The log is append-only, with no exception."""

from moderation.models import Flag, ReportClaim, ReviewRequest

ERASES = {"moderation.ReportClaim.moderator"}  # a deleted moderator is on no report
KEEPS = {
    "moderation.SuspiciousVoting.voter": "the serial-vote detector's records, by id",
    "moderation.SuspiciousVoting.author": "the serial-vote detector's records, by id",
    "moderation.Flag.flagger": "flags' history (weights, accuracy), their notes erased",
    "moderation.LogEntry.actor": "the public log, its reasons without their name",
    "moderation.LogEntry.member": "the public log, by id",
    "moderation.WatchedWord.added_by": "the moderators' list of watched words, by id",
}


def erase_member(*, member, **kwargs) -> None:
    ReportClaim.objects.filter(moderator=member).delete()
    Flag.objects.filter(flagger=member).exclude(note="").update(note="")
    ReviewRequest.objects.filter(post__author=member).exclude(note="").update(note="")
