"""Ids of other people's objects, in URLs and in POST bodies, are refused: notifications,
private cases and their invitations, posts, queue claims, idea statuses, accepting an
answer. Each test shows the owner (or the role) succeeding first, so that the refusal is
about whose object it is."""

import pytest
from django.urls import reverse

from cases import actions as case_actions
from cases.models import Invitation
from forum import actions as forum_actions
from forum.models import Notification, Post, Revision, Thread
from ideas import actions as idea_actions
from ideas.models import Idea, IdeaLink
from responses import actions as queue_actions
from responses.models import QueueClaim
from tests.factories import UserFactory, make_answer, make_thread

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(db):
    return UserFactory(username="owner")


@pytest.fixture
def intruder(db):
    return UserFactory(username="intruder")


@pytest.fixture
def thread(owner):
    return make_thread(author=owner)


@pytest.fixture
def answer(thread):
    return make_answer(thread=thread, author=UserFactory())


def test_another_members_notification_is_not_found_to_open_read_or_unread(client, owner, intruder, thread):
    note = Notification.objects.create(recipient=owner, text="Someone answered", url=thread.get_absolute_url())
    client.force_login(intruder)
    assert client.get(reverse("forum:open_notification", args=[note.pk])).status_code == 404
    assert client.post(reverse("forum:mark_notification_read", args=[note.pk])).status_code == 404
    note.refresh_from_db()
    assert note.read_at is None
    client.force_login(owner)
    assert client.post(reverse("forum:mark_notification_read", args=[note.pk])).status_code == 302
    note.refresh_from_db()
    assert note.read_at is not None
    client.force_login(intruder)
    assert client.post(reverse("forum:mark_notification_unread", args=[note.pk])).status_code == 404
    note.refresh_from_db()
    assert note.read_at is not None


def test_marking_all_read_marks_only_ones_own(client, owner, intruder, thread):
    note = Notification.objects.create(recipient=owner, text="Someone answered", url=thread.get_absolute_url())
    client.force_login(intruder)
    assert client.post(reverse("forum:mark_notifications_read"), {"notification": note.pk}).status_code == 302
    note.refresh_from_db()
    assert note.read_at is None


@pytest.fixture
def case(thread, rep):
    case, _new = case_actions.open_case(thread=thread, by=rep, message="Could you send us your hub's serial number?")
    return case


def test_another_members_private_case_is_not_found(client, case, owner, intruder):
    client.force_login(owner)
    assert client.get(reverse("cases:case", args=[case.pk])).status_code == 200
    client.force_login(intruder)
    assert client.get(reverse("cases:case", args=[case.pk])).status_code == 404
    assert client.post(reverse("cases:reply", args=[case.pk]), {"body": "Let me in, please."}).status_code == 404
    assert case.messages.count() == 1
    assert b"serial number" not in client.get(reverse("cases:list")).content


@pytest.fixture
def invitation_case(case, rep, answer):
    case_actions.resolve_case(
        public_note="The hub's power adapter was faulty; it was replaced.",
        case=case,
        by=rep,
        summary="Replaced the hub's power supply.",
    )
    assert Invitation.objects.filter(case=case).exists()
    return case


def test_a_case_invitation_is_answered_by_its_customer_only(client, invitation_case, owner, intruder, rep, answer):
    case = invitation_case
    accept = reverse("cases:accept", args=[case.pk])
    client.force_login(intruder)
    assert client.post(accept, {"post": answer.pk}).status_code == 404
    assert client.post(reverse("cases:dismiss", args=[case.pk])).status_code == 404
    assert client.post(reverse("cases:update", args=[case.pk]), {"body": "Fixed it myself."}).status_code == 404
    client.force_login(rep)  # may read the case, but the invitation is the customer's
    assert client.post(accept, {"post": answer.pk}).status_code == 403
    assert client.post(reverse("cases:dismiss", args=[case.pk])).status_code == 403
    assert Thread.objects.get(pk=case.thread_id).accepted_post_id is None
    assert Invitation.objects.get(case=case).answered_at is None
    client.force_login(owner)
    assert client.post(accept, {"post": answer.pk}).status_code == 302
    assert Thread.objects.get(pk=case.thread_id).accepted_post_id == answer.pk


def test_a_case_invitation_accepts_no_answer_from_another_thread(client, invitation_case, owner):
    elsewhere = make_answer(thread=make_thread(author=UserFactory(), title="Another hub, another day"), author=owner)
    client.force_login(owner)
    assert client.post(reverse("cases:accept", args=[invitation_case.pk]), {"post": elsewhere.pk}).status_code == 404
    assert Thread.objects.get(pk=elsewhere.thread_id).accepted_post_id is None
    assert Thread.objects.get(pk=invitation_case.thread_id).accepted_post_id is None


