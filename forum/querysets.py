"""Reads: chainable QuerySet methods that carry their own select_related/prefetch_related,
so that a page's query count does not grow with its rows."""

from __future__ import annotations

import re

from django.db import models
from django.db.models import Exists, OuterRef, Q

from accounts.permissions import carries_verified_badge
from forum.engine import engine

# Thread statuses that close a thread (Thread.is_closed).
CLOSED_STATUSES = ("locked", "duplicate")

# The home page's tabs, in their order: each one's label and its threads in the tab's own
# order (which is also the API's cursor order). The engine adds its own ("Unanswered",
# "Needs official") with register_tab() when its app is ready: their rule is the engine's.
LIST_TABS = {
    "newest": ("Newest", lambda threads: threads.newest()),
    "active": ("Active", lambda threads: threads.active()),
    "solved": ("Solved", lambda threads: threads.solved()),
}


def register_tab(key: str, label: str, threads, *, before: str | None = None) -> None:
    """Add a tab (`threads(queryset)` -> its threads in its order), before the tab `before`
    or last. Registering a key again replaces it in place."""
    tabs = [(name, tab) for name, tab in LIST_TABS.items() if name != key]
    position = next((i for i, (name, _tab) in enumerate(tabs) if name == before), len(tabs))
    tabs.insert(position, (key, (label, threads)))
    LIST_TABS.clear()
    LIST_TABS.update(tabs)


# A tag's slug (taggit allows Unicode letters) is short; anything else is no tag of ours.
TAG_SLUG = re.compile(r"[-\w]{1,50}")
TAG_FILTER_REFUSED = "The tag filter must be a tag's slug: letters, digits and hyphens, 50 at most."


class ThreadQuerySet(models.QuerySet):
    """Threads. The response-time engine's reads (awaiting_official(), with_priority(), ...)
    are its own: responses.models.QueueThread, a proxy whose QuerySet is built on this one."""

    _with_tags = False

    def _clone(self):
        clone = super()._clone()
        clone._with_tags = self._with_tags
        return clone

    def _fetch_all(self):
        fetched = self._result_cache is None
        super()._fetch_all()
        if fetched and self._with_tags and self._result_cache and isinstance(self._result_cache[0], models.Model):
            attach_tags(self._result_cache)

    def with_tags(self) -> ThreadQuerySet:
        """Each thread's tags in one query for the lot (thread.tags.all() reads them): what
        prefetch_related("tags") does, without django-taggit building a queryset per thread
        first (half of a list page's database time on 30 rows)."""
        clone = self._chain()
        clone._with_tags = True
        return clone

    def open(self) -> ThreadQuerySet:
        """Threads that are neither closed (locked or duplicate) nor withdrawn by their
        asker: Thread.is_open's twin. The response-time engine watches only these."""
        return self.exclude(status__in=CLOSED_STATUSES).filter(withdrawn_at=None)

    def listed(self) -> ThreadQuerySet:
        """Threads the lists, tags, profiles and search show: not those whose question its
        author withdrew (their page still answers, with the tombstone)."""
        return self.filter(withdrawn_at=None)

    def for_list(self) -> ThreadQuerySet:
        """The threads of a list, with what a row shows (with_summary())."""
        return self.listed().with_summary()

    def with_summary(self) -> ThreadQuerySet:
        """What a thread row and the thread's own page show: author with badge, tags,
        accepted/official markers, and the engine's state of each (its waiting clock: the
        engine's with_state()). The thread page reads it for withdrawn threads too."""
        from forum.models import Post

        return (
            engine()
            .with_state(self.with_author_badge())
            .with_tags()
            .annotate(
                has_official_answer=Exists(
                    Post.objects.visible().answers().filter(thread=OuterRef("pk"), is_official=True)
                ),
            )
        )

    def with_author_badge(self) -> ThreadQuerySet:
        return self.select_related("author").annotate(author_is_verified=carries_verified_badge("author_id"))

    def newest(self) -> ThreadQuerySet:
        return self.order_by("-created_at", "-pk")

    def active(self) -> ThreadQuerySet:
        return self.order_by("-last_activity_at", "-pk")

    def solved(self) -> ThreadQuerySet:
        return self.filter(accepted_post__isnull=False).order_by("-last_activity_at", "-pk")

    def tagged(self, tag_slug: str | None) -> ThreadQuerySet:
        """Threads carrying the tag. An IN over the tag's items rather than taggit's join,
        which casts the thread's id to the items' integer column and so joins every
        thread in the tag before it can sort (220 ms for a tag of 14,000 threads; this
        walks the list's own index and stops at the page, 3 ms)."""
        if not tag_slug:
            return self
        from django.contrib.contenttypes.models import ContentType
        from taggit.models import TaggedItem

        items = TaggedItem.objects.filter(
            content_type=ContentType.objects.get_for_model(self.model), tag__slug=tag_slug
        )
        return self.filter(pk__in=items.values("object_id"))

    def similar_to(self, title: str, *, limit: int = 5) -> ThreadQuerySet:
        """Threads whose titles share the longer words of `title` (duplicate finder)."""
        words = [word for word in re.findall(r"\w+", title.lower()) if len(word) > 3][:8]
        if not words:
            return self.none()
        condition = Q()
        for word in words:
            condition |= Q(title__icontains=word)
        return self.listed().filter(condition).order_by("-score", "-created_at")[:limit]


