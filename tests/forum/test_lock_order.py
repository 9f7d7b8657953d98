"""One lock order for every write (forum/locking.py), proven with real concurrency on
PostgreSQL: accepts switching back and forth while members vote on the same answers."""

import itertools

import pytest

from forum import actions, reputation
from forum.models import Post, Thread
from moderation import actions as moderation
from tests.concurrency import run_together
from tests.factories import UserFactory, make_answer, make_thread, set_reputation

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _thread_with_answers(*, answers: int):
    asker = UserFactory()
    thread = make_thread(author=asker)
    authors = UserFactory.create_batch(answers)
    posts = [
        make_answer(thread=thread, author=author, body=f"Fix number {n}: {author}.") for n, author in enumerate(authors)
    ]
    for user in (asker, *authors):
        set_reputation(user, 1000)  # everybody may vote up and down
    return asker, thread, authors, posts


def test_switching_accepts_while_others_vote_never_deadlocks_and_keeps_the_ledger(postgresql):
    asker, thread, authors, answers = _thread_with_answers(answers=3)
    question = thread.posts.get(is_question=True)
    voters = [*authors, *UserFactory.create_batch(3)]
    for voter in voters[3:]:
        set_reputation(voter, 1000)

    def switch_accepts():
        for answer in itertools.islice(itertools.cycle(answers), 15):
            actions.accept_answer(post=answer, by=asker)
        actions.unaccept_answer(thread=thread, by=asker)

    def vote(voter):
        def act():
            targets = [post for post in (*answers, question) if post.author_id != voter.pk]
            for value, post in zip(itertools.cycle([1, -1, 0]), itertools.islice(itertools.cycle(targets), 15)):
                actions.cast_vote(voter=voter, post=post, value=value)

        return act

    def the_asker_votes():
        for value, answer in zip(itertools.cycle([1, 0]), itertools.islice(itertools.cycle(answers), 15)):
            actions.cast_vote(voter=asker, post=answer, value=value)

    _results, errors = run_together([switch_accepts, the_asker_votes, *(vote(voter) for voter in voters)])

    assert errors == []
    assert Thread.objects.get(pk=thread.pk).accepted_post_id is None
    for post in Post.objects.filter(thread=thread):
        assert post.score == sum(post.votes.values_list("value", flat=True))
    assert reputation.rebuild_all() == []


def test_every_write_on_a_thread_at_once_never_deadlocks_and_keeps_the_ledger(postgresql):
    """Accepts, votes, official marks, a moderator's hides and restores, an author's
    withdrawals and edits, and flags, all on the same answers at the same moment."""
    asker, thread, authors, answers = _thread_with_answers(answers=4)
    rep, moderator = UserFactory(groups=["Reps"]), UserFactory(groups=["Moderators"])
    voters = [*authors, *UserFactory.create_batch(2)]
    for voter in voters[4:]:
        set_reputation(voter, 1000)
    official, hidden, withdrawn = answers[0], answers[1], answers[3]

    def switch_accepts():
        for answer in itertools.islice(itertools.cycle(answers[:3]), 12):
            actions.accept_answer(post=answer, by=asker)

    def mark_and_unmark():
        for _ in range(6):
            actions.mark_official(post=official, by=rep)
            actions.unmark_official(post=official, by=rep)

    def hide_and_restore():
        for _ in range(6):
            moderation.hide_post(post=hidden, by=moderator, rule="spam")
            moderation.restore_post(post=hidden, by=moderator, reason="Not spam after all")

    def withdraw_and_restore():
        for n in range(6):
            actions.withdraw_post(post=withdrawn, by=withdrawn.author)
            actions.restore_withdrawn_post(post=withdrawn, by=withdrawn.author)
            actions.edit_post(post=official, editor=official.author, body=f"Fix number 0, edited {n} times.")

    def vote_and_flag(voter):
        def act():
            targets = [post for post in answers if post.author_id != voter.pk]
            for value, post in zip(itertools.cycle([1, -1, 0]), itertools.islice(itertools.cycle(targets), 12)):
                actions.cast_vote(voter=voter, post=post, value=value)
            if voter.pk != hidden.author_id:
                moderation.flag_post(post=hidden, flagger=voter, reason="off_topic")

        return act

    workers = [switch_accepts, mark_and_unmark, hide_and_restore, withdraw_and_restore]
    _results, errors = run_together([*workers, *(vote_and_flag(voter) for voter in voters)])

    assert errors == []
    for post in Post.objects.filter(thread=thread):
        assert post.score == sum(post.votes.values_list("value", flat=True))
    assert reputation.rebuild_all() == []
