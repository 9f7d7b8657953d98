"""Issue 25's moves keep every row: the response-time engine's columns leave forum.Thread for
responses.ResponseState (with the stored lag, due_at and the queue marker filled in), the
accept reminder becomes reminders.AcceptReminder, and the tag follows move from forum to
reminders.TagFollow. A database from before, with data in every moved column and table,
migrates forward intact, and back."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE_ISSUE_25 = [
    ("forum", "0024_i24_trust_case_released"),
    ("responses", "0003_routing"),
    ("reminders", "0001_initial"),
]
ENGINE_COLUMNS = (
    "first_response_at",
    "first_official_at",
    "overdue_at",
    "escalation_level",
    "escalated_at",
    "official_requested_at",
    "waiting_since",
    "follow_up_at",
    "offered_at",
    "recent_interest",
    "interest_at",
    "heat",
)


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


class OldWorld:
    def __init__(self, apps):
        self.apps = apps
        self.Thread = apps.get_model("forum", "Thread")
        self.Tag = apps.get_model("taggit", "Tag")
        thread_type = apps.get_model("contenttypes", "ContentType").objects.get_or_create(
            app_label="forum", model="thread"
        )[0]
        self.tag_item = lambda thread, tag: apps.get_model("taggit", "TaggedItem").objects.create(
            content_type=thread_type, object_id=thread.pk, tag=tag
        )

    def user(self, username):
        return self.apps.get_model("accounts", "User").objects.create(
            username=username, email=f"{username}@example.com"
        )

    def thread(self, title, author, *, tags=(), kind="question", **engine):
        thread = self.Thread.objects.create(title=title, slug="t", author=author, kind=kind, **engine)
        for tag in tags:
            self.tag_item(thread, tag)
        return thread


@pytest.mark.django_db(transaction=True)
def test_the_engines_state_and_the_reminders_move_with_every_row_kept():
    old = OldWorld(migrate(BEFORE_ISSUE_25))
    now = timezone.now().replace(microsecond=0)
    asker, rep = old.user("asker"), old.user("rep")
    billing, wifi, news = (old.Tag.objects.create(name=name, slug=name) for name in ("billing", "wifi", "news"))
    old.apps.get_model("responses", "LagPolicy").objects.create(tag=billing, lag_minutes=30)
    old.apps.get_model("responses", "EngineSettings").objects.create(pk=1, default_lag_minutes=90)
    every_column = {
        "first_response_at": now - timedelta(hours=5),
        "first_official_at": now - timedelta(hours=4),
        "overdue_at": now - timedelta(hours=6),
        "escalation_level": 2,
        "escalated_at": now - timedelta(hours=3),
        "official_requested_at": now - timedelta(hours=7),
        "waiting_since": now - timedelta(hours=7),
        "follow_up_at": now - timedelta(hours=2),
        "offered_at": now - timedelta(hours=6, minutes=30),
        "recent_interest": 3.5,
        "interest_at": now - timedelta(hours=1),
        "heat": 0.75,
    }
    followed_up = old.thread("Followed up", asker, tags=[billing, wifi], accept_reminded_at=now, **every_column)
    waiting = old.thread("Nobody answered", asker, tags=[wifi], created_at=now - timedelta(minutes=10))
    untagged = old.thread("No tags at all", asker, created_at=now - timedelta(minutes=10))
    claimed = old.thread("Claimed by a rep", asker, tags=[billing])
    dismissed = old.thread("Dismissed", asker, tags=[wifi], overdue_at=now, first_response_at=now)
    idea = old.thread("An idea", asker, tags=[news], kind="idea")
    old.apps.get_model("responses", "QueueClaim").objects.create(thread=claimed, claimed_by=rep, claimed_at=now)
    old.apps.get_model("responses", "QueueDismissal").objects.create(
        thread=dismissed, dismissed_by=rep, reason="Not a product question", dismissed_at=now
    )
    follow = old.apps.get_model("forum", "TagFollow").objects.create(user=asker, tag=wifi, created_at=now)
    tag_reputation = old.apps.get_model("forum", "TagReputation").objects
    tag_reputation.create(user=asker, tag=billing, reputation=250)
    tag_reputation.create(user=asker, tag=wifi, reputation=40)
    tag_reputation.create(user=rep, tag=wifi, reputation=900)  # not an asker's

    migrate(latest())

    from reminders.models import AcceptReminder, TagFollow
    from responses.models import QueueThread, ResponseState

    states = {state.thread_id: state for state in ResponseState.objects.all()}
    assert set(states) == {followed_up.pk, waiting.pk, untagged.pk, claimed.pk, dismissed.pk, idea.pk}
    assert {name: getattr(states[followed_up.pk], name) for name in ENGINE_COLUMNS} == every_column
    # The stored lag: the shortest among the tags, the default for a tag without a policy or none.
    assert [states[thread.pk].lag_minutes for thread in (followed_up, waiting, untagged, claimed, idea)] == [
        30,
        90,
        90,
        30,
        90,
    ]
    # due_at: a follow-up waits its lag from the follow-up, a question nobody answered from its asking.
    assert states[followed_up.pk].due_at is None  # already overdue
    assert states[waiting.pk].due_at == waiting.created_at + timedelta(minutes=90)
    assert states[dismissed.pk].due_at is None
    assert states[idea.pk].due_at is None
    assert {pk for pk, state in states.items() if state.queued} == {followed_up.pk, claimed.pk}
    # The asker's best reputation among the tags, copied for the open questions (0011).
    assert [states[thread.pk].asker_tag_reputation for thread in (followed_up, waiting, untagged, claimed, idea)] == [
        250,
        40,
        0,
        250,
        0,
    ]
    assert set(QueueThread.objects.awaiting_official().values_list("pk", flat=True)) == {followed_up.pk, claimed.pk}
    assert set(QueueThread.objects.awaiting_first_response().values_list("pk", flat=True)) == {
        waiting.pk,
        untagged.pk,
        claimed.pk,
    }
    assert AcceptReminder.objects.get().thread_id == followed_up.pk
    assert AcceptReminder.objects.get().reminded_at == now
    moved = TagFollow.objects.get()
    assert (moved.pk, moved.user_id, moved.tag_id, moved.created_at) == (follow.pk, asker.pk, wifi.pk, now)
    assert TagFollow._meta.db_table == "reminders_tagfollow"

    # And back: the columns return to the thread, the follows to forum.
    back = migrate(BEFORE_ISSUE_25)
    returned = back.get_model("forum", "Thread").objects.get(pk=followed_up.pk)
    assert {name: getattr(returned, name) for name in ENGINE_COLUMNS} == every_column
    assert returned.accept_reminded_at == now
    assert back.get_model("forum", "TagFollow").objects.get().tag_id == wifi.pk
    migrate(latest())
