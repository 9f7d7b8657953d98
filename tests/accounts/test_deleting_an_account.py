"""A member deletes their account from the settings page (issue 12): the confirmation step,
who may, what is erased and kept, and what everyone sees afterwards."""

import pytest
from allauth.account.models import EmailAddress
from django.test import Client
from django.urls import reverse

from accounts.actions import delete_account
from accounts.adapter import AccountAdapter
from accounts.models import MemberSession, User
from forum import actions, reputation
from tests.factories import PASSWORD, UserFactory, make_answer, make_thread, set_reputation

pytestmark = pytest.mark.django_db

ANSWER = "Swap the grey cable for the white one and the hub keeps its line."


@pytest.fixture
def leaver(db):
    return UserFactory(username="quillon", email="quillon@example.org", display_name="Quill Onwards", bio="I fix hubs.")


@pytest.fixture
def answer(leaver):
    """An answer by the leaver that earned them an upvote."""
    thread = make_thread(author=UserFactory(username="asker"), title="My hub drops the line every evening")
    post = make_answer(thread=thread, author=leaver, body=ANSWER)
    voter = UserFactory()
    set_reputation(voter, 1000)
    actions.cast_vote(voter=voter, post=post, value=1)
    return post


def delete_through_the_page(client, user, **data):
    client.force_login(user)
    return client.post(reverse("accounts:delete_account"), {"password": PASSWORD, "understood": "on", **data})


def test_the_settings_page_leads_to_deleting_the_account(client, leaver):
    client.force_login(leaver)
    assert reverse("accounts:delete_account") in client.get(reverse("accounts:settings")).content.decode()
    page = client.get(reverse("accounts:delete_account"))
    assert page.status_code == 200
    assert "a former member" in page.content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"understood": ""}, "Tick the box"),
        ({"password": "not-my-password"}, "That is not your password."),
        ({"password": ""}, "Type your password"),
    ],
)
def test_nothing_is_deleted_without_the_confirmation_step(client, leaver, data, message):
    response = delete_through_the_page(client, leaver, **data)
    assert response.status_code == 400
    assert message in response.content.decode()
    leaver.refresh_from_db()
    assert leaver.is_active
    assert leaver.deleted_at is None


def test_a_member_deletes_their_account_and_is_logged_out(client, leaver, answer):
    response = delete_through_the_page(client, leaver)
    assert response.status_code == 302
    assert response["Location"] == reverse("forum:home")
    assert "_auth_user_id" not in client.session
    leaver.refresh_from_db()
    assert leaver.username == f"former-{leaver.pk}"
    assert (leaver.email, leaver.display_name, leaver.bio) == ("", "", "")
    assert not leaver.is_active
    assert not leaver.has_usable_password()
    assert leaver.deleted_at is not None
    assert leaver.name == "a former member"
    assert not EmailAddress.objects.filter(user=leaver).exists()


