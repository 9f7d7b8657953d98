"""The engine's part of deleting an account (accounts/erasers.py, registered in apps.py, run in
the deletion's transaction): claims the member held go back to the queue, and the tags they
looked after are theirs no more. Their requests for an official answer stay (reps see "a former
member" asked), and the reasons reps gave for dismissals stay as the reps wrote them."""

from responses import derived
from responses.models import DoneRecord, HeldReply, QueueClaim, RepTag, ResponseState

ERASES = {
    "responses.QueueClaim.claimed_by",  # back to the queue
    "responses.RepTag.rep",
    "responses.HeldReply.author",  # their drafts never published; a published one is its post
    "responses.DoneRecord.claimed_by",  # an undone "done" gives their claim back to nobody
}
KEEPS = {
    "responses.QueueClaim.assigned_by": "the lead who assigned, by id",
    "responses.OfficialRequest.requested_by": "reps see 'a former member' asked",
    "responses.QueueDismissal.dismissed_by": "the lead who dismissed, by id; the reason as they wrote it",
    "responses.HeldReply.reviewed_by": "the lead who looked at another rep's draft, by id",
    "responses.DoneRecord.by": "the rep who marked a follow-up done, by id; the reason as they wrote it",
    "responses.DoneRecord.assigned_by": "the lead who had assigned the claim, by id",
}


def erase_member(*, member, **kwargs) -> None:
    claimed = list(QueueClaim.objects.filter(claimed_by=member).values_list("thread_id", flat=True))
    QueueClaim.objects.filter(claimed_by=member).delete()
    if claimed:  # a claim was one reason to be in the queue: the rule decides again
        derived.settle(ResponseState.objects.filter(pk__in=claimed))
    RepTag.objects.filter(rep=member).delete()
    HeldReply.objects.filter(author=member).delete()
    DoneRecord.objects.filter(claimed_by=member).update(claimed_by=None, claimed_at=None, assigned_by=None)
