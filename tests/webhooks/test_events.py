"""Each of the eight events, made by the real action that makes it, reaches every subscription
that wants it once, signed, and no other subscription."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from cases import actions as case_actions
from config.events import EVENTS
from forum import actions as forum_actions
from moderation import actions as moderation_actions
from moderation.models import Flag
from responses import jobs as response_jobs
from tests.factories import UserFactory, make_answer, make_thread
from webhooks import actions
from webhooks.models import Delivery

pytestmark = pytest.mark.django_db


def deliver_everything() -> None:
    for pk in Delivery.objects.filter(status=Delivery.Status.PENDING).order_by("pk").values_list("pk", flat=True):
        actions.deliver(delivery_id=pk)


def received(receiver, receiver_example, secret: str) -> list[dict]:
    """The deliveries the receiver got, each checked with the docs' example verify()."""
    deliveries = []
    for request in receiver.requests:
        signature = request.headers["X-Helpcircle-Signature"]
        assert receiver_example.verify(secret=secret, signature_header=signature, body=request.body)
        envelope = json.loads(request.body)
        assert request.headers["X-Helpcircle-Event"] == envelope["event"]
        assert request.headers["X-Helpcircle-Delivery"] == envelope["id"]
        assert request.headers["Content-Type"] == "application/json"
        assert request.headers["User-Agent"] == "Helpcircle-Webhooks/1"
        deliveries.append(envelope)
    return deliveries


def make_every_event(rep, moderator) -> dict:
    """Drive the actions that publish each event, in the engine's own time."""
    asker, answerer, flagger = UserFactory(), UserFactory(), UserFactory()
    start = timezone.now() - timedelta(days=2)
    thread = make_thread(author=asker, now=start)  # thread.created
    for minute in range(8):  # thread.spiking, once: 5 "me too"s in 30 minutes, and 3 more
        forum_actions.set_me_too(user=UserFactory(), thread=thread, on=True, now=start + timedelta(minutes=minute))
    response_jobs.mark_overdue_threads(now=start + timedelta(minutes=61))  # thread.flagged_unanswered
    response_jobs.escalate_overdue_threads(now=start + timedelta(hours=4, minutes=1))  # thread.escalated, 1
    response_jobs.escalate_overdue_threads(now=start + timedelta(hours=24, minutes=1))  # and 2
    answer = make_answer(thread=thread, author=answerer)
    forum_actions.reply(parent=answer, author=asker, body="Which button do you mean?")  # post.replied
    moderation_actions.flag_post(post=answer, flagger=flagger, reason=Flag.Reason.SPAM)  # flag.created
    forum_actions.mark_official(post=answer, by=rep)  # post.official
    forum_actions.accept_answer(post=answer, by=asker)  # thread.solved
    case, _new = case_actions.open_case(thread=thread, by=rep, message="Could we look at this together?")
    case_actions.resolve_case(
        public_note="The hub's power adapter was faulty; it was replaced.",
        case=case,
        by=rep,
        summary="Replaced the power supply.",
    )  # case.opened, resolved
    return {"thread": thread, "answer": answer, "case": case}


def test_each_event_is_delivered_once_to_each_subscription_that_wants_it_signed(
    receiver, receiver_example, subscribe, rep, moderator
):
    everything = subscribe(receiver.url + "?all", events=EVENTS)
    cases_only = subscribe(receiver.url + "?cases", events=["case.opened", "case.resolved"])
    made = make_every_event(rep, moderator)
    deliver_everything()

    to_all = [r for r in receiver.requests if r.path.endswith("?all")]
    to_cases = [r for r in receiver.requests if r.path.endswith("?cases")]
    receiver.requests = to_all
    got = received(receiver, receiver_example, everything.secret)
    receiver.requests = to_cases
    got_cases = received(receiver, receiver_example, cases_only.secret)

    # Escalated twice; replied twice (a reply, and the case's public resolution note).
    assert sorted(envelope["event"] for envelope in got) == sorted([*EVENTS, "thread.escalated", "post.replied"])
    assert [envelope["event"] for envelope in got_cases] == ["case.opened", "case.resolved"]
    assert len({envelope["id"] for envelope in got + got_cases}) == len(got) + len(got_cases)  # no repeat
    by_event = {}
    for envelope in got:
        by_event.setdefault(envelope["event"], []).append(envelope["data"])
    thread = made["thread"]
    assert by_event["thread.created"][0]["thread"]["id"] == thread.pk
    assert by_event["thread.created"][0]["thread"]["url"].endswith(thread.get_absolute_url())
    assert by_event["thread.created"][0]["thread"]["url"].startswith("http")
    assert by_event["thread.flagged_unanswered"][0]["overdue_at"]
    assert [(data["me_toos"], data["minutes"]) for data in by_event["thread.spiking"]] == [(5, 30)]
    assert [data["escalation_level"] for data in by_event["thread.escalated"]] == [1, 2]
    assert by_event["post.official"][0]["post"]["id"] == made["answer"].pk
    assert by_event["thread.solved"][0]["post"]["id"] == made["answer"].pk
    assert by_event["post.replied"][0]["post"]["reply_to"] == made["answer"].pk
    assert by_event["post.replied"][0]["asks_customer"] is False
    flag = by_event["flag.created"][0]
    assert flag["flag"]["reason"] == Flag.Reason.SPAM
    assert "flagger" not in json.dumps(flag)  # who flagged is the moderators' to know
    case = by_event["case.resolved"][0]["case"]
    assert case["id"] == made["case"].pk
    assert case["status"] == "resolved"
    assert case["resolved_at"]
    assert "Replaced the power supply" not in json.dumps(got)  # a case's words stay private
    assert Delivery.objects.exclude(status=Delivery.Status.DELIVERED).count() == 0


def test_a_disabled_subscription_gets_no_deliveries_and_nothing_is_built_for_nobody(
    receiver, subscribe, lead, django_assert_num_queries
):
    subscription = subscribe(receiver.url, events=["thread.created"])
    actions.disable_subscription(subscription=subscription, reason="Paused")
    make_thread(author=UserFactory())
    assert Delivery.objects.count() == 0


def test_an_event_rolled_back_with_its_action_leaves_no_delivery(receiver, subscribe):
    from django.db import transaction

    subscribe(receiver.url, events=["thread.created"])

    def ask_then_fail():
        with transaction.atomic():
            make_thread(author=UserFactory())
            raise RuntimeError("the request failed after asking")

    with pytest.raises(RuntimeError):
        ask_then_fail()
    assert Delivery.objects.count() == 0
