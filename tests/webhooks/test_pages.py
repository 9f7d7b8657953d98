"""The leads' webhooks pages: who may see them, the form, the buttons, and flat query counts."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory, make_thread
from webhooks import actions
from webhooks.models import Delivery, Subscription

pytestmark = pytest.mark.django_db

LIST = reverse("webhooks:list")
CREATE = reverse("webhooks:create")


@pytest.fixture
def lead_client(client, lead):
    client.force_login(lead)
    return client


def test_members_and_reps_are_refused_and_visitors_sent_to_log_in(client, member, rep, subscribe, receiver):
    subscription = subscribe(receiver.url)
    detail = subscription.get_absolute_url()
    assert client.get(LIST).status_code == 302
    for user in (member, rep):
        client.force_login(user)
        assert client.get(LIST).status_code == 403
        assert client.get(detail).status_code == 403
        assert client.post(CREATE, {"url": receiver.url, "events": ["thread.created"]}).status_code == 403
        assert client.post(reverse("webhooks:send_test", args=[subscription.pk])).status_code == 403
        assert client.post(reverse("webhooks:delete", args=[subscription.pk])).status_code == 403
    assert Subscription.objects.count() == 1
    assert receiver.requests == []


def test_leads_find_the_page_in_the_team_settings(lead_client):
    page = lead_client.get(reverse("team:overview")).content.decode()
    assert f'href="{LIST}"' in page


def test_a_lead_subscribes_a_url_and_sees_its_secret(lead_client, receiver):
    response = lead_client.post(CREATE, {"url": receiver.url, "events": ["thread.escalated", "case.opened"]})
    subscription = Subscription.objects.get()
    assert response.status_code == 302
    assert response["Location"] == subscription.get_absolute_url()
    assert subscription.events == ["thread.escalated", "case.opened"]
    page = lead_client.get(subscription.get_absolute_url()).content.decode()
    assert subscription.secret in page
    assert "Subscribed." in page


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("https://10.0.0.7/hooks", "points at a private address"),
        ("https://localhost:8001/hooks", "points at a loopback address"),
        ("http://93.184.216.34/hooks", "must be https"),
    ],
)
def test_a_refused_url_comes_back_with_its_reason_and_what_was_typed(lead_client, settings, url, message):
    settings.WEBHOOKS_ALLOW_LOOPBACK = False
    settings.WEBHOOKS_REQUIRE_HTTPS = True
    response = lead_client.post(CREATE, {"url": url, "events": ["thread.escalated", "flag.created"]})
    page = response.content.decode()
    assert response.status_code == 400
    assert message in page
    assert f'value="{url}"' in page
    assert 'value="thread.escalated"' in page
    assert page.count("checked") == 2  # the events ticked stay ticked
    assert Subscription.objects.count() == 0


def test_a_form_without_events_says_so(lead_client, receiver):
    response = lead_client.post(CREATE, {"url": receiver.url})
    assert response.status_code == 400
    assert "Choose at least one event." in response.content.decode()


def test_the_test_event_button_delivers_a_ping_now_and_says_how_it_went(lead_client, subscribe, receiver):
    subscription = subscribe(receiver.url)
    response = lead_client.post(reverse("webhooks:send_test", args=[subscription.pk]), follow=True)
    assert [request.headers["X-Helpcircle-Event"] for request in receiver.requests] == ["ping"]
    page = response.content.decode()
    assert "The test event arrived: HTTP 200" in page
    assert "ping" in page  # in the delivery log
    receiver.answers = [500]
    response = lead_client.post(reverse("webhooks:send_test", args=[subscription.pk]), follow=True)
    assert "The test event did not arrive: HTTP 500" in response.content.decode()


def test_rotate_disable_enable_and_delete_redirect_back_with_a_message(lead_client, subscribe, receiver):
    subscription = subscribe(receiver.url)
    old_secret = subscription.secret
    response = lead_client.post(reverse("webhooks:rotate_secret", args=[subscription.pk]), follow=True)
    subscription.refresh_from_db()
    assert subscription.secret != old_secret
    assert "A new secret is in use" in response.content.decode()
    lead_client.post(reverse("webhooks:disable", args=[subscription.pk]))
    subscription.refresh_from_db()
    assert not subscription.active
    assert "Disabled" in lead_client.get(subscription.get_absolute_url()).content.decode()
    lead_client.post(reverse("webhooks:enable", args=[subscription.pk]))
    subscription.refresh_from_db()
    assert subscription.active
    response = lead_client.post(reverse("webhooks:delete", args=[subscription.pk]))
    assert response["Location"] == LIST
    assert not Subscription.objects.exists()


def test_the_lead_who_disabled_a_webhook_is_named_as_they_are_now(client, lead, subscribe, receiver):
    """The lead is held by id (Subscription.disabled_by, issue 24): renamed, the page follows;
    gone, it says "a former member", and nobody's text was rewritten."""
    from accounts.actions import delete_account
    from accounts.models import User

    other_lead = UserFactory(display_name="Leo Lead", groups=["Leads"])
    subscription = subscribe(receiver.url)
    client.force_login(other_lead)
    client.post(reverse("webhooks:disable", args=[subscription.pk]))
    subscription.refresh_from_db()
    assert (subscription.disabled_by, subscription.disabled_reason) == (other_lead, "")
    client.force_login(lead)
    assert "Disabled by Leo Lead." in client.get(subscription.get_absolute_url()).content.decode()
    User.objects.filter(pk=other_lead.pk).update(display_name="Leo Leader")
    assert "Disabled by Leo Leader." in client.get(subscription.get_absolute_url()).content.decode()
    other_lead.groups.clear()
    delete_account(member=User.objects.get(pk=other_lead.pk), by=lead)
    page = client.get(subscription.get_absolute_url()).content.decode()
    assert "Disabled by a former member." in page
    assert "Leo" not in page
    client.post(reverse("webhooks:enable", args=[subscription.pk]))
    subscription.refresh_from_db()
    assert (subscription.active, subscription.disabled_by) == (True, None)


