"""The forum's part of deleting an account (accounts/erasers.py, registered in apps.py, run in
the deletion's transaction): the member's notifications and follows go. Their posts, revisions,
votes and "me too"s stay: the threads still read, and what the votes did stands. Other
members' notifications about what they did, and the threads' histories ("assigned to …"),
hold them by id (Notification.actor, ThreadEvent.subject) and read "a former member" now,
unedited."""

from forum.models import Follow, Notification

ERASES = {"forum.Notification.recipient", "forum.Follow.user"}
KEEPS = {
    "forum.Thread.author": "their questions stay, by 'a former member'",
    "forum.Post.author": "their answers stay, by 'a former member'",
    "forum.Post.official_marked_by": "who marked an answer official, by id",
    "forum.Post.edited_by": "who edited a post, by id",
    "forum.Post.withdrawn_by": "who withdrew a post, by id",
    "forum.Post.reviewed_by": "the lead who approved an official reply, by id",
    "forum.Revision.editor": "the history of a post, by id",
    "forum.Revision.redacted_by": "who redacted a revision, by id",
    "forum.Vote.user": "votes keep their effect",
    "forum.MeToo.user": "the thread's interest stands",
    "forum.ThreadEvent.actor": "the thread's history, by id",
    "forum.ThreadEvent.subject": "'assigned the thread to …', by id: reads 'a former member'",
    "forum.Notification.actor": "others' notifications of what they did, by id: 'a former member answered'",
    "forum.ReputationEvent.user": "the ledger is append-only; the caches agree with it",
    "forum.ReputationEvent.actor": "the ledger is append-only",
    "forum.TagReputation.user": "the ledger's cache per tag, nothing personal",
}


def erase_member(*, member, **kwargs) -> None:
    Notification.objects.filter(recipient=member).delete()
    Follow.objects.filter(user=member).delete()
