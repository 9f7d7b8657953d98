"""Which of a batch of queue threads each rep hears about: the jobs' notices
(responses/jobs.py), in three small queries whatever the number of reps or threads.

The rule is ResponseTimeQuerySet.routed_to's, which the queue page's "For you" filters by:
a rep gets the threads they claimed, the threads in the tags they look after, threads in
tags nobody looks after, and unclaimed threads offered to all; a rep who looks after no tag
gets everything. Asked of the database once per rep, it cost 0.5 s per rep over a backlog
of 57,000 threads; here the facts are read once and the rule applied in Python. The jobs
pass each thread's wait as their UPDATE returned it (Waiting), so the wait is not read
again. tests/responses/test_routing.py holds the two spellings to the same answers."""

from collections import defaultdict
from datetime import datetime

from taggit.models import TaggedItem

from config.updates import epoch
from responses.conf import conf
from responses.expressions import thread_content_type_id
from responses.models import QueueClaim, RepTag, ResponseState

NO_TAGS: frozenset[int] = frozenset()


# A queue thread's wait: since when (waiting_since, set for every queued thread, in epoch
# seconds: config.updates.epoch), which thread, against which lag. A plain tuple in that
# order, as the jobs' UPDATE ... RETURNING gives it and sorts it (the longest waiting first):
# a backlog makes 100,000 of them, and building a named tuple or a frozen dataclass for each
# took 0.1-0.2 s.
Waiting = tuple[float, int, int]


def waiting(ids: list[int]) -> list[Waiting]:
    """The threads' waits as their state rows hold them now, in the order of `ids`."""
    rows = ResponseState.objects.filter(pk__one_of=ids).annotate(since=epoch("waiting_since"))
    found = {pk: (since, pk, lag) for pk, since, lag in rows.values_list("pk", "since", "lag_minutes")}
    return [found[pk] for pk in ids if pk in found]


def routed_to_reps(items: list[Waiting], *, rep_ids: list[int], now: datetime) -> dict[int, list[int]]:
    """{rep id: the ids among `items` routed to that rep, in the order of `items`}."""
    looks_after: dict[int, frozenset[int]] = defaultdict(frozenset)
    for rep_id, tag_id in RepTag.objects.values_list("rep_id", "tag_id"):
        looks_after[rep_id] |= {tag_id}
    ids = [pk for _since, pk, _lag in items]
    owned = set().union(*looks_after.values())
    # Each thread's tags that someone looks after (the others route nowhere in particular).
    owned_tags: dict[int, frozenset[int]] = {}
    if owned:
        tagged = TaggedItem.objects.filter(
            content_type_id=thread_content_type_id(), object_id__one_of=ids, tag_id__one_of=sorted(owned)
        )
        for thread_id, tag_id in tagged.values_list("object_id", "tag_id"):
            owned_tags[thread_id] = owned_tags.get(thread_id, NO_TAGS) | {tag_id}
    claimed_by = dict(QueueClaim.objects.filter(thread_id__one_of=ids).values_list("thread_id", "claimed_by_id"))

    def reps_for(tags: frozenset[int], claimer: int | None, offered: bool) -> list[int]:
        return [
            rep_id
            for rep_id in rep_ids
            if claimer == rep_id or offered or not tags or not looks_after[rep_id] or tags & looks_after[rep_id]
        ]

    # Offered to all: unclaimed, and waited OFFER_TO_ALL_FRACTION of its lag (with_offer).
    now_seconds, fraction = now.timestamp(), conf.OFFER_TO_ALL_FRACTION
    routed: dict[int, list[int]] = {rep_id: [] for rep_id in rep_ids}
    by_facts: dict[tuple, list[int]] = {}  # a few distinct (tags, claimer, offered) in a backlog
    for since, pk, lag_minutes in items:
        claimer = claimed_by.get(pk)
        half_way = (now_seconds - since) / 60 >= lag_minutes * fraction
        facts = (owned_tags.get(pk, NO_TAGS), claimer, claimer is None and half_way)
        if facts not in by_facts:
            by_facts[facts] = reps_for(*facts)
        for rep_id in by_facts[facts]:
            routed[rep_id].append(pk)
    return routed
