"""A moderator deletes a spammer's account from their profile (issue 12), optionally
withdrawing everything they wrote: who may, what readers see after, the log, and the ledger."""

import pytest
from django.urls import reverse

from forum import actions as forum_actions
from forum import reputation
from forum.models import Post, ReputationEvent
from moderation.models import LogEntry
from tests.factories import UserFactory, make_answer, make_thread, set_reputation

pytestmark = pytest.mark.django_db

SPAM = "Buy cheap routers at example.com, best prices in town!"


@pytest.fixture
def spammer(db):
    return UserFactory(username="spammer", display_name="Sam Spammer")


@pytest.fixture
def scene(spammer):
    """The spammer's upvoted answer, a question nobody answered and one somebody did."""
    asker = UserFactory(username="asker")
    thread = make_thread(author=asker, title="My hub drops the line every evening")
    answer = make_answer(thread=thread, author=spammer, body=SPAM)
    voter = UserFactory()
    set_reputation(voter, 1000)
    forum_actions.cast_vote(voter=voter, post=answer, value=1)
    lonely = make_thread(author=spammer, title="Cheap routers for everyone right here").posts.get(is_question=True)
    answered = make_thread(author=spammer, title="Which router should a family buy").posts.get(is_question=True)
    make_answer(thread=answered.thread, author=asker, body="Any router your provider supports will do.")
    return {"answer": answer, "lonely": lonely, "answered": answered}


def delete(client, moderator, spammer, **data):
    client.force_login(moderator)
    form = {"reason": "Spam, nothing but spam", "confirm": "on", **data}
    return client.post(reverse("moderation:delete_member", args=[spammer.username]), form)


def test_moderators_see_the_deletion_tools_on_a_member_s_profile(client, moderator, spammer):
    client.force_login(moderator)
    html = client.get(spammer.get_absolute_url()).content.decode()
    assert reverse("moderation:delete_member", args=[spammer.username]) in html
    for user in (UserFactory(), UserFactory(groups=["Reps"]), spammer):
        client.force_login(user)
        assert 'data-testid="delete-member"' not in client.get(spammer.get_absolute_url()).content.decode()
    client.force_login(moderator)
    other_moderator = UserFactory(groups=["Moderators"])
    assert 'data-testid="delete-member"' not in client.get(other_moderator.get_absolute_url()).content.decode()


def test_a_moderator_deletes_a_spammer_and_withdraws_everything_they_wrote(client, moderator, spammer, scene):
    spammer.refresh_from_db()
    assert spammer.reputation == 1 + 10
    response = delete(client, moderator, spammer, withdraw_posts="on")
    assert response.status_code == 302
    assert "2 posts withdrawn; 1 left up" in client.get(response["Location"]).content.decode()
    spammer.refresh_from_db()
    assert spammer.deleted_at is not None
    assert not spammer.is_active
    answer, lonely, answered = (Post.objects.get(pk=scene[key].pk) for key in ("answer", "lonely", "answered"))
    assert answer.withdrawn_by == moderator
    assert lonely.withdrawn_by == moderator
    assert answered.withdrawn_at is None  # others' answers hang on it: a moderator hides it if need be
    assert spammer.reputation == 1
    assert ReputationEvent.objects.filter(post=answer, reason=ReputationEvent.Reason.POST_WITHDRAWN).exists()
    assert reputation.rebuild_all() == []


def test_everyone_sees_a_moderator_s_tombstone_on_a_deleted_spammer_s_posts(client, moderator, spammer, scene):
    delete(client, moderator, spammer, withdraw_posts="on")
    url = scene["answer"].thread.get_absolute_url()
    for user in (None, UserFactory()):
        client.logout()
        if user:
            client.force_login(user)
        html = client.get(url).content.decode()
        assert "Withdrawn by a moderator with its author" in html
        assert SPAM not in html
        assert "Sam Spammer" not in html
    client.force_login(moderator)
    html = client.get(url).content.decode()
    assert SPAM in html  # moderators still read it
    assert "a former member" in html


