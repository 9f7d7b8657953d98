"""Leads grant and revoke the rep and lead roles by email; the team never locks itself out."""

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from accounts.models import User
from forum.models import Notification
from responses import actions as response_actions
from responses.models import QueueClaim, RepTag
from team.models import TeamChange
from tests.factories import UserFactory, make_thread

pytestmark = pytest.mark.django_db


def _fresh(user) -> User:
    return User.objects.get(pk=user.pk)  # has_perm caches


def test_a_lead_makes_a_member_a_rep_by_their_confirmed_email_and_they_are_told(lead_client, lead):
    member = UserFactory(email="sam@example.com")
    response = lead_client.post(reverse("team:grant_role"), {"email": "SAM@example.com", "role": "rep"})
    assert response.status_code == 302
    assert _fresh(member).has_perm("accounts.work_official_queue")
    assert not _fresh(member).has_perm("accounts.manage_team")
    assert Notification.objects.filter(recipient=member, text__contains="representative").count() == 1
    change = TeamChange.objects.get()
    # The member is held by id (issue 24); the log shows their email as it is now.
    assert (change.actor, change.member, change.subject, change.detail) == (lead, member, "", "representative")
    assert change.what == "sam@example.com"


def test_granting_a_role_twice_changes_nothing_the_second_time(lead_client):
    UserFactory(email="sam@example.com")
    for _ in range(2):
        lead_client.post(reverse("team:grant_role"), {"email": "sam@example.com", "role": "lead"})
    assert TeamChange.objects.count() == 1
    assert Notification.objects.count() == 1


@pytest.mark.parametrize("email", ["nobody@example.com", "unconfirmed@example.com", "not-an-email"])
def test_a_role_only_goes_to_an_address_someone_confirmed(lead_client, email):
    unconfirmed = UserFactory(email="unconfirmed@example.com", verified=False)
    EmailAddress.objects.create(user=unconfirmed, email=unconfirmed.email, verified=False, primary=True)
    response = lead_client.post(reverse("team:grant_role"), {"email": email, "role": "rep"})
    assert response.status_code == 400
    assert email in response.content.decode()  # what was typed is kept
    assert not _fresh(unconfirmed).has_perm("accounts.work_official_queue")
    assert TeamChange.objects.count() == 0


def test_revoking_a_rep_gives_back_their_claims_and_tags(lead_client, lead):
    rep = UserFactory(groups=["Reps"])
    thread = make_thread(author=UserFactory())
    response_actions.claim_thread(thread=thread, by=rep)
    from taggit.models import Tag

    RepTag.objects.create(rep=rep, tag=Tag.objects.get(name="wifi"))
    response = lead_client.post(reverse("team:revoke_role", args=[rep.pk]), {"role": "rep", "confirmed": "on"})
    assert response.status_code == 302
    assert not _fresh(rep).has_perm("accounts.work_official_queue")
    assert not QueueClaim.objects.exists()
    assert not RepTag.objects.exists()
    assert thread.events.filter(kind="released", actor=lead).exists()
    assert TeamChange.objects.get().action == "revoke_role"


def test_a_lead_who_is_also_a_rep_keeps_working_the_queue_when_one_role_goes(lead_client):
    both = UserFactory(groups=["Reps", "Leads"])
    thread = make_thread(author=UserFactory())
    response_actions.claim_thread(thread=thread, by=both)
    lead_client.post(reverse("team:revoke_role", args=[both.pk]), {"role": "rep", "confirmed": "on"})
    assert _fresh(both).has_perm("accounts.work_official_queue")
    assert QueueClaim.objects.filter(claimed_by=both).exists()


def test_a_lead_cannot_revoke_their_own_lead_role(lead_client, lead):
    UserFactory(groups=["Leads"])  # another lead exists: it is still refused
    response = lead_client.post(reverse("team:revoke_role", args=[lead.pk]), {"role": "lead", "confirmed": "on"})
    assert response.status_code == 403
    assert _fresh(lead).has_perm("accounts.manage_team")
    html = lead_client.get(reverse("team:people")).content.decode()
    assert "You cannot revoke your own lead role" in html
    assert "disabled" in html


def test_another_lead_revokes_a_leads_role(lead_client, lead):
    other = UserFactory(groups=["Leads"])
    assert (
        lead_client.post(reverse("team:revoke_role", args=[other.pk]), {"role": "lead", "confirmed": "on"}).status_code
        == 302
    )
    assert not _fresh(other).has_perm("accounts.manage_team")
    assert _fresh(lead).has_perm("accounts.manage_team")


def test_revoking_a_role_someone_does_not_hold_changes_nothing(lead_client):
    member = UserFactory()
    assert (
        lead_client.post(reverse("team:revoke_role", args=[member.pk]), {"role": "lead", "confirmed": "on"}).status_code
        == 302
    )
    assert TeamChange.objects.count() == 0


def test_the_log_shows_a_member_s_email_as_it_is_now_and_a_former_member_once_they_leave(lead_client, lead):
    from accounts.actions import delete_account

    member = UserFactory(email="sam@example.com")
    lead_client.post(reverse("team:grant_role"), {"email": "sam@example.com", "role": "rep"})
    lead_client.post(reverse("team:revoke_role", args=[member.pk]), {"role": "rep", "confirmed": "on"})
    assert lead_client.get(reverse("team:log")).content.decode().count("<td>sam@example.com</td>") == 2
    User.objects.filter(pk=member.pk).update(email="samuel@example.com")
    assert lead_client.get(reverse("team:log")).content.decode().count("<td>samuel@example.com</td>") == 2
    delete_account(member=_fresh(member), by=_fresh(member))
    log = lead_client.get(reverse("team:log")).content.decode()
    assert log.count("<td>a former member</td>") == 2
    assert "samuel@example.com" not in log


def test_revoking_a_role_asks_first_says_what_goes_back_and_tells_the_person(lead_client):
    from forum.models import Notification

    rep = UserFactory(username="ravi", display_name="Ravi", groups=["Reps"])
    response_actions.claim_thread(thread=make_thread(author=UserFactory()), by=rep)
    url = reverse("team:revoke_role", args=[rep.pk])
    asked = lead_client.post(url, {"role": "rep"})
    assert asked.status_code == 200
    page = asked.content.decode()
    assert "Revoke Ravi's representative role?" in page or "Revoke Ravi's rep role?" in page
    assert "1 queue item they claimed" in page
    assert _fresh(rep).has_perm("accounts.work_official_queue")  # nothing happened yet

    assert lead_client.post(url, {"role": "rep", "confirmed": "on"}).status_code == 302
    assert not _fresh(rep).has_perm("accounts.work_official_queue")
    assert Notification.objects.filter(recipient=rep, text__contains="revoked your").exists()
