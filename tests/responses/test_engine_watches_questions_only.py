"""The response-time engine watches questions only: an idea or an announcement nobody has
answered is never overdue, never in the queue and never on the Unanswered tab."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from forum.models import Thread
from responses import jobs
from responses.models import QueueThread
from tests.factories import UserFactory, post_thread

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("kind", [Thread.Kind.IDEA, Thread.Kind.ANNOUNCEMENT])
def test_ideas_and_announcements_never_wait_for_the_company(client, kind):
    now = timezone.now()
    asked = {}
    for each in (Thread.Kind.QUESTION, kind):
        asked[each] = post_thread(
            author=UserFactory(),
            title=f"A {each} nobody has answered for three hours",
            body="Nobody has replied to this one at all for hours now.",
            tags=["wifi"],
            kind=each,
            now=now - timedelta(hours=3),
        )
    overdue = jobs.mark_overdue_threads(now=now)
    jobs.escalate_overdue_threads(now=now + timedelta(days=2))
    assert overdue == [asked[Thread.Kind.QUESTION].pk]
    assert list(QueueThread.objects.awaiting_official().values_list("pk", flat=True)) == [
        asked[Thread.Kind.QUESTION].pk
    ]
    assert list(QueueThread.objects.awaiting_first_response().values_list("pk", flat=True)) == [
        asked[Thread.Kind.QUESTION].pk
    ]
    other = Thread.objects.get(pk=asked[kind].pk)
    assert (
        other.response_state.overdue_at,
        other.response_state.escalation_level,
        other.is_awaiting_first_response,
    ) == (None, 0, False)
    unanswered = client.get(reverse("forum:home"), {"tab": "unanswered"}).content.decode()
    assert asked[Thread.Kind.QUESTION].title in unanswered
    assert other.title not in unanswered


@pytest.mark.parametrize("kind", [Thread.Kind.IDEA, Thread.Kind.ANNOUNCEMENT])
def test_ideas_and_announcements_have_no_rep_panel_claim_or_official_request(client, kind):
    from django.core.exceptions import PermissionDenied

    from responses import permissions

    asker = UserFactory()
    rep = UserFactory(groups=["Reps"])
    thread = post_thread(
        author=asker,
        title=f"An {kind} the engine leaves alone",
        body="This is not a question waiting for the company at all.",
        tags=["wifi"],
        kind=kind,
    )
    with pytest.raises(PermissionDenied):
        permissions.check_can_request_official(asker, thread)
    with pytest.raises(PermissionDenied):
        permissions.check_can_claim(rep, thread)
    client.force_login(rep)
    assert 'data-testid="rep-panel"' not in client.get(thread.get_absolute_url()).content.decode()
    client.force_login(asker)
    assert "Ask for an official answer" not in client.get(thread.get_absolute_url()).content.decode()
