"""Withdrawing a post and restoring it (issue 12): who may, what every reader sees after,
where the post and its thread still appear, and the reputation it moves (the ledger and the
caches agree after every step)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from forum import actions, reputation, search
from forum.conf import conf as forum_conf
from forum.models import Post, ReputationEvent, Thread
from responses.models import QueueThread
from tests.factories import UserFactory, make_answer, make_thread, set_reputation

pytestmark = pytest.mark.django_db

Reason = ReputationEvent.Reason
BODY = "Unplug the hub for a minute, then plug the grey cable in first: it syncs again."
UPVOTE = forum_conf.REPUTATION_POINTS["answer_upvoted"]
ACCEPTED = forum_conf.REPUTATION_POINTS["answer_accepted"]
OFFICIAL = forum_conf.REPUTATION_POINTS["answer_marked_official"]


@pytest.fixture
def author(db):
    return UserFactory(username="author", display_name="Alex Author")


@pytest.fixture
def asker(db):
    return UserFactory(username="asker")


@pytest.fixture
def moderator(db):
    return UserFactory(username="moderator", groups=["Moderators"])


@pytest.fixture
def voter(db):
    user = UserFactory(username="voter")
    set_reputation(user, 1000)
    return user


@pytest.fixture
def thread(asker):
    return make_thread(author=asker, title="My hub drops the line every evening", tags=["wifi"])


@pytest.fixture
def answer(thread, author, voter):
    """An answer that earned its author one upvote."""
    post = make_answer(thread=thread, author=author, body=BODY)
    actions.cast_vote(voter=voter, post=post, value=1)
    return Post.objects.select_related("thread").get(pk=post.pk)


def reputation_of(user) -> int:
    user.refresh_from_db()
    return user.reputation


def fresh(post: Post) -> Post:
    return Post.objects.select_related("thread").get(pk=post.pk)


def read_as(client, user, url: str) -> str:
    client.logout()
    if user is not None:
        client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_an_author_withdraws_their_answer_from_its_place(client, answer, author):
    client.force_login(author)
    response = client.post(reverse("forum:withdraw", args=[answer.pk]))
    assert response.status_code == 302
    assert response["Location"] == answer.get_absolute_url()
    answer = fresh(answer)
    assert answer.withdrawn_at is not None
    assert answer.withdrawn_by == author
    assert not Post.objects.visible().filter(pk=answer.pk).exists()


@pytest.mark.parametrize("reader", ["anonymous", "member", "rep"])
def test_everyone_but_the_author_and_the_moderators_sees_the_tombstone_of_a_withdrawn_post(
    client, answer, author, reader
):
    actions.withdraw_post(post=answer, by=author)
    user = {"anonymous": None, "member": UserFactory(), "rep": UserFactory(groups=["Reps"])}[reader]
    html = read_as(client, user, answer.thread.get_absolute_url())
    assert "Withdrawn by its author." in html
    assert BODY not in html
    assert f'data-testid="restore-{answer.pk}"' not in html


def test_the_author_reads_their_withdrawn_post_and_can_restore_it(client, answer, author):
    actions.withdraw_post(post=answer, by=author)
    html = read_as(client, author, answer.thread.get_absolute_url())
    assert BODY in html
    assert "You withdrew this post" in html
    assert "you can restore it until" in html
    assert f'data-testid="restore-{answer.pk}"' in html
    assert f'data-testid="withdraw-{answer.pk}"' not in html


def test_a_moderator_reads_a_withdrawn_post_behind_its_note(client, answer, author, moderator):
    actions.withdraw_post(post=answer, by=author)
    html = read_as(client, moderator, answer.thread.get_absolute_url())
    assert BODY in html
    assert "Withdrawn by its author" in html
    assert f'data-testid="restore-{answer.pk}"' not in html


def test_withdrawing_takes_back_what_the_post_earned_and_restoring_gives_exactly_it_back(client, answer, author):
    assert reputation_of(author) == 1 + UPVOTE
    client.force_login(author)
    client.post(reverse("forum:withdraw", args=[answer.pk]))
    assert reputation_of(author) == 1
    assert reputation.rebuild_all() == []
    client.post(reverse("forum:restore_withdrawn", args=[answer.pk]))
    assert reputation_of(author) == 1 + UPVOTE
    assert fresh(answer).is_visible
    assert reputation.rebuild_all() == []
    rows = ReputationEvent.objects.filter(post=answer, reason=Reason.POST_WITHDRAWN)
    assert sorted(rows.values_list("delta", flat=True)) == [-UPVOTE, UPVOTE]


def test_withdrawing_twice_takes_back_once(answer, author):
    assert actions.withdraw_post(post=answer, by=author)
    assert not actions.withdraw_post(post=answer, by=author)
    assert reputation_of(author) == 1
    assert ReputationEvent.objects.filter(post=answer, reason=Reason.POST_WITHDRAWN).count() == 1


def test_withdrawing_the_accepted_answer_takes_the_accept_back_once_and_unsolves_the_thread(
    client, answer, author, asker
):
    actions.accept_answer(post=answer, by=asker)
    assert reputation_of(author) == 1 + UPVOTE + ACCEPTED
    assert reputation_of(asker) == 1 + forum_conf.REPUTATION_POINTS["accepted_an_answer"]
    actions.withdraw_post(post=answer, by=author)
    thread = Thread.objects.get(pk=answer.thread_id)
    assert thread.accepted_post_id is None
    assert thread.status == Thread.Status.ANSWERED
    assert reputation_of(author) == 1
    assert reputation_of(asker) == 1
    # The accept went through unaccept (its own reversal); the withdrawal took only the vote.
    withdrawn = ReputationEvent.objects.get(post=answer, reason=Reason.POST_WITHDRAWN)
    assert withdrawn.delta == -UPVOTE
    assert reputation.rebuild_all() == []
    # Restoring gives back what the withdrawal took, not the accept: the asker accepts again.
    actions.restore_withdrawn_post(post=answer, by=author)
    assert reputation_of(author) == 1 + UPVOTE
    assert Thread.objects.get(pk=answer.thread_id).accepted_post_id is None
    assert reputation.rebuild_all() == []


def test_withdrawing_an_official_answer_takes_the_mark_off_and_the_thread_waits_for_one_again(client, answer, author):
    rep = UserFactory(groups=["Reps"])
    actions.mark_official(post=answer, by=rep)
    assert Thread.objects.get(pk=answer.thread_id).response_state.first_official_at is not None
    actions.withdraw_post(post=answer, by=author)
    answer, thread = fresh(answer), Thread.objects.get(pk=answer.thread_id)
    assert not answer.is_official
    assert thread.response_state.first_official_at is None
    assert not Thread.objects.for_list().get(pk=thread.pk).has_official_answer
    assert reputation_of(author) == 1
    assert reputation.rebuild_all() == []
    actions.restore_withdrawn_post(post=answer, by=author)
    assert reputation_of(author) == 1 + UPVOTE  # the vote, not the mark: a rep marks it again
    assert not fresh(answer).is_official
    assert reputation.rebuild_all() == []


def test_a_question_with_answers_cannot_be_withdrawn_but_can_be_edited(client, answer, asker):
    question = answer.thread.posts.get(is_question=True)
    client.force_login(asker)
    response = client.post(reverse("forum:withdraw", args=[question.pk]))
    assert response.status_code == 403
    assert "work hangs on it" in response.content.decode()
    assert fresh(question).withdrawn_at is None
    response = client.post(
        reverse("forum:edit_post", args=[question.pk]),
        {"title": answer.thread.title, "body": "I tried turning it off and on, and the cable too."},
    )
    assert response.status_code == 302
    assert fresh(question).edit_count == 1


def test_a_withdrawn_answer_no_longer_keeps_its_question_from_being_withdrawn(answer, author, asker):
    actions.withdraw_post(post=answer, by=author)
    question = answer.thread.posts.get(is_question=True)
    question.thread = answer.thread
    from forum import permissions

    assert permissions.can_withdraw(asker, question)
    actions.withdraw_post(post=question, by=asker)
    # ...and the answer cannot come back under a withdrawn question.
    assert "restore that first" in permissions.refusal(permissions.check_can_restore_withdrawn, author, fresh(answer))


@pytest.fixture
def lone_question(asker):
    thread = make_thread(author=asker, title="Zebrafinch router blinks amber all night", tags=["wifi"])
    return thread.posts.get(is_question=True)


def test_a_withdrawn_question_leaves_the_lists_the_tag_search_and_the_profile(client, lone_question, asker):
    thread = lone_question.thread
    client.force_login(asker)
    assert client.post(reverse("forum:withdraw", args=[lone_question.pk])).status_code == 302
    assert Thread.objects.get(pk=thread.pk).withdrawn_at is not None
    for url in (
        reverse("forum:home"),
        f"{reverse('forum:home')}?tab=unanswered",
        reverse("forum:tag", args=["wifi"]),
        f"{reverse('forum:search')}?q=zebrafinch",
        asker.get_absolute_url(),
    ):
        for user in (None, UserFactory(), asker):
            assert thread.get_absolute_url() not in read_as(client, user, url), url
    assert len(search.search_threads("zebrafinch")) == 0
    assert not Thread.objects.similar_to("Zebrafinch router blinks").exists()


def test_a_withdrawn_question_leaves_the_response_time_engine(lone_question, asker):
    actions.withdraw_post(post=lone_question, by=asker)
    thread = Thread.objects.get(pk=lone_question.thread_id)
    assert not thread.is_open
    assert thread.clock.since is None
    assert not QueueThread.objects.awaiting_first_response().filter(pk=thread.pk).exists()
    from responses.jobs import mark_overdue_threads

    assert thread.pk not in mark_overdue_threads(now=timezone.now() + timedelta(days=2))


def test_the_page_of_a_withdrawn_question_shows_its_tombstone_and_takes_no_answers(
    client, lone_question, asker, moderator
):
    actions.withdraw_post(post=lone_question, by=asker)
    url = lone_question.thread.get_absolute_url()
    for user in (None, UserFactory()):
        html = read_as(client, user, url)
        assert "A withdrawn question" in html
        assert "Zebrafinch" not in html
        assert "Withdrawn by its author." in html
    for user in (asker, moderator):
        assert "Zebrafinch router blinks amber" in read_as(client, user, url)
    client.force_login(UserFactory())
    response = client.post(reverse("forum:answer", args=[lone_question.thread_id]), {"body": "Have you tried it?"})
    assert response.status_code == 403
    assert "withdrew this question" in response.content.decode()


def test_restoring_a_question_brings_its_thread_back(lone_question, asker):
    actions.withdraw_post(post=lone_question, by=asker)
    actions.restore_withdrawn_post(post=lone_question, by=asker)
    assert Thread.objects.for_list().filter(pk=lone_question.thread_id).exists()
    assert QueueThread.objects.awaiting_first_response().filter(pk=lone_question.thread_id).exists()


@pytest.mark.parametrize("who", ["member", "moderator", "rep"])
def test_only_the_author_withdraws_a_post(client, answer, moderator, who):
    user = {"member": UserFactory(), "moderator": moderator, "rep": UserFactory(groups=["Reps"])}[who]
    client.force_login(user)
    response = client.post(reverse("forum:withdraw", args=[answer.pk]))
    assert response.status_code == 403
    assert "Only its author" in response.content.decode()
    assert fresh(answer).withdrawn_at is None


@pytest.mark.parametrize("who", ["member", "moderator"])
def test_only_the_author_restores_a_withdrawn_post(client, answer, author, moderator, who):
    actions.withdraw_post(post=answer, by=author)
    client.force_login({"member": UserFactory(), "moderator": moderator}[who])
    assert client.post(reverse("forum:restore_withdrawn", args=[answer.pk])).status_code == 403
    assert fresh(answer).withdrawn_at is not None


def test_anonymous_visitors_are_sent_to_log_in_and_withdraw_nothing(client, answer):
    for name in ("forum:withdraw", "forum:restore_withdrawn"):
        response = client.post(reverse(name, args=[answer.pk]))
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]
    assert fresh(answer).withdrawn_at is None


def test_withdrawing_and_restoring_take_no_get(client, answer, author):
    client.force_login(author)
    for name in ("forum:withdraw", "forum:restore_withdrawn"):
        assert client.get(reverse(name, args=[answer.pk])).status_code == 405


def test_a_withdrawn_post_can_be_restored_for_30_days_and_not_after(client, answer, author):
    assert forum_conf.WITHDRAWAL_RESTORE_WINDOW.days == 30
    now = timezone.now()
    actions.withdraw_post(post=answer, by=author, now=now - timedelta(days=30, minutes=1))
    client.force_login(author)
    response = client.post(reverse("forum:restore_withdrawn", args=[answer.pk]))
    assert response.status_code == 403
    assert "can be restored for 30 days" in response.content.decode()
    assert fresh(answer).withdrawn_at is not None
    assert reputation_of(author) == 1
    assert f'data-testid="restore-{answer.pk}"' not in read_as(client, author, answer.thread.get_absolute_url())


def test_a_withdrawn_post_can_be_restored_just_inside_its_window(client, answer, author):
    actions.withdraw_post(post=answer, by=author, now=timezone.now() - timedelta(days=29, hours=23))
    client.force_login(author)
    assert client.post(reverse("forum:restore_withdrawn", args=[answer.pk])).status_code == 302
    assert fresh(answer).withdrawn_at is None


def test_the_restore_window_is_a_setting(client, answer, author, settings):
    settings.WITHDRAWAL_RESTORE_WINDOW = timedelta(days=7)
    actions.withdraw_post(post=answer, by=author, now=timezone.now() - timedelta(days=8))
    client.force_login(author)
    response = client.post(reverse("forum:restore_withdrawn", args=[answer.pk]))
    assert response.status_code == 403
    assert "for 7 days" in response.content.decode()


def test_nobody_votes_on_a_withdrawn_post_not_even_to_undo_a_vote(client, answer, author, voter):
    actions.withdraw_post(post=answer, by=author)
    client.force_login(voter)
    for value in ("none", "up", "down"):
        response = client.post(reverse("forum:vote", args=[answer.pk]), {"value": value})
        assert response.status_code == 403, value
    assert reputation_of(author) == 1
    assert reputation.rebuild_all() == []


def test_a_withdrawn_answer_takes_no_accept_nor_official_mark(client, answer, author, asker):
    actions.withdraw_post(post=answer, by=author)
    client.force_login(asker)
    assert client.post(reverse("forum:accept", args=[answer.pk])).status_code == 403
    client.force_login(UserFactory(groups=["Reps"]))
    assert client.post(reverse("forum:mark_official", args=[answer.pk])).status_code == 403
    answer = fresh(answer)
    assert answer.thread.accepted_post_id is None
    assert not answer.is_official


def test_a_post_a_moderator_hid_cannot_be_withdrawn(client, answer, author, moderator):
    from moderation import actions as moderation

    moderation.hide_post(post=answer, by=moderator, rule="off_topic")
    client.force_login(author)
    response = client.post(reverse("forum:withdraw", args=[answer.pk]))
    assert response.status_code == 403
    assert "A moderator hid this post" in response.content.decode()


def test_a_withdrawn_post_hidden_as_spam_and_restored_by_both_keeps_the_ledger_true(answer, author, moderator):
    from moderation import actions as moderation

    actions.withdraw_post(post=answer, by=author)
    moderation.hide_post(post=answer, by=moderator, rule="spam")
    assert reputation_of(author) == 1  # nothing left to take back; the floor holds the penalty
    assert reputation.rebuild_all() == []
    moderation.restore_post(post=answer, by=moderator, reason="Not spam after all")
    actions.restore_withdrawn_post(post=answer, by=author)
    assert reputation_of(author) == 1 + UPVOTE
    assert reputation.rebuild_all() == []


def test_other_members_with_the_privilege_do_not_edit_a_withdrawn_post(client, answer, author):
    actions.withdraw_post(post=answer, by=author)
    trusted = UserFactory()
    set_reputation(trusted, forum_conf.PRIVILEGES["edit_others"])
    client.force_login(trusted)
    assert client.get(reverse("forum:edit_post", args=[answer.pk])).status_code == 403


def test_the_revisions_of_a_withdrawn_post_are_for_those_who_may_read_it(client, answer, author, moderator):
    actions.edit_post(post=answer, editor=author, body=BODY + " And wait a minute.")
    actions.withdraw_post(post=answer, by=author)
    url = reverse("forum:revisions", args=[answer.pk])
    assert client.get(url).status_code == 403
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403
    for user in (author, moderator):
        assert BODY in read_as(client, user, url)


def test_withdrawn_posts_leave_search(answer, author, thread):
    actions.edit_post(post=answer, editor=author, body="The quokkaglass filter fixed it for me.")
    assert [found.pk for found in search.search_threads("quokkaglass")] == [thread.pk]
    actions.withdraw_post(post=answer, by=author)
    assert len(search.search_threads("quokkaglass")) == 0
    actions.restore_withdrawn_post(post=answer, by=author)
    assert [found.pk for found in search.search_threads("quokkaglass")] == [thread.pk]


def test_a_thread_page_with_withdrawn_answers_runs_the_same_queries_for_2_and_8(
    client, thread, asker, settings, django_assert_num_queries
):
    settings.PAGE_CACHE = False  # the render's own queries, each time (config/pagecache.py)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def add_withdrawn(count: int) -> None:
        for index in range(count):
            post = make_answer(thread=thread, author=UserFactory(), body=f"A withdrawn answer number {index}.")
            actions.withdraw_post(post=post, by=post.author)

    client.force_login(asker)
    add_withdrawn(2)
    client.get(thread.get_absolute_url())  # the view is counted once; measure the pages after it
    with CaptureQueriesContext(connection) as context:
        client.get(thread.get_absolute_url())
    add_withdrawn(6)
    with django_assert_num_queries(len(context.captured_queries)):
        client.get(thread.get_absolute_url())
