"""Votes and "me too"s on a busy thread do not queue behind its thread's row lock (issue 29,
forum/locking.py): proven on PostgreSQL with the lock held by another transaction, and with
every kind of write on one thread at once."""

import itertools
import threading

import pytest
from django.db import connection, transaction

from config.aftercommit import after_commit as real_after_commit
from forum import actions, reputation
from forum.actions import votes
from forum.models import MeToo, Post, Thread, Vote
from tests.concurrency import run_together
from tests.factories import UserFactory, make_answer, make_thread, set_reputation

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


class ThreadLockHeld:
    """Another transaction holds the thread's row lock (as an answer being posted does) until
    the block ends."""

    def __init__(self, thread_id: int):
        self.thread_id = thread_id
        self.locked, self.release = threading.Event(), threading.Event()
        self.holder = threading.Thread(target=self._hold)

    def _hold(self):
        try:
            with transaction.atomic():
                Thread.objects.select_for_update(no_key=True).filter(pk=self.thread_id).values_list("pk").get()
                self.locked.set()
                self.release.wait(timeout=30)
        finally:
            connection.close()

    def __enter__(self):
        self.holder.start()
        assert self.locked.wait(timeout=30)
        return self

    def __exit__(self, *exc):
        self.release.set()
        self.holder.join(timeout=30)


def _waiting_at_most_two_seconds_for_a_lock():
    """The judge of "did not wait for the thread": PostgreSQL refuses a lock it would wait
    longer for (lock_timeout), where a test of timing would guess."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL lock_timeout = '2s'")


def test_a_vote_on_an_answer_does_not_wait_for_the_thread_s_lock(postgresql):
    thread = make_thread(author=UserFactory())
    answer = make_answer(thread=thread, author=UserFactory())
    voter = UserFactory()
    with ThreadLockHeld(thread.pk), transaction.atomic():
        _waiting_at_most_two_seconds_for_a_lock()
        score = actions.cast_vote(voter=voter, post=answer, value=1)
    assert score == 1
    assert Post.objects.get(pk=answer.pk).score == 1
    assert reputation.rebuild_all() == []


def test_a_vote_on_the_question_commits_before_it_copies_the_score_to_its_thread(postgresql, monkeypatch):
    """The question's vote holds no thread lock in its transaction: it is committed while
    another transaction holds the thread; the thread's copy of the score follows once the
    lock is free (forum/actions/votes.py)."""
    asker, voter = UserFactory(), UserFactory()
    thread = make_thread(author=asker)
    question = thread.posts.get(is_question=True)
    committed = threading.Event()
    errors = []

    def after_commit(work, **kwargs):
        def work_after_saying_so():
            committed.set()  # the vote's own transaction has committed
            work()

        real_after_commit(work_after_saying_so, **kwargs)

    def vote():
        try:
            actions.cast_vote(voter=voter, post=question, value=1)
        except BaseException as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    monkeypatch.setattr(votes, "after_commit", after_commit)
    with ThreadLockHeld(thread.pk):
        voting = threading.Thread(target=vote)
        voting.start()
        assert committed.wait(timeout=30)
        # The vote is in, though the thread's row is still locked by the other transaction.
        assert Vote.objects.filter(user=voter, post=question, value=1).exists()
    voting.join(timeout=30)
    assert errors == []
    assert Thread.objects.get(pk=thread.pk).score == Post.objects.get(pk=question.pk).score == 1


def test_a_double_clicked_me_too_is_one_me_too(postgresql):
    thread = make_thread(author=UserFactory())
    member = UserFactory()
    results, errors = run_together([lambda: actions.set_me_too(user=member, thread=thread, on=True)] * 2)
    assert errors == []
    assert results == [1, 1]
    assert MeToo.objects.filter(thread=thread).count() == 1
    assert Thread.objects.get(pk=thread.pk).me_too_count == 1


def test_votes_me_toos_answers_and_edits_on_one_thread_at_once_keep_every_count(postgresql):
    """The writes that take the thread's lock (answers, the asker's edits of the question, an
    accept) beside those that do not (votes on the question and the answers, me toos):
    nothing deadlocks, and every counter equals its rows."""
    asker = UserFactory()
    thread = make_thread(author=asker)
    question = thread.posts.get(is_question=True)
    answers = [make_answer(thread=thread, author=UserFactory(), body=f"Fix {n}.") for n in range(2)]
    crowd = UserFactory.create_batch(6)
    for member in crowd:
        set_reputation(member, 1000)

    def member_acts(member):
        def act():
            for value, post in zip(itertools.cycle([1, -1, 0, 1]), [question, *answers, question]):
                actions.cast_vote(voter=member, post=post, value=value)
            actions.set_me_too(user=member, thread=thread, on=True)
            actions.post_answer(author=member, thread=thread, body=f"Same here, {member.username}: try 4.2.1.")

        return act

    def asker_acts():
        for n in range(4):
            actions.edit_post(post=question, editor=asker, body=f"The hub drops Wi-Fi, edited {n} times.")
            actions.accept_answer(post=answers[n % 2], by=asker)

    _results, errors = run_together([asker_acts, *(member_acts(member) for member in crowd)])

    assert errors == []
    thread.refresh_from_db()
    question.refresh_from_db()
    assert thread.score == question.score == sum(question.votes.values_list("value", flat=True)) == len(crowd)
    assert thread.me_too_count == MeToo.objects.filter(thread=thread).count() == len(crowd)
    assert thread.answer_count == Post.objects.answers().filter(thread=thread).count() == 2 + len(crowd)
    for post in Post.objects.filter(thread=thread):
        assert post.score == sum(post.votes.values_list("value", flat=True))
    assert reputation.rebuild_all() == []
