"""One attempt, one deadline: WEBHOOK_TIMEOUT bounds the whole attempt (the lookup, connect,
TLS, sending and every read of the answer), not each read; a lease outlasts it; and a
delivery is never sent twice at once, nor its outcome written by an attempt whose lease ran
out. Receivers are real sockets on 127.0.0.1; threads meet on Events, never on sleeps."""

import threading
import time
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from tests.factories import UserFactory, make_thread
from webhooks import actions
from webhooks.conf import conf as webhooks_conf
from webhooks.models import Delivery, Subscription

pytestmark = pytest.mark.django_db

TIMEOUT = 0.5
# What an attempt may take beyond its deadline on a loaded machine: the claim, the outcome's
# write, a thread scheduled late. The receivers below would hold on for 10 s.
MARGIN = 1.5


def deliver_one_timed(url: str, subscribe) -> tuple[Delivery, float]:
    subscribe(url, events=["thread.created"])
    make_thread(author=UserFactory())
    started = time.monotonic()
    delivery = actions.deliver(delivery_id=Delivery.objects.get().pk)
    return delivery, time.monotonic() - started


@pytest.mark.parametrize("where", ["headers", "body"])
def test_a_receiver_trickling_its_answer_a_byte_at_a_time_is_cut_off_at_the_timeout(
    make_slowloris, subscribe, settings, where
):
    settings.WEBHOOK_TIMEOUT = timedelta(seconds=TIMEOUT)
    slow = make_slowloris(where)
    failed, took = deliver_one_timed(slow.url, subscribe)
    assert slow.bytes_sent >= 2  # it was answering, one byte at a time, each well within the timeout
    assert took < TIMEOUT + MARGIN
    assert (failed.status, failed.attempts, failed.response_code) == ("pending", 1, None)
    assert failed.error == f"No answer within {TIMEOUT:g} s"
    assert failed.duration_ms < (TIMEOUT + MARGIN) * 1000
    assert Subscription.objects.get().consecutive_failures == 1  # a failed attempt like any other


def test_over_tls_too_a_trickling_receiver_is_cut_off_at_the_timeout(make_slowloris, subscribe, settings, tls):
    settings.WEBHOOK_TIMEOUT = timedelta(seconds=TIMEOUT)
    slow = make_slowloris("headers", tls=tls, host="localhost")
    failed, took = deliver_one_timed(slow.url, subscribe)
    assert slow.bytes_sent >= 2
    assert took < TIMEOUT + MARGIN
    assert failed.status == "pending"
    assert failed.error == f"No answer within {TIMEOUT:g} s"


def test_a_delivery_over_tls_verifies_the_certificate_against_the_name_and_arrives(make_receiver, subscribe, tls):
    receiver = make_receiver(tls=tls, host="localhost")
    delivered, _took = deliver_one_timed(receiver.url, subscribe)
    assert (delivered.status, delivered.response_code) == ("delivered", 200)
    assert [request.path for request in receiver.requests] == ["/hooks/helpcircle"]


def test_a_certificate_for_another_name_is_a_failed_attempt(make_receiver, subscribe, tls):
    receiver = make_receiver(tls=tls)  # the certificate names localhost, the URL 127.0.0.1
    failed, _took = deliver_one_timed(receiver.url, subscribe)
    assert failed.status == "pending"
    assert "CERTIFICATE_VERIFY_FAILED" in failed.error
    assert receiver.requests == []


@pytest.mark.parametrize("seconds", [0.5, 2, 10, 30, 120])
def test_a_lease_outlasts_the_longest_attempt_by_a_margin(settings, seconds):
    settings.WEBHOOK_TIMEOUT = timedelta(seconds=seconds)
    assert actions._lease() >= webhooks_conf.WEBHOOK_TIMEOUT + actions.LEASE_MARGIN


def in_thread(call) -> tuple[threading.Thread, list]:
    """Run `call` in a thread with its own database connection; its result lands in the list."""
    results: list = []

    def run() -> None:
        try:
            results.append(call())
        finally:
            connection.close()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, results


@pytest.mark.django_db(transaction=True)
def test_while_an_attempt_is_in_flight_a_later_sweep_does_not_send_that_delivery_again(make_receiver, subscribe):
    """A sweep sends its batch one after the other; each delivery it reaches is leased from
    the moment it reaches it, not from the moment the sweep began."""
    one, two = make_receiver(), make_receiver()
    one.answers, two.answers = ["hold"], ["hold"]
    subscribe(one.url, events=["thread.created"])
    subscribe(two.url, events=["thread.created"])
    make_thread(author=UserFactory())
    by_url = {one.url: one, two.url: two}
    early, late = (by_url[d.subscription.url] for d in Delivery.objects.select_related("subscription").order_by("pk"))
    sweep, swept = in_thread(actions.deliver_due)  # beat's sweep, on the real clock
    assert early.arrived.wait(10)
    released_at = timezone.now()
    early.release.set()
    assert late.arrived.wait(10)  # the sweep reached the second delivery: it is in flight now
    # Beat's next sweep, just under a lease after the first delivery answered (so after the
    # sweep began): the second, claimed since, is still in flight and is not sent again.
    assert actions.deliver_due(now=released_at + actions._lease() - timedelta(microseconds=1)) == 0
    late.release.set()
    sweep.join(10)
    assert swept == [2]
    assert len(late.requests) == 1
    assert Delivery.objects.filter(status="delivered").count() == 2


@pytest.mark.django_db(transaction=True)
def test_an_attempt_that_finishes_after_its_lease_ran_out_does_not_overwrite_the_newer_one(receiver, subscribe):
    subscribe(receiver.url, events=["thread.created"])
    make_thread(author=UserFactory())
    delivery = Delivery.objects.get()
    receiver.answers = [("hold", 500), 200]
    now = timezone.now()
    paused, finished = in_thread(lambda: actions.deliver(delivery_id=delivery.pk, now=now))
    assert receiver.arrived.wait(10)
    # That worker stalls past its lease (a stopped VM, a swapped-out process): the sweep sends
    # again, and the receiver takes it.
    assert actions.deliver_due(now=now + actions._lease()) == 1
    receiver.release.set()  # the stalled attempt gets its 500, late
    paused.join(10)
    assert finished  # it ended without an error
    delivery.refresh_from_db()
    assert (delivery.status, delivery.response_code, delivery.attempts) == ("delivered", 200, 2)
    assert delivery.next_attempt_at is None
    assert Subscription.objects.get().consecutive_failures == 0  # the late 500 counts for nothing
