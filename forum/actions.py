"""Writes: each verb is one transaction and the only way its change happens.

Actions lock what they change, return early on a no-op, move counters with F(), record
reputation through forum/reputation.py, and notify through forum/notifications.py.
"""

import logging
from collections.abc import Sequence
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from taggit.models import Tag

from accounts.models import User
from forum import reputation, search
from forum.markdown import html_to_text, render_markdown
from forum.models import Follow, MeToo, Post, Revision, Thread, ThreadEvent, Vote
from forum.notifications import notify
from moderation.actions import watch_voting_pattern

Reason = reputation.Reason
logger = logging.getLogger(__name__)


# --- Asking, answering, editing -----------------------------------------------------------


@transaction.atomic
def ask_question(*, author: User, title: str, body: str, tags: Sequence[str], now: datetime | None = None) -> Thread:
    """Create a thread and its question (post 1). The same question sent twice within
    DUPLICATE_SUBMIT_WINDOW (a double click) returns the first thread."""
    now = now or timezone.now()
    reputation.lock_users(author.pk)  # serialises this author's double submits
    recent = Thread.objects.filter(
        author=author, title=title, created_at__range=(now - settings.DUPLICATE_SUBMIT_WINDOW, now)
    ).first()
    if recent:
        return recent
    thread = Thread.objects.create(title=title, author=author, created_at=now, last_activity_at=now)
    thread.tags.set(list(tags))
    post = _create_post(thread=thread, author=author, body=body, is_question=True, now=now)
    Follow.objects.create(user=author, thread=thread)
    search.refresh_search_vector(thread_id=thread.pk, question=post)
    return thread


@transaction.atomic
def post_answer(
    *, author: User, thread: Thread, body: str, official: bool = False, now: datetime | None = None
) -> Post:
    """Add an answer; stamps first_response_at when the answerer is not the asker. An
    official answer (by a rep: permissions.check_can_post_official) also stamps
    first_official_at, which takes the thread out of the official-response queue.

    The same answer sent twice within DUPLICATE_SUBMIT_WINDOW returns the first post.
    """
    now = now or timezone.now()
    thread = Thread.objects.select_for_update().get(pk=thread.pk)
    recent = Post.objects.filter(
        thread=thread, author=author, body=body, created_at__range=(now - settings.DUPLICATE_SUBMIT_WINDOW, now)
    ).first()
    if recent:
        return recent
    post = _create_post(thread=thread, author=author, body=body, is_question=False, now=now)
    changes = {"answer_count": F("answer_count") + 1, "last_activity_at": now}
    if thread.status == Thread.Status.OPEN:
        changes["status"] = Thread.Status.ANSWERED
    if author.pk != thread.author_id and thread.first_response_at is None:
        changes["first_response_at"] = now
    Thread.objects.filter(pk=thread.pk).update(**changes)
    if official:
        _make_official(post=post, by=author, thread=thread, now=now)
    follow_thread(user=author, thread=thread)
    followers = Follow.objects.filter(thread=thread).exclude(user=author).values_list("user_id", flat=True)
    notify(
        recipient_ids=followers,
        text=f"{author.name} answered “{thread.title}”",
        url=post.get_absolute_url(),
        thread=thread,
    )
    return post


