"""Each kind of thread reads as what it is (issue 27): an idea is suggested, voted on and
commented on; an announcement posted and commented on; only a question is asked, answered and
had "too"."""

import pytest

from announcements import actions as announcement_actions
from forum.models import Thread
from ideas import actions as idea_actions
from tests.factories import UserFactory, make_answer, make_thread

pytestmark = pytest.mark.django_db

QUESTION_WORDS = ["Asked by", "I have this problem too", "No answers yet", "Post your answer"]


def page(client, thread: Thread) -> str:
    client.force_login(UserFactory())
    return client.get(thread.get_absolute_url()).content.decode()


def test_an_idea_is_suggested_voted_on_and_commented_on(client):
    idea = idea_actions.post_idea(
        author=UserFactory(),
        title="Dark mode for the router app, please",
        body="The app is too bright at night.",
        tags=[],
    )
    html = page(client, idea)
    assert "Suggested by" in html
    assert 'data-testid="idea-votes">0 votes<' in html
    assert "No comments yet." in html
    assert "Post your comment" in html
    assert "0 comments<" in html
    for words in [*QUESTION_WORDS, "people have this problem"]:
        assert words not in html, words


def test_an_announcement_is_posted_and_commented_on_without_me_too(client, lead):
    announcement = announcement_actions.post_announcement(
        author=lead,
        title="Planned maintenance on Sunday night",
        body="The network will be down from 2 to 4 am.",
        tags=["wifi"],
    )
    make_answer(thread=announcement, author=UserFactory(), body="Thanks for telling us in advance!")
    html = page(client, announcement)
    assert "Posted by" in html
    assert "Comment by" in html
    assert "Asked " not in html
    assert '<span class="badge badge--status">Answered</span>' not in html  # a question's status
    assert "1 comment<" in html
    assert "people have this problem" not in html
    assert "Accept this answer" not in html
    client.force_login(UserFactory(groups=["Reps"]))
    assert "Mark as official" not in client.get(announcement.get_absolute_url()).content.decode()


def test_a_question_keeps_its_words(client):
    html = page(client, make_thread(author=UserFactory(), title="Which channel is best for the Hub 4 Pro?"))
    for words in QUESTION_WORDS:
        assert words in html, words


def test_the_kinds_rules_hold_at_the_door_not_only_on_the_page(client, lead):
    """Accepting, official marks and "me too" are refused on ideas and announcements, whoever
    posts the form."""
    from django.urls import reverse

    announcement = announcement_actions.post_announcement(
        author=lead,
        title="Planned maintenance on Monday night",
        body="The network will be down from 1 to 3 am.",
        tags=["wifi"],
    )
    comment = make_answer(thread=announcement, author=UserFactory(), body="Will the app work meanwhile?")
    client.force_login(UserFactory())
    assert client.post(reverse("forum:me_too", args=[announcement.pk])).status_code == 403
    client.force_login(lead)
    assert client.post(reverse("forum:accept", args=[comment.pk])).status_code == 403
    client.force_login(UserFactory(groups=["Reps"]))
    assert client.post(reverse("forum:mark_official", args=[comment.pk])).status_code == 403
    assert not Thread.objects.get(pk=announcement.pk).accepted_post_id
