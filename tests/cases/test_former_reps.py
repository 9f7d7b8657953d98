"""Someone who leaves the team leaves its cases: revoking the role hands their open cases
back (they wait for another representative, and the thread's history says so), and a
case's notices and emails go only to those who may read it now, never to a former or
deactivated rep (issue 24)."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from accounts.models import User
from cases import actions
from cases.models import Case
from forum.models import Notification, ThreadEvent
from forum.notifications import send_notification_emails
from responses import actions as response_actions
from responses.models import QueueClaim
from tests.factories import UserFactory, make_thread

pytestmark = pytest.mark.django_db


def revoke(client, lead, user, role: str = "rep"):
    client.force_login(lead)
    response = client.post(reverse("team:revoke_role", args=[user.pk]), {"role": role, "confirmed": "on"})
    assert response.status_code == 302
    return response


def told(user) -> list[str]:
    notifications = Notification.objects.filter(recipient=user, url__startswith="/cases/").select_related("actor")
    return [notification.message for notification in notifications]  # as the member reads it


def email_everything() -> None:
    send_notification_emails(notification_ids=list(Notification.objects.values_list("pk", flat=True)))


@pytest.fixture
def written_in(case, asker, rep):
    """The rep has written in the case and the customer answered, as cases go."""
    actions.post_case_message(case=case, author=rep, body="Thanks, which light is blinking on the hub?")
    actions.post_case_message(case=case, author=asker, body="The orange one, every few seconds.")
    Notification.objects.all().delete()
    return case


def test_revoking_a_reps_role_hands_their_open_cases_back_and_the_history_says_so(client, case, rep, lead):
    other = actions.open_case(thread=make_thread(author=UserFactory()), by=rep, message="Hello, a word in private?")[0]
    actions.resolve_case(
        public_note="The hub's power adapter was faulty; it was replaced.",
        case=other,
        by=rep,
        summary="Sorted: a new adapter is on its way.",
    )
    revoke(client, lead, rep)
    case.refresh_from_db()
    other.refresh_from_db()
    assert case.handled_by is None
    assert other.handled_by == rep  # a resolved case keeps who looked after it
    event = ThreadEvent.objects.get(thread=case.thread, kind=ThreadEvent.Kind.CASE_RELEASED)
    assert event.actor == lead
    assert (event.subject, event.note) == (rep, "no longer holds a representative's role")
    row = client.get(reverse("cases:list")).content.decode().split(f'href="{case.get_absolute_url()}"')[1]
    assert "nobody" in row.split("</tr>")[0]
    panel = client.get(case.thread.get_absolute_url()).content.decode()
    assert "took the private case back for the team from Rep: “no longer holds a representative" in panel


def test_a_former_rep_hears_nothing_more_of_a_case_they_wrote_in(client, written_in, rep, lead, asker):
    revoke(client, lead, rep)
    client.force_login(asker)
    response = client.post(reverse("cases:reply", args=[written_in.pk]), {"body": "Any news about my hub?"})
    assert response.status_code == 302
    assert told(rep) == []
    # With nobody left on the case, the whole team hears, so the customer is not left unheard.
    assert told(lead) == ["Asker replied in the private case about “My Brightwave hub keeps dropping the connection”"]
    email_everything()
    # The one email the former rep gets says their role was revoked (issue 26): nothing of the case.
    to_the_rep = [message for message in mail.outbox if rep.email in message.to]
    assert len(to_the_rep) == 1
    assert "revoked your" in to_the_rep[0].body
    assert [message.to for message in mail.outbox if message not in to_the_rep] == [[lead.email]]


def test_a_rep_whose_group_an_administrator_removed_is_told_nothing_either(written_in, rep, asker):
    rep.groups.clear()  # in the admin, without the team's page
    actions.post_case_message(case=written_in, author=asker, body="Still blinking orange, I am afraid.")
    assert told(rep) == []


def test_a_deactivated_rep_is_told_nothing_and_no_longer_shown_handling_the_case(client, written_in, rep, lead, asker):
    User.objects.filter(pk=rep.pk).update(is_active=False)
    actions.post_case_message(case=written_in, author=asker, body="Still blinking orange, I am afraid.")
    assert told(rep) == []
    assert len(told(lead)) == 1
    client.force_login(lead)
    page = client.get(written_in.get_absolute_url()).content.decode()
    assert page.split('data-testid="case-handler">')[1].startswith("nobody yet")
    assert "Look after this case" in page


def test_an_email_waiting_when_its_rep_was_deactivated_is_not_sent(written_in, rep, asker):
    actions.post_case_message(case=written_in, author=asker, body="Still blinking orange, I am afraid.")
    assert len(told(rep)) == 1
    User.objects.filter(pk=rep.pk).update(is_active=False)
    email_everything()
    assert mail.outbox == []


def test_a_lead_who_is_also_a_rep_keeps_their_cases_when_the_rep_role_goes(client, thread, lead):
    both = UserFactory(username="both", groups=["Reps", "Leads"])
    case = actions.open_case(thread=thread, by=both, message="Hello, can we talk in private?")[0]
    revoke(client, lead, both)
    case.refresh_from_db()
    assert case.handled_by == both
    assert not ThreadEvent.objects.filter(kind=ThreadEvent.Kind.CASE_RELEASED).exists()


def test_a_suspended_rep_keeps_their_cases_when_another_role_goes(client, thread, lead):
    """A suspension pauses powers; what a revocation releases depends on the roles left."""
    from datetime import timedelta

    from django.utils import timezone

    both = UserFactory(username="both", groups=["Reps", "Leads"])
    case = actions.open_case(thread=thread, by=both, message="Hello, can we talk in private?")[0]
    claimed = make_thread(author=UserFactory(), title="The router app shows no networks at all")
    response_actions.claim_thread(thread=claimed, by=both)
    User.objects.filter(pk=both.pk).update(suspended_until=timezone.now() + timedelta(days=1))
    revoke(client, lead, both, role="lead")
    assert Case.objects.get(pk=case.pk).handled_by == both
    assert QueueClaim.objects.get(thread=claimed).claimed_by == both
    assert both.groups.filter(name="Reps").exists()
    assert Group.objects.get(name="Leads") not in both.groups.all()
