"""Votes: one per member and post, changed or undone with everything they moved."""

from datetime import datetime
from functools import partial

from django.db import transaction
from django.db.models import F, Subquery
from django.utils import timezone
from taggit.models import Tag

from accounts.models import User
from config import pagecache
from config.aftercommit import after_commit
from forum import locking, moderation_port, reputation
from forum.conf import conf
from forum.engine import engine
from forum.models import Post, Thread, Vote
from forum.notifications import notify

Reason = reputation.Reason


@transaction.atomic
def cast_vote(*, voter: User, post: Post, value: int, now: datetime | None = None) -> int:
    """Set the voter's vote on a post to +1, -1 or 0 (none). Returns the post's new score.

    Setting the vote it already has changes nothing, so a double click is harmless.
    Changing or undoing a vote first reverses the reputation the old one moved. Locks the
    post, then the author and the voter, never the thread (forum/locking.py): votes on a
    busy thread queue only behind votes on the same post.
    """
    assert value in (1, 0, -1)
    now = now or timezone.now()
    post = locking.lock_post(post)
    if post.author_id == voter.pk:
        raise ValueError("no self-votes")  # permissions.check_can_vote refuses it first
    locking.lock_users(post.author_id, voter.pk)
    existing = Vote.objects.filter(user=voter, post=post).first()
    old = existing.value if existing else 0
    if old == value:
        return post.score
    thread = post.thread
    tags = list(thread.tags.all())
    # A reply's votes say "useful" and nothing more: they move no reputation (issue 27).
    moves_reputation = not post.is_reply
    if old and moves_reputation:
        _reverse_vote(post=post, voter=voter, thread=thread, tags=tags)
    if value and existing:
        Vote.objects.filter(pk=existing.pk).update(value=value, created_at=now)
    elif value:
        Vote.objects.create(user=voter, post=post, value=value, created_at=now)
    else:
        existing.delete()
    if value and moves_reputation:
        _award_vote(post=post, voter=voter, value=value, thread=thread, tags=tags, now=now)
    Post.objects.filter(pk=post.pk).update(score=F("score") + (value - old))
    if post.is_question:
        after_commit(partial(_question_voted, thread_id=thread.pk, upvoted=value > 0, now=now))
    else:
        pagecache.changed(f"thread:{thread.pk}")  # no answer's vote changes a list or the queue
    new_score = post.score + value - old
    reached = [m for m in conf.VOTE_MILESTONES if post.score < m <= new_score]
    if reached:
        kind = post.kind_name
        # Once per post and milestone, ever: a vote taken back and cast again is no news.
        notify(
            recipient_ids=[post.author_id],
            text=f"Your {kind} on “{thread.title}” reached {reached[-1]} votes",
            url=post.get_absolute_url(),
            thread=thread,
            once_key=f"milestone:{post.pk}:{reached[-1]}",
        )
    if value and moves_reputation:  # the serial-vote detector, under this vote's locks
        moderation_port.watch_vote(voter_id=voter.pk, author_id=post.author_id, now=now)
    return new_score


def _question_voted(*, thread_id: int, upvoted: bool, now: datetime) -> None:
    """After a vote on a question commits, in a short transaction of its own: the thread's
    copy of its question's score (the lists show it and sort by it), and the engine's
    interest for an up-vote (taking one back is no news). The vote held no lock on the thread
    (forum/locking.py); this takes it only now, and reads the score after it has it, so
    that of votes committing at once the last copy written is the latest score. A process
    that dies in between leaves the copy behind until the question's next vote."""
    with transaction.atomic():
        locking.lock_thread_row(thread_id)
        question = Post.objects.filter(thread_id=thread_id, is_question=True).values("score")[:1]
        Thread.objects.filter(pk=thread_id).update(score=Subquery(question))
        if upvoted:
            engine().interest(thread_id=thread_id, amount="upvote", now=now)
        pagecache.changed(f"thread:{thread_id}", "threads")


def _award_vote(*, post: Post, voter: User, value: int, thread: Thread, tags: list[Tag], now: datetime) -> None:
    """Up: the author gains. Down: the author loses, and so does the voter on an answer."""
    if value > 0:
        awards = [(post.author_id, Reason.QUESTION_UPVOTED if post.is_question else Reason.ANSWER_UPVOTED)]
    else:
        awards = [(post.author_id, Reason.POST_DOWNVOTED)]
        if not post.is_question:
            awards.append((voter.pk, Reason.DOWNVOTE_GIVEN))
    for user_id, reason in awards:
        reputation.award(
            user_id=user_id, reason=reason, thread=thread, tags=tags, post=post, actor_id=voter.pk, now=now
        )


def _reverse_vote(*, post: Post, voter: User, thread: Thread, tags: list[Tag]) -> None:
    reputation.reverse(
        user_id=post.author_id,
        reasons=reputation.AUTHOR_VOTE_REASONS,
        thread=thread,
        tags=tags,
        post=post,
        actor_id=voter.pk,
    )
    reputation.reverse(
        user_id=voter.pk, reasons=[Reason.DOWNVOTE_GIVEN], thread=thread, tags=tags, post=post, actor_id=voter.pk
    )