def make_subscriptions(count: int, lead) -> list[Subscription]:
    now = timezone.now()
    return Subscription.objects.bulk_create(
        Subscription(url=f"https://hooks{n}.example.com/", events=["thread.created"], created_by=lead, created_at=now)
        for n in range(count)
    )


def make_deliveries(subscription: Subscription, count: int) -> None:
    now = timezone.now()
    Delivery.objects.bulk_create(
        Delivery(
            subscription=subscription,
            event="thread.created",
            payload={"thread": {"id": n}},
            created_at=now - timedelta(seconds=n),
            status=Delivery.Status.PENDING if n % 2 else Delivery.Status.DELIVERED,
            attempts=1,
            response_code=500 if n % 2 else 200,
            duration_ms=12,
            next_attempt_at=now + timedelta(minutes=1),
        )
        for n in range(count)
    )


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries.captured_queries)


def test_the_list_queries_do_not_grow_with_subscriptions(lead_client, lead, django_assert_num_queries, settings):
    settings.PAGE_CACHE = False  # the page's own queries: kept parts would spare the second request some
    make_subscriptions(60, lead)  # more than a page, so that the paginator counts them
    few = count_queries(lead_client, LIST)
    make_subscriptions(200, UserFactory(groups=["Leads"]))
    with django_assert_num_queries(few):
        page = lead_client.get(LIST).content.decode()
    assert page.count("hooks") >= 50


def test_the_delivery_log_queries_do_not_grow_with_deliveries(lead_client, lead, django_assert_num_queries, settings):
    settings.PAGE_CACHE = False  # the page's own queries: kept parts would spare the second request some
    (subscription,) = make_subscriptions(1, lead)
    make_deliveries(subscription, 60)
    few = count_queries(lead_client, subscription.get_absolute_url())
    make_deliveries(subscription, 300)
    with django_assert_num_queries(few):
        page = lead_client.get(subscription.get_absolute_url() + "?page=2").content.decode()
    assert "Page 2 of 8" in page


