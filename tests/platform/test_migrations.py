"""The response-time engine's move from `moderation` to `responses` (issue 9) keeps every
row: a database as it stood before the move, with data in it, migrates forward intact."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

# The last migrations before the move (the schema of the commit that preceded it).
BEFORE_THE_MOVE = [
    ("accounts", "0002_role_groups"),
    ("forum", "0005_thread_waiting_since_post_edited_by"),
    ("moderation", "0003_official_request"),
]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_a_database_from_before_the_move_migrates_with_every_row_kept():
    old = migrate(BEFORE_THE_MOVE)
    now = timezone.now()
    User = old.get_model("accounts", "User")
    Thread = old.get_model("forum", "Thread")
    Tag = old.get_model("taggit", "Tag")
    ContentType = old.get_model("contenttypes", "ContentType")
    asker = User.objects.create(username="asker", email="asker@example.com")
    rep = User.objects.create(username="rep", email="rep@example.com")
    thread = Thread.objects.create(
        title="Overdue before the move", slug="overdue", author=asker, flagged_unanswered_at=now, waiting_since=now
    )
    other = Thread.objects.create(title="Dismissed before the move", slug="dismissed", author=asker)
    billing = Tag.objects.create(name="billing", slug="billing")
    old.get_model("moderation", "LagPolicy").objects.create(tag=billing, lag_minutes=30)
    old.get_model("moderation", "QueueClaim").objects.create(thread=thread, claimed_by=rep, claimed_at=now)
    old.get_model("moderation", "QueueDismissal").objects.create(
        thread=other, dismissed_by=rep, reason="Not a product question", dismissed_at=now
    )
    old.get_model("moderation", "OfficialRequest").objects.create(thread=thread, requested_by=asker, requested_at=now)
    old.get_model("moderation", "SuspiciousVoting").objects.create(voter=rep, author=asker, vote_count=7)
    lag_type = ContentType.objects.get_or_create(app_label="moderation", model="lagpolicy")[0].pk

    migrate(latest())

    from django.contrib.contenttypes.models import ContentType as CurrentContentType

    from forum.models import Thread as CurrentThread
    from moderation.models import SuspiciousVoting
    from responses.models import LagPolicy, OfficialRequest, QueueClaim, QueueDismissal, QueueThread

    assert LagPolicy.objects.get().lag_minutes == 30
    assert QueueClaim.objects.get().claimed_by.username == "rep"
    assert QueueDismissal.objects.get().reason == "Not a product question"
    assert OfficialRequest.objects.get().requested_by.username == "asker"
    assert SuspiciousVoting.objects.get().vote_count == 7
    moved = CurrentThread.objects.get(title="Overdue before the move")
    assert abs(moved.response_state.overdue_at - now) < timedelta(seconds=1)
    assert QueueThread.objects.awaiting_official().filter(pk=moved.pk).exists()
    assert not QueueThread.objects.awaiting_official().filter(title="Dismissed before the move").exists()
    # The content type moved with its model (so do the permissions and admin history on it).
    assert CurrentContentType.objects.get(pk=lag_type).app_label == "responses"
    assert LagPolicy._meta.db_table == "responses_lagpolicy"
