"""Official answers, closed threads and self-rewards (security review, issue 8)."""

import pytest
from django.urls import reverse

from forum import actions
from forum.models import Notification, Post, ReputationEvent, Thread
from tests.factories import UserFactory, make_answer, make_thread, set_reputation

pytestmark = pytest.mark.django_db


@pytest.fixture
def official_answer(asker, rep):
    thread = make_thread(author=asker)
    return actions.post_answer(author=rep, thread=thread, body="Official: restart the hub from the app.", official=True)


@pytest.fixture
def trusted_member(db):
    member = UserFactory(username="trusted")
    set_reputation(member, 2000)  # may edit other people's posts
    return member


def edit(client, post, body: str):
    data = {"body": body, "title": post.thread.title} if post.is_question else {"body": body}
    # Someone else's post asks why (issue 26); the author's own edit ignores it.
    return client.post(reverse("forum:edit_post", args=[post.pk]), {**data, "reason": "clearer steps"})


def test_a_trusted_member_cannot_rewrite_a_reps_official_answer(client, official_answer, trusted_member):
    client.force_login(trusted_member)
    response = edit(client, official_answer, "Refund everyone GBP 500, email your bank details.")
    assert response.status_code == 403
    official_answer.refresh_from_db()
    assert official_answer.body == "Official: restart the hub from the app."
    assert official_answer.is_official


def test_a_moderator_cannot_rewrite_a_reps_official_answer_either(client, official_answer):
    client.force_login(UserFactory(groups=["Moderators"]))
    assert edit(client, official_answer, "Something the company never said at all.").status_code == 403


def test_another_rep_may_edit_an_official_answer_and_the_page_names_the_editor(client, official_answer):
    other_rep = UserFactory(groups=["Reps"], display_name="Ravi Rep")
    client.force_login(other_rep)
    assert edit(client, official_answer, "Official: restart the hub from the app, then wait.").status_code == 302
    official_answer.refresh_from_db()
    assert official_answer.is_official
    assert official_answer.edited_by == other_rep
    html = client.get(official_answer.thread.get_absolute_url()).content.decode()
    assert "by Ravi Rep</a>" in html


def test_a_customers_answer_edited_by_its_author_loses_the_official_mark_and_the_rep_is_told(
    client, asker, answerer, rep
):
    thread = make_thread(author=asker)
    answer = make_answer(thread=thread, author=answerer)
    actions.mark_official(post=answer, by=rep)
    client.force_login(answerer)
    assert edit(client, answer, "Hold the reset button for ten seconds, then call the bank.").status_code == 302
    answer.refresh_from_db()
    assert not answer.is_official
    thread.refresh_from_db()
    assert thread.response_state.first_official_at is None  # back in the queue: nothing official stands
    answerer.refresh_from_db()
    assert answerer.reputation == 1  # the official mark's +10 went with it
    assert Notification.objects.filter(recipient=rep, text__contains="no longer official").exists()


@pytest.fixture
def locked_thread(asker, answerer):
    thread = make_thread(author=asker)
    make_answer(thread=thread, author=answerer)
    Thread.objects.filter(pk=thread.pk).update(status=Thread.Status.LOCKED)
    return thread


def test_a_locked_thread_takes_no_votes_me_too_or_author_edits(client, locked_thread, voter, asker):
    answer = locked_thread.posts.get(is_question=False)
    client.force_login(voter)
    assert client.post(reverse("forum:vote", args=[answer.pk]), {"value": "up"}).status_code == 403
    assert client.post(reverse("forum:me_too", args=[locked_thread.pk])).status_code == 403
    html = client.get(locked_thread.get_absolute_url()).content.decode()
    assert "vote__button" not in html
    client.force_login(asker)
    question = locked_thread.posts.get(is_question=True)
    assert edit(client, question, "I have changed my mind about the whole question here.").status_code == 403
    answer.refresh_from_db()
    assert answer.score == 0


def test_a_moderator_may_still_edit_in_a_locked_thread(client, locked_thread):
    client.force_login(UserFactory(groups=["Moderators"]))
    question = locked_thread.posts.get(is_question=True)
    assert edit(client, question, "Removed a phone number from this question, moderator.").status_code == 302


def test_a_moderator_gains_nothing_from_accepting_their_own_answer(asker):
    moderator = UserFactory(groups=["Moderators"])
    thread = make_thread(author=asker)
    answer = make_answer(thread=thread, author=moderator)
    actions.accept_answer(post=answer, by=moderator)
    moderator.refresh_from_db()
    assert moderator.reputation == 1
    assert not ReputationEvent.objects.filter(user=moderator).exists()


def test_a_rep_gains_nothing_from_marking_their_own_answer_official(asker, rep):
    thread = make_thread(author=asker)
    answer = make_answer(thread=thread, author=rep)
    actions.mark_official(post=answer, by=rep)
    assert Post.objects.get(pk=answer.pk).is_official
    rep.refresh_from_db()
    assert rep.reputation == 1


def test_the_asker_still_earns_for_accepting_and_the_answerer_for_being_accepted(asker, answerer):
    thread = make_thread(author=asker)
    answer = make_answer(thread=thread, author=answerer)
    actions.accept_answer(post=answer, by=asker)
    asker.refresh_from_db()
    answerer.refresh_from_db()
    assert (asker.reputation, answerer.reputation) == (3, 16)
