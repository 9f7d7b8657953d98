"""The worst day's races on PostgreSQL (issue 15): flags, accepts and official marks that
arrive at the same moment each end in exactly one outcome, logged once and told once.
(Concurrent claims of one queue item: tests/responses/test_queue_rules.py; two accepts by
the asker: tests/forum/test_concurrency.py.)"""

import pytest
from django.db.models import Sum

from forum import actions, reputation
from forum.conf import conf as forum_conf
from forum.models import Notification, Post, ReputationEvent, Thread, ThreadEvent
from moderation import actions as moderation
from moderation.conf import conf as moderation_conf
from moderation.models import Flag, LogEntry
from tests.concurrency import run_together
from tests.factories import UserFactory, give_a_flagging_record, make_answer, make_thread, set_reputation

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

Reason = reputation.Reason


def earned(user, post, reason) -> int:
    return ReputationEvent.objects.filter(user=user, post=post, reason=reason).aggregate(total=Sum("delta"))["total"]


def test_flaggers_crossing_the_hide_weight_together_hide_the_post_once(postgresql):
    author = UserFactory()
    thread = make_thread(author=UserFactory())
    spam = make_answer(thread=thread, author=author, body="Cheap hub unlocks at totally-legit.example, DM me.")
    flaggers = UserFactory.create_batch(moderation_conf.FLAG_HIDE_WEIGHT)  # weight 2 each: twice the threshold
    for flagger in flaggers:
        set_reputation(flagger, forum_conf.PRIVILEGES["flag"])
        give_a_flagging_record(flagger)  # proven: only their spam flags hide (issue 26)

    _results, errors = run_together(
        [
            lambda flagger=flagger: moderation.flag_post(post=spam, flagger=flagger, reason=Flag.Reason.SPAM)
            for flagger in flaggers
        ]
    )
    assert errors == []

    assert Flag.objects.filter(post=spam, status=Flag.Status.OPEN).count() == len(flaggers)
    assert Post.objects.get(pk=spam.pk).is_hidden
    assert LogEntry.objects.filter(post=spam, action=LogEntry.Action.AUTO_HIDE).count() == 1
    told = Notification.objects.filter(recipient=author, text__contains="members flagged it as spam")
    assert told.count() == 1


def test_the_asker_and_a_moderator_accepting_different_answers_at_once_leave_one_accepted(postgresql, moderator):
    asker = UserFactory()
    thread = make_thread(author=asker)
    mine = make_answer(thread=thread, author=UserFactory(), body="First fix: reboot the hub twice.")
    theirs = make_answer(thread=thread, author=UserFactory(), body="Second fix: update the firmware.")

    _results, errors = run_together(
        [
            lambda: actions.accept_answer(post=mine, by=asker),
            lambda: actions.accept_answer(post=theirs, by=moderator),
        ]
    )
    assert errors == []

    thread = Thread.objects.get(pk=thread.pk)
    assert thread.accepted_post_id in (mine.pk, theirs.pk)
    last = ThreadEvent.objects.filter(thread=thread, kind=ThreadEvent.Kind.ACCEPTED).order_by("-pk").first()
    assert last.post_id == thread.accepted_post_id  # the accept that took the lock last stands
    accepted, other = (mine, theirs) if thread.accepted_post_id == mine.pk else (theirs, mine)
    assert earned(accepted.author, accepted, Reason.ANSWER_ACCEPTED) == 15
    assert earned(other.author, other, Reason.ANSWER_ACCEPTED) == 0  # given and taken back
    accepted.author.refresh_from_db()
    other.author.refresh_from_db()
    asker.refresh_from_db()
    assert (accepted.author.reputation, other.author.reputation) == (16, 1)
    # The asker's +2 only when their own accept stands; a moderator's accept earns nobody else.
    assert asker.reputation == (3 if accepted == mine else 1)
    assert reputation.rebuild_all() == []


def test_reps_marking_one_answer_official_at_once_mark_it_once(postgresql):
    thread = make_thread(author=UserFactory())
    answerer = UserFactory()
    answer = make_answer(thread=thread, author=answerer, body="Firmware 4.2.1 fixes the orange blink.")
    reps = [UserFactory(groups=["Reps"]) for _ in range(5)]

    _results, errors = run_together([lambda rep=rep: actions.mark_official(post=answer, by=rep) for rep in reps])
    assert errors == []

    answer = Post.objects.get(pk=answer.pk)
    assert answer.is_official
    assert answer.official_marked_by in reps
    events = ThreadEvent.objects.filter(thread=thread, kind=ThreadEvent.Kind.MARKED_OFFICIAL)
    assert [event.actor for event in events] == [answer.official_marked_by]
    assert ReputationEvent.objects.filter(user=answerer, reason=Reason.ANSWER_MARKED_OFFICIAL).count() == 1
    answerer.refresh_from_db()
    assert answerer.reputation == 11
    told = Notification.objects.filter(recipient=answerer, text__contains="as official")
    assert told.count() == 1
    assert Thread.objects.get(pk=thread.pk).response_state.first_official_at is not None
    assert reputation.rebuild_all() == []