def test_every_session_of_the_member_ends(client, leaver):
    other_device = Client()
    other_device.force_login(leaver)
    assert MemberSession.objects.filter(account_id=leaver.pk).count() == 1
    delete_through_the_page(client, leaver)
    assert not MemberSession.objects.filter(account_id=leaver.pk).exists()
    response = other_device.get(reverse("accounts:settings"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_their_posts_stay_under_a_former_member_and_link_to_nobody(client, leaver, answer):
    old_profile = leaver.get_absolute_url()
    delete_account(member=leaver, by=leaver)
    leaver.refresh_from_db()
    for user in (None, UserFactory(), UserFactory(groups=["Moderators"])):
        client.logout()
        if user:
            client.force_login(user)
        html = client.get(answer.thread.get_absolute_url()).content.decode()
        assert ANSWER in html
        assert "a former member" in html
        assert "Quill Onwards" not in html
        assert old_profile not in html
        assert leaver.get_absolute_url() not in html
    assert client.get(old_profile).status_code == 404
    assert client.get(leaver.get_absolute_url()).status_code == 404


def test_what_their_votes_and_posts_earned_stays_and_the_ledger_agrees(leaver, answer):
    before = User.objects.get(pk=leaver.pk).reputation
    delete_account(member=leaver, by=leaver)
    assert User.objects.get(pk=leaver.pk).reputation == before
    assert reputation.rebuild_all() == []


def test_their_email_can_sign_up_again(client, leaver):
    delete_account(member=leaver, by=leaver)
    response = client.post(
        reverse("account_signup"),
        {"email": "quillon@example.org", "username": "quillon", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    newcomer = User.objects.get(email="quillon@example.org")
    assert newcomer.pk != leaver.pk
    assert newcomer.username == "quillon"


def test_a_deleted_account_cannot_log_in(client, leaver):
    delete_account(member=leaver, by=leaver)
    client.post(reverse("account_login"), {"login": "quillon@example.org", "password": PASSWORD})
    assert "_auth_user_id" not in client.session


def test_deleting_twice_changes_nothing(leaver):
    assert delete_account(member=leaver, by=leaver)
    assert not delete_account(member=leaver, by=leaver)


@pytest.mark.parametrize("group", ["Reps", "Leads", "Moderators"])
def test_a_member_with_a_role_has_it_taken_away_before_deleting_their_account(client, group):
    holder = UserFactory(groups=[group])
    response = delete_through_the_page(client, holder)
    assert response.status_code == 403
    assert "take it away first" in response.content.decode()
    holder.refresh_from_db()
    assert holder.is_active


def test_an_administrator_does_not_delete_their_own_account_from_the_site(client):
    admin = UserFactory(is_superuser=True, is_staff=True)
    assert delete_through_the_page(client, admin).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client):
    for method in ("get", "post"):
        response = getattr(client, method)(reverse("accounts:delete_account"))
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]


def test_the_page_takes_no_put_or_delete(client, leaver):
    client.force_login(leaver)
    assert client.delete(reverse("accounts:delete_account")).status_code == 405
    assert client.put(reverse("accounts:delete_account")).status_code == 405


def test_a_deactivated_member_is_a_former_member_too(client, leaver, answer):
    User.objects.filter(pk=leaver.pk).update(is_active=False)
    html = client.get(answer.thread.get_absolute_url()).content.decode()
    assert "a former member" in html
    assert leaver.get_absolute_url() not in html
    assert client.get(leaver.get_absolute_url()).status_code == 404


def test_names_of_deleted_accounts_are_kept_from_new_members():
    from django.core.exceptions import ValidationError

    for name in ("former-12", "Former-99", "a former member"):
        with pytest.raises(ValidationError):
            AccountAdapter().clean_username(name)


def test_an_account_without_a_password_confirms_with_its_email(client, leaver):
    leaver.set_unusable_password()
    leaver.save()
    client.force_login(leaver)
    url = reverse("accounts:delete_account")
    wrong = client.post(url, {"email": "someone@example.org", "understood": "on"})
    assert wrong.status_code == 400
    assert client.post(url, {"email": "Quillon@example.org", "understood": "on"}).status_code == 302
    leaver.refresh_from_db()
    assert leaver.deleted_at is not None


def test_password_attempts_are_limited(client, leaver):
    client.force_login(leaver)
    url = reverse("accounts:delete_account")
    statuses = [client.post(url, {"password": "wrong", "understood": "on"}).status_code for _ in range(11)]
    assert statuses[:10] == [400] * 10
    assert statuses[10] == 429
    leaver.refresh_from_db()
    assert leaver.is_active


def test_an_administrator_deletes_accounts_in_the_admin_as_members_do(admin_client, leaver, answer):
    other_admin = UserFactory(is_superuser=True, is_staff=True)
    response = admin_client.post(
        "/admin/accounts/user/",
        {"action": "delete_accounts", "_selected_action": [leaver.pk, other_admin.pk]},
    )
    assert response.status_code == 302
    leaver.refresh_from_db()
    other_admin.refresh_from_db()
    assert leaver.deleted_at is not None
    assert leaver.username == f"former-{leaver.pk}"
    assert other_admin.deleted_at is None
    assert reputation.rebuild_all() == []


# --- Issue 24: who did what is held by id, and erasure edits nobody else's rows --------------


def test_a_notification_that_rita_answered_reads_a_former_member_after_she_leaves(
    client, django_capture_on_commit_callbacks
):
    from django.core import mail

    from forum.models import Notification
    from forum.notifications import send_notification_emails

    asker = UserFactory(username="asker", display_name="Asker")
    rita = UserFactory(username="rita", display_name="Rita")
    thread = make_thread(author=asker, title="My hub drops the line every evening")
    with django_capture_on_commit_callbacks(execute=False):  # the email goes out later
        make_answer(thread=thread, author=rita)
    notice = Notification.objects.get(recipient=asker)
    client.force_login(asker)
    assert "Rita answered “My hub drops the line every evening”" in client.get("/notifications/").content.decode()

    delete_account(member=rita, by=rita)

    page = client.get("/notifications/").content.decode()
    assert "a former member answered “My hub drops the line every evening”" in page
    assert "Rita answered" not in page
    assert send_notification_emails(notification_ids=[notice.pk]).sent == 1
    (email,) = mail.outbox
    assert email.subject == "[Helpcircle] a former member answered “My hub drops the line every evening”"
    assert email.body.startswith("a former member answered “My hub drops the line every evening”\n")
    assert "Rita" not in email.subject + email.body


def test_a_notification_names_its_actor_as_they_are_called_when_it_is_read(client):
    from forum.models import Notification

    asker = UserFactory()
    rita = UserFactory(display_name="Rita")
    make_answer(thread=make_thread(author=asker, title="The lights on my hub are all amber"), author=rita)
    User.objects.filter(pk=rita.pk).update(display_name="Rita Ramos")
    client.force_login(asker)
    assert "Rita Ramos answered “The lights on my hub are all amber”" in client.get("/notifications/").content.decode()
    assert Notification.objects.get(recipient=asker).text == "answered “The lights on my hub are all amber”"


def test_deleting_an_account_searches_no_table_for_the_name_and_edits_no_one_else_s_rows():
    """The member's rows are found by their id: no LIKE over any table, and the same number
    of queries whatever the rest of the site holds, while the member's row is locked."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from moderation import actions as moderation_actions

    def leave_after_others_write(mentions: int) -> list[str]:
        leaver = UserFactory(display_name="The")
        for index in range(mentions):
            author = UserFactory()
            thread = make_thread(author=author, title=f"The hub number {index} keeps resetting")
            make_answer(thread=thread, author=leaver, body="The fix is at https://example.com/reset.")
            moderation_actions.flag_post(
                post=thread.posts.get(is_question=True), flagger=UserFactory(), reason="other", note="The https hub"
            )
        with CaptureQueriesContext(connection) as deleting:
            delete_account(member=leaver, by=leaver)
        return [query["sql"] for query in deleting.captured_queries]

    few, many = leave_after_others_write(2), leave_after_others_write(12)
    assert len(few) == len(many)
    assert not [sql for sql in many if " LIKE " in sql.upper()]


def test_the_admin_history_of_the_account_says_a_former_member_and_keeps_the_admins_words(leaver):
    from django.contrib.admin.models import CHANGE
    from django.contrib.admin.models import LogEntry as AdminLogEntry

    admin = UserFactory(is_superuser=True, is_staff=True)
    other = UserFactory(display_name="Quill Onwards")  # another member, with the same name
    addresses = list(EmailAddress.objects.filter(user=leaver))
    for objects in ([leaver], addresses, [other]):
        AdminLogEntry.objects.log_actions(
            user_id=admin.pk, queryset=objects, action_flag=CHANGE, change_message="Quill Onwards asked for it"
        )
    delete_account(member=leaver, by=leaver)
    entries = {(entry.content_type.model, entry.object_id): entry for entry in AdminLogEntry.objects.all()}
    assert entries["user", str(leaver.pk)].object_repr == "a former member"
    assert entries["emailaddress", str(addresses[0].pk)].object_repr == "a former member"
    assert entries["user", str(other.pk)].object_repr == "Quill Onwards"
    assert {entry.change_message for entry in entries.values()} == {"Quill Onwards asked for it"}


def kept_page_keys() -> list[str]:
    """The keys of every kept page and fragment in the pages cache, whatever their version."""
    from django.core.cache import caches
    from django.db import connection

    from config import pagecache

    backend = caches["pages"]
    if hasattr(backend, "_cache") and hasattr(backend._cache, "get_client"):
        client = backend._cache.get_client()
        return [key.decode() for key in client.scan_iter(match=f"*{pagecache.KEY_MARK}*")]
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM cache_table WHERE cache_key LIKE %s", [f"%{pagecache.KEY_MARK}%"])
        return [row[0] for row in cursor.fetchall()]


def test_pages_that_showed_their_name_leave_the_cache_with_the_account(
    client, leaver, answer, django_capture_on_commit_callbacks
):
    """An old version's copies are never served again, but a database cache keeps expired rows
    until it culls: the copies showing "Quill Onwards" go when the account does."""
    assert "Quill Onwards" in client.get(answer.thread.get_absolute_url()).content.decode()
    assert kept_page_keys()
    with django_capture_on_commit_callbacks(execute=True):
        delete_account(member=leaver, by=leaver)
    assert kept_page_keys() == []
