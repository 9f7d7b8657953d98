"""Delivering: retries on a 500 and on a timeout, the backoff schedule and abandonment after
24 hours, disabling after repeated failures, one send when the task and the sweep race, and
nothing lost with the broker down."""

import itertools
import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from forum.models import Notification
from tests.conftest import on_postgresql
from tests.factories import UserFactory, make_thread
from webhooks import actions
from webhooks.models import Delivery, Subscription

pytestmark = pytest.mark.django_db


@pytest.fixture
def delivery(receiver, subscribe):
    """One pending thread.created delivery to the receiver, as an asked question leaves it."""
    subscribe(receiver.url, events=["thread.created"])
    make_thread(author=UserFactory())
    return Delivery.objects.get()


def test_a_500_is_retried_after_the_first_backoff_and_then_delivered(receiver, delivery):
    receiver.answers = [500, 200]
    now = timezone.now()
    failed = actions.deliver(delivery_id=delivery.pk, now=now)
    assert (failed.status, failed.response_code, failed.attempts) == ("pending", 500, 1)
    assert failed.next_attempt_at == now + timedelta(seconds=30)
    assert actions.deliver_due(now=now + timedelta(seconds=29)) == 0  # not due yet
    assert actions.deliver_due(now=now + timedelta(seconds=30)) == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.response_code, delivery.attempts) == ("delivered", 200, 2)
    assert len(receiver.requests) == 2
    first, second = receiver.requests
    assert first.headers["X-Helpcircle-Delivery"] == second.headers["X-Helpcircle-Delivery"]  # the same id
    assert first.body == second.body
    assert Subscription.objects.get().consecutive_failures == 0  # a success clears the count


def test_a_timeout_is_a_failure_retried_later(receiver, delivery, settings):
    settings.WEBHOOK_TIMEOUT = timedelta(seconds=0.3)
    receiver.answers = ["hold", 200]
    now = timezone.now()
    failed = actions.deliver(delivery_id=delivery.pk, now=now)
    receiver.release.set()  # the receiver answers, too late
    assert failed.status == "pending"
    assert failed.response_code is None
    assert "No answer within 0.3 s" in failed.error
    settings.WEBHOOK_TIMEOUT = timedelta(seconds=10)  # the retry must not race a busy machine's 0.3 s
    actions.deliver_due(now=failed.next_attempt_at)
    delivery.refresh_from_db()
    assert delivery.status == "delivered"
    assert delivery.attempts == 2


def test_a_redirect_is_not_followed(receiver, delivery):
    receiver.answers = [302]
    failed = actions.deliver(delivery_id=delivery.pk)
    assert failed.status == "pending"
    assert failed.response_code == 302
    assert "redirect not followed" in failed.error
    assert len(receiver.requests) == 1


