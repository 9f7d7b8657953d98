"""A "needs an official response" flag is a request for an official answer by another door:
the same action, the same rule (the asker or a "me too" member, on an open unsolved thread
without an official answer), the same daily limit, and a rep's dismissal undone only as a
request undoes it (issue 24)."""

import pytest
from django.db import transaction
from django.urls import reverse

from forum import actions as forum_actions
from forum.models import Thread
from moderation.models import Flag
from responses import actions as response_actions
from responses.conf import conf as responses_conf
from responses.models import OfficialRequest, QueueDismissal, QueueThread
from tests.factories import UserFactory, make_answer, make_thread, set_reputation

pytestmark = pytest.mark.django_db

NEEDS_OFFICIAL = Flag.Reason.NEEDS_OFFICIAL
NOT_YOURS = "Only the person who asked, or someone with the same problem, can ask for this."


def member(username: str):
    user = UserFactory(username=username)
    set_reputation(user, 50)  # enough to flag
    return user


@pytest.fixture
def scene(rep):
    asker, fellow, bystander = member("asker"), member("fellow"), member("bystander")
    thread = make_thread(author=asker, title="My Brightwave hub reboots itself every hour")
    forum_actions.set_me_too(user=fellow, thread=thread, on=True)
    answer = make_answer(thread=thread, author=UserFactory(), body="Have you tried a different power socket?")
    return {"asker": asker, "fellow": fellow, "bystander": bystander, "rep": rep, "thread": thread, "answer": answer}


def flag_url(post) -> str:
    return reverse("moderation:flag", args=[post.pk])


def flag(client, user, post, note: str = "The company should answer this one."):
    client.force_login(user)
    return client.post(flag_url(post), {"reason": NEEDS_OFFICIAL, "note": note})


def offered(client, user, post) -> bool:
    client.force_login(user)
    return f'value="{NEEDS_OFFICIAL}"' in client.get(flag_url(post)).content.decode()


@pytest.mark.parametrize("who", ["bystander", "rep"])
def test_anyone_but_the_asker_and_me_too_members_is_not_offered_the_reason_and_is_refused(client, scene, who):
    user = scene[who]
    set_reputation(user, 50)
    assert not offered(client, user, scene["answer"])
    response = flag(client, user, scene["answer"], note="Reps, look at this thread please")
    assert response.status_code == 403
    page = response.content.decode()
    assert NOT_YOURS in page
    assert "Reps, look at this thread please" in page  # what they typed is kept
    assert not OfficialRequest.objects.exists()
    assert not Flag.objects.exists()
    assert not QueueThread.objects.awaiting_official().filter(pk=scene["thread"].pk).exists()


@pytest.mark.parametrize("who", ["asker", "fellow"])
def test_the_asker_and_a_me_too_member_flag_it_as_their_request(client, scene, who):
    assert offered(client, scene[who], scene["answer"])
    assert flag(client, scene[who], scene["answer"]).status_code == 302
    assert OfficialRequest.objects.get().requested_by == scene[who]
    assert Flag.objects.get().status == Flag.Status.ROUTED
    assert QueueThread.objects.awaiting_official().filter(pk=scene["thread"].pk).exists()


def test_a_solved_thread_is_not_put_in_the_queue_by_a_flag(client, scene):
    forum_actions.accept_answer(post=scene["answer"], by=scene["asker"])
    assert not offered(client, scene["asker"], scene["answer"])
    response = flag(client, scene["asker"], scene["answer"])
    assert response.status_code == 403
    assert "This thread is solved" in response.content.decode()
    assert not OfficialRequest.objects.exists()


def test_flags_and_requests_share_one_daily_limit(client, scene):
    asker = scene["asker"]
    for index in range(responses_conf.OFFICIAL_REQUESTS_PER_DAY):
        other = make_thread(author=asker, title=f"Another hub question, number {index} of many")
        response_actions.request_official_response(thread=other, by=asker)
    response = flag(client, asker, scene["answer"], note="Please, this is urgent for me")
    assert response.status_code == 429
    page = response.content.decode()
    assert f"You have asked for {responses_conf.OFFICIAL_REQUESTS_PER_DAY} official answers" in page
    assert "Please, this is urgent for me" in page
    assert not OfficialRequest.objects.filter(thread=scene["thread"]).exists()
    assert not Flag.objects.exists()


def test_a_flag_by_someone_else_does_not_undo_a_reps_dismissal(client, scene, rep):
    thread = scene["thread"]
    response_actions.request_official_response(thread=thread, by=scene["asker"])
    response_actions.dismiss_thread(thread=thread, by=rep, reason="Answered in the community already")
    assert flag(client, scene["bystander"], scene["answer"]).status_code == 403
    assert QueueDismissal.objects.filter(thread=thread).exists()


def test_a_me_too_members_flag_undoes_a_dismissal_as_their_request_would(client, scene, rep):
    thread = scene["thread"]
    response_actions.request_official_response(thread=thread, by=scene["asker"])
    response_actions.dismiss_thread(thread=thread, by=rep, reason="Answered in the community already")
    assert flag(client, scene["fellow"], scene["answer"]).status_code == 302
    assert not QueueDismissal.objects.filter(thread=thread).exists()


STATES = ["open", "solved", "official answer", "locked", "dismissed", "asked already"]


def put_in(state: str, scene) -> None:
    thread, rep = scene["thread"], scene["rep"]
    if state == "solved":
        forum_actions.accept_answer(post=scene["answer"], by=scene["asker"])
    elif state == "official answer":
        forum_actions.post_answer(
            author=rep, thread=thread, body="Official: a firmware fix is on its way.", official=True
        )
    elif state == "locked":
        Thread.objects.filter(pk=thread.pk).update(status=Thread.Status.LOCKED)
    elif state == "dismissed":
        response_actions.request_official_response(thread=thread, by=UserFactory())
        response_actions.dismiss_thread(thread=thread, by=rep, reason="Not a product question at all")
    elif state == "asked already":
        for who in ("asker", "fellow", "bystander"):
            OfficialRequest.objects.create(thread=thread, requested_by=scene[who])


def requested(client, url: str, data: dict) -> tuple[bool, int]:
    """Whether this door made a new request, and its status; rolled back either way."""
    with transaction.atomic():
        before = OfficialRequest.objects.count()
        response = client.post(url, data)
        made = OfficialRequest.objects.count() > before
        transaction.set_rollback(True)
    return made, response.status_code


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("who", ["asker", "fellow", "bystander"])
def test_the_button_and_the_flag_agree_on_who_may_ask_and_when(client, scene, state, who):
    put_in(state, scene)
    client.force_login(scene[who])
    by_button = requested(client, reverse("responses:request_official", args=[scene["thread"].pk]), {})
    by_flag = requested(client, flag_url(scene["answer"]), {"reason": NEEDS_OFFICIAL})
    assert by_button[0] == by_flag[0]
    assert (by_button[1] == 403) == (by_flag[1] == 403)
    assert by_button[0] == (who != "bystander" and state in ("open", "dismissed"))
