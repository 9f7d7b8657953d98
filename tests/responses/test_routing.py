"""Routing (issue 11): leads assign, reps look after tags, unclaimed items are offered to
all reps at half their lag, and notices follow the same routes as the queue's For-you view."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from taggit.models import Tag

from forum.models import Notification, ThreadEvent
from responses import actions, jobs
from responses.models import QueueClaim, QueueThread
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def look_after(rep, *names):
    actions.set_rep_tags(
        rep=rep, tag_ids=[Tag.objects.get_or_create(name=n, defaults={"slug": n})[0].pk for n in names]
    )


@pytest.fixture
def requested(asked, now):
    """requested(minutes_ago, tags) -> a thread whose asker asked for an official answer then."""

    def make(minutes_ago, *, tags=("wifi",)):
        thread = asked(minutes_ago, tags=tags, title=f"Official please about {tags[0]} ({minutes_ago} min)")
        actions.request_official_response(thread=thread, by=thread.author, now=now - timedelta(minutes=minutes_ago))
        return thread

    return make


def notices(user):
    """What `user` reads in their notifications (the actor's name is read with them)."""
    return [notice.message for notice in Notification.objects.filter(recipient=user).select_related("actor")]


def test_a_lead_assigns_a_queue_item_and_the_rep_is_told_once(client, requested, reps, lead):
    thread = requested(5)
    client.force_login(lead)
    url = reverse("responses:assign", args=[thread.pk])
    assert client.post(url, {"rep": reps[0].pk}).status_code == 302
    assert client.post(url, {"rep": reps[0].pk}).status_code == 302  # again: nothing new
    claim = QueueClaim.objects.get(thread=thread)
    assert (claim.claimed_by, claim.assigned_by) == (reps[0], lead)
    assert notices(reps[0]) == [f"{lead.name} assigned you “{thread.title}”"]
    # Reassigning tells the new rep, once, and the history says who did it.
    client.post(url, {"rep": reps[1].pk})
    assert QueueClaim.objects.get(thread=thread).claimed_by == reps[1]
    assert len(notices(reps[1])) == 1
    events = ThreadEvent.objects.filter(thread=thread, kind=ThreadEvent.Kind.ASSIGNED)
    # The rep assigned to is held by id (issue 24), not copied into the note.
    assert [(event.actor, event.subject, event.note) for event in events] == [
        (lead, reps[0], ""),
        (lead, reps[1], ""),
    ]
    page = client.get(reverse("responses:official_queue"), {"show": "all"}).content.decode()
    assert f"Assigned to {reps[1].name} by {lead.name}" in page


def test_the_panel_names_the_rep_a_thread_was_assigned_to_as_they_are_now(client, requested, reps, lead):
    from accounts.models import User

    thread = requested(5)
    actions.assign_thread(thread=thread, rep=reps[0], by=lead)
    client.force_login(reps[1])
    assert (
        f"{lead.name} assigned the thread to {reps[0].name}" in client.get(thread.get_absolute_url()).content.decode()
    )
    # Renamed through their settings page, which bumps every page showing names ("site").
    renamer = Client()
    renamer.force_login(reps[0])
    assert renamer.post(reverse("accounts:settings"), {"display_name": "Renamed Rep", "bio": ""}).status_code == 302
    assert User.objects.get(pk=reps[0].pk).display_name == "Renamed Rep"
    assert f"{lead.name} assigned the thread to Renamed Rep" in client.get(thread.get_absolute_url()).content.decode()


@pytest.mark.parametrize("who", ["member", "rep"])
def test_only_leads_assign(client, requested, reps, who):
    thread = requested(5)
    client.force_login(UserFactory() if who == "member" else reps[1])
    assert client.post(reverse("responses:assign", args=[thread.pk]), {"rep": reps[0].pk}).status_code == 403
    assert not QueueClaim.objects.exists()


def test_a_lead_cannot_assign_to_someone_outside_the_queue_team(client, requested, lead):
    thread = requested(5)
    member = UserFactory()
    client.force_login(lead)
    response = client.post(reverse("responses:assign", args=[thread.pk]), {"rep": member.pk}, follow=True)
    assert "Choose a representative from the list." in response.content.decode()
    assert not QueueClaim.objects.exists()
    assert not notices(member)


def test_a_reps_queue_starts_with_their_tags_and_the_whole_queue_is_one_click_away(client, requested, reps):
    wifi, billing, printers = (
        requested(5, tags=("wifi",)),
        requested(5, tags=("billing",)),
        requested(5, tags=("printers",)),
    )
    look_after(reps[0], "wifi")
    look_after(reps[1], "billing")
    client.force_login(reps[0])
    for_you = client.get(reverse("responses:official_queue")).content.decode()
    assert wifi.title in for_you
    assert printers.title in for_you  # nobody looks after printers: it reaches everyone
    assert billing.title not in for_you  # billing is reps[1]'s, and not yet offered to all
    whole = client.get(reverse("responses:official_queue"), {"show": "all"}).content.decode()
    assert all(thread.title in whole for thread in (wifi, billing, printers))
    # A rep who looks after no tag sees the whole queue by default.
    client.force_login(UserFactory(groups=["Reps"]))
    everything = client.get(reverse("responses:official_queue")).content.decode()
    assert all(thread.title in everything for thread in (wifi, billing, printers))


def test_a_rep_chooses_their_tags(client, requested, reps):
    requested(5, tags=("wifi",))
    Tag.objects.get_or_create(name="billing", defaults={"slug": "billing"})
    client.force_login(reps[0])
    assert client.get(reverse("responses:my_tags")).status_code == 200
    billing = Tag.objects.get(name="billing")
    assert client.post(reverse("responses:my_tags"), {"tags": [billing.pk]}).status_code == 302
    assert list(reps[0].rep_tags.values_list("tag__name", flat=True)) == ["billing"]
    assert client.post(reverse("responses:my_tags"), {"tags": ["999999"]}).status_code == 400
    assert client.get(reverse("responses:my_tags")).status_code == 200
    client.force_login(UserFactory())
    assert client.get(reverse("responses:my_tags")).status_code == 403


def test_unclaimed_items_are_offered_to_every_rep_at_half_their_lag_once(client, requested, reps, now):
    look_after(reps[0], "wifi")
    look_after(reps[1], "billing")
    billing = requested(0, tags=("billing",))  # the default lag: 60 minutes
    assert jobs.offer_unclaimed_threads(now=now + timedelta(minutes=29)) == []
    assert jobs.offer_unclaimed_threads(now=now + timedelta(minutes=31)) == [billing.pk]
    assert jobs.offer_unclaimed_threads(now=now + timedelta(minutes=32)) == []
    for rep in reps:
        assert notices(rep) == ["1 thread is half-way to its lag with nobody on it: any rep can take it"]
    # The queue agrees: reps[0] sees it in their own view now, marked as offered.
    rows = QueueThread.objects.official_queue(now=now + timedelta(minutes=31), routed_to=reps[0])
    assert [(row.pk, row.offered_to_all) for row in rows] == [(billing.pk, True)]


def test_a_claimed_item_is_not_offered(requested, reps, now):
    thread = requested(0)
    actions.claim_thread(thread=thread, by=reps[0], now=now)
    assert jobs.offer_unclaimed_threads(now=now + timedelta(minutes=45)) == []


def test_overdue_notices_follow_the_routes(asked, reps, now):
    look_after(reps[0], "wifi")
    look_after(reps[1], "billing")
    claimed_billing = asked(61, tags=("billing",), title="Billing question claimed early by its rep")
    actions.claim_thread(thread=claimed_billing, by=reps[1], now=now - timedelta(minutes=30))
    assert jobs.mark_overdue_threads(now=now) == [claimed_billing.pk]
    # Claimed, so not offered to all, and wifi is not billing: only its rep hears.
    assert notices(reps[0]) == []
    assert notices(reps[1]) == ["1 thread is waiting past its lag time with no reply"]
    unclaimed_wifi = asked(61, tags=("wifi",), title="Wifi question nobody has claimed yet")
    assert jobs.mark_overdue_threads(now=now + timedelta(minutes=1)) == [unclaimed_wifi.pk]
    # Unclaimed past its lag: offered to all, so both reps hear about it.
    assert len(notices(reps[0])) == 1
    assert len(notices(reps[1])) == 2


def test_the_queue_views_query_count_does_not_grow(client, requested, reps, lead, settings, django_assert_num_queries):
    settings.PAGE_CACHE = False  # the render's own queries, warm, without a kept copy (config/pagecache.py)
    look_after(lead, "wifi")
    for minutes in (5, 10, 15):
        requested(minutes)
    client.force_login(lead)
    url = reverse("responses:official_queue")
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for minutes in range(20, 40):
        requested(minutes, tags=("wifi", "billing"))
    with django_assert_num_queries(len(few)):
        assert client.get(url).status_code == 200


def test_the_notices_route_as_the_queue_page_filters(requested, reps, lead, now):
    """responses/routing.py (the notices, in Python) and routed_to (the For-you view, in SQL)
    are two spellings of one rule: over every kind of thread they give the same answers."""
    from responses.routing import routed_to_reps, waiting

    third = UserFactory(groups=["Reps"])  # looks after nothing: gets everything
    look_after(reps[0], "wifi", "billing")
    look_after(reps[1], "tv")
    threads = [
        requested(5, tags=("wifi",)),  # reps[0]'s tag
        requested(5, tags=("tv", "billing")),  # both reps' tags
        requested(5, tags=("garden",)),  # nobody looks after it: everyone
        requested(50, tags=("tv",)),  # past half its lag, unclaimed: offered to all
        requested(5, tags=("tv",)),  # claimed by reps[0] below, outside their tags
        requested(50, tags=("tv",)),  # past half its lag but claimed by reps[1]: not offered
    ]
    actions.claim_thread(thread=threads[4], by=reps[0], now=now)
    actions.claim_thread(thread=threads[5], by=reps[1], now=now)
    ids = [thread.pk for thread in threads]
    people = [reps[0], reps[1], third, lead]

    in_python = {
        rep_id: set(routed)
        for rep_id, routed in routed_to_reps(waiting(ids), rep_ids=[person.pk for person in people], now=now).items()
    }

    queue = QueueThread.objects.filter(pk__in=ids).with_lag_and_wait(now=now).with_offer()
    for person in people:
        assert in_python[person.pk] == set(queue.routed_to(person).values_list("pk", flat=True)), person
    assert in_python[reps[0].pk] == {ids[0], ids[1], ids[2], ids[3], ids[4]}
    assert in_python[reps[1].pk] == {ids[1], ids[2], ids[3], ids[4], ids[5]}
    assert in_python[third.pk] == set(ids)
