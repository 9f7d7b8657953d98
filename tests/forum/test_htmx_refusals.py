"""No silent failures: every htmx action the server refuses answers its status with the reason
as plain text (forum.js writes it beside the control; nothing is swapped), and a control a
member may not use is rendered disabled with that same reason."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from config.limits import conf as limits_conf
from forum import actions
from forum.conf import conf as forum_conf
from forum.models import MeToo, Vote
from moderation.actions.decisions import lock_thread
from moderation.actions.suspensions import suspend_member
from responses import actions as queue_actions
from responses.models import QueueClaim
from tests.factories import UserFactory, make_answer, make_thread, set_reputation

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
PLAIN = "text/plain; charset=utf-8"


def refusal(response) -> str:
    assert response["Content-Type"] == PLAIN
    return response.content.decode()


@pytest.fixture
def suspended(db):
    member = UserFactory(username="suspended")
    set_reputation(member, 1000)
    suspend_member(
        member=member,
        by=UserFactory(groups=["Moderators"]),
        until=timezone.now() + timedelta(days=3),
        reason="three spam links in one day",
    )
    member.refresh_from_db()
    return member


# --- The server: status and plain message, per action -------------------------------------


def test_a_vote_up_below_15_reputation_answers_403_with_the_reason(client, answer):
    client.force_login(UserFactory())  # 1 reputation
    response = client.post(reverse("forum:vote", args=[answer.pk]), {"value": "up"}, headers=HTMX)
    assert response.status_code == 403
    assert refusal(response) == "You need 15 reputation to vote up."
    assert not Vote.objects.exists()


def test_a_vote_down_below_125_reputation_answers_403_with_the_reason(client, answer):
    member = UserFactory()
    set_reputation(member, 20)
    client.force_login(member)
    response = client.post(reverse("forum:vote", args=[answer.pk]), {"value": "down"}, headers=HTMX)
    assert (response.status_code, refusal(response)) == (403, "You need 125 reputation to vote down.")


def test_a_vote_on_your_own_post_answers_403_with_the_reason(client, answer, answerer):
    client.force_login(answerer)
    response = client.post(reverse("forum:vote", args=[answer.pk]), {"value": "up"}, headers=HTMX)
    assert (response.status_code, refusal(response)) == (403, "You cannot vote on your own post.")


def test_a_vote_over_the_rate_limit_answers_429_with_the_limit(client, answer, voter, settings):
    settings.ACTION_RATE_LIMITS = {**limits_conf.ACTION_RATE_LIMITS, "vote": {"member": "1/h", "new": "1/h"}}
    client.force_login(voter)
    url = reverse("forum:vote", args=[answer.pk])
    assert client.post(url, {"value": "up"}, headers=HTMX).status_code == 200
    response = client.post(url, {"value": "none"}, headers=HTMX)
    assert response.status_code == 429
    assert refusal(response) == (
        "You can vote at most 1 times per hour. Please wait a little; nothing you typed is lost."
    )
    assert Vote.objects.get().value == 1  # the refused undo changed nothing


def test_the_same_refusals_without_htmx_are_still_pages(client, answer, voter, settings):
    client.force_login(UserFactory())
    response = client.post(reverse("forum:vote", args=[answer.pk]), {"value": "up"})
    assert response.status_code == 403
    assert response["Content-Type"].startswith("text/html")
    assert "<html" in response.content.decode()
    assert "You need 15 reputation to vote up." in response.content.decode()

    settings.ACTION_RATE_LIMITS = {**limits_conf.ACTION_RATE_LIMITS, "vote": {"member": "1/h", "new": "1/h"}}
    client.force_login(voter)
    client.post(reverse("forum:vote", args=[answer.pk]), {"value": "up"})
    response = client.post(reverse("forum:vote", args=[answer.pk]), {"value": "none"})
    assert response.status_code == 429
    assert "<html" in response.content.decode()


def test_accepting_as_someone_else_answers_403_with_the_reason(client, answer):
    client.force_login(UserFactory())
    for name in ("forum:accept", "forum:unaccept"):
        response = client.post(reverse(name, args=[answer.pk]), headers=HTMX)
        assert (response.status_code, refusal(response)) == (403, "Only the person who asked can accept an answer.")
    answer.thread.refresh_from_db()
    assert answer.thread.accepted_post_id is None


def test_accepting_on_a_locked_thread_answers_403_with_the_reason(client, answer, asker):
    lock_thread(thread=answer.thread, by=UserFactory(groups=["Moderators"]), reason="Resolved elsewhere")
    client.force_login(asker)
    response = client.post(reverse("forum:accept", args=[answer.pk]), headers=HTMX)
    assert (response.status_code, refusal(response)) == (403, "This thread is locked: it takes no more changes.")


def test_accepting_with_htmx_answers_the_thread_as_it_is_now(client, answer, asker):
    client.force_login(asker)
    response = client.post(reverse("forum:accept", args=[answer.pk]), headers=HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<article class="thread"' in html  # what the form's hx-select takes
    assert "Accepted answer" in html
    assert "Unaccept" in html
    answer.thread.refresh_from_db()
    assert answer.thread.accepted_post_id == answer.pk


def test_me_too_on_your_own_question_answers_403_with_the_reason(client, thread, asker):
    client.force_login(asker)
    response = client.post(reverse("forum:me_too", args=[thread.pk]), headers=HTMX)
    assert (response.status_code, refusal(response)) == (403, "This is your own question.")


def test_me_too_while_suspended_answers_403_with_until_when_and_why(client, thread, suspended):
    client.force_login(suspended)
    for name in ("forum:me_too", "forum:not_me_too"):
        response = client.post(reverse(name, args=[thread.pk]), headers=HTMX)
        assert response.status_code == 403
        assert refusal(response).startswith("Your account is suspended until ")
        assert refusal(response).endswith(": three spam links in one day")
    assert not MeToo.objects.exists()


def test_me_too_over_the_rate_limit_answers_429_with_the_limit(client, thread, settings):
    settings.ACTION_RATE_LIMITS = {**limits_conf.ACTION_RATE_LIMITS, "me_too": {"member": "1/h", "new": "1/h"}}
    client.force_login(UserFactory())
    assert client.post(reverse("forum:me_too", args=[thread.pk]), headers=HTMX).status_code == 200
    response = client.post(reverse("forum:not_me_too", args=[thread.pk]), headers=HTMX)
    assert response.status_code == 429
    assert refusal(response).startswith("You can say “me too” at most 1 times per hour.")
    assert MeToo.objects.count() == 1


def test_following_while_suspended_answers_403_with_the_reason(client, thread, suspended):
    client.force_login(suspended)
    for name in ("forum:follow", "forum:unfollow"):
        response = client.post(reverse(name, args=[thread.pk]), headers=HTMX)
        assert response.status_code == 403
        assert refusal(response).startswith("Your account is suspended until ")


def test_following_with_htmx_answers_the_control_in_its_new_state(client, thread):
    client.force_login(UserFactory())
    response = client.post(reverse("forum:follow", args=[thread.pk]), headers=HTMX)
    assert response.status_code == 200
    assert "Stop following" in response.content.decode()
    assert "<html" not in response.content.decode()
    response = client.post(reverse("forum:unfollow", args=[thread.pk]), headers=HTMX)
    assert "Follow this thread" in response.content.decode()


def test_flagging_below_15_reputation_answers_403_with_the_reason(client, answer):
    client.force_login(UserFactory())
    response = client.post(reverse("moderation:flag", args=[answer.pk]), {"reason": "spam"}, headers=HTMX)
    assert (response.status_code, refusal(response)) == (403, "You need 15 reputation to flag posts.")


def test_claiming_as_a_member_answers_403_with_the_reason(client, thread):
    client.force_login(UserFactory())
    response = client.post(reverse("responses:claim", args=[thread.pk]), headers=HTMX)
    assert response.status_code == 403
    assert refusal(response) == "The official-response queue is for company representatives."
    assert not QueueClaim.objects.exists()


def test_claiming_a_thread_already_answered_officially_answers_403_with_the_reason(client, thread, rep):
    actions.post_answer(author=rep, thread=thread, body="We have reset your line from our side.", official=True)
    client.force_login(rep)
    response = client.post(reverse("responses:claim", args=[thread.pk]), headers=HTMX)
    assert response.status_code == 403
    assert refusal(response) == ("This thread needs no official reply: it is closed or is waiting on the customer.")


def test_releasing_another_reps_claim_answers_403_with_the_reason(client, thread, rep):
    queue_actions.claim_thread(thread=thread, by=UserFactory(groups=["Reps"]))
    client.force_login(rep)
    response = client.post(reverse("responses:release", args=[thread.pk]), headers=HTMX)
    assert response.status_code == 403
    assert refusal(response) == "Only the rep who claimed this thread, or a lead, can release it."


# --- The page: controls the member may not use are disabled, with the reason --------------


def test_vote_buttons_below_15_reputation_are_disabled_and_described_by_the_reason(client, answer):
    client.force_login(UserFactory())
    html = client.get(answer.thread.get_absolute_url()).content.decode()
    assert f'id="vote-{answer.pk}-up"' in html
    assert f'aria-disabled="true" aria-describedby="vote-{answer.pk}-up-reason"' in html
    reason = f'<span class="visually-hidden" id="vote-{answer.pk}-up-reason">You need 15 reputation to vote up.</span>'
    assert reason in html
    assert f'id="vote-{answer.pk}-down-reason">You need 125 reputation to vote down.</span>' in html
    assert f'id="vote-{answer.pk}-refusal" role="alert"' in html


def test_a_member_who_may_vote_up_gets_a_live_up_button_and_a_described_down_button(client, answer):
    member = UserFactory()
    set_reputation(member, forum_conf.PRIVILEGES["vote_up"])
    client.force_login(member)
    html = client.get(answer.thread.get_absolute_url()).content.decode()
    assert f"vote-{answer.pk}-up-reason" not in html
    assert f'aria-describedby="vote-{answer.pk}-down-reason"' in html


def test_a_suspended_member_sees_me_too_follow_and_votes_disabled_with_the_suspension(client, answer, suspended):
    client.force_login(suspended)
    html = client.get(answer.thread.get_absolute_url()).content.decode()
    for control in ('id="me-too-button"', 'id="follow-button"', f'id="vote-{answer.pk}-up"'):
        start = html.index(control)
        assert 'aria-disabled="true"' in html[start : html.index(">", start)]
    assert 'id="me-too-reason">Your account is suspended until ' in html
    assert 'id="follow-reason">Your account is suspended until ' in html


def test_the_asker_sees_live_controls_and_accept_is_absent_for_everyone_else(client, answer, asker):
    client.force_login(asker)
    html = client.get(answer.thread.get_absolute_url()).content.decode()
    assert "Accept this answer" in html
    assert f"accept-{answer.pk}-reason" not in html
    assert 'id="me-too-button"' not in html  # their own question: only the count

    client.force_login(UserFactory())
    html = client.get(answer.thread.get_absolute_url()).content.decode()
    assert "Accept this answer" not in html
    assert 'id="me-too-button"' in html
    assert 'id="me-too-reason"' not in html


def test_a_suspended_asker_sees_accept_disabled_with_the_reason(client, suspended):
    thread = make_thread(author=suspended)
    answer = make_answer(thread=thread, author=UserFactory())
    client.force_login(suspended)
    html = client.get(thread.get_absolute_url()).content.decode()
    assert f'aria-disabled="true" aria-describedby="accept-{answer.pk}-reason"' in html
    assert f'id="accept-{answer.pk}-reason">Your account is suspended until ' in html


def test_visitors_see_no_vote_buttons_and_no_alert_regions(client, answer):
    html = client.get(answer.thread.get_absolute_url()).content.decode()
    assert f'id="vote-{answer.pk}-up"' not in html
    assert 'role="alert"' not in html


def test_the_refusal_tag_names_only_checks(db):
    from django.template import Context, Template, TemplateSyntaxError

    with pytest.raises(TemplateSyntaxError, match="no check named 'can_vote'"):
        Template('{% load forum_extras %}{% refusal "can_vote" user post %}').render(Context({}))
