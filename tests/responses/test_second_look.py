"""A second look on hot threads (issue 27, responses/second_look.py): a rep's official reply on a
thread at or above HEAT_HOT waits for a lead when the team requires it (or the rep asks), the
clock keeps running, and the approved reply appears with its time of writing and its reviewer."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from forum import actions as forum_actions
from forum.models import Notification, Post, Thread
from responses import second_look
from responses.models import HeldReply, QueueThread
from team.models import TeamChange
from tests.factories import UserFactory, make_thread, set_state

pytestmark = pytest.mark.django_db

FURIOUS = "Terrible, awful, useless. I hate this and I am so angry. This is a disgrace and a scam!"
REPLY = "I am sorry about this. We found the fault at your cabinet and an engineer is on the way today."


@pytest.fixture
def hot(db):
    thread = make_thread(author=UserFactory(), title="This is the worst service, I am furious and fed up", body=FURIOUS)
    assert thread.response_state.heat >= 0.5
    return thread


@pytest.fixture
def calm(db):
    return make_thread(author=UserFactory(), title="How do I pair the remote with the box?", body="Which button?")


def answer(client, user, thread, body=REPLY, **extra):
    client.force_login(user)
    data = {"body": body, "official": "1", **extra}
    return client.post(reverse("forum:answer", args=[thread.pk]), data)


def queued(thread) -> bool:
    return QueueThread.objects.awaiting_official().filter(pk=thread.pk).exists()


def test_a_required_review_holds_the_reply_and_the_leads_approval_publishes_it_as_written(client, hot, rep, lead):
    second_look.set_policy("required")
    twenty_ago = timezone.now() - timedelta(minutes=20)
    set_state(Thread.objects.filter(pk=hot.pk), overdue_at=twenty_ago, waiting_since=twenty_ago)
    response = answer(client, rep, hot)
    held = HeldReply.objects.get()
    assert response.status_code == 302
    assert response["Location"] == held.get_absolute_url()
    # Nothing public, no response recorded: the thread still waits on the company, in the queue.
    assert not Post.objects.answers().filter(thread=hot).exists()
    hot.response_state.refresh_from_db()
    assert hot.response_state.first_official_at is None
    assert queued(hot)
    client.logout()
    assert REPLY not in client.get(hot.get_absolute_url()).content.decode()
    # The lead is told, and reads it with the thread's clock.
    told = Notification.objects.get(recipient=lead)
    assert told.url == held.get_absolute_url()
    assert "second look" in told.message
    client.force_login(lead)
    page = client.get(held.get_absolute_url()).content.decode()
    assert "The thread has waited 20 min" in page
    assert "clock keeps running" in page

    written_at = held.written_at
    response = client.post(reverse("responses:approve_held_reply", args=[held.pk]), {"body": held.body})
    post = Post.objects.answers().get(thread=hot)
    assert response.status_code == 302
    assert response["Location"] == post.get_absolute_url()
    assert post.is_official
    assert post.author == rep
    assert post.body == REPLY
    assert post.written_at == written_at
    assert post.reviewed_by == lead
    assert post.created_at >= written_at
    held.refresh_from_db()
    assert (held.status, held.reviewed_by, held.edited, held.post) == ("published", lead, False, post)
    hot.response_state.refresh_from_db()
    assert hot.response_state.first_official_at == post.created_at
    assert not queued(hot)
    client.logout()
    thread_page = client.get(hot.get_absolute_url()).content.decode()
    assert REPLY in thread_page
    assert f"and published after a second look by {lead.name}" in thread_page
    assert Notification.objects.filter(recipient=rep, text__contains="approved your official reply").exists()


def test_a_lead_can_edit_before_approving_and_the_rep_is_told_so(client, hot, rep, lead):
    second_look.set_policy("required")
    answer(client, rep, hot)
    held = HeldReply.objects.get()
    client.force_login(lead)
    edited = REPLY + " You will get a credit for the days without service."
    client.post(reverse("responses:approve_held_reply", args=[held.pk]), {"body": edited})
    assert Post.objects.answers().get(thread=hot).body == edited
    assert HeldReply.objects.get().edited
    assert Notification.objects.filter(recipient=rep, text__contains="with edits").exists()


def test_a_returned_reply_goes_back_with_the_note_and_comes_back_rewritten(client, hot, rep, lead):
    second_look.set_policy("required")
    answer(client, rep, hot, body="Calm down, it is not our fault and you should read the manual.")
    held = HeldReply.objects.get()
    client.force_login(lead)
    refused = client.post(reverse("responses:return_held_reply", args=[held.pk]), {"note": ""})
    assert refused.status_code == 400
    assert "Say what to change" in refused.content.decode()
    client.post(reverse("responses:return_held_reply", args=[held.pk]), {"note": "Do not blame them; say sorry."})
    held.refresh_from_db()
    assert held.status == "returned"
    assert not Post.objects.answers().filter(thread=hot).exists()
    assert Notification.objects.filter(recipient=rep, text__contains="returned your official reply").exists()

    client.force_login(rep)
    page = client.get(held.get_absolute_url()).content.decode()
    assert "Do not blame them; say sorry." in page
    assert 'data-testid="held-note"' in page
    client.post(reverse("responses:revise_held_reply", args=[held.pk]), {"revise-body": REPLY})
    held.refresh_from_db()
    assert (held.status, held.body) == ("pending", REPLY)
    assert Notification.objects.filter(recipient=lead).count() == 2  # told of it again


def test_suggested_holds_only_when_the_rep_asks_and_off_never(client, hot, rep, lead):
    second_look.set_policy("suggested")
    page = (client.force_login(rep), client.get(hot.get_absolute_url()))[1].content.decode()
    assert 'data-testid="second-look-choice"' in page
    answer(client, rep, hot, body=REPLY, second_look="1")
    assert HeldReply.objects.count() == 1
    assert not Post.objects.answers().filter(thread=hot).exists()
    answer(client, rep, hot, body=REPLY + " (sent straight)")  # unticked: goes out at once
    assert Post.objects.answers().filter(thread=hot, is_official=True).count() == 1

    second_look.set_policy("off")
    other = make_thread(author=UserFactory(), title="Furious again, the worst service", body=FURIOUS)
    assert 'data-testid="second-look' not in client.get(other.get_absolute_url()).content.decode()
    answer(client, rep, other, second_look="1")
    assert Post.objects.answers().filter(thread=other, is_official=True).exists()


def test_calm_threads_and_leads_replies_go_out_at_once(client, hot, calm, rep, lead):
    second_look.set_policy("required")
    answer(client, rep, calm)
    answer(client, lead, hot)
    assert HeldReply.objects.count() == 0
    assert Post.objects.answers().filter(is_official=True).count() == 2


def test_the_queue_reply_is_held_by_the_same_rule(client, hot, rep, lead):
    second_look.set_policy("required")
    client.force_login(rep)
    response = client.post(reverse("responses:reply", args=[hot.pk]), {"body": REPLY})
    held = HeldReply.objects.get()
    assert response.status_code == 302
    assert response["Location"] == held.get_absolute_url()
    assert not Post.objects.answers().filter(thread=hot).exists()


def test_a_double_click_holds_one_draft(client, hot, rep):
    second_look.set_policy("required")
    answer(client, rep, hot)
    answer(client, rep, hot, body=REPLY + " Edited.")
    assert HeldReply.objects.get().body == REPLY + " Edited."


def test_who_may_see_and_decide(client, hot, rep, lead, member):
    second_look.set_policy("required")
    answer(client, rep, hot)
    held = HeldReply.objects.get()
    other_rep = UserFactory(groups=["Reps"])
    for user, status in [(member, 404), (other_rep, 404), (hot.author, 404), (rep, 200), (lead, 200)]:
        client.force_login(user)
        assert client.get(held.get_absolute_url()).status_code == status, user
    client.force_login(rep)  # its author may not approve their own
    assert client.post(reverse("responses:approve_held_reply", args=[held.pk]), {"body": REPLY}).status_code == 403
    client.force_login(lead)
    client.post(reverse("responses:approve_held_reply", args=[held.pk]), {"body": REPLY})
    again = client.post(reverse("responses:approve_held_reply", args=[held.pk]), {"body": REPLY})
    assert again.status_code == 400
    assert "first" in again.content.decode()
    assert Post.objects.answers().filter(thread=hot).count() == 1


def test_a_rep_who_lost_the_role_is_not_published_in_their_name(client, hot, rep, lead):
    second_look.set_policy("required")
    answer(client, rep, hot)
    rep.groups.clear()
    client.force_login(lead)
    held = HeldReply.objects.get()
    own_words = "My own words for the customer, written by the lead."
    refused = client.post(reverse("responses:approve_held_reply", args=[held.pk]), {"body": own_words})
    assert refused.status_code == 400
    assert "no longer posts official replies" in refused.content.decode()
    assert own_words in refused.content.decode()  # nothing typed is lost
    assert not Post.objects.answers().filter(thread=hot).exists()


def test_leads_choose_the_policy_on_the_team_page_and_it_is_logged(client, lead):
    client.force_login(lead)
    assert 'data-testid="second-look-form"' in client.get(reverse("team:overview")).content.decode()
    assert client.post(reverse("team:second_look"), {"mode": "sometimes"}).status_code == 400
    client.post(reverse("team:second_look"), {"mode": "required"})
    assert second_look.policy() == "required"
    assert TeamChange.objects.filter(action="set_second_look", detail="required", actor=lead).exists()


def test_the_leads_list_and_queue_count(client, hot, rep, lead, django_assert_num_queries):
    second_look.set_policy("required")
    for number in range(3):
        thread = make_thread(author=UserFactory(), title=f"Furious number {number}, the worst service", body=FURIOUS)
        answer(client, rep, thread)
    client.force_login(lead)
    assert 'data-testid="held-waiting"' in client.get(reverse("responses:official_queue")).content.decode()
    client.get(reverse("responses:held_replies"))  # warm the session and permission caches
    with CaptureQueriesContext(connection) as counted:
        page = client.get(reverse("responses:held_replies")).content.decode()
    queries_for_3 = len(counted)  # read now: the next request clears the log
    assert page.count('class="held-reply-row"') == 3
    for number in range(3, 8):
        thread = make_thread(author=UserFactory(), title=f"Furious number {number}, the worst service", body=FURIOUS)
        answer(client, rep, thread)
    client.force_login(lead)
    client.get(reverse("responses:held_replies"))
    with django_assert_num_queries(queries_for_3):
        page = client.get(reverse("responses:held_replies")).content.decode()
    assert page.count('class="held-reply-row"') == 8


def test_erasing_a_rep_deletes_their_drafts_and_keeps_a_leads_record(client, hot, rep, lead):
    from accounts.actions import delete_account

    second_look.set_policy("required")
    answer(client, rep, hot)
    delete_account(member=rep, by=rep)
    assert not HeldReply.objects.exists()
    forum_actions.post_answer(author=lead, thread=hot, body=REPLY, official=True)


def test_the_thread_page_tells_staff_a_reply_waits(client, hot, rep, lead):
    second_look.set_policy("required")
    answer(client, rep, hot)
    held = HeldReply.objects.get()
    other_rep = UserFactory(groups=["Reps"])
    pages = {}
    for user in (other_rep, lead, hot.author):
        client.force_login(user)
        pages[user] = client.get(hot.get_absolute_url()).content.decode()
    assert f"{rep.name}'s official reply waits for a lead's second look" in pages[other_rep]
    assert held.get_absolute_url() not in pages[other_rep]  # theirs and the leads' to read
    assert held.get_absolute_url() in pages[lead]
    assert 'data-testid="held-on-thread"' not in pages[hot.author]


def test_posting_again_says_it_replaces_the_waiting_draft(client, hot, rep):
    second_look.set_policy("required")
    answer(client, rep, hot)
    page = client.get(hot.get_absolute_url()).content.decode()
    assert 'data-testid="second-look-waiting"' in page
    response = answer(client, rep, hot, body=REPLY + " Second version.")
    said = [str(message) for message in response.wsgi_request._messages]
    assert said == [second_look.REPLACED_MESSAGE]


def test_a_published_replys_page_no_longer_says_the_clock_runs(client, hot, rep, lead):
    second_look.set_policy("required")
    answer(client, rep, hot)
    held = HeldReply.objects.get()
    client.force_login(lead)
    assert "clock keeps running" in client.get(held.get_absolute_url()).content.decode()
    client.post(reverse("responses:approve_held_reply", args=[held.pk]), {"body": REPLY})
    page = client.get(held.get_absolute_url()).content.decode()
    assert "clock keeps running" not in page
    assert f"Approved by {lead.name}" in page
