"""Official answers: a rep's mark on an answer, and taking it away."""

from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from config import events, pagecache
from forum import locking, reputation, search
from forum.actions.following import tell_about_the_fix
from forum.engine import engine
from forum.models import Post, Thread, ThreadEvent
from forum.notifications import notify

Reason = reputation.Reason


@transaction.atomic
def mark_official(*, post: Post, by: User, now: datetime | None = None) -> None:
    """A rep endorses an answer as official: badge, pinned under the question, +10 to its
    author, and the thread's first official reply if it is the first. Locks the thread, the
    post, then its author (forum/locking.py's order)."""
    now = now or timezone.now()
    post = locking.lock_post_and_thread(post.pk, thread_id=post.thread_id)
    if post.is_official or post.is_question:
        return
    thread = post.thread
    make_official(post=post, by=by, thread=thread, now=now)
    search.refresh_search_vector(thread_id=thread.pk)
    ThreadEvent.record(thread=thread, actor=by, kind=ThreadEvent.Kind.MARKED_OFFICIAL, post=post, at=now)
    rep = f"A {settings.COMPANY_NAME} representative"
    tell_about_the_fix(
        post=post,
        thread=thread,
        by=by,
        # A rep's own reply made official needs no news for its author.
        to_author=f"{rep} marked your answer on “{thread.title}” as official" if post.author_id != by.pk else None,
        to_others=f"{rep} marked an answer to “{thread.title}” as official",
        event="official",
    )


def make_official(*, post: Post, by: User, thread: Thread, now: datetime) -> None:
    """Call with the thread's row locked (and the post's, unless it is new), having locked
    no member yet. Nobody earns reputation from a mark they made themselves (a rep's own
    official reply included)."""
    Post.objects.filter(pk=post.pk).update(is_official=True, official_marked_by=by)
    # The first official response, and the customer's follow-up answered (the engine's record).
    engine().official_given(thread=thread, now=now)
    pagecache.changed("threads", "queue", f"thread:{thread.pk}")
    events.publish("post.official", lambda: events.thread_payload(thread, post=events.post_data(post)))
    if post.author_id == by.pk:
        return
    locking.lock_users(post.author_id)
    reputation.award(
        user_id=post.author_id,
        reason=Reason.ANSWER_MARKED_OFFICIAL,
        thread=thread,
        tags=list(thread.tags.all()),
        post=post,
        actor_id=by.pk,
        now=now,
    )


def withdraw_official_mark(*, post: Post, thread: Thread, edited_by: User) -> None:
    """Call inside edit_post's transaction, holding the thread's and the post's rows."""
    marked_by_id = post.official_marked_by_id
    unmark_official(post=post, by=edited_by)
    if marked_by_id:
        notify(
            recipient_ids=[marked_by_id],
            actor=edited_by,
            text=f"edited an answer you made official on “{thread.title}”; "
            "it is no longer official until a representative marks it again",
            url=post.get_absolute_url(),
            thread=thread,
        )


@transaction.atomic
def unmark_official(*, post: Post, by: User, now: datetime | None = None) -> None:
    """Take the official mark away, with its reputation. The engine recomputes whether the
    company has responded (another official answer, a private case). Locks the thread, the post, then its author
    (forum/locking.py's order); a caller holding them may hold no other member's row."""
    now = now or timezone.now()
    post = locking.lock_post_and_thread(post.pk, thread_id=post.thread_id)
    if not post.is_official:
        return
    thread = post.thread
    Post.objects.filter(pk=post.pk).update(is_official=False, official_marked_by=None)
    pagecache.changed("threads", "queue", f"thread:{thread.pk}")
    search.refresh_search_vector(thread_id=thread.pk)
    ThreadEvent.record(thread=thread, actor=by, kind=ThreadEvent.Kind.UNMARKED_OFFICIAL, post=post, at=now)
    locking.lock_users(post.author_id)
    for actor_id in reputation.actors_of(user_id=post.author_id, post=post, reason=Reason.ANSWER_MARKED_OFFICIAL):
        reputation.reverse(
            user_id=post.author_id,
            reasons=[Reason.ANSWER_MARKED_OFFICIAL],
            thread=thread,
            tags=list(thread.tags.all()),
            post=post,
            actor_id=actor_id,
        )
    engine().official_withdrawn(thread=thread, now=now)