def test_retries_double_from_30_seconds_until_24_hours_after_the_first_attempt_then_give_up(
    receiver, delivery, settings, lead, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_DISABLE_AFTER = 100  # only the abandonment disables here
    receiver.answers = [500]
    start = timezone.now()
    attempts_at = []
    now = start
    with django_capture_on_commit_callbacks(execute=True):
        while now is not None:
            attempts_at.append(now)
            actions.deliver_due(now=now)
            delivery.refresh_from_db()
            now = delivery.next_attempt_at
    gaps = [(later - earlier).total_seconds() for earlier, later in itertools.pairwise(attempts_at)]
    assert gaps[:11] == [30 * 2**n for n in range(11)]  # 30 s, 1 min, 2 min ... 8.5 h
    assert attempts_at[-1] == start + timedelta(hours=24)  # the last try, 24 hours on
    assert delivery.status == "abandoned"
    assert delivery.attempts == len(attempts_at) == 13
    assert len(receiver.requests) == 13
    subscription = Subscription.objects.get()
    assert not subscription.active
    assert "abandoned" in subscription.disabled_reason
    assert len(mail.outbox) == 1
    assert lead.email in mail.outbox[0].to


def test_repeated_failures_disable_the_subscription_and_tell_its_lead_by_email_and_on_the_site(
    receiver, subscribe, lead, settings, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_DISABLE_AFTER = 3
    other_lead = UserFactory(groups=["Leads"])
    receiver.answers = [500]
    subscription = subscribe(receiver.url, events=["thread.created"])
    for title in ("First question here", "Second question here", "Third question here", "Fourth one"):
        make_thread(author=UserFactory(), title=title)
    with django_capture_on_commit_callbacks(execute=True):
        for pk in Delivery.objects.order_by("pk").values_list("pk", flat=True):
            actions.deliver(delivery_id=pk)
    subscription.refresh_from_db()
    assert not subscription.active
    assert subscription.consecutive_failures == 3
    assert "3 delivery attempts in a row failed" in subscription.disabled_reason
    assert len(receiver.requests) == 3  # the fourth waits, pending, for the subscription to come back
    assert Delivery.objects.filter(status="pending", attempts=0).count() == 1
    (email,) = mail.outbox
    assert sorted(email.to) == sorted([lead.email, other_lead.email])
    assert receiver.url in email.body
    assert subscription.get_absolute_url() in email.body
    assert Notification.objects.filter(recipient=lead, url=subscription.get_absolute_url()).exists()
    # Enabled again, the waiting delivery goes out with the next sweep.
    receiver.answers = [200]
    actions.enable_subscription(subscription=subscription)
    assert actions.deliver_due(now=timezone.now() + timedelta(minutes=1)) == 4  # and the retries due
    assert Delivery.objects.filter(status="delivered").count() == 4


def test_the_task_and_the_sweep_send_a_delivery_once_whichever_comes_first(receiver, delivery):
    assert actions.deliver(delivery_id=delivery.pk) is not None
    assert actions.deliver_due() == 0
    assert actions.deliver(delivery_id=delivery.pk) is None  # a redelivered task (acks_late)
    assert len(receiver.requests) == 1


def test_a_claimed_delivery_is_not_sent_again_until_its_lease_runs_out(receiver, delivery):
    now = timezone.now()
    assert actions._claim(delivery.pk, now=now)  # a worker took it, then was killed mid-send
    assert actions.deliver_due(now=now) == 0
    assert actions.deliver_due(now=now + 2 * timedelta(seconds=10) + timedelta(seconds=61)) == 1
    assert len(receiver.requests) == 1


@pytest.mark.django_db(transaction=True)
def test_the_task_and_the_sweep_racing_on_postgresql_send_once(receiver, subscribe, postgresql):
    assert on_postgresql()
    subscribe(receiver.url, events=["thread.created"])
    make_thread(author=UserFactory())
    delivery = Delivery.objects.get()
    receiver.answers = ["hold"]  # each sender's request is in flight while the other tries
    start = threading.Barrier(2)
    results = {}

    def run(name, call):
        start.wait()
        try:
            results[name] = call()
        finally:
            connection.close()

    racers = [
        threading.Thread(target=run, args=("task", lambda: actions.deliver(delivery_id=delivery.pk))),
        threading.Thread(target=run, args=("sweep", actions.deliver_due)),
    ]
    for racer in racers:
        racer.start()
    assert receiver.arrived.wait(5)
    receiver.release.set()
    for racer in racers:
        racer.join(10)
    assert len(receiver.requests) == 1
    assert Delivery.objects.get().status == "delivered"


def test_with_the_broker_down_the_action_succeeds_and_the_sweep_delivers(
    receiver, subscribe, broker_down, django_capture_on_commit_callbacks
):
    subscribe(receiver.url, events=["thread.created"])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        thread = make_thread(author=UserFactory())
    assert callbacks
    assert thread.pk
    delivery = Delivery.objects.get()
    assert delivery.status == "pending"
    assert delivery.attempts == 0
    assert receiver.requests == []
    assert actions.deliver_due() == 1
    assert Delivery.objects.get().status == "delivered"


def test_a_name_that_now_resolves_to_loopback_is_refused_at_delivery(receiver, subscribe, settings):
    url = receiver.url.replace("127.0.0.1", "localhost")
    subscribe(url, events=["thread.created"])  # saved while loopback was allowed
    make_thread(author=UserFactory())
    settings.WEBHOOKS_ALLOW_LOOPBACK = False
    failed = actions.deliver(delivery_id=Delivery.objects.get().pk)
    assert receiver.requests == []
    assert failed.status == "pending"
    assert "loopback address" in failed.error


def test_a_test_event_goes_to_that_subscription_only_now_and_is_never_retried(receiver, subscribe, lead):
    ping_me = subscribe(receiver.url + "?ping", events=["thread.created"])
    subscribe(receiver.url + "?other", events=["thread.created"])
    delivery = actions.send_test_event(subscription=ping_me, by=lead)
    assert delivery.status == "delivered"
    assert [request.path for request in receiver.requests] == ["/hooks/helpcircle?ping"]
    assert receiver.requests[0].headers["X-Helpcircle-Event"] == "ping"
    receiver.answers = [503]
    failed = actions.send_test_event(subscription=ping_me, by=lead)
    assert failed.status == "failed"
    assert failed.next_attempt_at is None
    assert actions.deliver_due(now=timezone.now() + timedelta(days=1)) == 0
    ping_me.refresh_from_db()
    assert ping_me.consecutive_failures == 0  # a test never counts towards disabling


def test_a_rotated_secret_signs_the_next_attempt(receiver, receiver_example, delivery):
    receiver.answers = [500, 200]
    subscription = delivery.subscription
    actions.deliver(delivery_id=delivery.pk)
    secret = actions.rotate_secret(subscription=subscription)
    actions.deliver_due(now=timezone.now() + timedelta(minutes=1))
    old, new = receiver.requests
    assert not receiver_example.verify(
        secret=secret, signature_header=old.headers["X-Helpcircle-Signature"], body=old.body
    )
    assert receiver_example.verify(secret=secret, signature_header=new.headers["X-Helpcircle-Signature"], body=new.body)