@transaction.atomic
def edit_post(*, post: Post, editor: User, body: str, title: str | None = None, now: datetime | None = None) -> Post:
    """Save a new text for a post, keeping the old one as a revision. No change, no revision."""
    now = now or timezone.now()
    post = Post.objects.select_for_update().select_related("thread").get(pk=post.pk)
    thread = post.thread
    title_changes = post.is_question and title is not None and title != thread.title
    if body == post.body and not title_changes:
        return post
    post.body = body
    post.body_html = render_markdown(body)
    post.body_text = html_to_text(post.body_html)
    post.edited_at = now
    post.edited_by = editor
    post.edit_count = F("edit_count") + 1
    post.save(update_fields=["body", "body_html", "body_text", "edited_at", "edited_by", "edit_count"])
    if post.is_official and not editor.has_perm("accounts.post_official"):
        # The badge vouches for words a rep read: changed by anyone else, it comes off.
        _withdraw_official_mark(post=post, thread=thread, edited_by=editor)
    if title_changes:
        thread.title = title
        thread.save(update_fields=["title"])
    number = post.revisions.count() + 1
    Revision.objects.create(
        post=post,
        number=number,
        editor=editor,
        body=body,
        title=thread.title if post.is_question else "",
        created_at=now,
    )
    if post.is_question:
        search.refresh_search_vector(thread_id=thread.pk, question=post)
    post.refresh_from_db()
    return post


def _create_post(*, thread: Thread, author: User, body: str, is_question: bool, now: datetime) -> Post:
    html = render_markdown(body)
    post = Post.objects.create(
        thread=thread,
        author=author,
        is_question=is_question,
        body=body,
        body_html=html,
        body_text=html_to_text(html),
        created_at=now,
    )
    Revision.objects.create(
        post=post, number=1, editor=author, body=body, title=thread.title if is_question else "", created_at=now
    )
    return post


# --- Official replies --------------------------------------------------------------------------


@transaction.atomic
def mark_official(*, post: Post, by: User, now: datetime | None = None) -> None:
    """A rep endorses an answer as official: badge, pinned under the question, +10 to its
    author, and the thread's first official reply if it is the first."""
    now = now or timezone.now()
    post = Post.objects.select_for_update().select_related("thread").get(pk=post.pk)
    if post.is_official or post.is_question:
        return
    thread = Thread.objects.select_for_update().get(pk=post.thread_id)
    _make_official(post=post, by=by, thread=thread, now=now)
    ThreadEvent.record(thread=thread, actor=by, kind=ThreadEvent.Kind.MARKED_OFFICIAL, post=post, at=now)
    if post.author_id != by.pk:
        notify(
            recipient_ids=[post.author_id],
            text=f"A {settings.SITE_NAME} representative marked your answer on “{thread.title}” as official",
            url=post.get_absolute_url(),
            thread=thread,
        )


def _make_official(*, post: Post, by: User, thread: Thread, now: datetime) -> None:
    """Call with the thread's row locked. Nobody earns reputation from a mark they made
    themselves (a rep's own official reply included)."""
    Post.objects.filter(pk=post.pk).update(is_official=True, official_marked_by=by)
    Thread.objects.filter(pk=thread.pk, first_official_at=None).update(first_official_at=now)
    if post.author_id == by.pk:
        return
    reputation.lock_users(post.author_id)
    reputation.award(
        user_id=post.author_id,
        reason=Reason.ANSWER_MARKED_OFFICIAL,
        thread=thread,
        tags=list(thread.tags.all()),
        post=post,
        actor_id=by.pk,
        now=now,
    )


def _withdraw_official_mark(*, post: Post, thread: Thread, edited_by: User) -> None:
    """Call inside edit_post's transaction, holding the post's row."""
    marked_by_id = post.official_marked_by_id
    unmark_official(post=post, by=edited_by)
    if marked_by_id:
        notify(
            recipient_ids=[marked_by_id],
            text=f"{edited_by.name} edited an answer you made official on “{thread.title}”; "
            "it is no longer official until a representative marks it again",
            url=post.get_absolute_url(),
            thread=thread,
        )


