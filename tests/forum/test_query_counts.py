"""List and detail pages run the same number of queries however much data they show."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forum import actions
from tests.factories import UserFactory, make_answer, make_thread

pytestmark = pytest.mark.django_db


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.fixture
def many_threads(db):
    def make(count: int, *, tags=("wifi", "billing")):
        authors = UserFactory.create_batch(3)
        voter = UserFactory(groups=["Reps"])
        threads = []
        for index in range(count):
            thread = make_thread(author=authors[index % 3], title=f"Question number {index} about the hub", tags=tags)
            answer = make_answer(thread=thread, author=voter)
            if index % 2:
                actions.accept_answer(post=answer, by=thread.author)
            threads.append(thread)
        return threads

    return make


@pytest.mark.parametrize("url", ["/", "/?tab=active", "/?tab=unanswered", "/?tab=solved", "/tags/wifi/", "/tags/"])
def test_thread_lists_run_the_same_queries_for_5_and_30_threads(
    client, many_threads, url, django_assert_num_queries, settings
):
    settings.PAGE_CACHE = False  # the page's own queries: kept parts would spare the second request some
    many_threads(5)
    small = count_queries(client, url)
    many_threads(25)
    with django_assert_num_queries(small):
        client.get(url)


# The page's thread ids, those threads with their counts, their tags; the incident banner and
# the pinned announcements (announcements/panels.py), each read once per "announcements" version when kept.
QUERIES_ON_THREAD_LIST = 5


def test_the_thread_list_of_30_runs_a_fixed_number_of_queries(
    client, many_threads, settings, django_assert_num_queries
):
    settings.PAGE_CACHE = False  # the page's own queries, without the cache's (config/pagecache.py)
    many_threads(30)
    with django_assert_num_queries(QUERIES_ON_THREAD_LIST):
        response = client.get("/")
    assert response.content.decode().count('<li class="thread-row') == 30


def content_queries(client, url: str) -> list[str]:
    """The queries of a request that read anything but the cache's own table."""
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    sqls = [query["sql"] for query in context.captured_queries]
    # The database cache's own statements, and the savepoints it writes in, are not content.
    return [sql for sql in sqls if "cache_table" not in sql and "SAVEPOINT" not in sql]


@pytest.mark.parametrize("logged_in", [False, True], ids=["visitor", "member"])
def test_a_list_read_again_before_any_write_reads_no_content(client, many_threads, logged_in):
    many_threads(30)
    if logged_in:
        client.force_login(UserFactory())
    assert content_queries(client, "/")  # rendered once
    again = content_queries(client, "/")
    # A member's session row, with their own row joined to it (who they are), is read on every
    # page (sessions live in the database alone: accounts/sessions.py); their permissions and
    # unread count are kept with the pages, and the threads are not read at all.
    assert [query for query in again if "forum_thread" in query or "forum_post" in query] == []
    assert len(again) == (1 if logged_in else 0)
    if logged_in:
        assert "accounts_membersession" in again[0]


@pytest.fixture
def thread_with_answers(db):
    def make(count: int):
        asker = UserFactory()
        thread = make_thread(author=asker, title=f"A thread with {count} answers in it")
        for index in range(count):
            make_answer(thread=thread, author=UserFactory(), body=f"Answer {index}: restart the hub twice.")
        return thread

    return make


@pytest.mark.parametrize("logged_in", [False, True], ids=["visitor", "member"])
def test_thread_page_queries_do_not_grow_with_answers(
    client, thread_with_answers, logged_in, settings, django_assert_num_queries
):
    # The render's own queries: with kept pages, the first request of a member also fills
    # their permissions and unread count, and the second finds them (config/pagecache.py).
    settings.PAGE_CACHE = False
    small, large = thread_with_answers(5), thread_with_answers(50)
    if logged_in:
        client.force_login(UserFactory())
    expected = count_queries(client, small.get_absolute_url())
    with django_assert_num_queries(expected):
        response = client.get(large.get_absolute_url())
    assert response.content.decode().count('<article class="post') == 51


