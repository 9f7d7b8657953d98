"""The derived columns written in the same UPDATE as the change they follow from
(derived.update_settled) are the ones the change and then settle() give, in every situation
a queue row can be in; and an UPDATE returns exactly the rows it wrote."""

from datetime import timedelta
from itertools import product

import pytest
from django.db import transaction
from django.db.models import DateTimeField, F, Value
from django.utils import timezone

from config.updates import update_returning
from forum.models import Thread
from responses import derived
from responses.models import QueueClaim, QueueDismissal, ResponseState
from tests.factories import UserFactory, backdate, make_thread, post_thread, set_state

pytestmark = pytest.mark.django_db

DERIVED = ("queued", "due_at", "escalates_at", "offers_at")


class Undo(Exception):
    pass


def derived_after(write) -> dict[int, tuple]:
    """Each row's derived columns after `write()`, which is then rolled back."""
    try:
        with transaction.atomic():
            write()
            result = {row[0]: row[1:] for row in ResponseState.objects.order_by("pk").values_list("pk", *DERIVED)}
            raise Undo
    except Undo:
        return result


@pytest.fixture
def rows(rep):
    """A thread in each situation the derived columns distinguish: asked or followed up,
    answered officially or not, claimed or dismissed or neither, escalated, detail asked
    for, closed."""
    now = timezone.now()
    asker = UserFactory()
    threads = []
    for followed_up, official, claim, level, detail, closed in product(
        (False, True), (False, True), (None, "claimed", "dismissed"), (0, 1), (False, True), (False, True)
    ):
        thread = make_thread(author=asker, tags=["wifi"])
        backdate(thread, now - timedelta(hours=3))
        one = Thread.objects.filter(pk=thread.pk)
        set_state(
            one,
            first_response_at=now - timedelta(hours=2) if official or followed_up else None,
            first_official_at=now - timedelta(hours=2) if official else None,
            follow_up_at=now - timedelta(minutes=90) if followed_up else None,
            waiting_since=now - timedelta(minutes=90),
            escalation_level=level,
            detail_requested_at=now - timedelta(minutes=5) if detail else None,
        )
        if claim == "claimed":
            QueueClaim.objects.create(thread=thread, claimed_by=rep)
        elif claim == "dismissed":
            QueueDismissal.objects.create(thread=thread, dismissed_by=rep)
        if closed:
            one.update(status=Thread.Status.LOCKED)
        threads.append(thread)
    derived.settle(ResponseState.objects.all())
    return now, threads


def _a_change(now) -> dict:
    """Marked overdue now, waiting for three hours, never offered: a change that moves every
    derived column of some situation."""
    return {
        "overdue_at": now,
        "waiting_since": Value(now - timedelta(hours=3), output_field=DateTimeField()),
        "offered_at": None,
    }


def _changed_then_settled(changes: dict) -> None:
    ResponseState.objects.update(**changes)
    derived.settle(ResponseState.objects.all())


def test_one_update_gives_what_the_change_and_then_settle_give(rows):
    now, _threads = rows
    changes = _a_change(now)
    expected = derived_after(lambda: _changed_then_settled(changes))
    assert derived_after(lambda: derived.update_settled(ResponseState.objects.all(), **changes)) == expected
    # The change matters: the derived columns before it are not the same.
    assert derived_after(lambda: None) != expected


def test_settling_one_thread_from_its_compiled_sql_gives_what_settle_gives(rows, settings):
    now, threads = rows
    changes = _a_change(now)

    def one_by_one():
        ResponseState.objects.update(**changes)
        for thread in threads:
            derived.settle_thread(thread.pk)

    expected = derived_after(lambda: _changed_then_settled(changes))
    assert derived_after(one_by_one) == expected != derived_after(lambda: None)
    # Compiled again when a setting it depends on changes.
    settings.OFFER_TO_ALL_FRACTION = 0.1
    settings.ESCALATION_LEVEL_2_AFTER = timedelta(minutes=30)
    assert derived_after(one_by_one) == derived_after(lambda: _changed_then_settled(changes))


def test_a_change_that_reads_the_column_it_replaces_reads_the_old_value(rows):
    """waiting_since = waiting_since - 1 hour: the derived times follow the new value once."""
    earlier = F("waiting_since") - Value(timedelta(hours=1))

    def two_steps():
        ResponseState.objects.update(waiting_since=earlier)
        derived.settle(ResponseState.objects.all())

    expected = derived_after(two_steps)
    assert derived_after(lambda: derived.update_settled(ResponseState.objects.all(), waiting_since=earlier)) == expected
    assert derived_after(lambda: None) != expected


def test_an_update_returns_the_rows_it_wrote_and_no_other(rows):
    now, threads = rows
    mine = [thread.pk for thread in threads[:6]]
    ResponseState.objects.filter(pk__in=mine[:2]).update(overdue_at=now)
    not_yet = ResponseState.objects.filter(pk__one_of=mine, overdue_at=None)
    written = update_returning(not_yet, ("pk", "overdue_at"), overdue_at=now)
    assert sorted(written) == [(pk, now) for pk in sorted(mine[2:])]  # the values as written
    assert update_returning(not_yet, ("pk",), overdue_at=now) == []
    assert ResponseState.objects.filter(overdue_at=now).count() == 6


def test_the_engines_copies_of_the_threads_facts_follow_it(moderator):
    """asked_at and timed are the recorder's copies of the thread's creation and of "an open
    question": closing and reopening the thread moves them, and the due time with them."""
    from moderation.actions.decisions import lock_thread, unlock_thread

    thread = make_thread(author=UserFactory(), tags=["wifi"])
    state = ResponseState.objects.get(pk=thread.pk)
    assert (state.asked_at, state.timed, state.due_at is not None) == (thread.created_at, True, True)
    lock_thread(thread=thread, by=moderator, reason="Off topic")
    state.refresh_from_db()
    assert (state.timed, state.due_at) == (False, None)
    unlock_thread(thread=Thread.objects.get(pk=thread.pk), by=moderator, reason="Back on topic")
    state.refresh_from_db()
    assert (state.timed, state.due_at is not None) == (True, True)
    idea = post_thread(
        author=UserFactory(),
        title="Let me pause the hub's updates",
        body="At night, please.",
        tags=["wifi"],
        kind="idea",
    )
    assert ResponseState.objects.get(pk=idea.pk).timed is False


def test_epoch_reads_a_time_as_seconds_since_1970(rows):
    from config.updates import epoch

    _now, threads = rows
    state = ResponseState.objects.annotate(seconds=epoch("waiting_since")).get(pk=threads[0].pk)
    assert state.seconds == pytest.approx(state.waiting_since.timestamp(), abs=0.001)