def test_a_url_with_a_non_ascii_path_is_saved_percent_encoded_and_test_events_and_deliveries_reach_it(
    lead_client, receiver
):
    typed = receiver.url + "/café?équipe=support&q=<b>"
    response = lead_client.post(CREATE, {"url": typed, "events": ["thread.created"]})
    assert response.status_code == 302
    subscription = Subscription.objects.get()
    encoded = receiver.url + "/caf%C3%A9?%C3%A9quipe=support&q=%3Cb%3E"  # as a browser sends it
    assert subscription.url == encoded
    response = lead_client.post(reverse("webhooks:send_test", args=[subscription.pk]), follow=True)
    assert response.status_code == 200
    assert "The test event arrived: HTTP 200" in response.content.decode()
    make_thread(author=UserFactory())
    actions.deliver_due()
    assert [request.path for request in receiver.requests] == [
        encoded.removeprefix(receiver.url.split("/hooks")[0])
    ] * 2
    assert [request.headers["X-Helpcircle-Event"] for request in receiver.requests] == ["ping", "thread.created"]
    assert Delivery.objects.filter(status="delivered").count() == 2


@pytest.mark.parametrize(
    ("stored", "message"),
    [
        ("{url}/café", "The test event arrived: HTTP 200"),  # stored before URLs were encoded at save
        ("http://[::1/hooks", "The test event did not arrive: Not sent: "),  # no form accepts it
    ],
)
def test_send_test_event_never_answers_500_whatever_url_is_stored(lead_client, subscribe, receiver, stored, message):
    subscription = subscribe(receiver.url)
    Subscription.objects.filter(pk=subscription.pk).update(url=stored.format(url=receiver.url))
    response = lead_client.post(reverse("webhooks:send_test", args=[subscription.pk]), follow=True)
    assert response.status_code == 200
    assert message in response.content.decode()


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("https://93.184.216.34:0/hooks", "The URL&#x27;s port is not a number between 1 and 65535."),
        ("https://[fec0::1]/hooks", "points at a special-purpose address"),
        ("https://192.88.99.1/hooks", "points at a special-purpose address"),
    ],
)
def test_a_port_0_or_a_special_purpose_address_is_refused_on_the_page_with_what_was_typed(lead_client, url, message):
    response = lead_client.post(CREATE, {"url": url, "events": ["thread.created"]})
    page = response.content.decode()
    assert response.status_code == 400
    assert message in page
    assert f'value="{url}"' in page
    assert Subscription.objects.count() == 0


def test_the_page_that_shows_a_secret_is_never_stored_by_a_cache(lead_client, subscribe, receiver):
    subscription = subscribe(receiver.url)
    for response in (
        lead_client.get(subscription.get_absolute_url()),
        lead_client.head(subscription.get_absolute_url()),
    ):
        assert response.status_code == 200
        directives = {directive.strip() for directive in response["Cache-Control"].split(",")}
        assert {"no-store", "private"} <= directives
    assert subscription.secret in lead_client.get(subscription.get_absolute_url()).content.decode()


def test_a_suspended_lead_adds_no_webhook_and_is_told_why(lead_client, lead, receiver):
    from accounts.models import User

    User.objects.filter(pk=lead.pk).update(
        suspended_until=timezone.now() + timedelta(days=1), suspension_reason="Audit"
    )
    for response in (lead_client.get(LIST), lead_client.post(CREATE, {"url": receiver.url, "events": ["case.opened"]})):
        assert response.status_code == 403
        assert "Your account is suspended until" in response.content.decode()
    assert not Subscription.objects.exists()
    User.objects.filter(pk=lead.pk).update(suspended_until=timezone.now() - timedelta(seconds=1))
    assert lead_client.post(CREATE, {"url": receiver.url, "events": ["case.opened"]}).status_code == 302
