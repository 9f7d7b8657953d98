"""The moderation log never changes, not even in the admin; decisions there go through the
actions and so reach the log, and are offered to moderators only (issue 10). Every
moderation admin action lives in moderation/admin.py, forum's threads and posts included."""

import ast
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.utils import timezone

from accounts.models import User
from forum.admin import PostAdmin, ThreadAdmin
from forum.models import Notification, Post, Thread
from moderation import actions
from moderation.models import FirstLook, Flag, LogEntry, ReviewRequest
from tests.factories import UserFactory, make_answer, make_thread, set_reputation

pytestmark = pytest.mark.django_db


def test_the_log_cannot_be_added_changed_or_deleted_in_the_admin(admin_client, moderator):
    thread = make_thread(author=UserFactory())
    actions.lock_thread(thread=thread, by=moderator, reason="heated")
    entry = LogEntry.objects.get()
    assert admin_client.get("/admin/moderation/logentry/").status_code == 200
    assert admin_client.get("/admin/moderation/logentry/add/").status_code == 403
    admin_client.post(f"/admin/moderation/logentry/{entry.pk}/change/", {"reason": "nothing"})
    admin_client.post(f"/admin/moderation/logentry/{entry.pk}/delete/", {"post": "yes"})
    entry = LogEntry.objects.get()
    assert entry.reason == "heated"


def test_hiding_from_the_admin_goes_through_the_action_and_the_log(admin_client, spam):
    flagger = UserFactory()
    actions.flag_post(post=spam, flagger=flagger, reason=Flag.Reason.SPAM)
    flag = Flag.objects.get()
    response = admin_client.post(
        "/admin/moderation/flag/", {"action": "hide_as_spam", "_selected_action": [flag.pk]}, follow=True
    )
    assert response.status_code == 200
    spam.refresh_from_db()
    assert spam.hidden_reason == "spam"
    assert LogEntry.objects.get().action == LogEntry.Action.HIDE


def test_locking_and_restoring_from_the_admin_reach_the_public_log(admin_client, spam, moderator):
    actions.hide_post(post=spam, by=moderator, rule=Flag.Reason.SPAM)
    admin_client.post("/admin/forum/post/", {"action": "restore", "_selected_action": [spam.pk]})
    admin_client.post("/admin/forum/thread/", {"action": "lock", "_selected_action": [spam.thread_id]})
    spam.refresh_from_db()
    assert not spam.is_hidden
    assert spam.thread.is_closed
    assert list(LogEntry.objects.values_list("action", flat=True)) == [
        LogEntry.Action.LOCK,
        LogEntry.Action.RESTORE,
        LogEntry.Action.HIDE,
    ]


# --- Every moderation action in the admin, from moderation/admin.py -----------------------------


def act(client, model: str, action: str, objects, **data):
    """Choose an admin action on the change list for these rows; with `apply`, confirm it."""
    payload = {"action": action, "_selected_action": [obj.pk for obj in objects], **data}
    return client.post(f"/admin/{model}/", payload)


def test_forums_admin_imports_nothing_from_moderation():
    tree = ast.parse(Path(settings.BASE_DIR, "forum", "admin.py").read_text())
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    imported |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    assert not {name for name in imported if name.split(".")[0] == "moderation"}


def test_the_moderated_admins_keep_forums_own_columns_and_actions(admin_client, spam, rep):
    post_admin, thread_admin = admin.site._registry[Post], admin.site._registry[Thread]
    assert isinstance(post_admin, PostAdmin)
    assert isinstance(thread_admin, ThreadAdmin)
    assert post_admin.list_display == PostAdmin.list_display
    assert act(admin_client, "forum/post", "mark_official", [spam]).status_code == 302
    assert Post.objects.get(pk=spam.pk).is_official