class PostQuerySet(models.QuerySet):
    def visible(self) -> PostQuerySet:
        """Posts everyone may read: neither hidden by a moderator nor withdrawn by its
        author (Post.is_visible is the twin). Where such a post keeps its place (a thread
        page), it shows as a tombstone instead (permissions.can_read_post)."""
        return self.filter(is_hidden=False, withdrawn_at=None)

    def answers(self) -> PostQuerySet:
        """Answers only: neither the question nor a reply. Every count, list and rule about
        answers starts here (tests/forum/test_replies.py holds the code to it)."""
        return self.filter(is_question=False, reply_to=None)

    def replies(self) -> PostQuerySet:
        return self.filter(reply_to__isnull=False)

    def answers_and_replies(self) -> PostQuerySet:
        """Everything below the question: what search reads, replies' words included."""
        return self.filter(is_question=False)

    def with_author(self) -> PostQuerySet:
        """The author with their verified badge, whoever saved the current text, and the lead
        who gave an official reply its second look."""
        return self.select_related("author", "edited_by", "reviewed_by").annotate(
            author_is_verified=carries_verified_badge("author_id")
        )

    def with_viewer_vote(self, viewer) -> PostQuerySet:
        """Annotate viewer_vote: +1, -1, or None when the viewer has not voted (or is anonymous)."""
        from forum.models import Vote

        if viewer is None or not viewer.is_authenticated:
            return self.annotate(viewer_vote=models.Value(None, output_field=models.SmallIntegerField()))
        return self.annotate(
            viewer_vote=models.Subquery(Vote.objects.filter(post=OuterRef("pk"), user=viewer).values("value")[:1])
        )

    def with_new_member_mark(self) -> PostQuerySet:
        """is_new_member_post: a new member's first post with links, until a moderator has looked."""
        from forum import moderation_port

        return self.annotate(is_new_member_post=moderation_port.awaiting_first_look())

    def for_thread_page(self, thread) -> PostQuerySet:
        """A thread's answers in page order: official answers pinned under the question,
        then the accepted one, then by score, newest last among equals."""
        return (
            self.answers()
            .filter(thread=thread)
            .with_author()
            .with_new_member_mark()
            .annotate(
                is_accepted=models.Case(
                    models.When(pk=thread.accepted_post_id or 0, then=models.Value(True)),
                    default=models.Value(False),
                ),
            )
            .order_by("-is_official", "-is_accepted", "-score", "created_at", "pk")
        )

    def question_of(self, thread) -> PostQuerySet:
        return self.filter(thread=thread, is_question=True)


class ThreadManager(models.Manager.from_queryset(ThreadQuerySet)):
    """Threads without their search vector, which only the database reads (forum/search.py
    matches and ranks in SQL): it can hold 150,000 characters of answers, and loading it with
    every row of a list was the list's heaviest column. A thread saved from such a row leaves
    its vector alone (Django saves only the fields it loaded)."""

    def get_queryset(self) -> ThreadQuerySet:
        return super().get_queryset().defer("search_vector")


def attach_tags(threads) -> None:
    """Fill each thread's tags cache (sorted by name) with one query."""
    from django.contrib.contenttypes.models import ContentType
    from taggit.models import Tag, TaggedItem

    by_thread: dict[int, list] = {thread.pk: [] for thread in threads}
    thread_type = ContentType.objects.get_for_model(threads[0])
    items = TaggedItem.objects.filter(content_type=thread_type, object_id__in=list(by_thread)).select_related("tag")
    for item in items.order_by("tag__name"):
        by_thread[item.object_id].append(item.tag)
    for thread in threads:
        # A real queryset of those tags (it still works inside another query's filter),
        # already evaluated, as Django's own prefetch leaves it.
        tags = Tag.objects.filter(pk__in=[tag.pk for tag in by_thread[thread.pk]]).order_by("name")
        tags._result_cache, tags._prefetch_done = by_thread[thread.pk], True
        thread._prefetched_objects_cache = {**getattr(thread, "_prefetched_objects_cache", {}), "tags": tags}
