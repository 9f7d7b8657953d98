"""Replies under posts (issue 27): a customer can reply, not only answer. A reply is no
answer (not counted, not acceptable, never official, its votes move no reputation), shows
under its post, and means to the engine what a customer's or a rep's words mean."""

import re
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from forum import actions
from forum.models import Notification, Post, ReputationEvent, Revision, Thread
from responses.models import QueueThread
from tests.factories import UserFactory, make_answer, make_thread, set_reputation

pytestmark = pytest.mark.django_db

PROJECT = Path(__file__).resolve().parents[2]


@pytest.fixture
def nina(db):
    return UserFactory(username="nina", display_name="Nina")


@pytest.fixture
def rita(db):
    return UserFactory(username="rita", display_name="Rita", groups=["Reps"])


@pytest.fixture
def answered_officially(nina, rita):
    """Nina's thread with Rita's official answer: waiting on the customer."""
    thread = make_thread(author=nina, title="My hub drops the line every evening at nine")
    official = actions.post_answer(author=rita, thread=thread, body="Restart the hub from the app.", official=True)
    thread.refresh_from_db()
    return thread, official


def queued(thread: Thread) -> bool:
    return QueueThread.objects.awaiting_official().filter(pk=thread.pk).exists()


def state(thread: Thread):
    thread.refresh_from_db()
    return thread.response_state


def test_that_didnt_work_under_the_official_answer_puts_the_thread_back_and_is_no_answer(
    client, answered_officially, nina
):
    thread, official = answered_officially
    assert not queued(thread)
    before = Thread.objects.get(pk=thread.pk)

    reply = actions.reply(parent=official, author=nina, body="That didn't work: it still drops at nine.")

    assert queued(thread)  # waiting on the company again, with its own clock
    assert state(thread).follow_up_at == reply.created_at
    after = Thread.objects.get(pk=thread.pk)
    assert (after.answer_count, after.status) == (before.answer_count, before.status)  # not an answer
    assert list(Post.objects.answers().filter(thread=thread)) == [official]
    page = client.get(thread.get_absolute_url()).content.decode()
    under = page[page.index(f'id="replies-{official.pk}"') :]
    assert "it still drops at nine." in under[: under.index("</section>")]
    assert "1 answer<" in page
    assert 'data-testid="waiting-on-company"' in page  # whom it waits on
    client.force_login(nina)
    assert client.post(reverse("forum:accept", args=[reply.pk])).status_code == 404  # not acceptable
    client.force_login(UserFactory(groups=["Reps"]))
    assert client.post(reverse("forum:mark_official", args=[reply.pk])).status_code == 404  # never official


def test_a_reps_request_for_a_detail_waits_on_the_customer_and_their_reply_puts_it_back(
    client, answered_officially, nina, rita, lead
):
    thread, official = answered_officially
    actions.reply(parent=official, author=nina, body="Still dropping, every evening.")
    assert queued(thread)
    client.force_login(rita)
    response = client.post(
        reverse("forum:reply", args=[official.pk]),
        {"body": "Can you tell me your router model? It is on the label underneath.", "asks_customer": "on"},
    )
    assert response.status_code == 302
    assert not queued(thread)  # the customer's turn
    assert state(thread).detail_requested_at is not None
    client.force_login(lead)
    dashboard = client.get(reverse("responses:dashboard")).content.decode()
    assert re.search(r'data-testid="waiting-on-customer">1<', dashboard)
    assert Notification.objects.filter(recipient=nina, text__startswith="asked you for a detail").exists()
    page = client.get(thread.get_absolute_url()).content.decode()
    assert 'data-testid="waiting-for-detail"' in page

    actions.reply(parent=official, author=nina, body="It is a Hub 4, model BW-H4.")
    assert queued(thread)
    assert state(thread).detail_requested_at is None
    dashboard = client.get(reverse("responses:dashboard")).content.decode()
    assert re.search(r'data-testid="waiting-on-customer">0<', dashboard)


def test_a_members_reply_never_makes_the_thread_wait_on_the_customer(client, answered_officially):
    thread, official = answered_officially
    client.force_login(UserFactory())
    client.post(reverse("forum:reply", args=[official.pk]), {"body": "Same here, following.", "asks_customer": "on"})
    assert state(thread).detail_requested_at is None


def test_a_strangers_reply_is_no_first_response(nina):
    thread = make_thread(author=nina, title="Which channel is best for the Hub 4 Pro?")
    question = Post.objects.get(thread=thread, is_question=True)
    actions.reply(parent=question, author=UserFactory(), body="Which country are you in?")
    assert state(thread).first_response_at is None


def test_votes_on_a_reply_move_no_reputation(answered_officially, nina):
    _thread, official = answered_officially
    reply = actions.reply(parent=official, author=nina, body="Thanks, that explains it.")
    voter = UserFactory()
    set_reputation(voter, 200)
    events = ReputationEvent.objects.count()
    assert actions.cast_vote(voter=voter, post=reply, value=1) == 1
    assert actions.cast_vote(voter=voter, post=reply, value=-1) == -1
    assert ReputationEvent.objects.count() == events


def test_a_reply_to_a_reply_joins_its_parent_and_the_conversation_is_told(answered_officially, nina, rita):
    _thread, official = answered_officially
    first = actions.reply(parent=official, author=nina, body="Did not help, sorry.")
    other = UserFactory()
    second = actions.reply(parent=first, author=other, body="Same for me on a Hub 3.")
    assert second.reply_to_id == official.pk
    assert Notification.objects.filter(recipient=rita, text__startswith="replied to your answer").count() == 2
    assert Notification.objects.filter(recipient=nina, text__startswith="replied after you").exists()
    assert not Notification.objects.filter(recipient=other).exists()


