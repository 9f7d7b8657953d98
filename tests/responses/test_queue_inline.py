"""A queue row opens inline ("Read and reply"): the question's excerpt, the customer's latest
message, the answers so far and the official-reply form with the saved replies for the
thread's tags. The page reads all of it in the same number of queries however many rows and
follow-ups it shows (responses/queue_rows.py)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from taggit.models import Tag

from forum import actions as forum_actions
from responses import jobs
from team.models import SavedReply
from tests.factories import UserFactory, make_answer, make_thread


def followed_up(number: int, *, rep, now, tags=("wifi",)):
    """A thread the company answered officially, then the asker said it did not work and a
    member who said "me too" replied under the official answer: back in the queue."""
    asker = UserFactory(display_name=f"Asker {number}")
    thread = make_thread(
        author=asker,
        title=f"The hub number {number} drops the line every night",
        body=f"Since Monday hub {number} drops the line at nine every evening. " + "It is maddening. " * 30,
        tags=tags,
        now=now - timedelta(hours=3),
    )
    official = forum_actions.post_answer(
        author=rep, thread=thread, body="Official: restart the hub from the app.", official=True
    )
    friend = UserFactory(display_name=f"Friend {number}")
    forum_actions.set_me_too(user=friend, thread=thread, on=True)
    make_answer(thread=thread, author=asker, body=f"That did not work, hub {number} still drops at nine.")
    forum_actions.reply(parent=official, author=friend, body=f"Same for me on hub {number}: still dropping at nine.")
    return thread


@pytest.fixture
def saved_reply(db):
    tag, _ = Tag.objects.get_or_create(name="wifi", defaults={"slug": "wifi"})
    return SavedReply.objects.create(name="Line check", tag=tag, body="Hello {asker}, we are checking the line now.")


def test_the_inline_row_shows_the_question_the_customers_latest_message_and_the_answers(client, rep, now, saved_reply):
    thread = followed_up(1, rep=rep, now=now)
    client.force_login(rep)
    html = client.get("/official/?show=all").content.decode()
    row = html[html.index(f'id="queue-{thread.pk}"') :]
    row = row[: row.index("</li>\n", row.index("queue-item__actions"))]

    assert "<summary>Read and reply</summary>" in row
    # The question, cut to an excerpt.
    assert "Since Monday hub 1 drops the line at nine every evening." in row
    assert "It is maddening. " * 30 not in row
    # The latest from the customer: the "me too" member's reply, after the asker's answer.
    assert "The customer replied after the official answer" in row
    latest = row[row.index('data-testid="latest-from-customer"') :]
    latest = latest[: latest.index("</section>")]
    assert "Same for me on hub 1: still dropping at nine." in latest
    assert "Friend 1" in latest
    assert "said “me too”" in latest
    assert "in a reply" in latest
    # The answers so far: two, the newest first, the official one marked.
    assert "Answers so far: 2" in row
    assert row.index("That did not work, hub 1 still drops") < row.index("Official: restart the hub")
    assert '<span class="badge badge--official">Official</span>' in row
    # The reply form and the saved replies for its tags are right there, filled in for the asker.
    assert f'action="/official/{thread.pk}/reply/"' in row
    assert f'data-insert-into="id_body-{thread.pk}"' in row
    assert 'data-body="Hello Asker 1, we are checking the line now."' in row


def test_a_customers_words_are_escaped_in_the_row(client, rep, now):
    thread = followed_up(2, rep=rep, now=now)
    make_answer(thread=thread, author=thread.author, body="Still broken <script>alert(1)</script> at nine.")
    client.force_login(rep)
    html = client.get("/official/?show=all").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "Still broken &lt;script&gt;alert(1)&lt;/script&gt; at nine." in html


def test_a_row_waiting_for_a_first_answer_says_nothing_came_since_the_question(client, rep, asked, now):
    thread = asked(180)
    jobs.mark_overdue_threads(now=now)
    client.force_login(rep)
    html = client.get("/official/?show=all").content.decode()
    row = html[html.index(f'id="queue-{thread.pk}"') :]
    assert "Latest from the customer" in row
    assert "Nothing since the question." in row
    assert "Answers so far: 0" in row


def test_the_queue_runs_the_same_queries_for_3_and_20_rows_with_follow_ups(
    client, rep, lead, now, saved_reply, settings, django_assert_num_queries
):
    settings.PAGE_CACHE = False  # the page's own queries, not what a kept page spares
    SavedReply.objects.create(name="For everyone", body="Thanks {asker}, about “{title}”.")
    billing, _ = Tag.objects.get_or_create(name="billing", defaults={"slug": "billing"})
    SavedReply.objects.create(name="Refund", tag=billing, body="We refunded it.")
    for number in range(3):
        followed_up(number, rep=rep, now=now)
    client.force_login(lead)  # a lead's rows carry the assign form too
    with CaptureQueriesContext(connection) as few:
        assert client.get("/official/?show=all").status_code == 200
    assert len(few.captured_queries) < 40, len(few.captured_queries)

    for number in range(3, 20):
        thread = followed_up(number, rep=rep, now=now, tags=("wifi", "billing") if number % 2 else ("wifi",))
        make_answer(thread=thread, author=thread.author, body=f"And again tonight on hub {number}, twice.")
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get("/official/?show=all")
    assert response.content.decode().count("<summary>Read and reply</summary>") == 20
