"""Withdrawing a post, and restoring it: its author's way to take their words back.

A withdrawn post stays in its place as a tombstone ("withdrawn by its author") for everyone
but its author and the moderators, and out of every list, profile, search and count of what
is visible (Post.objects.visible()). What it earned its author is taken back
(reputation.take_back_withdrawn_post); restoring, within WITHDRAWAL_RESTORE_WINDOW, gives
back exactly that. An accepted answer loses its accept and an official answer its mark,
through their own actions (unaccept_answer, unmark_official), before the rest is taken back,
so nothing is counted twice; restoring brings neither back: the asker accepts again, a rep
marks again. Withdrawing a question (only one nobody has answered) takes its thread out of
the lists, search and the response-time engine (Thread.withdrawn_at).
"""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from config import pagecache
from forum import locking, reputation, search
from forum.actions.accepting import unaccept_answer
from forum.actions.official import unmark_official
from forum.engine import engine
from forum.models import Post, Thread, ThreadEvent


@transaction.atomic
def withdraw_post(*, post: Post, by: User, now: datetime | None = None) -> bool:
    """Withdraw `post` (check permissions.check_can_withdraw first; a moderator withdrawing a
    spammer's posts with their account is `by` too). Returns False when it was withdrawn
    already. Locks the thread, the post, then its author and (for the accepted answer) the
    asker, whose accept is taken back (forum/locking.py's order)."""
    now = now or timezone.now()
    post = locking.lock_post_and_thread(post.pk, thread_id=post.thread_id)
    if post.withdrawn_at is not None:
        return False
    thread = post.thread
    accepted = thread.accepted_post_id == post.pk
    locking.lock_users(post.author_id, thread.author_id if accepted else None)
    if post.is_question and Post.objects.answers().filter(thread=thread, withdrawn_at=None).exists():
        raise ValueError("a question with answers cannot be withdrawn")  # check_can_withdraw refuses it first
    if accepted:
        unaccept_answer(thread=thread, by=by, now=now)
    if post.is_official:
        unmark_official(post=post, by=by, now=now)
    reputation.take_back_withdrawn_post(post=post, thread=thread, tags=list(thread.tags.all()), actor_id=by.pk, now=now)
    Post.objects.filter(pk=post.pk).update(withdrawn_at=now, withdrawn_by=by)
    if post.is_question:
        Thread.objects.filter(pk=thread.pk).update(withdrawn_at=now)
        engine().open_changed(thread=thread)
    ThreadEvent.record(thread=thread, actor=by, kind=ThreadEvent.Kind.WITHDRAWN, post=post, at=now)
    pagecache.changed("threads", f"thread:{thread.pk}", *(("queue",) if post.is_question else ()))
    search.refresh_search_vector(thread_id=thread.pk)
    return True


@transaction.atomic
def restore_withdrawn_post(*, post: Post, by: User, now: datetime | None = None) -> bool:
    """Bring a withdrawn post back, with exactly the reputation its withdrawal took (check
    permissions.check_can_restore_withdrawn first). Returns False when it was not withdrawn.
    Locks the thread, the post, then its author (forum/locking.py's order)."""
    now = now or timezone.now()
    post = locking.lock_post_and_thread(post.pk, thread_id=post.thread_id)
    if post.withdrawn_at is None:
        return False
    thread = post.thread
    locking.lock_users(post.author_id)
    reputation.give_back_withdrawn_post(post=post, thread=thread, tags=list(thread.tags.all()), actor_id=by.pk, now=now)
    Post.objects.filter(pk=post.pk).update(withdrawn_at=None, withdrawn_by=None)
    if post.is_question:
        Thread.objects.filter(pk=thread.pk).update(withdrawn_at=None)
        engine().open_changed(thread=thread)
    ThreadEvent.record(thread=thread, actor=by, kind=ThreadEvent.Kind.RESTORED, post=post, at=now)
    pagecache.changed("threads", f"thread:{thread.pk}", *(("queue",) if post.is_question else ()))
    search.refresh_search_vector(thread_id=thread.pk)
    return True


def withdraw_everything_by(*, author: User, by: User, now: datetime | None = None) -> tuple[int, int]:
    """A moderator deleting a spammer's account withdraws all they wrote: answers first,
    then the questions nobody else has answered. Posts a moderator has hidden stay as they
    are (a hide as spam has already taken their earnings back), and so do questions with
    others' answers (hide them if they are spam). Returns (withdrawn, left). Call inside the
    deletion's transaction."""
    now = now or timezone.now()
    withdrawn = left = 0
    posts = Post.objects.filter(author=author, withdrawn_at=None).order_by("is_question", "pk")
    for post in list(posts):
        answered = Post.objects.answers().filter(thread_id=post.thread_id, withdrawn_at=None)
        if post.is_hidden or (post.is_question and answered.exists()):
            left += 1
        elif withdraw_post(post=post, by=by, now=now):
            withdrawn += 1
    return withdrawn, left