def test_a_refused_reply_is_shown_again_under_its_post_with_what_was_typed(client, answered_officially, nina):
    _thread, official = answered_officially
    client.force_login(nina)
    response = client.post(reverse("forum:reply", args=[official.pk]), {"body": "x"})
    assert response.status_code == 400
    page = response.content.decode()
    form = page[page.index(f'id="replies-{official.pk}"') :]
    assert '<details class="reply-form" open>' in form
    assert "Say a little more: at least 2 characters (you have 1)." in form
    assert f'id="reply-{official.pk}-body"' in form
    long = "a" * 2_001
    response = client.post(reverse("forum:reply", args=[official.pk]), {"body": long})
    assert response.status_code == 400
    assert long in response.content.decode()  # nothing typed is lost
    assert not Post.objects.replies().exists()


def test_no_reply_under_a_hidden_or_withdrawn_post_or_on_a_locked_thread(client, answered_officially, nina):
    thread, official = answered_officially
    answer = make_answer(thread=thread, author=UserFactory(), body="Try a different channel, say 6.")
    actions.withdraw_post(post=answer, by=answer.author)
    client.force_login(nina)
    assert client.post(reverse("forum:reply", args=[answer.pk]), {"body": "Thanks!"}).status_code == 403
    Thread.objects.filter(pk=thread.pk).update(status=Thread.Status.LOCKED)
    assert client.post(reverse("forum:reply", args=[official.pk]), {"body": "Thanks!"}).status_code == 403
    assert client.post(reverse("forum:reply", args=[999_999]), {"body": "Thanks!"}).status_code == 404
    assert not Post.objects.replies().exists()


def test_a_reply_is_edited_with_its_short_rules_and_keeps_revisions_and_is_withdrawn(client, answered_officially, nina):
    thread, official = answered_officially
    reply = actions.reply(parent=official, author=nina, body="Thx")
    client.force_login(nina)
    assert client.post(reverse("forum:edit_post", args=[reply.pk]), {"body": "Thanks!"}).status_code == 302
    assert list(Revision.objects.filter(post=reply).values_list("body", flat=True)) == ["Thx", "Thanks!"]
    assert client.post(reverse("forum:withdraw", args=[reply.pk])).status_code == 302
    client.logout()
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "Thanks!" not in page
    assert f'data-testid="tombstone-{reply.pk}"' in page


def test_a_replys_text_is_found_by_search(client, answered_officially, nina):
    thread, official = answered_officially
    actions.reply(parent=official, author=nina, body="My router is a Zyxelmodem9000.")
    page = client.get(reverse("forum:search") + "?q=Zyxelmodem9000").content.decode()
    assert thread.title in page


def test_the_thread_page_reads_replies_in_one_query_however_many(client, settings, django_assert_num_queries):
    settings.PAGE_CACHE = False

    def thread_with(answers: int, replies_each: int) -> Thread:
        asker = UserFactory()
        thread = make_thread(author=asker, title=f"A thread with {answers} answers and their replies")
        helpers = UserFactory.create_batch(3)
        posts = [make_answer(thread=thread, author=helpers[n % 3], body=f"Answer number {n}.") for n in range(answers)]
        now = timezone.now()
        rows = [
            Post(
                thread=thread,
                author=helpers[(n + k) % 3],
                reply_to=post,
                body=f"reply {k}",
                body_html=f"<p>reply {k}</p>",
                body_text=f"reply {k}",
                created_at=now + timedelta(seconds=k),
            )
            for n, post in enumerate(posts)
            for k in range(replies_each)
        ]
        Post.objects.bulk_create(rows)
        return thread

    small, large = thread_with(2, 1), thread_with(50, 4)  # 200 replies
    client.force_login(UserFactory())
    with CaptureQueriesContext(connection) as few:
        client.get(small.get_absolute_url())
    with django_assert_num_queries(len(few.captured_queries)):
        page = client.get(large.get_absolute_url()).content.decode()
    assert page.count('<li class="reply"') == 200


def test_replies_are_never_taken_for_answers_in_the_code():
    """Every query about answers goes through PostQuerySet.answers(): a bare
    is_question=False would count replies as answers."""
    found = subprocess.run(
        ["git", "grep", "-n", "is_question=False", "--", "*.py", ":!tests", ":!*/migrations/*"],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.splitlines()
    allowed = ("forum/querysets.py", "forum/actions/posts.py", "forum/actions/replies.py")  # writing one
    assert [line for line in found if not line.startswith(allowed)] == []


def test_no_reply_joins_a_hidden_answer_through_one_of_its_replies(client, answered_officially, nina, moderator):
    from moderation import actions as moderation_actions

    thread, _official = answered_officially
    answer = make_answer(thread=thread, author=UserFactory(), body="Buy a new router from my shop.")
    earlier = actions.reply(parent=answer, author=nina, body="Is this an advert?")
    moderation_actions.hide_post(post=answer, by=moderator, rule="spam")
    client.force_login(UserFactory())
    assert client.post(reverse("forum:reply", args=[earlier.pk]), {"body": "Yes it is."}).status_code == 403
    assert Post.objects.replies().filter(reply_to=answer).count() == 1
