"""Moderators' decisions (issue 10): each writes the log, moves reputation exactly, and
leaves the right thing visible to each reader."""

from datetime import timedelta

import pytest
from django.utils import timezone

from forum import reputation
from forum.models import Post, Thread, Vote
from moderation import actions
from moderation.conf import conf as moderation_conf
from moderation.models import Flag, LogEntry, ReviewRequest, SuspiciousVoting
from tests.factories import UserFactory, give_a_flagging_record, make_answer, make_thread, set_reputation

pytestmark = pytest.mark.django_db


def test_hiding_as_spam_takes_back_what_it_earned_and_the_penalty_and_restore_gives_it_back(spam, moderator):
    author = spam.author
    author.refresh_from_db()
    assert author.reputation == 11  # one upvote
    set_reputation(author, 300)  # earned elsewhere too
    actions.hide_post(post=spam, by=moderator, rule=Flag.Reason.SPAM, reason="advertising")
    author.refresh_from_db()
    assert author.reputation == 300 - 10 - 100
    assert reputation.rebuild_all() == []
    entry = LogEntry.objects.get()
    assert (entry.actor, entry.action, entry.post_id, entry.member, entry.reason) == (
        moderator,
        LogEntry.Action.HIDE,
        spam.pk,
        author,
        "spam: advertising",
    )
    actions.restore_post(post=spam, by=moderator, reason="a real answer after all")
    author.refresh_from_db()
    assert author.reputation == 300
    assert reputation.rebuild_all() == []
    assert not Post.objects.get(pk=spam.pk).is_hidden
    assert list(LogEntry.objects.values_list("action", flat=True)) == [LogEntry.Action.RESTORE, LogEntry.Action.HIDE]


def test_hiding_as_off_topic_costs_no_reputation(spam, moderator):
    actions.hide_post(post=spam, by=moderator, rule=Flag.Reason.OFF_TOPIC)
    spam.author.refresh_from_db()
    assert spam.author.reputation == 11
    assert Post.objects.get(pk=spam.pk).hidden_reason == "off-topic"


def test_hiding_upholds_the_open_flags_and_dismissing_brings_back_a_post_hidden_pending_review(spam, moderator):
    flaggers = [UserFactory() for _ in range(2)]
    for flagger in flaggers:
        set_reputation(flagger, 50)
        give_a_flagging_record(flagger)  # proven: their spam flags hide
        actions.flag_post(post=spam, flagger=flagger, reason=Flag.Reason.SPAM)
    assert Post.objects.get(pk=spam.pk).is_hidden
    actions.dismiss_flags(post=spam, by=moderator, reason="an answer, not an advert")
    assert not Post.objects.get(pk=spam.pk).is_hidden
    assert set(Flag.objects.filter(post=spam).values_list("status", flat=True)) == {Flag.Status.DISMISSED}
    record = moderation_conf.FLAG_ACCURACY_MIN_DECIDED
    assert actions.flagger_accuracy(flaggers[0]) == (record, record + 1)


def test_the_author_asks_for_review_once_per_hide(spam, moderator):
    actions.hide_post(post=spam, by=moderator, rule=Flag.Reason.OFF_TOPIC)
    spam.refresh_from_db()
    assert actions.request_review(post=spam, by=spam.author, note="It answers the question")
    assert not actions.request_review(post=spam, by=spam.author)
    assert ReviewRequest.objects.count() == 1


def test_locking_and_unlocking_a_thread_is_logged_and_restores_its_status(moderator):
    thread = make_thread(author=UserFactory())
    make_answer(thread=thread, author=UserFactory())
    actions.lock_thread(thread=thread, by=moderator, reason="heated")
    assert Thread.objects.get(pk=thread.pk).status == Thread.Status.LOCKED
    actions.unlock_thread(thread=thread, by=moderator, reason="calmer now")
    assert Thread.objects.get(pk=thread.pk).status == Thread.Status.ANSWERED
    assert list(LogEntry.objects.values_list("action", flat=True)) == [LogEntry.Action.UNLOCK, LogEntry.Action.LOCK]


