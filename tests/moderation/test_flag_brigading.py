"""Flag brigading (issue 24). Four fresh accounts signed up together and three lifted
themselves to 16 reputation by accepting each other's answers within seconds; their flags
hid the pinned outage announcement, a rep's official answer and a customer's complaint, and
one trusted member with five upheld flags did it alone.

Now reputation unlocks flags only when other members gave it: not accounts that joined
within FLAG_PEER_WINDOW of the flagger's, from at least FLAG_MIN_DISTINCT_MEMBERS members,
on an account at least FLAG_MIN_ACCOUNT_AGE old. And whatever the weight, announcements and
official answers are never hidden by members' flags: they wait for a moderator."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from announcements import actions as announcement_actions
from forum import actions as forum_actions
from forum.conf import conf as forum_conf
from forum.models import Post
from moderation import actions, permissions, querysets
from moderation.conf import conf as moderation_conf
from moderation.models import Flag, LogEntry
from tests.factories import UserFactory, give_a_flagging_record, make_answer, make_thread, set_reputation

pytestmark = pytest.mark.django_db

COMPLAINT = "Three weeks without a working line and Brightwave support never calls back. Shameful."


def signed_up(username: str, *, days_ago: float = 0) -> User:
    return UserFactory(username=username, date_joined=timezone.now() - timedelta(days=days_ago))


def farm(accounts: list[User], *, at) -> None:
    """Each account asks, the next answers, and the asker accepts: 16 reputation each."""
    for index, asker in enumerate(accounts):
        helper = accounts[(index + 1) % len(accounts)]
        thread = make_thread(author=asker, title=f"Farming question number {index} from the brigade", now=at)
        answer = make_answer(thread=thread, author=helper, body="Restart it, that is all there is to it.", now=at)
        forum_actions.accept_answer(post=answer, by=asker, now=at)


@pytest.fixture
def targets(rep):
    customer = UserFactory(username="customer")
    announcement = announcement_actions.post_announcement(
        author=rep,
        title="Broadband outage in the north region",
        body="Some hubs in the north region are offline; engineers are on site.",
        tags=["outage"],
        pinned_until=timezone.now() + timedelta(days=1),
    )
    question = make_thread(author=customer, title="My Brightwave line has been dead for three weeks")
    official = forum_actions.post_answer(
        author=rep, thread=question, body="Official: an engineer visits you on Monday morning.", official=True
    )
    endorsed = make_answer(thread=question, author=UserFactory(), body="Ask for the line test, it fixed mine.")
    forum_actions.mark_official(post=endorsed, by=rep)
    complaint = make_answer(thread=question, author=UserFactory(username="critic"), body=COMPLAINT)
    return {
        "announcement": Post.objects.get(thread=announcement, is_question=True),
        "official answer": official,
        "endorsed answer": Post.objects.get(pk=endorsed.pk),
        "complaint": complaint,
    }


@pytest.fixture
def brigade(db) -> list[User]:
    """Four accounts made within a minute; three farm each other's accepts in 23 seconds."""
    accounts = [signed_up(f"brigade{index}") for index in range(4)]
    farm(accounts[:3], at=timezone.now())
    return [User.objects.get(pk=account.pk) for account in accounts]


def test_the_brigade_farmed_the_reputation_that_used_to_unlock_flags(brigade):
    assert [account.reputation >= forum_conf.PRIVILEGES["flag"] for account in brigade] == [True, True, True, False]


def test_fresh_accounts_that_accepted_each_others_answers_cannot_flag(client, brigade, targets):
    for account in brigade[:3]:
        for name, post in targets.items():
            assert not permissions.can_flag(account, post), (account, name)
        client.force_login(account)
        response = client.post(reverse("moderation:flag", args=[targets["complaint"].pk]), {"reason": "abuse"})
        assert response.status_code == 403
        assert "Your account is too new to flag posts" in response.content.decode()
    assert not Flag.objects.exists()


def test_waiting_does_not_help_accounts_that_only_earned_from_each_other(brigade, targets):
    User.objects.filter(pk__in=[account.pk for account in brigade]).update(
        date_joined=timezone.now() - timedelta(days=30)
    )
    for account in User.objects.filter(pk__in=[account.pk for account in brigade[:3]]):
        assert account.reputation >= forum_conf.PRIVILEGES["flag"]
        refusal = permissions.refusal(permissions.check_can_flag, account, targets["complaint"])
        assert "from at least 2 members who did not join when you did" in refusal, refusal


def test_their_flags_weigh_nothing_even_when_made_without_the_page(brigade, targets):
    for account in brigade[:3]:
        flag = actions.flag_post(post=targets["complaint"], flagger=account, reason=Flag.Reason.ABUSE)
        assert flag.weight == 0
    assert not Post.objects.get(pk=targets["complaint"].pk).is_hidden


def test_an_honest_member_earns_the_privilege_from_two_established_members(client, targets):
    newcomer = signed_up("newcomer", days_ago=moderation_conf.FLAG_MIN_ACCOUNT_AGE.days + 1)
    for index, regular in enumerate([signed_up("regular1", days_ago=300), signed_up("regular2", days_ago=200)]):
        thread = make_thread(author=regular, title=f"A real question number {index} about my hub")
        answer = make_answer(thread=thread, author=newcomer, body="Update the firmware from the app first.")
        if index:
            forum_actions.accept_answer(post=answer, by=regular)  # +15
        else:
            forum_actions.cast_vote(voter=set_up_voter(regular), post=answer, value=1)  # +10
    newcomer.refresh_from_db()
    assert newcomer.reputation == 26
    assert permissions.can_flag(newcomer, targets["complaint"])
    client.force_login(newcomer)
    response = client.post(reverse("moderation:flag", args=[targets["complaint"].pk]), {"reason": "abuse"})
    assert response.status_code == 302
    assert Flag.objects.get().weight == 1


