"""Accepting an answer, and taking the accept back."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from taggit.models import Tag

from accounts.models import User
from config import events, pagecache
from forum import locking, reputation, search
from forum.actions.following import tell_about_the_fix
from forum.engine import engine
from forum.models import Post, Thread, ThreadEvent

Reason = reputation.Reason


@transaction.atomic
def accept_answer(*, post: Post, by: User, now: datetime | None = None) -> None:
    """Make `post` the thread's accepted answer, replacing any other. Accepting your own
    answer to your own question earns nothing.

    Locks the thread (two concurrent accepts must not both award reputation), then the new
    and the old accepted answer, then every member whose reputation moves, all at once
    (forum/locking.py's order)."""
    now = now or timezone.now()
    thread = locking.lock_thread(post.thread_id)
    if thread.accepted_post_id == post.pk:
        return
    posts = locking.lock_posts(post.pk, thread.accepted_post_id)
    post, previous = posts[post.pk], posts.get(thread.accepted_post_id)
    locking.lock_users(post.author_id, thread.author_id, previous and previous.author_id)
    tags = list(thread.tags.all())
    if previous:
        _reverse_accept(thread=thread, previous=previous, tags=tags)
    thread.accepted_post = post
    thread.status = Thread.Status.SOLVED
    thread.last_activity_at = now
    thread.save(update_fields=["accepted_post", "status", "last_activity_at"])
    search.refresh_search_vector(thread_id=thread.pk)
    pagecache.changed("threads", f"thread:{thread.pk}")
    ThreadEvent.record(thread=thread, actor=by, kind=ThreadEvent.Kind.ACCEPTED, post=post, at=now)
    events.publish("thread.solved", lambda: events.thread_payload(thread, post=events.post_data(post), solved_at=now))
    # Nobody earns from accepting their own answer: the asker on their own thread, nor a
    # moderator who accepts their own answer on someone else's.
    earns = post.author_id not in (thread.author_id, by.pk)
    if earns:
        awards = [(post.author_id, Reason.ANSWER_ACCEPTED)]
        if by.pk == thread.author_id:  # the asker's +2; a moderator's accept earns them nothing
            awards.append((by.pk, Reason.ACCEPTED_AN_ANSWER))
        for user_id, reason in awards:
            reputation.award(
                user_id=user_id, reason=reason, thread=thread, tags=tags, post=post, actor_id=by.pk, now=now
            )
    # Everyone who had the problem hears the fix once (the asker too when a moderator accepts).
    tell_about_the_fix(
        post=post,
        thread=thread,
        by=by,
        to_author=f"Your answer on “{thread.title}” was accepted" if earns else None,
        to_others=f"“{thread.title}” has an accepted answer",
        event="accepted",
    )


@transaction.atomic
def unaccept_answer(*, thread: Thread, by: User, now: datetime | None = None) -> None:
    """Take the accept back, with what it earned. Locks the thread, the accepted answer, then
    its author and the asker (forum/locking.py's order)."""
    thread = locking.lock_thread(thread.pk)
    if thread.accepted_post_id is None:
        return
    previous = locking.lock_posts(thread.accepted_post_id)[thread.accepted_post_id]
    locking.lock_users(previous.author_id, thread.author_id)
    ThreadEvent.record(
        thread=thread,
        actor=by,
        kind=ThreadEvent.Kind.UNACCEPTED,
        post=previous,
        at=now or timezone.now(),
    )
    _reverse_accept(thread=thread, previous=previous, tags=list(thread.tags.all()))
    thread.accepted_post = None
    thread.status = Thread.Status.ANSWERED if engine().has_response(thread) else Thread.Status.OPEN
    thread.save(update_fields=["accepted_post", "status"])
    search.refresh_search_vector(thread_id=thread.pk)
    pagecache.changed("threads", f"thread:{thread.pk}")


def _reverse_accept(*, thread: Thread, previous: Post, tags: list[Tag]) -> None:
    """Undo what accepting `previous` earned its author and the accepter. Call holding the
    locks of the thread, `previous`, its author and the asker."""
    for user_id, reason in (
        (previous.author_id, Reason.ANSWER_ACCEPTED),
        (thread.author_id, Reason.ACCEPTED_AN_ANSWER),
    ):
        for actor_id in reputation.actors_of(user_id=user_id, post=previous, reason=reason):
            reputation.reverse(
                user_id=user_id, reasons=[reason], thread=thread, tags=tags, post=previous, actor_id=actor_id
            )
