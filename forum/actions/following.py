""" "Me too", following a thread, and counting its views."""

from datetime import datetime

from django.core.cache import caches
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import User
from config import pagecache
from forum.conf import conf
from forum.engine import engine
from forum.models import Follow, MeToo, Post, Thread
from forum.notifications import notify


@transaction.atomic
def set_me_too(*, user: User, thread: Thread, on: bool, now: datetime | None = None) -> int:
    """Say (or stop saying) "I have this problem too". Returns the new count; idempotent.

    Takes no lock before its writes (forum/locking.py): a "me too" on a busy thread waits
    only for the counter's UPDATE, its last write but the engine's, and a double click is
    one row by the unique constraint."""
    now = now or timezone.now()
    if on:
        try:
            with transaction.atomic():
                MeToo.objects.create(user=user, thread=thread, created_at=now)
        except IntegrityError:  # said already, or a double click's twin said it first
            return _me_too_count(thread.pk)
        follow_thread(user=user, thread=thread)
    elif not MeToo.objects.filter(user=user, thread=thread).delete()[0]:
        return _me_too_count(thread.pk)
    Thread.objects.filter(pk=thread.pk).update(me_too_count=F("me_too_count") + (1 if on else -1))
    pagecache.changed("threads", f"thread:{thread.pk}", f"member:{user.pk}")
    if on:
        engine().interest(thread_id=thread.pk, amount="me_too", now=now)
    return _me_too_count(thread.pk)


def _me_too_count(thread_id: int) -> int:
    return Thread.objects.values_list("me_too_count", flat=True).get(pk=thread_id)


def people_with_the_problem(thread: Thread) -> set[int]:
    """Everyone who follows the thread or said "me too": who should hear about its fix."""
    followers = Follow.objects.filter(thread=thread).values_list("user_id", flat=True)
    me_too = MeToo.objects.filter(thread=thread).values_list("user_id", flat=True)
    return set(followers) | set(me_too)


def tell_about_the_fix(
    *, post: Post, thread: Thread, by: User, to_author: str | None, to_others: str, event: str
) -> None:
    """After an accept or an official mark (`event`: "accepted", "official"): the answer's
    author hears `to_author` (unless None), and everyone who had the problem hears
    `to_others`, but never `by`. Each person hears of each event on each answer once, ever:
    an accept switched back and forth tells nobody twice."""
    url = post.get_absolute_url()
    if to_author:
        notify(recipient_ids=[post.author_id], text=to_author, url=url, thread=thread, once_key=f"{event}:{post.pk}")
    notify(
        recipient_ids=people_with_the_problem(thread) - {by.pk, post.author_id},
        text=to_others,
        url=url,
        thread=thread,
        once_key=f"{event}-fix:{post.pk}",
    )


def follow_thread(*, user: User, thread: Thread) -> None:
    """Idempotent: following twice is one follow."""
    try:
        with transaction.atomic():
            _, created = Follow.objects.get_or_create(user=user, thread=thread)
        if created:
            pagecache.changed(f"member:{user.pk}")  # their own thread page's button
    except IntegrityError:
        pass  # a concurrent follow won the race; the outcome is the same


def unfollow_thread(*, user: User, thread: Thread) -> None:
    if Follow.objects.filter(user=user, thread=thread).delete()[0]:
        pagecache.changed(f"member:{user.pk}")


def record_view(*, thread: Thread, viewer_key: str) -> bool:
    """Count a view unless this viewer was counted for this thread within the window. The
    "pages" cache remembers who was counted: with Redis down it forgets (config/cache.py), so
    the thread is read as ever and the view is not counted, rather than the page failing."""
    key = f"thread-view:{thread.pk}:{viewer_key}"
    if not caches["pages"].add(key, 1, timeout=int(conf.VIEW_COUNT_WINDOW.total_seconds())):
        return False
    # A view is not news: it bumps no page version (config/pagecache.py).
    with transaction.atomic():
        Thread.objects.filter(pk=thread.pk).update(view_count=F("view_count") + 1)
        engine().interest(thread_id=thread.pk, amount="view", now=timezone.now())
    return True
