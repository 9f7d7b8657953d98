"""Reps cannot suppress criticism (issue 10): a rep or lead without the moderator role
cannot hide, edit or lock a member's post, however much reputation they have, and their
flags never hide a post by themselves. The only way to answer criticism is to answer it."""

import pytest
from django.urls import reverse

from forum import actions as forum_actions
from forum.conf import conf as forum_conf
from forum.models import Post, Revision
from moderation import actions
from moderation.models import Flag, LogEntry
from tests.factories import UserFactory, give_a_flagging_record, make_answer, make_thread, set_reputation

pytestmark = pytest.mark.django_db

CRITICISM = "Brightwave's support left me without a line for three weeks. Nobody called back."
EDIT_OTHERS = forum_conf.PRIVILEGES["edit_others"]


@pytest.fixture(params=["Reps", "Leads"])
def staff(request, db):
    """A rep or a lead with every reputation privilege, editing others' posts included."""
    user = UserFactory(username=f"staff-{request.param.lower()}", groups=[request.param])
    set_reputation(user, EDIT_OTHERS)
    return user


@pytest.fixture
def criticism(db):
    thread = make_thread(author=UserFactory(username="asker"))
    return make_answer(thread=thread, author=UserFactory(username="critic"), body=CRITICISM)


@pytest.fixture
def spam_answer(db):
    thread = make_thread(author=UserFactory(username="asker"))
    return make_answer(thread=thread, author=UserFactory(username="seller"), body="Cheap routers at example.com")


def edit(client, post: Post, body: str):
    data = {"body": body, "title": post.thread.title} if post.is_question else {"body": body}
    # Someone else's post asks why (issue 26); the author's own edit ignores it.
    return client.post(reverse("forum:edit_post", args=[post.pk]), {**data, "reason": "clearer steps"})


def test_a_rep_or_lead_with_the_edit_privilege_cannot_edit_a_members_answer(client, staff, criticism):
    client.force_login(staff)
    response = edit(client, criticism, "Brightwave's support is wonderful, thank you!")
    assert response.status_code == 403
    assert "answer it instead" in response.content.decode()
    criticism.refresh_from_db()
    assert (criticism.body, criticism.edit_count) == (CRITICISM, 0)
    assert Revision.objects.filter(post=criticism).count() == 1
    page = client.get(criticism.thread.get_absolute_url()).content.decode()
    assert reverse("forum:edit_post", args=[criticism.pk]) not in page


def test_a_rep_or_lead_with_the_edit_privilege_cannot_edit_a_members_question(client, staff):
    thread = make_thread(author=UserFactory(), title="Why is Brightwave's billing so confusing?")
    question = thread.posts.get(is_question=True)
    client.force_login(staff)
    assert edit(client, question, "Brightwave's billing is clear and fair, I was wrong.").status_code == 403
    question.refresh_from_db()
    assert "turning it off and on" in question.body


def test_a_rep_cannot_mark_a_members_answer_official_and_then_rewrite_it(client, staff, criticism):
    client.force_login(staff)
    assert client.post(reverse("forum:mark_official", args=[criticism.pk])).status_code == 302
    criticism.refresh_from_db()
    assert criticism.is_official
    response = edit(client, criticism, "Brightwave fixed everything within the hour. Official.")
    assert response.status_code == 403
    criticism.refresh_from_db()
    assert (criticism.body, criticism.is_official) == (CRITICISM, True)


def test_a_rep_may_still_edit_another_reps_official_answer(client, staff, rep):
    thread = make_thread(author=UserFactory())
    official = forum_actions.post_answer(author=rep, thread=thread, body="Official: restart the hub.", official=True)
    client.force_login(staff)
    assert edit(client, official, "Official: restart the hub from the app, then wait.").status_code == 302
    official.refresh_from_db()
    assert (official.is_official, official.edited_by) == (True, staff)


def test_a_reps_answer_that_another_rep_marked_official_is_a_reps_official_answer(client, staff, rep):
    thread = make_thread(author=UserFactory())
    answer = make_answer(thread=thread, author=rep, body="Restart the hub from the app.")
    forum_actions.mark_official(post=answer, by=UserFactory(groups=["Reps"]))
    client.force_login(staff)
    assert edit(client, answer, "Restart the hub from the app, then wait ten minutes.").status_code == 302


def test_a_rep_may_still_edit_their_own_answers(client, staff):
    thread = make_thread(author=UserFactory())
    own = make_answer(thread=thread, author=staff, body="Try the other socket first.")
    client.force_login(staff)
    assert edit(client, own, "Try the other socket first, then restart.").status_code == 302


