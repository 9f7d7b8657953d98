"""An action's page versions move together when its transaction commits: one cache round trip
however many of its steps said what they changed (config/pagecache.py, issue 29), never a
name from a transaction or savepoint that rolled back, and never a name lost after one."""

import pytest
from django.db import transaction

from config import pagecache
from tests.factories import UserFactory, make_thread

pytestmark = pytest.mark.django_db(transaction=True)  # the production path: bumps on commit


def failing_step(name: str) -> None:
    """A step that says what it changed, then fails, in a transaction (or savepoint) of its own."""
    with transaction.atomic():
        pagecache.changed(name)
        raise RuntimeError("the step failed")


@pytest.fixture
def bumps():
    """Each bump's names, one tuple a round trip."""
    calls: list[tuple[str, ...]] = []
    pagecache._observers.append(calls.append)
    yield calls
    pagecache._observers.remove(calls.append)


def test_the_names_an_action_changed_are_bumped_once_when_it_commits(bumps):
    with transaction.atomic():
        pagecache.changed("threads", "thread:1")
        pagecache.changed("thread:1", "member:7")
        with transaction.atomic():  # a step in a savepoint of its own
            pagecache.changed("reports")
        assert bumps == []  # nothing before the commit
    assert bumps == [("threads", "thread:1", "member:7", "reports")]


def test_a_rolled_back_transaction_bumps_nothing_and_the_next_one_bumps_its_own(bumps):
    with pytest.raises(RuntimeError):
        failing_step("thread:1")
    with transaction.atomic():
        pagecache.changed("thread:2")
    assert bumps == [("thread:2",)]


def test_a_name_said_after_a_savepoint_rolled_back_is_still_bumped(bumps):
    """The savepoint registered the batch and took it with it when it rolled back: what the
    transaction says after that starts a new batch rather than join a dropped one."""
    with transaction.atomic():
        with pytest.raises(RuntimeError):
            failing_step("thread:1")  # in a savepoint, and caught
        pagecache.changed("thread:2")
    assert bumps == [("thread:2",)]


def test_outside_a_transaction_a_change_is_bumped_at_once(bumps):
    pagecache.changed("threads")
    assert bumps == [("threads",)]


def test_asking_a_question_bumps_its_pages_in_one_round_trip(bumps):
    make_thread(author=UserFactory())
    assert len(bumps) == 1
    assert "threads" in bumps[0]
