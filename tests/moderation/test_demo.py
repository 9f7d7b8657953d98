"""The demo's moderation (issue 10): `/moderation/` and `/moderation/log/` are alive after
`make run`, with a few open reports of each kind and not a pile of accidental ones."""

import pytest
from django.core.management import call_command
from django.db import transaction

from accounts.models import User
from forum import reputation
from forum.models import Post
from moderation import querysets
from moderation.models import LogEntry

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """One demo for the module's readers, rolled back at its end: seeding is nearly all of each test."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", "--seed", "3", "--threads", "24")
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(seeded, db):
    pass


def test_the_demo_has_a_few_open_reports_of_each_kind(demo):
    assert querysets.flagged_posts().count() == 3
    assert querysets.open_review_requests().count() == 3
    assert querysets.pending_first_looks().count() == 3
    assert querysets.flagged_posts().filter(is_hidden=True).count() == 1  # one hidden pending review
    # The rant criticising the company, flagged as abuse by two proven flaggers, stays up.
    rant = Post.objects.get(author__username="grumbler", body__startswith="Honestly Brightwave")
    assert not rant.is_hidden
    assert rant.flags.filter(status="open").count() == 3


def test_the_demos_ordinary_votes_leave_only_the_deliberate_serial_voting(demo):
    records = {(record.voter.username, record.author.username) for record in querysets.open_voting_records()}
    assert records == {("eva", "farid"), ("dev", "farid")}


def test_the_demo_has_tombstones_a_suspended_member_and_a_log_with_history(demo):
    # Three decided hides with review requests, and last week's spam wave of five.
    assert Post.objects.filter(is_hidden=True, hidden_by=Post.HiddenBy.MODERATOR).count() == 3 + 5
    assert [user.username for user in User.objects.all() if user.is_suspended()] == ["grumbler"]
    logged = set(LogEntry.objects.values_list("action", flat=True))
    assert logged >= {"dismiss_flags", "hide", "auto_hide", "lock", "suspend"}
    assert reputation.rebuild_all() == []  # made through the actions: the ledger and caches agree