def test_a_customers_official_answer_is_edited_by_its_author_only(client, rep, criticism):
    forum_actions.mark_official(post=criticism, by=rep)
    criticism.refresh_from_db()
    moderator, trusted = UserFactory(groups=["Moderators"]), UserFactory()
    set_reputation(trusted, EDIT_OTHERS)
    for editor in (moderator, trusted):
        client.force_login(editor)
        assert edit(client, criticism, "Somebody else's words here now.").status_code == 403
    client.force_login(criticism.author)
    assert edit(client, criticism, CRITICISM + " Update: fixed now.").status_code == 302
    criticism.refresh_from_db()
    assert not criticism.is_official  # the author's edit takes the mark away, as before


def test_a_moderator_who_is_also_a_rep_keeps_the_moderators_edit(client, criticism):
    both = UserFactory(groups=["Reps", "Moderators"])
    client.force_login(both)
    assert edit(client, criticism, "Removed a phone number from this answer, moderator.").status_code == 302


def test_trusted_members_and_moderators_keep_their_edit(client, criticism):
    trusted = UserFactory()
    set_reputation(trusted, EDIT_OTHERS)
    for editor in (trusted, UserFactory(groups=["Moderators"])):
        client.force_login(editor)
        assert edit(client, criticism, f"{CRITICISM} Edited by {editor.username}.").status_code == 302


def test_flags_by_reps_and_leads_weigh_nothing_towards_the_automatic_hide(criticism):
    rep, lead = UserFactory(groups=["Reps"]), UserFactory(groups=["Leads"])
    for user in (rep, lead):
        set_reputation(user, forum_conf.PRIVILEGES["trusted_flagger"])
        actions.flag_post(post=criticism, flagger=user, reason=Flag.Reason.ABUSE, note="rude about us")
    assert actions.flag_weight(rep) == actions.flag_weight(lead) == 0
    criticism.refresh_from_db()
    assert not criticism.is_hidden
    assert not LogEntry.objects.exists()
    assert set(Flag.objects.values_list("status", "weight")) == {(Flag.Status.OPEN, 0)}  # moderators still see them


def test_a_member_alone_cannot_reach_the_threshold_with_a_reps_help(spam_answer):
    rep = UserFactory(groups=["Reps"])
    member = UserFactory()
    for user in (rep, member):
        set_reputation(user, forum_conf.PRIVILEGES["trusted_flagger"])
        give_a_flagging_record(user)
    actions.flag_post(post=spam_answer, flagger=rep, reason=Flag.Reason.SPAM)
    assert Flag.objects.get(post=spam_answer, flagger=rep).weight == 0
    another = UserFactory()
    set_reputation(another, 50)
    give_a_flagging_record(another)
    actions.flag_post(post=spam_answer, flagger=another, reason=Flag.Reason.SPAM)
    assert not Post.objects.get(pk=spam_answer.pk).is_hidden  # 0 + 2 < 3
    actions.flag_post(post=spam_answer, flagger=member, reason=Flag.Reason.SPAM)
    assert Post.objects.get(pk=spam_answer.pk).is_pending_review  # members' own weight: 2 + 3


def test_criticism_is_never_hidden_by_flags_whoever_flags_it(criticism):
    """The heaviest proven flaggers' spam flags, far past the threshold: the criticism stays up
    and waits for a moderator (moderation/criticism.py)."""
    for _ in range(4):
        veteran = UserFactory()
        set_reputation(veteran, forum_conf.PRIVILEGES["trusted_flagger"])
        give_a_flagging_record(veteran)
        actions.flag_post(post=criticism, flagger=veteran, reason=Flag.Reason.SPAM)
    assert not Post.objects.get(pk=criticism.pk).is_hidden
    assert not LogEntry.objects.filter(action=LogEntry.Action.AUTO_HIDE).exists()


def test_a_moderator_who_is_also_a_rep_flags_with_a_members_weight(criticism):
    both = UserFactory(groups=["Reps", "Moderators"])
    set_reputation(both, forum_conf.PRIVILEGES["trusted_flagger"])
    assert actions.flag_weight(both) == 2


def test_the_flag_form_tells_a_rep_their_flag_hides_nothing_and_a_member_nothing_of_the_sort(client, criticism):
    url = reverse("moderation:flag", args=[criticism.pk])
    for group, told in (("Reps", True), ("Leads", True), (None, False)):
        user = UserFactory(groups=[group] if group else [])
        set_reputation(user, 50)
        client.force_login(user)
        assert ('data-testid="rep-flag-note"' in client.get(url).content.decode()) is told, group