def test_a_duplicate_links_to_its_original(moderator, client):
    original = make_thread(author=UserFactory(), title="How do I reset my Brightwave hub at home?")
    duplicate = make_thread(author=UserFactory(), title="Resetting the hub: how do I do that?")
    actions.close_as_duplicate(thread=duplicate, original=original, by=moderator)
    duplicate.refresh_from_db()
    assert (duplicate.status, duplicate.duplicate_of) == (Thread.Status.DUPLICATE, original)
    assert "duplicate of “How do I reset" in LogEntry.objects.get().reason


def test_a_suspended_member_is_refused_and_told_until_when_and_why(client, moderator, member):
    thread = make_thread(author=UserFactory())
    until = timezone.now() + timedelta(days=3)
    actions.suspend_member(member=member, by=moderator, until=until, reason="repeated abuse")
    client.force_login(member)
    response = client.post(f"/answer/{thread.pk}/", {"body": "This is my answer to your question."})
    assert response.status_code == 403
    assert "suspended until" in response.content.decode()
    assert "repeated abuse" in response.content.decode()
    actions.lift_suspension(member=member, by=moderator, reason="served")
    member.refresh_from_db()
    assert not member.is_suspended()
    actions_logged = list(LogEntry.objects.values_list("action", flat=True))
    assert actions_logged == [LogEntry.Action.LIFT_SUSPENSION, LogEntry.Action.SUSPEND]


def test_reversing_serial_votes_restores_reputation_exactly(moderator):
    author, voter = UserFactory(), UserFactory()
    set_reputation(voter, 1000)
    thread = make_thread(author=UserFactory())
    from forum import actions as forum_actions

    for index in range(7):
        answer = make_answer(thread=thread, author=author, body=f"Answer number {index} with enough text.")
        forum_actions.cast_vote(voter=voter, post=answer, value=1)
    record = SuspiciousVoting.objects.get()
    author.refresh_from_db()
    assert author.reputation > 1
    assert actions.reverse_serial_votes(record=record, by=moderator, reason="ring voting") == 7
    author.refresh_from_db()
    assert author.reputation == 1
    assert not Vote.objects.exists()
    assert reputation.rebuild_all() == []
    assert SuspiciousVoting.objects.get().reviewed_at is not None
    assert LogEntry.objects.get().action == LogEntry.Action.REVERSE_VOTES


def test_the_log_cannot_be_changed_or_deleted(moderator):
    thread = make_thread(author=UserFactory())
    actions.lock_thread(thread=thread, by=moderator, reason="heated")
    entry = LogEntry.objects.get()
    entry.reason = "nothing happened"
    with pytest.raises(TypeError):
        entry.save()
    with pytest.raises(TypeError):
        entry.delete()
    with pytest.raises(TypeError):
        LogEntry.objects.update(reason="")
    with pytest.raises(TypeError):
        LogEntry.objects.all().delete()


def test_keeping_a_post_hidden_answers_the_review_request_and_is_logged(spam, moderator):
    actions.hide_post(post=spam, by=moderator, rule=Flag.Reason.OFF_TOPIC)
    spam.refresh_from_db()
    actions.request_review(post=spam, by=spam.author, note="It answers the question")
    actions.keep_hidden(post=spam, by=moderator, reason="Still not about the hub")
    assert ReviewRequest.objects.get().resolved_at is not None
    assert Post.objects.get(pk=spam.pk).is_hidden
    assert LogEntry.objects.first().action == LogEntry.Action.KEEP_HIDDEN


def test_the_serial_vote_detector_counts_only_the_24_hours_up_to_each_vote():
    """Votes dated after the one being cast (a backdated import, the demo) are not part of
    its window: seven votes a day apart never make a pattern."""
    from moderation.serial_votes import watch_voting_pattern

    voter, author = UserFactory(), UserFactory()
    thread = make_thread(author=UserFactory())
    now = timezone.now()
    answers = [make_answer(thread=thread, author=author, body=f"Answer number {n} about the hub") for n in range(7)]
    for days, answer in enumerate(answers):
        Vote.objects.create(user=voter, post=answer, value=1, created_at=now + timedelta(days=days))
    assert not watch_voting_pattern(voter_id=voter.pk, author_id=author.pk, now=now)
    assert not SuspiciousVoting.objects.exists()
    for answer in answers:
        Vote.objects.filter(post=answer).update(created_at=now - timedelta(hours=1))
    assert watch_voting_pattern(voter_id=voter.pk, author_id=author.pk, now=now)