@pytest.mark.parametrize(
    ("rule", "label", "cost"),
    [
        ("spam", "spam", 110),
        ("abuse", "abuse", 110),
        ("off_topic", "off-topic", 0),
        ("personal_data", "personal data", 0),
    ],
)
def test_a_post_can_be_hidden_under_each_rule_from_the_admin(admin_client, spam, rule, label, cost):
    set_reputation(spam.author, 500)
    assert act(admin_client, "forum/post", f"hide_as_{rule}", [spam]).status_code == 302
    spam.refresh_from_db()
    assert (spam.is_hidden, spam.hidden_reason) == (True, label)
    spam.author.refresh_from_db()
    assert spam.author.reputation == 500 - cost  # spam and abuse: the 10 it earned and the penalty
    entry = LogEntry.objects.get()
    assert (entry.action, entry.post, entry.reason) == (LogEntry.Action.HIDE, spam, f"{label}: hidden in the admin")


def test_flags_and_first_looks_offer_every_hiding_rule_too(admin_client, spam, moderator):
    actions.flag_post(post=spam, flagger=UserFactory(), reason=Flag.Reason.ABUSE)
    act(admin_client, "moderation/flag", "hide_as_abuse", Flag.objects.all())
    assert Post.objects.get(pk=spam.pk).hidden_reason == "abuse"
    newcomer_post = make_answer(thread=spam.thread, author=UserFactory(), body="See [here](https://example.com/).")
    act(admin_client, "moderation/firstlook", "hide_as_personal_data", FirstLook.objects.all())
    assert Post.objects.get(pk=newcomer_post.pk).hidden_reason == "personal data"
    assert FirstLook.objects.get().looked_at is not None  # a moderator's hide is the first look


def test_a_first_look_is_finished_from_the_admin(admin_client, spam):
    make_answer(thread=spam.thread, author=UserFactory(), body="See [here](https://example.com/).")
    act(admin_client, "moderation/firstlook", "looks_fine", FirstLook.objects.all())
    assert FirstLook.objects.get().looked_at is not None
    assert LogEntry.objects.get().action == LogEntry.Action.FIRST_LOOK


def test_keeping_posts_hidden_from_the_admin_asks_for_the_reason_the_author_reads(admin_client, spam, moderator):
    actions.hide_post(post=spam, by=moderator, rule=Flag.Reason.OFF_TOPIC)
    actions.request_review(post=Post.objects.get(pk=spam.pk), by=spam.author, note="It answers the question")
    requests = ReviewRequest.objects.all()
    form = act(admin_client, "moderation/reviewrequest", "keep_hidden", requests)
    assert form.status_code == 200
    assert 'name="reason"' in form.content.decode()
    assert ReviewRequest.objects.get().resolved_at is None  # nothing yet: the reason comes first
    bad = act(admin_client, "moderation/reviewrequest", "keep_hidden", requests, apply="yes", reason="")
    assert bad.status_code == 400
    assert "Say why" in bad.content.decode()
    done = act(admin_client, "moderation/reviewrequest", "keep_hidden", requests, apply="yes", reason="Still an ad")
    assert done.status_code == 302
    assert ReviewRequest.objects.get().resolved_at is not None
    assert Post.objects.get(pk=spam.pk).is_hidden
    entry = LogEntry.objects.first()
    assert (entry.action, entry.reason) == (LogEntry.Action.KEEP_HIDDEN, "Still an ad")
    assert Notification.objects.filter(recipient=spam.author, text__contains="kept it hidden: Still an ad").exists()


def test_threads_are_closed_as_duplicates_from_the_admin_and_link_to_the_original(admin_client):
    original = make_thread(author=UserFactory(), title="The hub drops the line every night")
    copies = [make_thread(author=UserFactory(), title=f"Hub drops the line, take {n}") for n in range(2)]
    selected = [*copies, original]
    assert act(admin_client, "forum/thread", "close_as_duplicate", selected).status_code == 200
    bad = act(admin_client, "forum/thread", "close_as_duplicate", selected, apply="yes", original="999999")
    assert bad.status_code == 400
    assert "There is no thread number 999999" in bad.content.decode()
    assert not LogEntry.objects.exists()
    done = act(admin_client, "forum/thread", "close_as_duplicate", selected, apply="yes", original=original.pk)
    assert done.status_code == 302
    for thread in copies:
        thread.refresh_from_db()
        assert (thread.status, thread.duplicate_of) == (Thread.Status.DUPLICATE, original)
    original.refresh_from_db()
    assert original.status == Thread.Status.OPEN  # the original itself is left out
    assert LogEntry.objects.filter(action=LogEntry.Action.CLOSE_DUPLICATE).count() == 2


