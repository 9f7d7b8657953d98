"""The API's lists and the thread cost the same number of queries with 3 rows as with 15."""

import pytest
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from forum import actions
from forum.models import Thread
from forum.search import uses_postgresql
from tests.factories import UserFactory, make_answer, make_thread, set_state

pytestmark = pytest.mark.django_db

# The token with its member (1), then: the page of threads and their tags; the thread, its
# tags, its question, its answers and all their replies; the tags; search's window, its rows and their tags; the
# rep's permissions (2), their tags, the queue's order (ids), its rows (the page's head()), their
# tags and their official requests.
# On PostgreSQL search looks among the latest threads first, and through all when they hold
# too few matches (forum/search.py): one query more, whatever the number of results.
QUERIES = {"threads": 3, "thread": 6, "tags": 2, "search": 4 + uses_postgresql(), "queue": 8}


@pytest.fixture
def reader(rep, make_token, bearer, settings):
    """A rep's token (the queue is theirs to read), used once already so that its
    once-a-minute last-used write is not counted. Rate limits off: on the embedded setup
    they count in the database cache, in Redis in production."""
    settings.ACTION_RATE_LIMITS_ON = False
    api = bearer(make_token(rep))
    api.get(reverse("api:tags"))
    return api


def _threads(count: int, *, tag: str) -> list[Thread]:
    askers = [UserFactory() for _ in range(3)]
    return [
        make_thread(
            author=askers[n % 3], title=f"How do I reset hub number {n} in {tag}?", tags=[tag, f"{tag}-{n % 4}"]
        )
        for n in range(count)
    ]


def test_the_thread_list_costs_the_same_with_3_or_15_threads(reader, django_assert_num_queries):
    _threads(3, tag="small")
    _threads(15, tag="large")
    for tag, count in (("small", 3), ("large", 15)):
        with django_assert_num_queries(QUERIES["threads"]):
            response = reader.get(reverse("api:threads") + f"?tag={tag}")
        assert len(response.json()["results"]) == count
    with django_assert_num_queries(QUERIES["threads"]):
        reader.get(reverse("api:threads") + "?tab=unanswered")


def test_a_thread_costs_the_same_with_3_or_15_answers(reader, django_assert_num_queries):
    small, large = _threads(2, tag="wifi")
    for thread, count in ((small, 3), (large, 15)):
        for _ in range(count):
            answer = make_answer(
                thread=thread, author=UserFactory(), body=f"Try this, it worked for me: {_} {thread.pk}."
            )
            actions.reply(parent=answer, author=UserFactory(), body=f"Thanks, that helped ({_}).")
    for thread, count in ((small, 3), (large, 15)):
        with django_assert_num_queries(QUERIES["thread"]):
            response = reader.get(reverse("api:thread", args=[thread.pk]))
        assert len(response.json()["posts"]) == 1 + 2 * count  # each answer and its reply


def test_the_tags_cost_the_same_with_3_or_15_tags(reader, django_assert_num_queries):
    _threads(2, tag="few")  # "few", "few-0" and "few-1"
    with django_assert_num_queries(QUERIES["tags"]):
        assert len(reader.get(reverse("api:tags")).json()["results"]) == 3
    Tag.objects.bulk_create([Tag(name=f"more-{n}", slug=f"more-{n}") for n in range(12)])
    with django_assert_num_queries(QUERIES["tags"]):
        assert len(reader.get(reverse("api:tags")).json()["results"]) == 15


def test_search_costs_the_same_with_3_or_15_results(reader, django_assert_num_queries):
    _threads(3, tag="small")
    _threads(15, tag="large")
    for tag, count in (("small", 3), ("large", 15)):
        with django_assert_num_queries(QUERIES["search"]):
            response = reader.get(reverse("api:search") + f"?q=reset&tag={tag}")
        assert len(response.json()["results"]) == count


def test_the_queue_costs_the_same_with_3_or_15_items(reader, django_assert_num_queries):
    small = _threads(3, tag="small")
    large = _threads(15, tag="large")
    set_state(Thread.objects.filter(pk__in=[thread.pk for thread in small + large]), overdue_at=timezone.now())
    for tag, count in (("small", 3), ("large", 15)):
        with django_assert_num_queries(QUERIES["queue"]):
            response = reader.get(reverse("api:queue") + f"?show=all&tag={tag}")
        assert len(response.json()["results"]) == count
