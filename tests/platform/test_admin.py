"""The admin cannot bypass the actions (issue 9), second part: the tags taggit's own admin
would let anyone rename, merge or retag, members deleted with their votes, admin actions run
by staff who lack the role, and what each admin action says it changed. The first part is
tests/platform/test_admin_through_actions.py."""

import pytest
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from taggit.models import Tag, TaggedItem

from forum import actions
from forum.models import Post, ReputationEvent, ThreadEvent, Vote
from moderation import actions as moderation_actions
from moderation.models import LogEntry, SuspiciousVoting
from responses import actions as responses_actions
from responses.models import QueueClaim
from tests.factories import UserFactory, make_answer, make_thread

pytestmark = pytest.mark.django_db


@pytest.fixture
def answer(db):
    thread = make_thread(author=UserFactory(), tags=["billing", "wifi"])
    return make_answer(thread=thread, author=UserFactory())


def run_action(client, changelist: str, action: str, *pks: int):
    response = client.post(changelist, {"action": action, "_selected_action": list(pks)}, follow=True)
    assert response.status_code == 200
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_a_tag_cannot_be_renamed_or_deleted_in_the_admin(admin_client, answer):
    # The ledger keeps tag names, and every thread's tags decide where reputation goes.
    billing = Tag.objects.get(name="billing")
    url = f"/admin/taggit/tag/{billing.pk}/"
    assert admin_client.get("/admin/taggit/tag/").status_code == 200
    assert admin_client.get(f"{url}change/").status_code == 200  # readable
    assert admin_client.post(f"{url}change/", {"name": "invoices", "slug": "invoices"}).status_code == 403
    assert admin_client.post(f"{url}delete/", {"post": "yes"}).status_code == 403
    assert admin_client.get("/admin/taggit/tag/add/").status_code == 403
    assert sorted(answer.thread.tags.names()) == ["billing", "wifi"]


def test_tags_cannot_be_merged_in_the_admin(admin_client, answer):
    tags = Tag.objects.filter(name__in=["billing", "wifi"])
    run_action(admin_client, "/admin/taggit/tag/", "render_tag_form", *tags.values_list("pk", flat=True))
    admin_client.post("/admin/taggit/tag/merge-tags/", {"new_tag_name": "merged"})
    assert sorted(answer.thread.tags.names()) == ["billing", "wifi"]
    assert TaggedItem.objects.count() == 2


def test_lag_policies_still_find_their_tag_by_name(admin_client, answer):
    response = admin_client.get(
        "/admin/autocomplete/",
        {"app_label": "responses", "model_name": "lagpolicy", "field_name": "tag", "term": "bil"},
    )
    assert response.status_code == 200
    assert [result["text"] for result in response.json()["results"]] == ["billing"]


def test_a_member_cannot_be_deleted_in_the_admin_with_their_votes(admin_client, answer):
    voter = UserFactory()
    actions.cast_vote(voter=voter, post=answer, value=1)
    assert admin_client.post(f"/admin/accounts/user/{voter.pk}/delete/", {"post": "yes"}).status_code == 403
    run_action(admin_client, "/admin/accounts/user/", "delete_selected", voter.pk)
    assert Vote.objects.filter(user=voter).exists()
    assert Post.objects.get(pk=answer.pk).score == 1


def test_the_user_admin_ignores_a_posted_reputation(admin_client, answer):
    member = answer.author
    form = {
        "username": member.username,
        "email": member.email,
        "is_active": "on",
        "date_joined_0": member.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": member.date_joined.strftime("%H:%M:%S"),
        "display_name": "Renamed In The Admin",
        "reputation": "5000",
    }
    response = admin_client.post(f"/admin/accounts/user/{member.pk}/change/", form)
    assert response.status_code == 302  # saved
    member.refresh_from_db()
    assert member.display_name == "Renamed In The Admin"
    assert member.reputation == 1


def test_staff_who_may_only_read_posts_cannot_mark_them_official_or_hide_them(client, answer):
    clerk = UserFactory(is_staff=True)
    clerk.user_permissions.add(Permission.objects.get(codename="view_post"))
    client.force_login(clerk)
    assert client.get("/admin/forum/post/").status_code == 200
    run_action(client, "/admin/forum/post/", "mark_official", answer.pk)
    run_action(client, "/admin/forum/post/", "hide_as_spam", answer.pk)
    answer.refresh_from_db()
    assert not answer.is_official
    assert not answer.is_hidden
    assert not ReputationEvent.objects.filter(user=answer.author).exists()


def test_taking_the_official_mark_off_in_the_admin_takes_back_its_reputation(admin_client, answer, admin_user):
    actions.mark_official(post=answer, by=admin_user)
    messages = run_action(admin_client, "/admin/forum/post/", "unmark_official", answer.pk)
    assert messages == ["1 answers are no longer official."]
    answer.refresh_from_db()
    answer.author.refresh_from_db()
    assert not answer.is_official
    assert answer.author.reputation == 1
    assert sum(ReputationEvent.objects.filter(user=answer.author).values_list("delta", flat=True)) == 0


def test_locking_counts_only_the_threads_it_locked(admin_client, answer, admin_user):
    locked = make_thread(author=UserFactory())
    moderation_actions.lock_thread(thread=locked, by=admin_user, reason="heated")
    messages = run_action(admin_client, "/admin/forum/thread/", "lock", locked.pk, answer.thread_id)
    assert messages == ["1 threads locked."]
    assert LogEntry.objects.filter(action=LogEntry.Action.LOCK).count() == 2


def test_releasing_a_claim_in_the_admin_goes_into_the_threads_history(admin_client, answer, rep):
    responses_actions.claim_thread(thread=answer.thread, by=rep)
    claim = QueueClaim.objects.get()
    messages = run_action(admin_client, "/admin/responses/queueclaim/", "release", claim.pk)
    assert messages == ["1 claims released."]
    assert not QueueClaim.objects.exists()
    assert ThreadEvent.objects.filter(thread=answer.thread, kind=ThreadEvent.Kind.RELEASED).exists()


def test_clearing_a_voting_record_in_the_admin_keeps_the_votes_and_is_logged(admin_client, answer):
    voter = UserFactory()
    actions.cast_vote(voter=voter, post=answer, value=1)
    record = SuspiciousVoting.objects.create(voter=voter, author=answer.author, vote_count=7)
    messages = run_action(admin_client, "/admin/moderation/suspiciousvoting/", "clear_records", record.pk)
    assert messages == ["1 voting records cleared; their votes stay."]
    record.refresh_from_db()
    assert record.reviewed_at is not None
    assert Vote.objects.filter(user=voter).exists()
    assert LogEntry.objects.get().action == LogEntry.Action.CLEAR_VOTING
