"""A webhook payload's links are on the one configured site (SITE_URL), whichever address
the site runs on (issue 24)."""

import json

import pytest

from tests.factories import UserFactory, make_thread
from webhooks import actions
from webhooks.models import Delivery

pytestmark = pytest.mark.django_db

SITE = "https://support.brightwave.example"


def test_a_delivered_payloads_urls_are_on_the_configured_site(settings, receiver, subscribe):
    settings.SITE_URL = SITE
    subscription = subscribe(receiver.url, events=["thread.created"])
    thread = make_thread(author=UserFactory())
    for pk in Delivery.objects.filter(status=Delivery.Status.PENDING).values_list("pk", flat=True):
        actions.deliver(delivery_id=pk)
    actions.send_test_event(subscription=subscription, by=subscription.created_by)

    created, ping = (json.loads(request.body) for request in receiver.requests)
    assert created["data"]["thread"]["url"] == f"{SITE}{thread.get_absolute_url()}"
    assert ping["data"]["url"] == f"{SITE}{subscription.get_absolute_url()}"
