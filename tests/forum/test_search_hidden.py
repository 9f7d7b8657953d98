"""Search reads what everyone may read (Post.objects.visible()): a question a moderator has
hid is neither matched, shown in a snippet nor ranked by its words, on SQLite and on
PostgreSQL alike, and its words are found again once it is restored."""

import pytest
from django.urls import reverse

from forum.search import search_threads
from moderation import actions as moderation_actions
from moderation.models import Flag
from tests.factories import UserFactory, make_thread

pytestmark = pytest.mark.django_db

PHONE = "07700900123"
BODY = f"My hub keeps rebooting, call me on {PHONE} any evening and I will read the lights out."


@pytest.fixture
def moderator(db):
    return UserFactory(groups=["Moderators"])


@pytest.fixture
def hidden_question(moderator):
    thread = make_thread(author=UserFactory(), title="Hub reboots itself every evening", body=BODY)
    question = thread.posts.get(is_question=True)
    moderation_actions.hide_post(post=question, by=moderator, rule=Flag.Reason.PERSONAL_DATA, reason="phone number")
    return thread


def test_the_words_of_a_hidden_question_find_nothing(hidden_question):
    assert list(search_threads(PHONE)) == []
    assert list(search_threads("evening lights")) == []


def test_its_title_still_finds_the_thread_with_no_snippet_of_the_question(hidden_question):
    found = list(search_threads("reboots"))
    assert [thread.pk for thread in found] == [hidden_question.pk]
    assert found[0].question_text is None


def test_the_search_page_never_shows_the_phone_number(client, hidden_question):
    page = client.get(reverse("forum:search"), {"q": "reboots"}).content.decode()
    assert hidden_question.get_absolute_url() in page
    assert PHONE not in page
    page = client.get(reverse("forum:search"), {"q": f"{PHONE} evening"}).content.decode()
    assert hidden_question.get_absolute_url() not in page


def test_a_restored_question_is_found_by_its_words_again(hidden_question, moderator):
    question = hidden_question.posts.get(is_question=True)
    moderation_actions.restore_post(post=question, by=moderator, reason="the number was the shop's")
    found = list(search_threads(PHONE))
    assert [thread.pk for thread in found] == [hidden_question.pk]
    assert PHONE in found[0].question_text


def test_a_hidden_questions_words_add_nothing_to_its_rank(moderator):
    body = "The modem in the hallway loses its modem lights whenever the modem restarts at night."
    visible = make_thread(author=UserFactory(), title="Modem lights blink orange", body=body)
    hidden = make_thread(author=UserFactory(), title="Another question about my modem", body=body)
    moderation_actions.hide_post(
        post=hidden.posts.get(is_question=True), by=moderator, rule=Flag.Reason.PERSONAL_DATA, reason="phone"
    )
    # Newest first among equals: the hidden thread would come first if its words still counted.
    assert [thread.pk for thread in search_threads("modem")] == [visible.pk, hidden.pk]
    assert [thread.pk for thread in search_threads("modem hallway")] == [visible.pk]
