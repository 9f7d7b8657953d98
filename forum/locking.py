"""The one order in which writes lock rows, so that no two of them ever deadlock.

Every action that changes a thread, its posts or members' reputation takes its locks in
this order, before it changes anything:

1. the thread (one row; `lock_thread`);
2. the posts it changes, in one statement, by id (`lock_posts`);
3. the members whose rows it changes (reputation), in one statement, by id (`lock_users`).

Locking again a row already held waits for nothing. Locking a new row later in the order's
past (a thread after a post, a member after other members) is what deadlocked: an accept
locked the asker and the old answer's author, then the new answer's author, while votes held
a post and waited for its thread or for a member (issue 24; 28 of 120 votes answered 500).

The locks are FOR NO KEY UPDATE: these actions never change a row's key, and a row inserted
meanwhile that points at a locked row (a ledger row, a thread event, a notification, a vote)
takes FOR KEY SHARE on it, which a no-key lock does not block. So an insert never waits for
another transaction's lock on what it points at; only the locks above order the actions.
An action may start lower in the order and skip what it does not change: a vote changes
its post and members' reputation, never its thread's row, so it starts at step 2
(`lock_post`) and must then never lock the thread. Votes and "me too"s on one thread thus do
not queue behind each other, nor behind its answers (issue 29): what they move on the thread
(its score, its me-too count, the engine's interest) is a counter moved by one UPDATE at the
end (me too), or after the commit in a short transaction of its own (a vote on the question:
forum/actions/votes.py).

SQLite ignores row locks: its IMMEDIATE transactions run one writer at a time.
"""

from django.db import transaction

from accounts.models import User
from forum.models import Post, Thread


def _check_in_transaction() -> None:
    assert transaction.get_connection().in_atomic_block, "row locks need the caller's transaction"


def lock_thread(thread_id: int) -> Thread:
    """Lock and return the thread, first of all. Call inside a transaction."""
    _check_in_transaction()
    return Thread.objects.select_for_update(no_key=True).get(pk=thread_id)


def lock_thread_row(thread_id: int) -> None:
    """lock_thread() without reading the thread, for a caller that needs only the lock (a
    thread deleted meanwhile locks nothing, and raises nothing)."""
    _check_in_transaction()
    list(Thread.objects.select_for_update(no_key=True).filter(pk=thread_id).values_list("pk"))


def lock_posts(*post_ids: int | None) -> dict[int, Post]:
    """Lock the posts (None is skipped) in one statement, by id, after their thread;
    returns them by id. Call inside a transaction."""
    _check_in_transaction()
    wanted = {pk for pk in post_ids if pk is not None}
    if not wanted:
        return {}
    return {post.pk: post for post in Post.objects.select_for_update(no_key=True).filter(pk__in=wanted).order_by("pk")}


def lock_users(*user_ids: int | None) -> None:
    """Lock the members' rows (None is skipped) in one statement, by id, last: after the
    thread and posts, and before any reputation.award() to them. Call inside a transaction,
    once per action with every member whose row it changes."""
    _check_in_transaction()
    wanted = {pk for pk in user_ids if pk is not None}
    if wanted:
        list(User.objects.select_for_update(no_key=True).filter(pk__in=wanted).order_by("pk").values_list("pk"))


def lock_post(post: Post) -> Post:
    """For an action that changes one post and the members it moves but not the post's thread
    (a vote): lock the post only and read it again (its score may have moved since); its
    `.thread` is the caller's read of it (not locked, and read now if the caller had none).
    Call inside a transaction, and lock no thread after it."""
    _check_in_transaction()
    locked = Post.objects.select_for_update(no_key=True).get(pk=post.pk)
    locked.thread = post.thread
    return locked


def lock_post_and_thread(post_id: int, *, thread_id: int | None = None) -> Post:
    """For an action on one post: lock its thread, then the post; returns the post, its
    author read with it (not locked: `lock_users` does that when needed) and `.thread` set to
    the locked thread. `thread_id` spares a read when the caller has the post already (a
    post never moves to another thread). Call inside a transaction."""
    if thread_id is None:
        thread_id = Post.objects.values_list("thread_id", flat=True).get(pk=post_id)
    thread = lock_thread(thread_id)
    post = Post.objects.select_for_update(no_key=True, of=("self",)).select_related("author").get(pk=post_id)
    post.thread = thread
    return post