def set_up_voter(user: User) -> User:
    set_reputation(user, forum_conf.PRIVILEGES["vote_up"])
    return user


def test_reputation_from_a_single_member_is_not_enough(targets):
    newcomer = signed_up("newcomer", days_ago=10)
    patron = signed_up("patron", days_ago=300)
    set_reputation(patron, 200)
    thread = make_thread(author=patron, title="A real question about the router app")
    answer = make_answer(thread=thread, author=newcomer, body="Clear the app's cache and sign in again.")
    forum_actions.cast_vote(voter=patron, post=answer, value=1)
    forum_actions.accept_answer(post=answer, by=patron)
    newcomer.refresh_from_db()
    assert newcomer.reputation == 26
    assert not permissions.can_flag(newcomer, targets["complaint"])


def test_a_new_account_waits_however_it_earned(targets):
    newcomer = signed_up("newcomer", days_ago=1)
    set_reputation(newcomer, 50)
    refusal = permissions.refusal(permissions.check_can_flag, newcomer, targets["complaint"])
    assert refusal.startswith("Your account is too new to flag posts")


def test_the_trusted_weight_also_counts_only_what_other_members_gave(db):
    member = signed_up("member", days_ago=40)
    set_reputation(member, 100)
    peers = [signed_up(f"peer{index}", days_ago=40) for index in range(3)]
    for index, peer in enumerate(peers):  # 30 answers accepted by accounts made with it: +450
        for round_ in range(10):
            thread = make_thread(author=peer, title=f"Peer question {index}-{round_} for the member")
            answer = make_answer(thread=thread, author=member, body="Restart it, that is all there is to it.")
            forum_actions.accept_answer(post=answer, by=peer)
    member.refresh_from_db()
    assert member.reputation >= forum_conf.PRIVILEGES["trusted_flagger"]
    assert actions.flag_weight(member) == 1


def trusted_flaggers(count: int) -> list[User]:
    """Trusted members with a record of upheld flags: the heaviest flags there are, whose spam
    flags count towards an automatic hide."""
    flaggers = []
    for _ in range(count):
        flagger = UserFactory()
        set_reputation(flagger, forum_conf.PRIVILEGES["trusted_flagger"])
        give_a_flagging_record(flagger)
        flaggers.append(flagger)
    return flaggers


@pytest.mark.parametrize("target", ["announcement", "official answer", "endorsed answer"])
def test_announcements_and_official_answers_are_never_hidden_by_flags_they_wait_for_a_moderator(targets, target):
    post = targets[target]
    for flagger in trusted_flaggers(3):  # weight 6, twice the threshold
        actions.flag_post(post=post, flagger=flagger, reason=Flag.Reason.SPAM)
    assert not Post.objects.get(pk=post.pk).is_hidden
    assert not LogEntry.objects.filter(action=LogEntry.Action.AUTO_HIDE).exists()
    assert list(querysets.flagged_posts().values_list("pk", flat=True)) == [post.pk]


def test_the_same_flags_still_hide_an_ordinary_spam_answer(targets):
    spam = make_answer(thread=targets["complaint"].thread, author=UserFactory(), body="Cheap routers at example.com")
    for flagger in trusted_flaggers(2):
        actions.flag_post(post=spam, flagger=flagger, reason=Flag.Reason.SPAM)
    assert Post.objects.get(pk=spam.pk).is_hidden


@pytest.mark.parametrize("target", ["announcement", "official answer"])
def test_one_trusted_member_with_five_upheld_flags_cannot_hide_the_companys_words_alone(targets, target):
    veteran = trusted_flaggers(1)[0]
    upheld_on = make_answer(thread=targets["complaint"].thread, author=UserFactory(), body="Old spam, long gone.")
    for _ in range(5):
        Flag.objects.create(post=upheld_on, flagger=veteran, reason="spam", weight=1, status=Flag.Status.UPHELD)
    assert actions.flag_weight(veteran) == moderation_conf.FLAG_HIDE_WEIGHT
    actions.flag_post(post=targets[target], flagger=veteran, reason=Flag.Reason.ABUSE)
    assert not Post.objects.get(pk=targets[target].pk).is_hidden


def test_a_thread_page_asks_a_flaggers_standing_once_however_many_posts(client, settings, django_assert_num_queries):
    settings.PAGE_CACHE = False
    flagger = UserFactory()
    set_reputation(flagger, 50)

    def thread_with(count: int):
        thread = make_thread(author=UserFactory(), title=f"A thread with {count} answers to flag")
        for index in range(count):
            make_answer(thread=thread, author=UserFactory(), body=f"Answer {index}: restart the hub twice.")
        return thread

    small, large = thread_with(3), thread_with(30)
    client.force_login(flagger)
    with CaptureQueriesContext(connection) as few:
        assert client.get(small.get_absolute_url()).content.decode().count('class="post__flag"') == 4
    ledger_reads = [query for query in few.captured_queries if "forum_reputationevent" in query["sql"]]
    assert len(ledger_reads) == 2  # the standing: its sums and its members, once
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get(large.get_absolute_url()).content.decode().count('class="post__flag"') == 31
