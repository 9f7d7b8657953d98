"""Spikes (issue 28, responses/spikes.py): five "me too"s within thirty minutes tell the reps who
look after the thread's tags and the leads, once per spike; not again until the pace falls
back under half, and again for a new burst after that."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from forum import actions as forum_actions
from forum.models import Notification
from responses import actions, spikes
from responses.models import QueueWeights, Spike
from tests.factories import UserFactory, make_thread

pytestmark = pytest.mark.django_db


def me_too(thread, count: int, *, at) -> None:
    for _ in range(count):
        forum_actions.set_me_too(user=UserFactory(), thread=thread, on=True, now=at)


@pytest.fixture
def staff(db):
    wifi_rep = UserFactory(username="wifi-rep", groups=["Reps"])
    billing_rep = UserFactory(username="billing-rep", groups=["Reps"])
    lead = UserFactory(username="the-lead", groups=["Leads"])
    actions.set_rep_tags(rep=wifi_rep, tag_ids=[Tag.objects.get_or_create(name="wifi", slug="wifi")[0].pk])
    actions.set_rep_tags(rep=billing_rep, tag_ids=[Tag.objects.get_or_create(name="billing", slug="billing")[0].pk])
    return {"wifi_rep": wifi_rep, "billing_rep": billing_rep, "lead": lead}


def told(user) -> int:
    return Notification.objects.filter(recipient=user, text__contains="is spiking").count()


def test_a_spike_is_told_once_to_the_tags_reps_and_the_leads_and_again_only_after_it_calms(staff):
    start = timezone.now() - timedelta(hours=3)
    thread = make_thread(author=UserFactory(), title="Hubs drop at nine across the north", tags=["wifi"], now=start)
    me_too(thread, 4, at=start + timedelta(minutes=1))
    assert not Spike.objects.exists()
    me_too(thread, 1, at=start + timedelta(minutes=20))  # the fifth within 30 minutes
    me_too(thread, 6, at=start + timedelta(minutes=25))  # more of the same spike
    spike = Spike.objects.get()
    assert spike.me_toos == 5
    assert [told(staff["wifi_rep"]), told(staff["lead"]), told(staff["billing_rep"])] == [1, 1, 0]

    # Still busy half an hour later (3 of 5 within the window): it stays open.
    me_too(thread, 3, at=start + timedelta(minutes=50))
    assert spikes.end_spikes(now=start + timedelta(minutes=52)) == 0
    # Quiet: under half the threshold within the window ends it.
    assert spikes.end_spikes(now=start + timedelta(minutes=90)) == 1
    assert Spike.objects.get().ended_at == start + timedelta(minutes=90)
    assert spikes.end_spikes(now=start + timedelta(minutes=91)) == 0  # idempotent

    me_too(thread, 5, at=start + timedelta(minutes=120))  # a new burst: a new spike
    assert Spike.objects.count() == 2
    assert [told(staff["wifi_rep"]), told(staff["lead"])] == [2, 2]


def test_nobody_looking_after_the_tags_tells_every_rep(staff):
    thread = make_thread(author=UserFactory(), title="Email stopped arriving for everyone", tags=["email"])
    me_too(thread, 5, at=timezone.now())
    assert [told(staff["wifi_rep"]), told(staff["billing_rep"]), told(staff["lead"])] == [1, 1, 1]


def test_the_leads_threshold_counts(staff):
    QueueWeights.objects.create(pk=1, heat_weight=12, velocity_weight=12, spike_me_toos=3, spike_minutes=10)
    thread = make_thread(author=UserFactory(), title="The app logs everyone out", tags=["wifi"])
    now = timezone.now()
    me_too(thread, 2, at=now - timedelta(minutes=15))
    me_too(thread, 2, at=now)  # 2 within 10 minutes
    assert not Spike.objects.exists()
    me_too(thread, 1, at=now)
    assert Spike.objects.get().me_toos == 3


def test_the_queue_marks_a_spiking_row_and_the_dashboard_lists_the_weeks_spikes(client, staff):
    thread = make_thread(author=UserFactory(), title="Outage in Leeds: everything is down", tags=["wifi"])
    actions.request_official_response(thread=thread, by=thread.author)
    me_too(thread, 5, at=timezone.now())
    client.force_login(staff["wifi_rep"])
    assert 'data-testid="spiking"' in client.get(reverse("responses:official_queue")).content.decode()
    dashboard = client.get(reverse("responses:dashboard")).content.decode()
    assert "Outage in Leeds: everything is down" in dashboard
    assert "still spiking" in dashboard


def test_several_spiking_threads_in_a_tag_suggest_an_announcement_to_the_leads(client, staff):
    for place in ("Leeds", "York"):
        thread = make_thread(author=UserFactory(), title=f"No broadband in {place} since nine", tags=["wifi"])
        actions.request_official_response(thread=thread, by=thread.author)
        me_too(thread, 5, at=timezone.now())
    client.force_login(staff["lead"])
    page = client.get(reverse("responses:official_queue") + "?show=all").content.decode()
    assert "2 threads tagged wifi are spiking" in page
    assert reverse("announcements:new") + "?tags=wifi" in page
    client.force_login(staff["wifi_rep"])
    assert 'data-testid="spiking-tag"' not in client.get(reverse("responses:official_queue")).content.decode()
