"""Issue 24's data migrations: names the site copied into text before (notifications, thread
events, the team's log, a webhook's "Disabled by") become references by id, and read the same
afterwards. A copy that matches nobody, or several people it cannot tell apart, stays as it
was written."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

# The last migrations before issue 24's references by id.
BEFORE_ISSUE_24 = [
    ("forum", "0018_score_heat_of_existing_questions"),
    ("team", "0001_initial"),
    ("webhooks", "0001_initial"),
]
# Apps the rows are made with, at their latest (the users' fields as they are now).
AS_THEY_ARE = ("accounts", "account", "auth")


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def before_issue_24():
    return BEFORE_ISSUE_24 + [node for node in latest() if node[0] in AS_THEY_ARE]


class OldWorld:
    """Rows written the way the site wrote them before issue 24, through the models of then."""

    def __init__(self, apps):
        self.apps = apps
        self.User = apps.get_model("accounts", "User")
        self.Thread = apps.get_model("forum", "Thread")
        self.Post = apps.get_model("forum", "Post")
        self.Notification = apps.get_model("forum", "Notification")
        self.ThreadEvent = apps.get_model("forum", "ThreadEvent")
        self.TeamChange = apps.get_model("team", "TeamChange")
        self.Subscription = apps.get_model("webhooks", "Subscription")

    def user(self, username: str, display_name: str = "", **fields):
        return self.User.objects.create(
            username=username, display_name=display_name, email=f"{username}@example.com", **fields
        )

    def thread(self, title: str, author):
        thread = self.Thread.objects.create(title=title, slug="t", author=author)
        self.Post.objects.create(thread=thread, author=author, is_question=True, body=title, body_html=title)
        return thread

    def notify(self, recipient, text: str, thread=None):
        return self.Notification.objects.create(recipient=recipient, text=text, url="/", thread=thread).pk


@pytest.mark.django_db(transaction=True)
def test_copied_names_become_references_by_id_and_read_the_same():
    old = OldWorld(migrate(before_issue_24()))
    now = timezone.now()
    reader = old.user("reader")
    rita = old.user("rita", "Rita Rep")
    lena = old.user("lena", "Lena Lead")
    bob = old.user("bob")  # no display name: the site called him by his username
    sam_posts, sam_not = old.user("sam1", "Sam"), old.user("sam2", "Sam")  # two people called Sam
    hub = old.thread("The hub", reader)
    old.Post.objects.create(thread=hub, author=sam_posts, body="Try this", body_html="<p>Try this</p>")
    quiet = old.thread("A quiet thread", reader)

    converted = {
        old.notify(reader, "Rita Rep answered “The hub”", hub): (rita, "answered “The hub”"),
        old.notify(reader, "bob replied in the private case about “The hub”", hub): (
            bob,
            "replied in the private case about “The hub”",
        ),
        old.notify(reader, "Rita Rep edited an answer you made official on “The hub”; it is no longer official", hub): (
            rita,
            "edited an answer you made official on “The hub”; it is no longer official",
        ),
        old.notify(rita, "Lena Lead assigned you “The hub”", hub): (lena, "assigned you “The hub”"),
        # A title holding a phrase: the name ends at the first one.
        old.notify(reader, "Rita Rep answered “Why Ben answered “no””", hub): (
            rita,
            "answered “Why Ben answered “no””",
        ),
        # Two Sams, one of whom posted in the thread: that one.
        old.notify(reader, "Sam answered “The hub”", hub): (sam_posts, "answered “The hub”"),
    }
    kept = {
        old.notify(reader, "Sam answered “A quiet thread”", quiet),  # neither Sam posted there
        old.notify(reader, "Zed answered “The hub”", hub),  # nobody is called Zed
        old.notify(reader, "a former member answered “The hub”", hub),  # erased before issue 24
        old.notify(reader, "Your answer on “Who answered “x”” was accepted", hub),
        old.notify(reader, "1 thread is overdue", None),
    }
    kept_texts = dict(old.Notification.objects.filter(pk__in=kept).values_list("pk", "text"))

    assigned = old.ThreadEvent.objects.create(
        thread=hub, actor=lena, kind="assigned", note="to Rita Rep", created_at=now
    )
    to_a_sam = old.ThreadEvent.objects.create(thread=quiet, actor=lena, kind="assigned", note="to Sam", created_at=now)
    old.notify(sam_not, "Lena Lead assigned you “A quiet thread”", quiet)
    dismissed = old.ThreadEvent.objects.create(
        thread=hub, actor=lena, kind="dismissed", note="to Rita Rep, who asked", created_at=now
    )
    unknown = old.ThreadEvent.objects.create(thread=hub, actor=lena, kind="assigned", note="to Zed", created_at=now)

    EmailAddress = old.apps.get_model("account", "EmailAddress")
    EmailAddress.objects.create(user=bob, email="bob.old@example.org", verified=True, primary=False)
    team = {
        "granted": old.TeamChange.objects.create(
            actor=lena, action="grant_role", subject="RITA@example.com", detail="representative", created_at=now
        ),
        "by_address": old.TeamChange.objects.create(
            actor=lena, action="revoke_role", subject="bob.old@example.org", detail="lead", created_at=now
        ),
        "nobody": old.TeamChange.objects.create(
            actor=lena, action="grant_role", subject="gone@example.com", detail="lead", created_at=now
        ),
        "erased": old.TeamChange.objects.create(
            actor=lena, action="revoke_role", subject="a former member", detail="lead", created_at=now
        ),
        "tag": old.TeamChange.objects.create(actor=lena, action="create_tag", subject="wifi@home", created_at=now),
    }

    Group = old.apps.get_model("auth", "Group")
    sam_not.groups.add(Group.objects.get_or_create(name="Leads")[0])

    def subscription(reason: str):
        return old.Subscription.objects.create(
            url="https://example.com/hook", active=False, disabled_at=now, disabled_reason=reason, created_at=now
        )

    hooks = {
        "lena": subscription("Disabled by Lena Lead."),
        "a lead called Sam": subscription("Disabled by Sam."),
        "erased": subscription("Disabled by a former member."),
        "failures": subscription("10 delivery attempts in a row failed. Last error: timed out"),
    }

    migrate(latest())

    from forum.models import Notification, ThreadEvent
    from team.models import TeamChange
    from webhooks.models import Subscription

    for pk, (actor, text) in converted.items():
        notification = Notification.objects.select_related("actor").get(pk=pk)
        assert (notification.actor_id, notification.text) == (actor.pk, text)
        assert notification.message == f"{actor.display_name or actor.username} {text}"
    for pk in kept:
        notification = Notification.objects.get(pk=pk)
        assert (notification.actor_id, notification.text) == (None, kept_texts[pk])
        assert notification.message == kept_texts[pk]

    assert ThreadEvent.objects.filter(pk=assigned.pk).values_list("subject_id", "note").get() == (rita.pk, "")
    assert ThreadEvent.objects.filter(pk=to_a_sam.pk).values_list("subject_id", "note").get() == (sam_not.pk, "")
    for event in (dismissed, unknown):
        assert ThreadEvent.objects.filter(pk=event.pk).values_list("subject_id", "note").get() == (None, event.note)

    changes = {key: TeamChange.objects.select_related("member").get(pk=change.pk) for key, change in team.items()}
    assert (changes["granted"].member_id, changes["granted"].subject) == (rita.pk, "")
    assert changes["granted"].what == "rita@example.com"
    assert (changes["by_address"].member_id, changes["by_address"].what) == (bob.pk, "bob@example.com")
    for key in ("nobody", "erased", "tag"):
        assert (changes[key].member_id, changes[key].subject) == (None, team[key].subject)
        assert changes[key].what == team[key].subject

    subscriptions = {key: Subscription.objects.select_related("disabled_by").get(pk=s.pk) for key, s in hooks.items()}
    assert (subscriptions["lena"].disabled_by_id, subscriptions["lena"].disabled_reason) == (lena.pk, "")
    assert subscriptions["lena"].disabled_note == "Disabled by Lena Lead."
    assert subscriptions["a lead called Sam"].disabled_by_id == sam_not.pk
    for key in ("erased", "failures"):
        assert (subscriptions[key].disabled_by_id, subscriptions[key].disabled_reason) == (
            None,
            hooks[key].disabled_reason,
        )
        assert subscriptions[key].disabled_note == hooks[key].disabled_reason

    # And back: the names return to the text, as they read now.
    back = OldWorld(migrate(before_issue_24()))
    texts = dict(back.Notification.objects.values_list("pk", "text"))
    assert [texts[pk] for pk in converted] == [
        f"{actor.display_name or actor.username} {text}" for actor, text in converted.values()
    ]
    assert back.ThreadEvent.objects.get(pk=assigned.pk).note == "to Rita Rep"
    assert back.TeamChange.objects.get(pk=team["granted"].pk).subject == "rita@example.com"
    assert back.Subscription.objects.get(pk=hooks["lena"].pk).disabled_reason == "Disabled by Lena Lead."
    migrate(latest())


@pytest.mark.django_db(transaction=True)
def test_the_notifications_migration_reads_them_in_batches(monkeypatch):
    """More copies than one batch: every one is converted, each read once."""
    import importlib

    module = importlib.import_module("forum.migrations.0020_i24_erasure_names_to_ids")
    monkeypatch.setattr(module, "BATCH", 7)
    old = OldWorld(migrate(before_issue_24()))
    reader, rita = old.user("reader"), old.user("rita", "Rita Rep")
    old.Notification.objects.bulk_create(
        old.Notification(recipient=reader, text=f"Rita Rep answered “Thread {index}”", url="/") for index in range(30)
    )
    old.Notification.objects.bulk_create(
        old.Notification(recipient=reader, text=f"Something else {index}", url="/") for index in range(10)
    )
    migrate(latest())

    from forum.models import Notification

    assert Notification.objects.filter(actor_id=rita.pk).count() == 30
    assert not Notification.objects.filter(text__startswith="Rita Rep").exists()
    assert sorted(Notification.objects.filter(actor=None).values_list("text", flat=True)) == sorted(
        f"Something else {index}" for index in range(10)
    )