def test_another_members_post_cannot_be_edited_withdrawn_restored_or_redacted(client, owner, intruder, thread):
    post = thread.posts.get(is_question=True)
    forum_actions.edit_post(post=post, editor=owner, body="My hub's serial is HX-1234, it still will not reset.")
    client.force_login(intruder)
    assert client.get(reverse("forum:edit_post", args=[post.pk])).status_code == 403
    edit = client.post(reverse("forum:edit_post", args=[post.pk]), {"body": "Rewritten by somebody else entirely."})
    assert edit.status_code == 403
    assert client.post(reverse("forum:redact_revision", args=[post.pk, 1])).status_code == 403
    assert client.post(reverse("forum:withdraw", args=[post.pk])).status_code == 403
    post.refresh_from_db()
    assert (post.withdrawn_at, "HX-1234" in post.body) == (None, True)
    assert not Revision.objects.get(post=post, number=1).is_redacted
    forum_actions.withdraw_post(post=post, by=owner)
    assert client.post(reverse("forum:restore_withdrawn", args=[post.pk])).status_code == 403
    assert Post.objects.get(pk=post.pk).withdrawn_at is not None
    client.force_login(owner)
    assert client.post(reverse("forum:restore_withdrawn", args=[post.pk])).status_code == 302
    assert Post.objects.get(pk=post.pk).withdrawn_at is None


def test_an_answer_on_someone_elses_thread_is_not_accepted(client, intruder, owner, thread, answer):
    client.force_login(intruder)
    assert client.post(reverse("forum:accept", args=[answer.pk])).status_code == 403
    thread.refresh_from_db()
    assert thread.accepted_post_id is None
    client.force_login(owner)
    assert client.post(reverse("forum:accept", args=[answer.pk])).status_code == 302
    client.force_login(intruder)
    assert client.post(reverse("forum:unaccept", args=[answer.pk])).status_code == 403
    thread.refresh_from_db()
    assert thread.accepted_post_id == answer.pk


def test_another_reps_claim_is_not_released_by_a_rep(client, rep, thread):
    other_rep = UserFactory(groups=["Reps"])
    queue_actions.claim_thread(thread=thread, by=other_rep)
    client.force_login(rep)
    response = client.post(reverse("responses:release", args=[thread.pk]))
    assert response.status_code in (403, 404)
    assert QueueClaim.objects.get(thread=thread).claimed_by_id == other_rep.pk
    client.force_login(other_rep)
    assert client.post(reverse("responses:release", args=[thread.pk])).status_code == 302
    assert not QueueClaim.objects.filter(thread=thread).exists()


def test_an_idea_status_is_not_set_by_a_member(client, owner, intruder, rep):
    idea = idea_actions.post_idea(author=owner, title="Let the hub schedule its own restarts", body="x" * 40, tags=[])
    data = {"status": Idea.Status.PLANNED, "note": "We are building this for the spring release of the hub app."}
    for member in (owner, intruder):
        client.force_login(member)
        assert client.post(reverse("ideas:set_status", args=[idea.pk]), data).status_code == 403
    assert Idea.objects.get(pk=idea.pk).status == Idea.Status.OPEN
    client.force_login(rep)
    assert client.post(reverse("ideas:set_status", args=[idea.pk]), data).status_code == 302
    assert Idea.objects.get(pk=idea.pk).status == Idea.Status.PLANNED


def test_a_member_links_no_thread_to_an_idea(client, owner, intruder, thread):
    idea = idea_actions.post_idea(author=owner, title="Let the hub schedule its own restarts", body="x" * 40, tags=[])
    client.force_login(owner)
    assert client.post(reverse("ideas:link", args=[thread.pk]), {"idea": str(idea.pk)}).status_code == 403
    assert not IdeaLink.objects.exists()


def test_a_member_cannot_post_an_official_answer_by_asking_for_one(client, intruder, thread):
    body = {"body": "Official: hold the reset button for ten seconds.", "official": "1"}
    client.force_login(intruder)
    assert client.post(reverse("forum:answer", args=[thread.pk]), body).status_code == 403
    assert not thread.posts.filter(is_official=True).exists()


def test_a_lead_assigns_a_thread_only_to_a_rep(client, lead, intruder, thread):
    client.force_login(lead)
    client.post(reverse("responses:assign", args=[thread.pk]), {"rep": intruder.pk})
    assert not QueueClaim.objects.filter(thread=thread).exists()
