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
    # The header leaves out what they cannot do.
    assert 'class="button button--primary site-ask" href="/ask/"' not in page

    ask = client.get("/ask/")
    assert ask.status_code == 403
    assert "Your account is suspended until" in ask.content.decode()


def test_an_open_thread_still_says_it_is_closed_only_when_it_is(client):
    member = UserFactory()
    thread = make_thread(author=UserFactory(), title="The hub drops the line every evening")
    client.force_login(member)
    page = client.get(thread.get_absolute_url()).content.decode()
    assert 'class="button button--primary site-ask" href="/ask/"' in page
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


def test_a_moderators_edit_of_someone_elses_post_says_why_on_the_post_in_the_log_and_to_the_author(client, moderator):
    from forum.models import Notification, Post
    from moderation.models import LogEntry
    from tests.factories import make_answer

    thread = make_thread(author=UserFactory(), title="The hub drops the line every evening")
    author = UserFactory(username="farid")
    answer = make_answer(thread=thread, author=author, body="Call me on 07700 900123, I will walk you through it.")
    client.force_login(moderator)
    url = reverse("forum:edit_post", args=[answer.pk])
    assert "Why you are changing their words" in client.get(url).content.decode()

    missing = client.post(url, {"body": "I will walk you through it here: reset the hub first."})
    assert missing.status_code == 400
    assert "Say why you are editing someone else" in missing.content.decode()
    assert "07700" in Post.objects.get(pk=answer.pk).body  # nothing saved

    done = client.post(
        url, {"body": "I will walk you through it here: reset the hub first.", "reason": "a phone number"}
    )
    assert done.status_code == 302
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "(a phone number)" in page
    assert LogEntry.objects.get(action=LogEntry.Action.EDIT).reason == "a phone number"
    notice = Notification.objects.get(recipient=author)
    assert notice.text == f"{moderator.name} edited your post on “{thread.title}”: a phone number"

    # The author's own edit asks for no reason and clears the note.
    client.force_login(author)
    assert "Why you are changing their words" not in client.get(url).content.decode()
    client.post(url, {"body": "Reset the hub first, then set the channel by hand."})
    assert Post.objects.get(pk=answer.pk).edit_reason == ""
