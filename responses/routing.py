"""Which of a batch of queue threads each rep hears about: the jobs' notices
(responses/jobs.py), in two queries whatever the number of reps.

The rule is ResponseTimeQuerySet.routed_to's, which the queue page's "For you" filters by:
a rep gets the threads they claimed, the threads in the tags they look after, threads in
tags nobody looks after, and unclaimed threads offered to all; a rep who looks after no tag
gets everything. Asked of the database once per rep, it cost 0.5 s per rep over a backlog
of 57,000 threads; here the facts are read once and the rule applied in Python.
tests/responses/test_routing.py holds the two spellings to the same answers."""

from collections import defaultdict
from datetime import datetime

from taggit.models import TaggedItem

from responses.expressions import thread_content_type_id
from responses.models import QueueThread, RepTag


def routed_to_reps(ids: list[int], *, rep_ids: list[int], now: datetime) -> dict[int, set[int]]:
    """{rep id: the ids among `ids` routed to that rep}."""
    looks_after: dict[int, set[int]] = defaultdict(set)
    for rep_id, tag_id in RepTag.objects.values_list("rep_id", "tag_id"):
        looks_after[rep_id].add(tag_id)
    owned = set().union(*looks_after.values())
    # Each thread's tags that someone looks after (the others route nowhere in particular).
    owned_tags: dict[int, set[int]] = defaultdict(set)
    tagged = TaggedItem.objects.filter(
        content_type_id=thread_content_type_id(), object_id__one_of=ids, tag_id__one_of=sorted(owned)
    )
    for thread_id, tag_id in tagged.values_list("object_id", "tag_id"):
        owned_tags[thread_id].add(tag_id)
    facts = (
        QueueThread.objects.filter(pk__one_of=ids)
        .with_lag_and_wait(now=now)
        .with_offer()
        .order_by()
        .values_list("pk", "queue_claim__claimed_by_id", "offered_to_all")
    )
    routed: dict[int, set[int]] = {rep_id: set() for rep_id in rep_ids}
    for pk, claimed_by, offered_to_all in facts:
        tags = owned_tags[pk]
        for rep_id in rep_ids:
            mine = looks_after[rep_id]
            if claimed_by == rep_id or offered_to_all or not tags or not mine or tags & mine:
                routed[rep_id].add(pk)
    return routed
