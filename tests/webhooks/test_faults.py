"""One bad delivery stops nothing: whatever goes wrong while one delivery is built, sent or
recorded is that delivery's failed attempt (counted, retried, abandoned, its subscription
disabled by the usual rules), and the sweep goes on to the next."""

import logging
import threading
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.db import connection

from tests.factories import UserFactory, make_thread
from webhooks import actions
from webhooks.models import Delivery, Subscription

pytestmark = pytest.mark.django_db


def two_due_deliveries(receiver, subscribe) -> tuple[Delivery, Delivery]:
    """Two subscriptions to one receiver (told apart by the query string) and one question:
    the sweep's first delivery and its second."""
    subscribe(receiver.url + "?one", events=["thread.created"])
    subscribe(receiver.url + "?two", events=["thread.created"])
    make_thread(author=UserFactory())
    first, second = Delivery.objects.select_related("subscription").order_by("next_attempt_at", "pk")
    return first, second


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


def test_a_url_stored_before_urls_were_encoded_at_save_is_sent_encoded_and_the_sweep_goes_on(receiver, subscribe):
    first, second = two_due_deliveries(receiver, subscribe)
    Subscription.objects.filter(pk=first.subscription_id).update(url=receiver.url + "/café")  # bypassing the form
    assert actions.deliver_due() == 2
    expected = ["/hooks/helpcircle/caf%C3%A9", path_of(second.subscription.url)]
    assert sorted(request.path for request in receiver.requests) == sorted(expected)
    assert Delivery.objects.filter(status="delivered").count() == 2


def test_a_delivery_that_cannot_be_sent_fails_its_attempts_until_abandoned_and_the_others_are_delivered(
    receiver, subscribe, lead, settings, caplog, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_DISABLE_AFTER = 100  # only the abandonment disables here
    first, second = two_due_deliveries(receiver, subscribe)
    # Something nobody foresaw: here an event name that no HTTP header can carry.
    Delivery.objects.filter(pk=first.pk).update(event="thread.created ✓")
    with caplog.at_level(logging.ERROR, logger="webhooks.actions"):
        assert actions.deliver_due() == 2
    first.refresh_from_db()
    assert (first.status, first.attempts, first.response_code) == ("pending", 1, None)
    assert first.error.startswith("Unexpected error: UnicodeEncodeError:")
    assert f"webhook delivery {first.pk}" in caplog.text  # logged, with its traceback
    assert [request.path for request in receiver.requests] == [path_of(second.subscription.url)]
    assert Delivery.objects.get(pk=second.pk).status == "delivered"
    assert Subscription.objects.get(pk=first.subscription_id).consecutive_failures == 1
    with django_capture_on_commit_callbacks(execute=True):
        while first.next_attempt_at is not None:
            actions.deliver_due(now=first.next_attempt_at)
            first.refresh_from_db()
    assert (first.status, first.attempts) == ("abandoned", 13)
    subscription = Subscription.objects.get(pk=first.subscription_id)
    assert not subscription.active
    assert "abandoned" in subscription.disabled_reason
    assert "UnicodeEncodeError" in subscription.disabled_reason
    assert len(mail.outbox) == 1
    assert Subscription.objects.get(pk=second.subscription_id).active
    assert len(receiver.requests) == 1


@pytest.mark.django_db(transaction=True)
def test_a_subscription_deleted_while_its_delivery_is_in_flight_does_not_stop_the_sweep(make_receiver, subscribe):
    one, two = make_receiver(), make_receiver()
    one.answers, two.answers = ["hold"], ["hold"]
    subscribe(one.url, events=["thread.created"])
    subscribe(two.url, events=["thread.created"])
    make_thread(author=UserFactory())
    first = Delivery.objects.select_related("subscription").order_by("pk").first()
    early, late = (one, two) if first.subscription.url == one.url else (two, one)
    late.release.set()
    swept = []

    def sweep() -> None:
        try:
            swept.append(actions.deliver_due())
        finally:
            connection.close()

    thread = threading.Thread(target=sweep, daemon=True)
    thread.start()
    assert early.arrived.wait(10)
    actions.delete_subscription(subscription=first.subscription)  # a lead deletes it meanwhile
    early.release.set()
    thread.join(10)
    assert swept == [2]
    assert len(late.requests) == 1
    assert list(Delivery.objects.values_list("status", flat=True)) == ["delivered"]
