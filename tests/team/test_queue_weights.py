"""Leads weigh anger and velocity in the queue's priority on /team/priority/, preview the new
order on the real queue before saving, and set what makes a spike (issue 28)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from forum.models import Thread
from responses.models import QueueWeights
from team.models import TeamChange
from tests.factories import UserFactory, make_thread, set_state

pytestmark = pytest.mark.django_db

URL = reverse("team:queue_weights")
WEIGHTS = {"heat_weight": "0", "velocity_weight": "12", "spike_me_toos": "5", "spike_minutes": "30"}


@pytest.fixture
def queue(db):
    now = timezone.now()
    calm = make_thread(author=UserFactory(), title="Calm: which port is the WAN?", now=now - timedelta(minutes=100))
    angry = make_thread(author=UserFactory(), title="Angry: third outage", now=now - timedelta(minutes=70))
    set_state(Thread.objects.filter(pk=calm.pk), overdue_at=now, heat=0.0)
    set_state(Thread.objects.filter(pk=angry.pk), overdue_at=now, heat=0.95)
    return calm, angry


def titles(html: str, testid: str) -> list[str]:
    section = html.split(f'data-testid="{testid}"', 1)[1].split("</ol>", 1)[0]
    return [line.split("</a>")[0].rsplit(">", 1)[1] for line in section.split("<li>")[1:]]


def test_a_preview_shows_the_new_order_and_saves_nothing(client, lead, queue):
    client.force_login(lead)
    page = client.get(URL).content.decode()
    assert titles(page, "order-current") == ["Angry: third outage", "Calm: which port is the WAN?"]
    preview = client.post(URL, {**WEIGHTS, "action": "preview"})
    assert preview.status_code == 200
    html = preview.content.decode()
    assert titles(html, "order-current") == ["Angry: third outage", "Calm: which port is the WAN?"]
    assert titles(html, "order-proposed") == ["Calm: which port is the WAN?", "Angry: third outage"]
    assert not QueueWeights.objects.exists()


def test_saving_orders_the_queue_by_the_new_weights_and_is_logged(client, lead, queue):
    client.force_login(lead)
    assert client.post(URL, {**WEIGHTS, "action": "save"}).status_code == 302
    weights = QueueWeights.objects.get()
    assert (weights.heat_weight, weights.velocity_weight, weights.spike_me_toos) == (0, 12, 5)
    assert titles(client.get(URL).content.decode(), "order-current")[0] == "Calm: which port is the WAN?"
    assert TeamChange.objects.filter(action="set_queue_weights", actor=lead).exists()


@pytest.mark.parametrize(("field", "value"), [("heat_weight", "16"), ("velocity_weight", "-1"), ("spike_me_toos", "1")])
def test_weights_beyond_the_bounds_are_refused_with_what_was_typed(client, lead, field, value):
    client.force_login(lead)
    response = client.post(URL, {**WEIGHTS, field: value, "action": "save"})
    assert response.status_code == 400
    assert f'value="{value}"' in response.content.decode()
    assert not QueueWeights.objects.exists()


def test_only_leads(client, rep, member):
    for user in (rep, member):
        client.force_login(user)
        assert client.get(URL).status_code == 403
        assert client.post(URL, {**WEIGHTS, "action": "save"}).status_code == 403