@transaction.atomic
def unmark_official(*, post: Post, by: User, now: datetime | None = None) -> None:
    """Take the official mark away, with its reputation. A thread left with no official
    reply goes back to waiting for one."""
    post = Post.objects.select_for_update().get(pk=post.pk)
    if not post.is_official:
        return
    thread = Thread.objects.select_for_update().get(pk=post.thread_id)
    Post.objects.filter(pk=post.pk).update(is_official=False, official_marked_by=None)
    ThreadEvent.record(
        thread=thread, actor=by, kind=ThreadEvent.Kind.UNMARKED_OFFICIAL, post=post, at=now or timezone.now()
    )
    reputation.lock_users(post.author_id)
    for actor_id in _actors(user_id=post.author_id, post=post, reason=Reason.ANSWER_MARKED_OFFICIAL):
        reputation.reverse(
            user_id=post.author_id,
            reasons=[Reason.ANSWER_MARKED_OFFICIAL],
            thread=thread,
            tags=list(thread.tags.all()),
            post=post,
            actor_id=actor_id,
        )
    if not Post.objects.filter(thread=thread, is_official=True).exists():
        Thread.objects.filter(pk=thread.pk).update(first_official_at=None)


# --- Votes, accepting, me too ---------------------------------------------------------------


@transaction.atomic
def cast_vote(*, voter: User, post: Post, value: int, now: datetime | None = None) -> int:
    """Set the voter's vote on a post to +1, -1 or 0 (none). Returns the post's new score.

    Setting the vote it already has changes nothing, so a double click is harmless.
    Changing or undoing a vote first reverses the reputation the old one moved.
    """
    assert value in (1, 0, -1)
    now = now or timezone.now()
    post = Post.objects.select_for_update().select_related("thread").get(pk=post.pk)
    if post.author_id == voter.pk:
        raise ValueError("no self-votes")  # permissions.check_can_vote refuses it first
    reputation.lock_users(post.author_id, voter.pk)
    existing = Vote.objects.filter(user=voter, post=post).first()
    old = existing.value if existing else 0
    if old == value:
        return post.score
    thread = post.thread
    tags = list(thread.tags.all())
    if old:
        _reverse_vote(post=post, voter=voter, thread=thread, tags=tags)
    if value and existing:
        Vote.objects.filter(pk=existing.pk).update(value=value, created_at=now)
    elif value:
        Vote.objects.create(user=voter, post=post, value=value, created_at=now)
    else:
        existing.delete()
    if value:
        _award_vote(post=post, voter=voter, value=value, thread=thread, tags=tags, now=now)
    Post.objects.filter(pk=post.pk).update(score=F("score") + (value - old))
    if post.is_question:
        Thread.objects.filter(pk=thread.pk).update(score=F("score") + (value - old))
    new_score = post.score + value - old
    reached = [m for m in settings.VOTE_MILESTONES if post.score < m <= new_score]
    if reached:
        kind = "question" if post.is_question else "answer"
        notify(
            recipient_ids=[post.author_id],
            text=f"Your {kind} on “{thread.title}” reached {reached[-1]} votes",
            url=post.get_absolute_url(),
            thread=thread,
        )
    if value:
        watch_voting_pattern(voter_id=voter.pk, author_id=post.author_id, now=now)
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


@transaction.atomic
def accept_answer(*, post: Post, by: User, now: datetime | None = None) -> None:
    """Make `post` the thread's accepted answer, replacing any other. Accepting your own
    answer to your own question earns nothing."""
    now = now or timezone.now()
    # Lock the thread: two concurrent accepts must not both award reputation.
    thread = Thread.objects.select_for_update().get(pk=post.thread_id)
    if thread.accepted_post_id == post.pk:
        return
    tags = list(thread.tags.all())
    if thread.accepted_post_id:
        _reverse_accept(thread=thread, tags=tags)
    thread.accepted_post = post
    thread.status = Thread.Status.SOLVED
    thread.last_activity_at = now
    thread.save(update_fields=["accepted_post", "status", "last_activity_at"])
    ThreadEvent.record(thread=thread, actor=by, kind=ThreadEvent.Kind.ACCEPTED, post=post, at=now)
    # Nobody earns from accepting their own answer: the asker on their own thread, nor a
    # moderator who accepts their own answer on someone else's.
    if post.author_id not in (thread.author_id, by.pk):
        reputation.lock_users(post.author_id, thread.author_id)
        awards = [(post.author_id, Reason.ANSWER_ACCEPTED)]
        if by.pk == thread.author_id:  # the asker's +2; a moderator's accept earns them nothing
            awards.append((by.pk, Reason.ACCEPTED_AN_ANSWER))
        for user_id, reason in awards:
            reputation.award(
                user_id=user_id, reason=reason, thread=thread, tags=tags, post=post, actor_id=by.pk, now=now
            )
        notify(
            recipient_ids=[post.author_id],
            text=f"Your answer on “{thread.title}” was accepted",
            url=post.get_absolute_url(),
            thread=thread,
        )


