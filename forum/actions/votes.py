"""Votes: one per member and post, changed or undone with everything they moved."""

from datetime import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from taggit.models import Tag

from accounts.models import User
from config import pagecache
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
    thread, the post, then the author and the voter (forum/locking.py's order).
    """
    assert value in (1, 0, -1)
    now = now or timezone.now()
    post = locking.lock_post_and_thread(post.pk, thread_id=post.thread_id)
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
        Thread.objects.filter(pk=thread.pk).update(score=F("score") + (value - old))
    # The lists show a question's score, not an answer's; no vote changes the queue.
    pagecache.changed(f"thread:{thread.pk}", *(("threads",) if post.is_question else ()))
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
    # The engine counts a new up-vote on the question as interest; taking one back is no news.
    if post.is_question and value > 0:
        engine().interest(thread_id=thread.pk, amount="upvote", now=now)
    return new_score


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
