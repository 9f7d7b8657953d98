"""Every row of the design's reputation table, the daily cap, the floor, reversal, and the
ledger agreeing with the caches."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.db.models import Sum

from forum import actions, permissions, reputation
from forum.conf import conf as forum_conf
from forum.models import ReputationEvent, TagReputation
from moderation.models import SuspiciousVoting
from tests.factories import UserFactory, make_answer, make_thread, set_reputation

pytestmark = pytest.mark.django_db
POINTS = forum_conf.REPUTATION_POINTS


def reputation_of(user) -> int:
    user.refresh_from_db()
    return user.reputation


def assert_caches_match_ledger(*users) -> None:
    for user in users:
        ledger = ReputationEvent.objects.filter(user=user).aggregate(total=Sum("delta"))["total"] or 0
        assert reputation_of(user) == 1 + ledger
    assert reputation.rebuild_all() == []


def test_an_upvoted_question_earns_its_asker_5(question, asker, voter):
    actions.cast_vote(voter=voter, post=question, value=1)
    assert reputation_of(asker) == 1 + POINTS["question_upvoted"] == 6


def test_an_upvoted_answer_earns_its_author_10(answer, answerer, voter):
    actions.cast_vote(voter=voter, post=answer, value=1)
    assert reputation_of(answerer) == 1 + POINTS["answer_upvoted"] == 11


def test_a_downvoted_post_costs_its_author_2_and_a_downvoted_answer_costs_the_voter_1(answer, answerer, voter):
    set_reputation(answerer, 50)
    actions.cast_vote(voter=voter, post=answer, value=-1)
    assert reputation_of(answerer) == 50 + POINTS["post_downvoted"] == 48
    assert reputation_of(voter) == 1000 + POINTS["downvote_given"] == 999


def test_downvoting_a_question_costs_the_voter_nothing(question, asker, voter):
    set_reputation(asker, 50)
    actions.cast_vote(voter=voter, post=question, value=-1)
    assert reputation_of(asker) == 48
    assert reputation_of(voter) == 1000


def test_an_accepted_answer_earns_its_author_15_and_the_accepter_2(answer, answerer, asker, thread):
    actions.accept_answer(post=answer, by=asker)
    assert reputation_of(answerer) == 1 + POINTS["answer_accepted"] == 16
    assert reputation_of(asker) == 1 + POINTS["accepted_an_answer"] == 3
    thread.refresh_from_db()
    assert thread.accepted_post_id == answer.pk
    assert thread.status == "solved"


def test_accepting_your_own_answer_earns_nothing(thread, asker):
    own = make_answer(thread=thread, author=asker)
    actions.accept_answer(post=own, by=asker)
    assert reputation_of(asker) == 1
    assert not ReputationEvent.objects.filter(user=asker).exists()


def test_accepting_the_same_answer_twice_awards_reputation_once(answer, answerer, asker):
    actions.accept_answer(post=answer, by=asker)
    actions.accept_answer(post=answer, by=asker)
    assert reputation_of(answerer) == 16
    assert ReputationEvent.objects.filter(reason="answer_accepted").count() == 1


def test_moving_the_accept_to_another_answer_moves_the_reputation(thread, answer, answerer, asker):
    other_author = UserFactory()
    other = make_answer(thread=thread, author=other_author, body="Another fix: update the firmware first.")
    actions.accept_answer(post=answer, by=asker)
    actions.accept_answer(post=other, by=asker)
    assert reputation_of(answerer) == 1
    assert reputation_of(other_author) == 16
    assert reputation_of(asker) == 3  # +2 once for the accept that stands
    assert_caches_match_ledger(answerer, other_author, asker)


def test_unaccepting_reverses_both_awards(thread, answer, answerer, asker):
    actions.accept_answer(post=answer, by=asker)
    actions.unaccept_answer(thread=thread, by=asker)
    assert (reputation_of(answerer), reputation_of(asker)) == (1, 1)
    thread.refresh_from_db()
    assert thread.accepted_post_id is None
    assert thread.status == "answered"


def test_a_rep_marking_an_answer_official_is_worth_10_in_the_ledger_rules():
    # The official mark itself arrives with the response-time engine; its points are set now.
    assert POINTS["answer_marked_official"] == 10
    assert POINTS["post_hidden"] == -100


@pytest.mark.parametrize(("first", "second"), [(1, 0), (-1, 0), (1, -1), (-1, 1)])
def test_undoing_or_changing_a_vote_reverses_what_the_old_one_moved(answer, answerer, voter, first, second):
    set_reputation(answerer, 100)
    actions.cast_vote(voter=voter, post=answer, value=first)
    actions.cast_vote(voter=voter, post=answer, value=second)
    expected_author = 100 + {1: 10, -1: -2, 0: 0}[second]
    expected_voter = 1000 + (-1 if second == -1 else 0)
    assert reputation_of(answerer) == expected_author
    assert reputation_of(voter) == expected_voter
    answer.refresh_from_db()
    assert answer.score == second


def test_the_same_vote_twice_is_a_no_op(answer, answerer, voter):
    actions.cast_vote(voter=voter, post=answer, value=1)
    events = ReputationEvent.objects.count()
    actions.cast_vote(voter=voter, post=answer, value=1)
    assert ReputationEvent.objects.count() == events
    answer.refresh_from_db()
    assert answer.score == 1


def test_vote_gains_stop_at_the_daily_cap(answerer, asker, make_voters, settings):
    settings.REPUTATION_SUSPICIOUS_VOTES = 1000  # this test is about the cap, not the pattern
    thread = make_thread(author=asker)
    answers = [
        make_answer(thread=thread, author=answerer, body=f"Answer number {index} with enough words.")
        for index in range(3)
    ]
    voters = make_voters(8)
    for voter in voters:  # 8 voters x 3 answers x 10 = 240 wanted
        for post in answers:
            actions.cast_vote(voter=voter, post=post, value=1)
    assert reputation_of(answerer) == 1 + forum_conf.REPUTATION_DAILY_VOTE_CAP
    # Accepts are not votes: they still count above the cap.
    actions.accept_answer(post=answers[0], by=asker)
    assert reputation_of(answerer) == 1 + forum_conf.REPUTATION_DAILY_VOTE_CAP + 15
    assert_caches_match_ledger(answerer)


def test_undoing_a_vote_that_the_cap_swallowed_takes_back_nothing(answerer, asker, make_voters, settings):
    settings.REPUTATION_DAILY_VOTE_CAP = 10
    thread = make_thread(author=asker)
    answer = make_answer(thread=thread, author=answerer)
    first, second = make_voters(2)
    actions.cast_vote(voter=first, post=answer, value=1)
    actions.cast_vote(voter=second, post=answer, value=1)  # capped: earns 0
    actions.cast_vote(voter=second, post=answer, value=0)
    assert reputation_of(answerer) == 11


def test_reputation_never_falls_below_one(answer, answerer, make_voters):
    for voter in make_voters(3):
        actions.cast_vote(voter=voter, post=answer, value=-1)
    assert reputation_of(answerer) == 1
    assert_caches_match_ledger(answerer)


def test_reversing_a_downvote_taken_at_the_floor_gives_back_only_what_was_taken(answer, answerer, voter):
    set_reputation(answerer, 2)
    actions.cast_vote(voter=voter, post=answer, value=-1)  # wanted -2, took -1
    actions.cast_vote(voter=voter, post=answer, value=0)
    assert reputation_of(answerer) == 2


def test_tag_reputation_moves_with_the_total(answer, answerer, voter):
    actions.cast_vote(voter=voter, post=answer, value=1)
    per_tag = dict(TagReputation.objects.filter(user=answerer).values_list("tag__name", "reputation"))
    assert per_tag == {"wifi": 10, "router": 10}


def test_nobody_can_vote_on_their_own_post(answer, answerer):
    set_reputation(answerer, 1000)
    with pytest.raises(PermissionDenied, match="your own post"):
        permissions.check_can_vote(answerer, answer, 1)
    with pytest.raises(ValueError, match="self-votes"):
        actions.cast_vote(voter=answerer, post=answer, value=1)


@pytest.mark.parametrize(
    ("reputation_now", "value", "message"),
    [(14, 1, "You need 15 reputation to vote up"), (124, -1, "You need 125 reputation to vote down")],
)
def test_voting_needs_reputation(answer, reputation_now, value, message):
    newcomer = UserFactory()
    set_reputation(newcomer, reputation_now)
    with pytest.raises(PermissionDenied, match=message):
        permissions.check_can_vote(newcomer, answer, value)
    set_reputation(newcomer, reputation_now + 1)
    permissions.check_can_vote(newcomer, answer, value)


def test_editing_someone_elses_post_needs_2000_reputation(answer):
    editor = UserFactory()
    set_reputation(editor, 1999)
    with pytest.raises(PermissionDenied, match="You need 2000 reputation"):
        permissions.check_can_edit(editor, answer)
    set_reputation(editor, 2000)
    permissions.check_can_edit(editor, answer)


def test_a_refused_vote_says_why_and_changes_nothing(client, answer, answerer):
    newcomer = UserFactory()
    client.force_login(newcomer)
    response = client.post(f"/p/{answer.pk}/vote/", {"value": "up"})
    assert response.status_code == 403
    assert "You need 15 reputation to vote up" in response.content.decode()
    assert reputation_of(answerer) == 1


def test_more_than_five_votes_from_one_voter_to_one_author_in_a_day_is_flagged(answerer, asker, voter):
    thread = make_thread(author=asker)
    posts = [make_answer(thread=thread, author=answerer, body=f"Fix number {n}, try this.") for n in range(6)]
    for post in posts[:5]:
        actions.cast_vote(voter=voter, post=post, value=1)
    assert not SuspiciousVoting.objects.exists()
    actions.cast_vote(voter=voter, post=posts[5], value=1)
    case = SuspiciousVoting.objects.get()
    assert (case.voter, case.author, case.vote_count) == (voter, answerer, 6)


def test_rebuild_reputation_agrees_with_the_caches_and_repairs_drift(answer, answerer, voter, asker, capsys):
    actions.cast_vote(voter=voter, post=answer, value=1)
    actions.accept_answer(post=answer, by=asker)
    call_command("rebuild_reputation")
    assert "all caches agree" in capsys.readouterr().out

    type(answerer).objects.filter(pk=answerer.pk).update(reputation=999)  # drift
    TagReputation.objects.filter(user=answerer).update(reputation=0)
    call_command("rebuild_reputation")
    out = capsys.readouterr().out
    assert f"{answerer.username}: cached 999, ledger 26" in out
    assert reputation_of(answerer) == 26
    assert dict(TagReputation.objects.filter(user=answerer).values_list("tag__name", "reputation")) == {
        "wifi": 25,
        "router": 25,
    }