@transaction.atomic
def unaccept_answer(*, thread: Thread, by: User, now: datetime | None = None) -> None:
    thread = Thread.objects.select_for_update().get(pk=thread.pk)
    if thread.accepted_post_id is None:
        return
    ThreadEvent.record(
        thread=thread,
        actor=by,
        kind=ThreadEvent.Kind.UNACCEPTED,
        post=thread.accepted_post,
        at=now or timezone.now(),
    )
    _reverse_accept(thread=thread, tags=list(thread.tags.all()))
    thread.accepted_post = None
    thread.status = Thread.Status.ANSWERED if thread.answer_count else Thread.Status.OPEN
    thread.save(update_fields=["accepted_post", "status"])


def _reverse_accept(*, thread: Thread, tags: list[Tag]) -> None:
    """Undo what accepting thread.accepted_post earned its author and the accepter."""
    previous = Post.objects.get(pk=thread.accepted_post_id)
    reputation.lock_users(previous.author_id, thread.author_id)
    for user_id, reason in (
        (previous.author_id, Reason.ANSWER_ACCEPTED),
        (thread.author_id, Reason.ACCEPTED_AN_ANSWER),
    ):
        for actor_id in _actors(user_id=user_id, post=previous, reason=reason):
            reputation.reverse(
                user_id=user_id, reasons=[reason], thread=thread, tags=tags, post=previous, actor_id=actor_id
            )


def _actors(*, user_id: int, post: Post, reason: Reason) -> set[int | None]:
    return set(
        reputation.ReputationEvent.objects.filter(user_id=user_id, post=post, reason=reason).values_list(
            "actor_id", flat=True
        )
    )


@transaction.atomic
def set_me_too(*, user: User, thread: Thread, on: bool) -> int:
    """Say (or stop saying) "I have this problem too". Returns the new count; idempotent."""
    thread = Thread.objects.select_for_update().get(pk=thread.pk)
    exists = MeToo.objects.filter(user=user, thread=thread).exists()
    if exists == on:
        return thread.me_too_count
    if on:
        MeToo.objects.create(user=user, thread=thread)
        follow_thread(user=user, thread=thread)
    else:
        MeToo.objects.filter(user=user, thread=thread).delete()
    Thread.objects.filter(pk=thread.pk).update(me_too_count=F("me_too_count") + (1 if on else -1))
    return thread.me_too_count + (1 if on else -1)


# --- Following and views ---------------------------------------------------------------------


def follow_thread(*, user: User, thread: Thread) -> None:
    """Idempotent: following twice is one follow."""
    try:
        with transaction.atomic():
            Follow.objects.get_or_create(user=user, thread=thread)
    except IntegrityError:
        pass  # a concurrent follow won the race; the outcome is the same


def unfollow_thread(*, user: User, thread: Thread) -> None:
    Follow.objects.filter(user=user, thread=thread).delete()


def record_view(*, thread: Thread, viewer_key: str) -> bool:
    """Count a view unless this viewer was counted for this thread within the window."""
    key = f"thread-view:{thread.pk}:{viewer_key}"
    if not cache.add(key, 1, timeout=int(settings.VIEW_COUNT_WINDOW.total_seconds())):
        return False
    Thread.objects.filter(pk=thread.pk).update(view_count=F("view_count") + 1)
    return True
