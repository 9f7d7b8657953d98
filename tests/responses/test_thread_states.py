"""Status, tabs, clock and engine agree (issue 11) through a thread's whole life: no reply,
the asker's own follow-ups, a community answer, an official request answered by the
community, an official answer, the customer's follow-up after it, a dismissal and its undo."""

import pytest
from django.urls import reverse

from cases import actions as case_actions
from forum import actions as forum_actions
from responses import actions, jobs
from responses.models import QueueThread
from tests.factories import UserFactory, make_answer

pytestmark = pytest.mark.django_db

CLOCKS = ("waiting", "waiting-official", "waiting-on-company", "waiting-on-customer")


def no_reply(thread, rep, lead, now):
    pass


def asker_follow_ups(thread, rep, lead, now):
    make_answer(thread=thread, author=thread.author, body="Any ideas? Still dropping every evening.")
    make_answer(thread=thread, author=thread.author, body="Tried a new cable too, same thing happens.")


def community_answer(thread, rep, lead, now):
    make_answer(thread=thread, author=UserFactory())


def requested_then_community_answer(thread, rep, lead, now):
    actions.request_official_response(thread=thread, by=thread.author, now=now)
    make_answer(thread=thread, author=UserFactory())


def official_answer(thread, rep, lead, now):
    forum_actions.post_answer(author=rep, thread=thread, body="Official: we replaced the line card.", official=True)


def follow_up_after_official(thread, rep, lead, now):
    official_answer(thread, rep, lead, now)
    make_answer(thread=thread, author=thread.author, body="That didn't work, it still drops at nine.")


def official_answer_accepted(thread, rep, lead, now):
    official_answer(thread, rep, lead, now)
    forum_actions.accept_answer(post=thread.posts.get(is_question=False), by=thread.author)


def private_case_opened(thread, rep, lead, now):
    jobs.mark_overdue_threads(now=now)
    case_actions.open_case(thread=thread, by=rep, message="Hello, can we look at this privately?", now=now)


def dismissed(thread, rep, lead, now):
    jobs.mark_overdue_threads(now=now)
    actions.dismiss_thread(thread=thread, by=rep, reason="Not a product question at all", now=now)


def dismissal_undone(thread, rep, lead, now):
    dismissed(thread, rep, lead, now)
    actions.undismiss_thread(thread=thread, by=lead, now=now)


@pytest.mark.parametrize(
    ("story", "status", "unanswered_tab", "clock", "in_queue"),
    [
        (no_reply, "open", True, "waiting", True),
        (asker_follow_ups, "open", True, "waiting", True),
        (community_answer, "answered", False, None, False),
        (requested_then_community_answer, "answered", False, "waiting-official", True),
        (official_answer, "answered", False, "waiting-on-customer", False),
        (follow_up_after_official, "answered", False, "waiting-on-company", True),
        (official_answer_accepted, "solved", False, None, False),
        (private_case_opened, "open", False, "waiting-on-customer", False),
        (dismissed, "open", True, "waiting", False),
        (dismissal_undone, "open", True, "waiting", True),
    ],
    ids=lambda value: getattr(value, "__name__", None),
)
def test_status_tabs_clock_and_engine_agree(
    client, asked, reps, lead, now, story, status, unanswered_tab, clock, in_queue
):
    thread = asked(90, title="Hub drops the connection every evening")
    story(thread, reps[0], lead, now)
    jobs.mark_overdue_threads(now=now)  # the engine has had its say on every story
    thread.refresh_from_db()

    assert thread.status == status
    listed = client.get(reverse("forum:home"), {"tab": "unanswered"}).content.decode()
    assert (thread.title in listed) is unanswered_tab
    assert QueueThread.objects.awaiting_first_response().filter(pk=thread.pk).exists() is unanswered_tab
    page = client.get(thread.get_absolute_url()).content.decode()
    assert [name for name in CLOCKS if f'data-testid="{name}"' in page] == ([clock] if clock else [])
    # The public promise stands beside every running clock.
    running = clock in ("waiting", "waiting-official", "waiting-on-company")
    assert ('data-testid="promise"' in page) is running
    if running:
        assert "aims to reply within 1 hour" in page
    assert QueueThread.objects.awaiting_official().filter(pk=thread.pk).exists() is in_queue
