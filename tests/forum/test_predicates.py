"""One definition per predicate (issue 9): waiting for a first response, closed, hidden."""

import pytest

from forum.models import Post, Thread
from responses.models import QueueThread
from tests.factories import UserFactory, make_answer, make_thread

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("status", "answered_by_other", "waiting"),
    [
        (Thread.Status.OPEN, False, True),
        (Thread.Status.ANSWERED, False, True),  # the asker's own follow-up answers nobody
        (Thread.Status.OPEN, True, False),
        (Thread.Status.LOCKED, False, False),
        (Thread.Status.DUPLICATE, False, False),
    ],
)
def test_the_list_the_page_and_the_engine_agree_on_waiting_for_a_first_response(
    client, asker, status, answered_by_other, waiting
):
    thread = make_thread(author=asker)
    make_answer(thread=thread, author=UserFactory() if answered_by_other else asker)
    Thread.objects.filter(pk=thread.pk).update(status=status)
    thread.refresh_from_db()
    assert thread.is_awaiting_first_response is waiting
    assert QueueThread.objects.awaiting_first_response().filter(pk=thread.pk).exists() is waiting
    assert ("waiting-clock" in client.get("/").content.decode()) is waiting
    assert ('data-testid="waiting"' in client.get(thread.get_absolute_url()).content.decode()) is waiting


@pytest.fixture
def hidden_answer(asker, answerer):
    thread = make_thread(author=asker)
    answer = make_answer(thread=thread, author=answerer, body="Call me on 0151 496 0000 and I will fix it.")
    Post.objects.filter(pk=answer.pk).update(is_hidden=True, hidden_reason="personal data")
    return answer


def test_a_hidden_post_is_a_tombstone_on_its_thread(client, hidden_answer):
    html = client.get(hidden_answer.thread.get_absolute_url()).content.decode()
    assert "0151 496 0000" not in html
    assert "Hidden by a moderator: personal data" in html


@pytest.mark.parametrize("reader", ["author", "moderator"])
def test_its_author_and_the_moderators_still_read_a_hidden_post(client, hidden_answer, reader):
    client.force_login(hidden_answer.author if reader == "author" else UserFactory(groups=["Moderators"]))
    html = client.get(hidden_answer.thread.get_absolute_url()).content.decode()
    assert "0151 496 0000" in html
    assert "Hidden by a moderator: personal data" in html


def test_a_hidden_post_is_left_out_of_profiles_and_official_markers(client, hidden_answer):
    assert "0151" not in client.get(hidden_answer.author.get_absolute_url()).content.decode()
    assert not Post.objects.visible().filter(pk=hidden_answer.pk).exists()


def test_the_askers_own_follow_up_leaves_the_thread_open_unanswered_and_waiting(client, asker):
    from datetime import timedelta

    from django.utils import timezone

    from responses import jobs as response_jobs

    thread = make_thread(author=asker, now=timezone.now() - timedelta(hours=2))
    make_answer(thread=thread, author=asker, body="Any ideas? It still drops every evening.")
    thread.refresh_from_db()
    assert thread.status == Thread.Status.OPEN
    assert thread.title in client.get("/?tab=unanswered").content.decode()
    assert response_jobs.mark_overdue_threads(now=timezone.now()) == [thread.pk]
    make_answer(thread=thread, author=UserFactory())
    thread.refresh_from_db()
    assert thread.status == Thread.Status.ANSWERED
    assert thread.title not in client.get("/?tab=unanswered").content.decode()


def test_everyone_who_had_the_problem_hears_the_fix_once(asker, answerer):
    from forum import actions
    from forum.models import Notification

    thread = make_thread(author=asker)
    answer = make_answer(thread=thread, author=answerer)
    fellow, follower = UserFactory(), UserFactory()
    actions.set_me_too(user=fellow, thread=thread, on=True)  # also follows
    actions.follow_thread(user=follower, thread=thread)
    Notification.objects.all().delete()
    moderator = UserFactory(groups=["Moderators"])
    actions.accept_answer(post=answer, by=moderator)
    told = sorted(
        Notification.objects.filter(text__contains="has an accepted answer").values_list("recipient_id", flat=True)
    )
    assert told == sorted([asker.pk, fellow.pk, follower.pk])  # the asker too, since a moderator accepted
    rep = UserFactory(groups=["Reps"])
    actions.mark_official(post=answer, by=rep)
    marked = Notification.objects.filter(text__contains="marked an answer to").values_list("recipient_id", flat=True)
    assert sorted(marked) == sorted([asker.pk, fellow.pk, follower.pk])