def test_members_are_suspended_and_their_suspension_lifted_from_the_admin(admin_client, member):
    superuser = User.objects.get(is_superuser=True)
    form = act(admin_client, "accounts/user", "suspend", [member, superuser])
    assert form.status_code == 200
    assert 'name="days"' in form.content.decode()
    done = act(admin_client, "accounts/user", "suspend", [member], apply="yes", days="3", reason="Insults")
    assert done.status_code == 302
    member.refresh_from_db()
    assert member.is_suspended()
    assert member.suspended_until - timezone.now() > timedelta(days=2, hours=23)
    assert member.suspension_reason == "Insults"
    superuser.refresh_from_db()
    assert not superuser.is_suspended()
    act(admin_client, "accounts/user", "lift_suspension", [member])
    member.refresh_from_db()
    assert not member.is_suspended()
    assert list(LogEntry.objects.values_list("action", "member")) == [
        (LogEntry.Action.LIFT_SUSPENSION, member.pk),
        (LogEntry.Action.SUSPEND, member.pk),
    ]


def staff(*, groups=()):
    user = UserFactory(is_staff=True, groups=list(groups))
    views = ["view_post", "view_thread", "view_user", "view_flag", "view_reviewrequest", "view_firstlook"]
    user.user_permissions.add(*Permission.objects.filter(codename__in=views))
    return user


MODERATION_ACTIONS = {
    "forum/post": ["hide_as_spam", "hide_as_abuse", "hide_as_off_topic", "hide_as_personal_data", "restore"],
    "forum/thread": ["lock", "unlock", "close_as_duplicate"],
    "accounts/user": ["suspend", "lift_suspension"],
    "moderation/flag": ["dismiss_flags", "hide_as_spam"],
    "moderation/reviewrequest": ["keep_hidden", "restore"],
    "moderation/firstlook": ["looks_fine"],
}


@pytest.fixture
def a_row_of_each(spam, moderator):
    """At least one row in every list, since the admin offers no actions on an empty one."""
    actions.flag_post(post=spam, flagger=UserFactory(), reason=Flag.Reason.OTHER, note="odd")
    hidden = make_answer(thread=spam.thread, author=UserFactory(), body="See [here](https://example.com/).")
    actions.hide_post(post=hidden, by=moderator, rule=Flag.Reason.OFF_TOPIC)
    actions.request_review(post=Post.objects.get(pk=hidden.pk), by=hidden.author)
    FirstLook.objects.filter(post=hidden).update(looked_at=None)  # the hide was its look; list it again
    return LogEntry.objects.count()


def offered(client, model: str) -> str:
    page = client.get(f"/admin/{model}/").content.decode()
    assert 'id="result_list"' in page, model  # the list has rows that could be acted on
    return page


@pytest.mark.parametrize("group", ["Reps", "Leads"])
def test_staff_without_the_moderator_role_are_not_offered_moderation_actions_nor_can_post_them(
    client, spam, group, a_row_of_each
):
    rep = staff(groups=[group])
    client.force_login(rep)
    for model, names in MODERATION_ACTIONS.items():
        page = offered(client, model)
        for name in names:
            assert f'value="{name}"' not in page, (model, name)
    assert 'value="mark_official"' in client.get("/admin/forum/post/").content.decode()  # their own, still there
    for name in MODERATION_ACTIONS["forum/post"]:
        act(client, "forum/post", name, [spam], apply="yes", reason="Hidden by a rep")
    act(client, "forum/thread", "lock", [spam.thread])
    act(client, "accounts/user", "suspend", [spam.author], apply="yes", days="30", reason="Criticised us")
    spam.refresh_from_db()
    spam.author.refresh_from_db()
    assert (spam.is_hidden, spam.thread.is_closed, spam.author.is_suspended()) == (False, False, False)
    assert LogEntry.objects.count() == a_row_of_each


def test_a_staff_moderator_is_offered_every_moderation_action(client, a_row_of_each):
    client.force_login(staff(groups=["Moderators"]))
    for model, names in MODERATION_ACTIONS.items():
        page = offered(client, model)
        for name in names:
            assert f'value="{name}"' in page, (model, name)
