"""Watched words and first posts (issue 26): moderators keep a list of words and link domains
that hold a new member's answer for a first look before it is public, its author told it is
waiting; an established member's answer, and any question, stay up."""

import pytest
from django.urls import reverse

from forum.models import Notification, Post
from moderation import actions
from moderation.models import FirstLook, WatchedWord
from tests.factories import UserFactory, make_answer, make_thread, set_reputation

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator(db):
    return UserFactory(username="mo", groups=["Moderators"])


@pytest.fixture
def thread(db):
    return make_thread(author=UserFactory(), title="The hub drops the line every evening")


@pytest.fixture
def watched(moderator):
    WatchedWord.objects.create(text="cheap watches", added_by=moderator)
    WatchedWord.objects.create(text="deals.example", added_by=moderator)


def test_a_new_members_answer_with_a_watched_word_waits_for_a_first_look(client, thread, watched, moderator):
    newcomer = UserFactory(username="newcomer")
    held = make_answer(thread=thread, author=newcomer, body="Buy CHEAP WATCHES here, then restart the hub.")
    post = Post.objects.get(pk=held.pk)
    assert (post.is_hidden, post.hidden_by) == (True, Post.HiddenBy.FIRST_LOOK)
    assert FirstLook.objects.get(post=post).held
    assert "waiting for a moderator's first look" in Notification.objects.get(recipient=newcomer).text
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "CHEAP WATCHES" not in page
    assert "is public once they have looked" in page  # the tombstone

    client.force_login(moderator)
    reports = client.get("/moderation/").content.decode()
    assert "held: not public yet" in reports
    client.post(reverse("moderation:decide", args=[post.pk]), {"decision": "looks_fine"})
    assert not Post.objects.get(pk=post.pk).is_hidden
    assert Notification.objects.filter(recipient=newcomer, text__contains="it is public now").exists()


def test_a_link_to_a_watched_domain_holds_too_and_a_plain_answer_does_not(thread, watched):
    linked = make_answer(thread=thread, author=UserFactory(), body="See [this](https://shop.deals.example/x) now.")
    plain = make_answer(thread=thread, author=UserFactory(), body="Restart the hub, then wait ten minutes.")
    assert Post.objects.get(pk=linked.pk).hidden_by == Post.HiddenBy.FIRST_LOOK
    assert not Post.objects.get(pk=plain.pk).is_hidden


def test_an_established_members_answer_and_any_question_stay_up(thread, watched):
    regular = UserFactory()
    set_reputation(regular, 100)
    answer = make_answer(thread=thread, author=regular, body="Cheap watches aside, restart the hub first.")
    assert not Post.objects.get(pk=answer.pk).is_hidden
    question = make_thread(author=UserFactory(), title="Where are the cheap watches in the shop app?")
    question_post = Post.objects.get(thread=question, is_question=True)
    assert not question_post.is_hidden
    assert FirstLook.objects.filter(post=question_post, held=False).exists()  # queued for a look


def test_moderators_keep_the_list(client, moderator):
    client.force_login(moderator)
    url = reverse("moderation:watched_words")
    assert client.post(url, {"text": "  Crypto   Giveaway "}).status_code == 302
    assert list(WatchedWord.objects.values_list("text", flat=True)) == ["crypto giveaway"]
    again = client.post(url, {"text": "crypto giveaway"})
    assert again.status_code == 400
    assert "is watched already" in again.content.decode()
    word = WatchedWord.objects.get()
    assert client.post(reverse("moderation:unwatch", args=[word.pk])).status_code == 302
    assert not WatchedWord.objects.exists()
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403


def test_a_moderators_hide_of_a_held_answer_is_a_decision_like_any_other(thread, watched, moderator):
    held = make_answer(thread=thread, author=UserFactory(), body="cheap watches, cheap watches")
    actions.hide_post(post=Post.objects.get(pk=held.pk), by=moderator, rule="off_topic")
    post = Post.objects.get(pk=held.pk)
    assert (post.hidden_by, post.hidden_reason) == (Post.HiddenBy.MODERATOR, "off-topic")
    assert FirstLook.objects.get(post=post).looked_at is not None
