"""A thread's title and its address: the address always carries the current title's words.

An edit that takes a phone number out of a title takes it out of the canonical address, and
so out of every list, search result, API `url` and webhook payload made from then on; the
thread page sends any older address to the new one (301). Notifications stored with the old
address are moved to the new one.
"""

from django.db.models import Value
from django.db.models.functions import Concat, Substr

from config import pagecache
from forum.models import Notification, Thread


def set_title(*, thread: Thread, title: str) -> None:
    """Give the thread a new title and the address that goes with it. Call inside the edit's
    transaction, holding the thread's lock."""
    thread.title = title
    thread.save(update_fields=["title"])
    rebuild_address(thread=thread)


def rebuild_address(*, thread: Thread) -> bool:
    """Make the thread's slug its title's, if it is not already (a title edited before
    addresses followed titles, or just now). Returns True when the address changed. Call
    inside a transaction holding the thread's lock."""
    slug = Thread.slug_for(thread.title)
    if slug == thread.slug:
        return False
    old_path = thread.get_absolute_url()
    thread.slug = slug
    Thread.objects.filter(pk=thread.pk).update(slug=slug)
    pagecache.changed("threads", "queue", f"thread:{thread.pk}")  # every link to it
    new_path = thread.get_absolute_url()
    # Only links to the thread's address itself ("/t/1/<slug>/..."); "/t/1/#post-2" has none.
    Notification.objects.filter(thread=thread, url__startswith=old_path).update(
        url=Concat(Value(new_path), Substr("url", len(old_path) + 1))
    )
    return True
