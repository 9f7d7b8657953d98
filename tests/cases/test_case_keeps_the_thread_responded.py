"""A private case is the company's response (design, issue 14): taking back an official answer
posted after it must not put the thread back in the official-response queue (issue 25)."""

import pytest
from django.utils import timezone

from cases import actions
from forum import actions as forum_actions
from responses.models import QueueThread
from tests.factories import make_answer

pytestmark = pytest.mark.django_db


def test_an_official_answer_unmarked_after_a_case_leaves_the_thread_responded(thread, rep):
    actions.open_case(thread=thread, by=rep, message="Hello, can we look at this privately?")
    first_official_at = QueueThread.objects.get(pk=thread.pk).response_state.first_official_at
    official = forum_actions.post_answer(
        author=rep, thread=thread, body="Official: a fix is on its way.", official=True
    )
    forum_actions.unmark_official(post=official, by=rep, now=timezone.now())
    state = QueueThread.objects.get(pk=thread.pk).response_state
    assert state.first_official_at == first_official_at
    assert not QueueThread.objects.awaiting_official().filter(pk=thread.pk).exists()
    assert not QueueThread.objects.get(pk=thread.pk).waits_on_company


def test_an_official_answer_withdrawn_after_a_resolved_case_leaves_the_thread_responded(thread, rep, resolved):
    official = make_answer(thread=thread, author=rep, body="Official: here is what we did for you.")
    forum_actions.mark_official(post=official, by=rep)
    forum_actions.withdraw_post(post=official, by=rep)
    assert QueueThread.objects.get(pk=thread.pk).response_state.first_official_at is not None
    assert not QueueThread.objects.awaiting_official().filter(pk=thread.pk).exists()


def test_without_a_case_an_unmarked_answer_puts_the_thread_back(thread, rep):
    official = forum_actions.post_answer(
        author=rep, thread=thread, body="Official: a fix is on its way.", official=True
    )
    forum_actions.unmark_official(post=official, by=rep)
    assert QueueThread.objects.get(pk=thread.pk).response_state.first_official_at is None
