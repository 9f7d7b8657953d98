"""A suspension removes every power, a lead's, a rep's and a moderator's alike; suspending
someone who holds a role is for a lead or an administrator, never a moderator (issue 24)."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.permissions import holders_of
from cases import actions as case_actions
from moderation.models import LogEntry
from responses import actions as response_actions
from tests.factories import UserFactory, make_answer, make_thread

pytestmark = pytest.mark.django_db

SUSPENDED = "Your account is suspended until"
STAFF_ONLY = "Only a lead or an administrator can suspend"


def suspend(user: User, *, for_: timedelta = timedelta(days=3)) -> User:
    User.objects.filter(pk=user.pk).update(suspended_until=timezone.now() + for_, suspension_reason="Testing")
    return User.objects.get(pk=user.pk)


def fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)  # has_perm caches per object


@pytest.fixture
def world(rep, lead, moderator):
    asker = UserFactory(username="asker")
    thread = make_thread(author=asker, title="My Brightwave hub drops the line every night")
    answer = make_answer(thread=thread, author=UserFactory(), body="Try another power socket for the hub.")
    case, _ = case_actions.open_case(thread=thread, by=lead, message="Can we look at this together, privately?")
    queued = make_thread(author=asker, title="The router app will not let me change the channel")
    response_actions.request_official_response(thread=queued, by=asker)
    return {
        "thread": thread,
        "answer": answer,
        "case": case,
        "queued": queued,
        "newcomer": UserFactory(email="sam@example.com"),
    }


# (who, method, url name, its arguments from the world, data): each a power of their role.
POWERS = [
    ("lead", "get", "team:overview", None, None),
    ("lead", "get", "team:people", None, None),
    ("lead", "post", "team:grant_role", None, {"email": "sam@example.com", "role": "rep"}),
    ("lead", "post", "team:default_lag", None, {"minutes": "30"}),
    ("lead", "get", "webhooks:list", None, None),
    ("lead", "post", "responses:undismiss", "queued", None),
    ("rep", "get", "responses:official_queue", None, None),
    ("rep", "get", "responses:dashboard", None, None),
    ("rep", "post", "responses:claim", "queued", None),
    ("rep", "post", "responses:dismiss", "queued", {"reason": "Answered by the community already"}),
    ("rep", "post", "responses:reply", "queued", {"body": "Official: we are replacing the hub's adapter."}),
    ("rep", "post", "forum:mark_official", "answer", None),
    ("rep", "get", "cases:case", "case", None),
    ("rep", "get", "announcements:new", None, None),
    ("moderator", "get", "moderation:reports", None, None),
    ("moderator", "post", "moderation:decide", "answer", {"decision": "hide:spam", "confirmed": "on"}),
    ("moderator", "post", "moderation:lock", "thread", {"reason": "Going round in circles"}),
]


@pytest.mark.parametrize(("who", "method", "name", "target", "data"), POWERS, ids=lambda value: str(value))
def test_a_suspended_member_of_staff_has_none_of_their_roles_powers(
    client, world, rep, lead, moderator, who, method, name, target, data
):
    user = {"rep": rep, "lead": lead, "moderator": moderator}[who]
    url = reverse(name, args=[world[target].pk] if target else [])
    client.force_login(user)
    with transaction.atomic():  # the power works while not suspended; then it is undone
        assert getattr(client, method)(url, data or {}).status_code in (200, 302)
        transaction.set_rollback(True)
    suspend(user)
    after = getattr(client, method)(url, data or {})
    assert after.status_code == (404 if name.startswith("cases:") else 403)
    assert fresh(user).get_all_permissions() == set()


def test_a_suspended_lead_cannot_grant_roles_and_is_told_why(client, lead, world):
    client.force_login(suspend(lead))
    response = client.post(reverse("team:grant_role"), {"email": "sam@example.com", "role": "lead"})
    assert response.status_code == 403
    assert SUSPENDED in response.content.decode()
    assert not fresh(world["newcomer"]).groups.exists()


def test_a_suspended_lead_keeps_no_permission_at_all_even_as_an_administrator(lead):
    lead.is_superuser = True
    lead.save()
    suspended = suspend(lead)
    assert not suspended.has_perm("accounts.manage_team")
    assert not suspended.has_module_perms("accounts")
    assert suspended.get_all_permissions() == set()
    assert suspended.pk not in holders_of("manage_team").values_list("pk", flat=True)


def test_the_powers_come_back_when_the_suspension_ends_without_anyone_writing(rep):
    ended = suspend(rep, for_=timedelta(seconds=-1))
    assert ended.has_perm("accounts.work_official_queue")
    assert holders_of("work_official_queue").filter(pk=rep.pk).exists()


def test_a_suspended_rep_is_not_told_of_overdue_threads_nor_carries_the_badge(rep):
    suspend(rep)
    assert not holders_of("work_official_queue").filter(pk=rep.pk).exists()
    assert not holders_of("verified_staff").filter(pk=rep.pk).exists()


@pytest.mark.parametrize("target", ["rep", "lead", "moderator"])
def test_a_moderator_cannot_suspend_a_rep_a_lead_or_another_moderator(client, rep, lead, moderator, target):
    other_moderator = UserFactory(username="mo2", groups=["Moderators"])
    member = {"rep": rep, "lead": lead, "moderator": other_moderator}[target]
    client.force_login(moderator)
    response = client.post(reverse("moderation:suspend", args=[member.username]), {"days": "7", "reason": "Rude"})
    assert response.status_code == 403
    assert STAFF_ONLY in response.content.decode()
    assert not fresh(member).is_suspended()
    assert not LogEntry.objects.filter(action=LogEntry.Action.SUSPEND).exists()
    profile = client.get(member.get_absolute_url()).content.decode()
    assert reverse("moderation:suspend", args=[member.username]) not in profile
    assert STAFF_ONLY in profile  # the tools say why there is no form


@pytest.mark.parametrize("target", ["rep", "another lead", "moderator"])
def test_a_lead_suspends_a_rep_a_lead_or_a_moderator(client, rep, lead, moderator, target):
    member = {"rep": rep, "another lead": UserFactory(username="lee", groups=["Leads"]), "moderator": moderator}[target]
    client.force_login(lead)
    profile = client.get(member.get_absolute_url()).content.decode()
    assert reverse("moderation:suspend", args=[member.username]) in profile
    response = client.post(reverse("moderation:suspend", args=[member.username]), {"days": "7", "reason": "Rude"})
    assert response.status_code == 302
    assert fresh(member).is_suspended()
    assert LogEntry.objects.get(action=LogEntry.Action.SUSPEND).actor == lead
    response = client.post(reverse("moderation:lift_suspension", args=[member.username]), {"reason": "Sorted out"})
    assert response.status_code == 302
    assert not fresh(member).is_suspended()


def test_an_administrator_suspends_a_lead(client, lead):
    client.force_login(UserFactory(username="admin", is_superuser=True, is_staff=True))
    response = client.post(reverse("moderation:suspend", args=[lead.username]), {"days": "1", "reason": "Audit"})
    assert response.status_code == 302
    assert fresh(lead).is_suspended()


def test_a_lead_does_not_suspend_a_member_whose_words_are_the_moderators_to_judge(client, lead, member):
    client.force_login(lead)
    response = client.post(reverse("moderation:suspend", args=[member.username]), {"days": "7", "reason": "Critic"})
    assert response.status_code == 403
    assert not fresh(member).is_suspended()


def test_a_moderator_still_suspends_a_member(client, moderator, member):
    client.force_login(moderator)
    response = client.post(reverse("moderation:suspend", args=[member.username]), {"days": "1", "reason": "Spam"})
    assert response.status_code == 302
    assert fresh(member).is_suspended()
