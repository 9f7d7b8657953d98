"""The moderation log never changes, not even in the admin; decisions there go through the
actions and so reach the log (issue 10)."""

import pytest

from moderation import actions
from moderation.models import Flag, LogEntry
from tests.factories import UserFactory, make_thread

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
