"""PostgreSQL's stored search vector: one UPDATE per refresh, one for all threads, the same
vectors from the data migration that brought answers in, and a size that a thread with a
great deal of text cannot push past what a tsvector holds."""

import importlib
import random
import re

import pytest
from django.apps import apps
from django.db import connection

from forum.models import Thread
from forum.search import refresh_all_search_vectors, refresh_search_vector, search_threads
from tests.factories import UserFactory, make_answer, make_thread

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(db):
    thread = make_thread(author=UserFactory(), title="Hub drops out every night")
    make_answer(thread=thread, author=UserFactory(), body="Turn off beamforming and it stays up.")
    return thread


def vectors() -> dict[int, str]:
    return {pk: str(vector) for pk, vector in Thread.objects.values_list("pk", "search_vector")}


def test_one_threads_vector_is_refreshed_in_one_update(postgresql, answered, django_assert_num_queries):
    Thread.objects.update(search_vector=None)
    with django_assert_num_queries(1):
        refresh_search_vector(thread_id=answered.pk)
    assert [thread.pk for thread in search_threads("beamforming")] == [answered.pk]


def test_every_vector_is_rebuilt_in_one_update(postgresql, answered, django_assert_num_queries):
    other = make_thread(author=UserFactory(), title="Beamforming is on by default")
    before = vectors()
    Thread.objects.update(search_vector=None)
    assert list(search_threads("beamforming")) == []
    with django_assert_num_queries(1):
        assert refresh_all_search_vectors() == 2
    assert vectors() == before
    assert [thread.pk for thread in search_threads("beamforming")] == [other.pk, answered.pk]


def test_refreshing_is_one_update_on_postgresql_and_no_query_on_sqlite(answered, django_assert_num_queries):
    """SQLite stores no vectors (its search reads the posts), so it pays nothing to keep them."""
    on_postgresql = connection.vendor == "postgresql"
    with django_assert_num_queries(1 if on_postgresql else 0):
        refresh_search_vector(thread_id=answered.pk)
    threads = Thread.objects.count()
    with django_assert_num_queries(1 if on_postgresql else 0):
        assert refresh_all_search_vectors() == (threads if on_postgresql else 0)


def test_the_data_migration_computes_the_vectors_the_search_keeps(postgresql, answered, rep):
    from forum import actions

    official = make_answer(thread=answered, author=UserFactory(), body="Official: the firmware is fixed.")
    actions.mark_official(post=official, by=rep)
    actions.accept_answer(post=answered.posts.get(is_question=False, is_official=False), by=answered.author)
    expected = vectors()
    Thread.objects.update(search_vector=None)
    migration = importlib.import_module("forum.migrations.0015_search_vectors_with_answers")
    with connection.schema_editor(atomic=False) as editor:
        migration.recompute_search_vectors(apps, editor)
    assert vectors() == expected
    # The accepted and the official answer both weigh C; the title A.
    assert re.search(r"'beamform':\d+C", expected[answered.pk])
    assert re.search(r"'firmwar':\d+C", expected[answered.pk])
    assert "'hub':1A" in expected[answered.pk]


def nonsense(rng: random.Random, length: int) -> str:
    """Words that never repeat: the text whose tsvector grows fastest."""
    return " ".join(f"{rng.getrandbits(64):016x}" for _ in range(length // 17))


def test_a_thread_with_more_text_than_a_tsvector_holds_still_takes_answers(postgresql):
    """A tsvector's words may not exceed 1 MB together; 40 answers of 29,000 characters of
    words that never repeat would pass it, and every answer after that would fail."""
    rng = random.Random(12)
    thread = make_thread(author=UserFactory(), title="A very long thread")
    for _ in range(40):
        make_answer(thread=thread, author=UserFactory(), body=nonsense(rng, 29_000))
    make_answer(thread=thread, author=UserFactory(), body="Beamforming off fixed it for me.")
    thread.refresh_from_db()
    assert thread.answer_count == 41
    # Past the limit the best scored answers, then the oldest, are the ones indexed: the
    # first answer is found, the newest (short) one is not.
    first = thread.posts.filter(is_question=False).order_by("created_at", "pk").first()
    assert [found.pk for found in search_threads(first.body_text.split()[0])] == [thread.pk]
    assert list(search_threads("beamforming")) == []
