"""Closing as a duplicate by search (issue 26): the moderator finds the original by its title,
reads its state and best answer before confirming, confirms that a thread waiting in the
official queue leaves it, and the asker and followers are told where the answers are. A typed
thread number closed Grace's waiting, assigned thread as a duplicate of an unrelated one."""

import pytest
from django.urls import reverse

from forum import actions as forum_actions
from forum.models import Notification, Thread
from responses import actions as response_actions
from responses.models import QueueThread
from tests.factories import UserFactory, make_answer, make_thread

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator(db):
    return UserFactory(username="mo", groups=["Moderators"])


@pytest.fixture
def original(db):
    thread = make_thread(author=UserFactory(), title="Hub restarts every night at three in the morning")
    answer = make_answer(thread=thread, author=UserFactory(), body="Turn off automatic firmware updates at night.")
    forum_actions.accept_answer(post=answer, by=thread.author)
    return Thread.objects.get(pk=thread.pk)


@pytest.fixture
def waiting(db):
    """Grace's thread, waiting in the official queue and assigned to a rep."""
    grace = UserFactory(username="grace")
    thread = make_thread(author=grace, title="My hub restarts at night, every night")
    rep = UserFactory(username="rita", display_name="Rita", groups=["Reps"])
    response_actions.claim_thread(thread=thread, by=rep)
    return thread


def test_the_moderator_finds_the_original_by_title_and_reads_it_before_confirming(client, moderator, original, waiting):
    client.force_login(moderator)
    url = reverse("moderation:find_duplicate", args=[waiting.pk])
    found = client.get(url).content.decode()
    assert original.title in found  # searched by the thread's own title at first
    assert "assigned to Rita in the official queue" in found

    preview = client.get(url, {"original": original.pk}).content.decode()
    assert "The original:" in preview
    assert "Solved" in preview
    assert "Accepted answer" in preview
    assert "Turn off automatic firmware updates" in preview
    assert 'name="leaves_queue"' in preview

    assert client.get(url, {"original": "99999999"}).status_code == 404


def test_a_queued_thread_closes_only_once_the_moderator_confirms_it_leaves_the_queue(
    client, moderator, original, waiting
):
    follower = UserFactory(username="follower")
    forum_actions.follow_thread(thread=waiting, user=follower)
    client.force_login(moderator)
    url = reverse("moderation:close_as_duplicate", args=[waiting.pk])

    refused = client.post(url, {"original": original.pk, "reason": "same question"})
    assert refused.status_code == 400
    assert "Closing it takes it out: tick the box to confirm." in refused.content.decode()
    assert Thread.objects.get(pk=waiting.pk).status != Thread.Status.DUPLICATE

    assert client.post(url, {"original": original.pk, "leaves_queue": "on"}).status_code == 302
    closed = Thread.objects.get(pk=waiting.pk)
    assert (closed.status, closed.duplicate_of_id) == (Thread.Status.DUPLICATE, original.pk)
    assert not QueueThread.objects.awaiting_official().filter(pk=waiting.pk).exists()
    for person in (waiting.author, follower):
        notice = Notification.objects.get(recipient=person, text__contains="closed as a duplicate")
        assert original.title in notice.text
        assert notice.url == original.get_absolute_url()
    assert not Notification.objects.filter(recipient=moderator, text__contains="closed as a duplicate").exists()


def test_a_thread_in_no_queue_closes_without_the_queue_box(client, moderator, original):
    plain = make_thread(author=UserFactory(), title="Hub restarts in the night sometimes")
    client.force_login(moderator)
    assert (
        'name="leaves_queue"'
        not in client.get(
            reverse("moderation:find_duplicate", args=[plain.pk]), {"original": original.pk}
        ).content.decode()
    )
    response = client.post(reverse("moderation:close_as_duplicate", args=[plain.pk]), {"original": original.pk})
    assert response.status_code == 302
    assert Thread.objects.get(pk=plain.pk).duplicate_of_id == original.pk
