"""Suspensions that say what they are (issue 26): every refusal to a suspended member gives
the reason and the end, the header leaves out what they cannot do, and a moderator may
suspend for good."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from moderation import actions
from tests.factories import UserFactory, make_thread

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator(db):
    return UserFactory(username="mo", groups=["Moderators"])


@pytest.fixture
def suspended(moderator):
    member = UserFactory(username="grumbler")
    actions.suspend_member(
        member=member, by=moderator, until=timezone.now() + timedelta(days=7), reason="Insults after a warning"
    )
    return User.objects.get(pk=member.pk)


def test_the_answer_box_and_the_ask_page_say_why_and_until_when(client, suspended):
    thread = make_thread(author=UserFactory(), title="The hub drops the line every evening")
    client.force_login(suspended)
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "Your account is suspended until" in page
    assert "Insults after a warning" in page
    assert "This thread is closed" not in page
    assert 'href="/ask/">Ask a question</a>' not in page  # the header leaves out what they cannot do

    ask = client.get("/ask/")
    assert ask.status_code == 403
    assert "Your account is suspended until" in ask.content.decode()


def test_an_open_thread_still_says_it_is_closed_only_when_it_is(client):
    member = UserFactory()
    thread = make_thread(author=UserFactory(), title="The hub drops the line every evening")
    client.force_login(member)
    page = client.get(thread.get_absolute_url()).content.decode()
    assert 'href="/ask/">Ask a question</a>' in page
    assert 'data-testid="answer-refusal"' not in page


def test_a_moderator_suspends_for_good_and_the_member_is_told_so(client, moderator):
    member = UserFactory(username="spammy")
    client.force_login(moderator)
    url = reverse("moderation:suspend", args=["spammy"])
    assert client.post(url, {"days": "permanent", "reason": "Spam after three warnings"}).status_code == 302
    member.refresh_from_db()
    assert member.is_suspended_for_good
    assert member.is_suspended(now=timezone.now() + timedelta(days=365 * 50))
    assert "Suspended permanently" in client.get(member.get_absolute_url()).content.decode()
    client.force_login(member)
    assert "Your account is suspended permanently: Spam after three warnings" in client.get("/ask/").content.decode()