def test_the_deletion_is_in_the_public_log_without_the_member_s_name(client, moderator, spammer, scene):
    delete(client, moderator, spammer, withdraw_posts="on")
    entry = LogEntry.objects.get(action=LogEntry.Action.DELETE_ACCOUNT)
    assert (entry.actor, entry.member) == (moderator, spammer)
    assert entry.reason == "Spam, nothing but spam (withdrew 2 posts)"
    client.logout()
    html = client.get(reverse("moderation:log")).content.decode()
    assert "deleted the account of" in html
    assert "Sam Spammer" not in html
    assert "/u/spammer/" not in html


def test_without_withdrawing_the_posts_stay_under_a_former_member(client, moderator, spammer, scene):
    delete(client, moderator, spammer)
    html = client.get(scene["answer"].thread.get_absolute_url()).content.decode()
    assert SPAM in html
    assert "a former member" in html
    assert Post.objects.filter(author=spammer, withdrawn_at__isnull=False).count() == 0
    assert reputation.rebuild_all() == []


def test_a_deleted_spammer_s_withdrawn_posts_cannot_be_restored(client, moderator, spammer, scene):
    from forum import permissions

    delete(client, moderator, spammer, withdraw_posts="on")
    spammer.refresh_from_db()
    answer = Post.objects.select_related("thread").get(pk=scene["answer"].pk)
    assert not permissions.can_restore_withdrawn(spammer, answer)


def test_hidden_posts_stay_as_they_are_when_a_spammer_is_deleted(client, moderator, spammer, scene):
    from moderation import actions

    actions.hide_post(post=scene["answer"], by=moderator, rule="spam")
    delete(client, moderator, spammer, withdraw_posts="on")
    answer = Post.objects.get(pk=scene["answer"].pk)
    assert answer.is_hidden
    assert answer.withdrawn_at is None
    assert reputation.rebuild_all() == []


@pytest.mark.parametrize("target", ["moderator", "superuser", "rep", "lead", "staff"])
def test_a_moderator_cannot_delete_another_moderator_a_superuser_or_anyone_with_a_role(client, moderator, target):
    member = {
        "moderator": lambda: UserFactory(groups=["Moderators"]),
        "superuser": lambda: UserFactory(is_superuser=True),
        "rep": lambda: UserFactory(groups=["Reps"]),
        "lead": lambda: UserFactory(groups=["Leads"]),
        "staff": lambda: UserFactory(is_staff=True),
    }[target]()
    response = delete(client, moderator, member)
    assert response.status_code == 403
    member.refresh_from_db()
    assert member.is_active
    assert member.deleted_at is None
    assert not LogEntry.objects.filter(action=LogEntry.Action.DELETE_ACCOUNT).exists()


@pytest.mark.parametrize("who", ["member", "rep", "lead"])
def test_only_a_moderator_deletes_someone_else_s_account(client, spammer, who):
    user = {"member": UserFactory(), "rep": UserFactory(groups=["Reps"]), "lead": UserFactory(groups=["Leads"])}[who]
    response = delete(client, user, spammer)
    assert response.status_code == 403
    spammer.refresh_from_db()
    assert spammer.is_active


def test_a_deletion_needs_a_reason_and_the_confirmation(client, moderator, spammer):
    client.force_login(moderator)
    url = reverse("moderation:delete_member", args=[spammer.username])
    assert client.post(url, {"reason": "Spam, nothing but spam"}).status_code == 400
    assert client.post(url, {"confirm": "on"}).status_code == 400
    spammer.refresh_from_db()
    assert spammer.is_active


def test_a_deleted_account_is_not_deleted_again(client, moderator, spammer):
    delete(client, moderator, spammer)
    spammer.refresh_from_db()
    assert delete(client, moderator, spammer).status_code == 404
    assert LogEntry.objects.filter(action=LogEntry.Action.DELETE_ACCOUNT).count() == 1