def test_search_and_profile_queries_do_not_grow(client, many_threads, django_assert_num_queries, settings):
    settings.PAGE_CACHE = False  # the page's own queries: kept parts would spare the second request some
    threads = many_threads(5)
    author = threads[0].author
    search_small = count_queries(client, "/search/?q=hub")
    profile_small = count_queries(client, author.get_absolute_url())
    many_threads(25)
    with django_assert_num_queries(search_small):
        client.get("/search/?q=hub")
    with django_assert_num_queries(profile_small):
        client.get(author.get_absolute_url())


def test_notifications_run_the_same_queries_for_5_and_30(client, django_assert_num_queries, settings):
    settings.PAGE_CACHE = False  # the page's own queries: kept parts would spare the second request some
    from forum.notifications import notify

    reader = UserFactory()
    client.force_login(reader)

    def add(count: int) -> None:
        for index in range(count):
            notify(recipient_ids=[reader.pk], text=f"Something happened, number {index}", url="/")

    add(5)
    few = count_queries(client, "/notifications/")
    add(25)
    with django_assert_num_queries(few):
        client.get("/notifications/")


def test_notifications_naming_many_different_people_run_the_same_queries(client, django_assert_num_queries, settings):
    """Each notification names who did it as they are called now (Notification.actor, issue
    24): the names come with the list, not one query per row."""
    settings.PAGE_CACHE = False  # the page's own queries: kept parts would spare the second request some
    from forum.notifications import notify

    reader = UserFactory()
    client.force_login(reader)

    actors = []

    def add(count: int) -> None:
        for actor in UserFactory.create_batch(count):
            notify(recipient_ids=[reader.pk], actor=actor, text=f"answered “Question {len(actors)}”", url="/")
            actors.append(actor)

    add(5)
    few = count_queries(client, "/notifications/")
    add(25)
    with django_assert_num_queries(few):
        response = client.get("/notifications/")
    html = response.content.decode()
    assert all(f"{actor.name} answered “Question {index}”" in html for index, actor in enumerate(actors))


def test_notifications_read_and_unread_links_and_forms_add_no_queries(client, django_assert_num_queries, settings):
    """Each row links through its open view and has its read/unread form; the header's count
    is one query however many there are, and marking one in place costs a fixed few."""
    settings.PAGE_CACHE = False  # the page's own queries: kept parts would spare the second request some
    from forum.models import Notification
    from forum.notifications import mark_notification_read, notify

    reader = UserFactory()
    client.force_login(reader)

    def add(count: int) -> list[int]:
        ids = [notify(recipient_ids=[reader.pk], text=f"Number {index}", url="/")[0] for index in range(count)]
        for pk in ids[::2]:  # half of them read
            mark_notification_read(notification=Notification.objects.get(pk=pk))
        return ids

    ids = add(4)
    few = count_queries(client, "/notifications/")
    count_few = count_queries(client, "/notifications/count/")
    # Marking counts the member's "notifications" limit (issue 24); on the embedded database
    # cache the first count in its window costs other queries than the next ones.
    client.post(f"/notifications/{ids[3]}/read/", headers={"HX-Request": "true"})
    with CaptureQueriesContext(connection) as marking:
        client.post(f"/notifications/{ids[1]}/read/", headers={"HX-Request": "true"})
    ids = add(26)
    with django_assert_num_queries(few):
        response = client.get("/notifications/")
    unread = Notification.objects.filter(recipient=reader, read_at=None).count()
    assert 0 < unread < 30
    assert response.content.decode().count('class="notification notification--unread"') == unread
    assert response.content.decode().count("/open/") == 30
    with django_assert_num_queries(count_few):
        client.get("/notifications/count/")
    with django_assert_num_queries(len(marking.captured_queries)):
        client.post(f"/notifications/{ids[1]}/read/", headers={"HX-Request": "true"})


def test_revisions_by_many_editors_run_the_same_queries(client, django_assert_num_queries, settings):
    settings.PAGE_CACHE = False  # the page's own queries: kept parts would spare the second request some
    author = UserFactory()
    thread = make_thread(author=author)
    answer = make_answer(thread=thread, author=UserFactory())

    def edit_by(count: int) -> None:
        for index in range(count):
            actions.edit_post(post=answer, editor=UserFactory(), body=f"Hold the reset button, take {index}.")

    edit_by(2)
    url = f"/p/{answer.pk}/revisions/"
    few = count_queries(client, url)
    edit_by(10)
    with django_assert_num_queries(few):
        client.get(url)
