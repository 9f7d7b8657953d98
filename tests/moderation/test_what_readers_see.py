"""Every moderation action (issue 10): its log entry, its reputation effect, and what
anonymous visitors, the member concerned, other members, reps and moderators see after it.
(Hiding as personal data, restoring, locking and suspending are in test_pages_and_permissions.)"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from forum import actions as forum_actions
from forum import reputation
from forum.models import Notification, Post, Vote
from moderation import actions
from moderation.models import FirstLook, Flag, LogEntry, ReviewRequest, SuspiciousVoting
from tests.factories import UserFactory, give_a_flagging_record, make_answer, make_thread, set_reputation

pytestmark = pytest.mark.django_db

READERS = ["anonymous", "author", "member", "rep", "moderator"]
BODY = "Unplug the hub for a minute, then plug in the grey cable first."


@pytest.fixture
def author(db):
    return UserFactory(username="author", display_name="Alex Author")


@pytest.fixture
def answer(author):
    """An answer that earned its author 10 from one upvote."""
    thread = make_thread(author=UserFactory(username="asker"), title="My hub drops the line every evening")
    post = make_answer(thread=thread, author=author, body=BODY)
    voter = UserFactory()
    set_reputation(voter, 1000)
    forum_actions.cast_vote(voter=voter, post=post, value=1)
    return Post.objects.select_related("thread").get(pk=post.pk)


@pytest.fixture
def read_as(client, moderator):
    """read_as(reader, url, concerned=member): the page's HTML as that reader sees it; the
    "author" reader is the member the decision concerns."""

    def read(reader: str, url: str, *, concerned) -> str:
        client.logout()
        users = {
            "author": lambda: concerned,
            "member": UserFactory,
            "rep": lambda: UserFactory(groups=["Reps"]),
            "moderator": lambda: moderator,
        }
        if reader != "anonymous":
            client.force_login(users[reader]())
        response = client.get(url)
        assert response.status_code == 200, (reader, url)
        return response.content.decode()

    return read


def the_entry(action: str) -> LogEntry:
    return LogEntry.objects.select_related("actor", "member", "post", "thread").get(action=action)


def log_row(read_as, reader: str, concerned) -> str:
    """The public log's rows, as the reader sees them."""
    page = read_as(reader, reverse("moderation:log"), concerned=concerned)
    return page[page.index("<tbody>") : page.index("</tbody>")]


def assert_logged_publicly(read_as, reader: str, *, concerned, action_label: str, reason: str, moderator) -> None:
    rows = log_row(read_as, reader, concerned)
    assert f"<td>{action_label}</td>" in rows
    assert reason in rows
    assert moderator.name in rows  # moderators' names are always shown
    assert (concerned.name in rows) is (reader == "moderator")  # members' names are not


def reputation_of(user) -> int:
    user.refresh_from_db()
    return user.reputation


def flag_to_the_threshold(post: Post) -> list:
    flaggers = []
    for _ in range(3):
        flagger = UserFactory()
        set_reputation(flagger, 50)
        give_a_flagging_record(flagger)  # proven: their spam flags hide
        actions.flag_post(post=post, flagger=flagger, reason=Flag.Reason.SPAM, note="looks like an advert")
        flaggers.append(flagger)
    return flaggers


@pytest.mark.parametrize("reader", READERS)
def test_after_dismissing_the_flags_the_post_is_back_for_everyone(read_as, answer, author, moderator, reader):
    flaggers = flag_to_the_threshold(answer)
    assert Post.objects.get(pk=answer.pk).is_pending_review
    actions.dismiss_flags(post=answer, by=moderator, reason="A real answer, not an advert")

    entry = the_entry(LogEntry.Action.DISMISS_FLAGS)
    assert (entry.actor, entry.post, entry.thread, entry.member, entry.reason) == (
        moderator,
        answer,
        answer.thread,
        author,
        "A real answer, not an advert",
    )
    assert reputation_of(author) == 11  # nothing was taken, nothing is given
    assert reputation.rebuild_all() == []
    assert set(Flag.objects.filter(post=answer).values_list("status", flat=True)) == {Flag.Status.DISMISSED}

    html = read_as(reader, answer.thread.get_absolute_url(), concerned=author)
    assert BODY in html
    assert "Hidden by a moderator" not in html
    assert ("Ask for a review" in html) is False
    assert_logged_publicly(
        read_as,
        reader,
        concerned=author,
        action_label="dismissed the flags on",
        reason="A real answer, not an advert",
        moderator=moderator,
    )
    if reader == "moderator":
        assert 'data-testid="report"' not in read_as(reader, reverse("moderation:reports"), concerned=author)
    my_flags = read_as("author", reverse("moderation:my_flags"), concerned=flaggers[0])
    assert "Dismissed" in my_flags


@pytest.mark.parametrize("reader", READERS)
def test_after_hiding_as_spam_the_author_loses_what_it_earned_and_others_see_a_tombstone(
    read_as, answer, author, moderator, reader
):
    set_reputation(author, 300)  # 10 from the answer, the rest earned elsewhere
    actions.hide_post(post=answer, by=moderator, rule=Flag.Reason.SPAM, reason="advertising")

    entry = the_entry(LogEntry.Action.HIDE)
    assert (entry.actor, entry.post, entry.member, entry.reason) == (moderator, answer, author, "spam: advertising")
    assert reputation_of(author) == 300 - 10 - 100
    assert reputation.rebuild_all() == []
    assert Notification.objects.filter(recipient=author, text__contains="as spam").exists()

    html = read_as(reader, answer.thread.get_absolute_url(), concerned=author)
    assert "Hidden by a moderator: spam" in html
    assert (BODY in html) is (reader in ("author", "moderator"))
    assert ("Ask for a review" in html) is (reader == "author")
    assert (reverse("moderation:decide", args=[answer.pk]) in html) is (reader == "moderator")
    profile = read_as(reader, author.get_absolute_url(), concerned=author)
    assert 'data-testid="reputation">190<' in profile
    assert BODY not in profile  # hidden posts are left out of profiles
    assert_logged_publicly(
        read_as, reader, concerned=author, action_label="hid", reason="spam: advertising", moderator=moderator
    )


@pytest.mark.parametrize("reader", READERS)
def test_after_unlocking_a_thread_everyone_may_answer_again(read_as, answer, author, moderator, reader):
    thread = answer.thread
    actions.lock_thread(thread=thread, by=moderator, reason="heated")
    actions.unlock_thread(thread=thread, by=moderator, reason="Calmer now")

    entry = the_entry(LogEntry.Action.UNLOCK)
    assert (entry.actor, entry.thread, entry.post, entry.member, entry.reason) == (
        moderator,
        thread,
        None,
        None,
        "Calmer now",
    )
    assert reputation_of(author) == 11
    html = read_as(reader, thread.get_absolute_url(), concerned=author)
    assert ">Locked<" not in html
    assert ">Answered<" in html  # the status its answers give it
    assert (f'action="{reverse("forum:answer", args=[thread.pk])}"' in html) is (reader != "anonymous")
    assert (reverse("moderation:lock", args=[thread.pk]) in html) is (reader == "moderator")
    rows = log_row(read_as, reader, author)
    assert "<td>unlocked</td>" in rows
    assert "Calmer now" in rows


@pytest.mark.parametrize("reader", READERS)
def test_after_closing_as_a_duplicate_the_thread_links_to_its_original_and_takes_no_answers(
    client, read_as, answer, author, moderator, reader
):
    duplicate = answer.thread
    original = make_thread(author=UserFactory(), title="The hub drops the connection at night")
    actions.close_as_duplicate(thread=duplicate, original=original, by=moderator, reason="same problem")

    entry = the_entry(LogEntry.Action.CLOSE_DUPLICATE)
    assert (entry.actor, entry.thread, entry.reason) == (
        moderator,
        duplicate,
        "duplicate of “The hub drops the connection at night”: same problem",
    )
    assert reputation_of(author) == 11
    html = read_as(reader, duplicate.get_absolute_url(), concerned=author)
    assert "Closed as a duplicate of" in html
    assert f'<a href="{original.get_absolute_url()}">“The hub drops the connection at night”</a>' in html
    assert f'action="{reverse("forum:answer", args=[duplicate.pk])}"' not in html
    assert ("This thread is closed to new answers." in html) is (reader != "anonymous")
    assert (reverse("moderation:unlock", args=[duplicate.pk]) in html) is (reader == "moderator")
    if reader in ("author", "member", "rep"):  # the refusal is on the server, not only the page
        late = client.post(reverse("forum:answer", args=[duplicate.pk]), {"body": "A late answer to this thread."})
        assert late.status_code == 403
    rows = log_row(read_as, reader, author)
    assert "<td>closed as a duplicate</td>" in rows
    assert "same problem" in rows


@pytest.mark.parametrize("reader", READERS)
def test_after_lifting_a_suspension_the_member_writes_again_and_nobody_sees_it(
    client, read_as, answer, author, moderator, reader
):
    actions.suspend_member(member=author, by=moderator, until=timezone.now() + timedelta(days=7), reason="insults")
    actions.lift_suspension(member=author, by=moderator, reason="Apologised to everyone")

    entry = the_entry(LogEntry.Action.LIFT_SUSPENSION)
    assert (entry.actor, entry.member, entry.thread, entry.reason) == (
        moderator,
        author,
        None,
        "Apologised to everyone",
    )
    assert Notification.objects.filter(recipient=author, text="Your suspension is lifted").exists()
    assert reputation_of(author) == 11
    profile = read_as(reader, author.get_absolute_url(), concerned=author)
    assert "Suspended until" not in profile
    assert (reverse("moderation:suspend", args=[author.username]) in profile) is (reader == "moderator")
    assert reverse("moderation:lift_suspension", args=[author.username]) not in profile
    if reader == "author":
        again = client.post(reverse("forum:answer", args=[answer.thread_id]), {"body": "Back, and helpful this time."})
        assert again.status_code == 302
    assert_logged_publicly(
        read_as,
        reader,
        concerned=author,
        action_label="lifted the suspension of",
        reason="Apologised to everyone",
        moderator=moderator,
    )


@pytest.fixture
def serial_voting(author):
    """A voter who upvoted seven of the author's answers in a day: one open record."""
    voter = UserFactory(username="booster", display_name="Bo Booster")
    set_reputation(voter, 1000)
    thread = make_thread(author=UserFactory(), title="Which cable goes into the grey port?")
    answers = []
    for index in range(7):
        post = make_answer(thread=thread, author=author, body=f"Answer number {index}: the grey cable, always.")
        forum_actions.cast_vote(voter=voter, post=post, value=1)
        answers.append(post)
    return voter, answers, SuspiciousVoting.objects.get()


@pytest.mark.parametrize("reader", READERS)
def test_after_reversing_serial_votes_scores_and_reputation_are_as_before_them(
    read_as, author, moderator, serial_voting, reader
):
    voter, answers, record = serial_voting
    assert reputation_of(author) == 1 + 7 * 10
    assert actions.reverse_serial_votes(record=record, by=moderator, reason="ring voting") == 7

    entry = the_entry(LogEntry.Action.REVERSE_VOTES)
    assert (entry.actor, entry.member, entry.reason) == (moderator, voter, "7 votes for one member: ring voting")
    assert reputation_of(author) == 1
    assert reputation.rebuild_all() == []
    assert not Vote.objects.exists()
    html = read_as(reader, answers[0].thread.get_absolute_url(), concerned=voter)
    for post in answers:
        assert f'data-testid="score-{post.pk}">0<' in html
    assert 'data-testid="reputation">1<' in read_as(reader, author.get_absolute_url(), concerned=voter)
    if reader == "moderator":
        assert 'data-testid="voting-record"' not in read_as(reader, reverse("moderation:reports"), concerned=voter)
    assert_logged_publicly(
        read_as,
        reader,
        concerned=voter,
        action_label="reversed the serial votes of",
        reason="7 votes for one member: ring voting",
        moderator=moderator,
    )


@pytest.mark.parametrize("reader", READERS)
def test_after_keeping_the_votes_they_stand_and_the_record_leaves_the_queue(
    read_as, author, moderator, serial_voting, reader
):
    voter, answers, record = serial_voting
    actions.clear_voting_record(record=record, by=moderator, reason="Colleagues, genuine votes")

    entry = the_entry(LogEntry.Action.CLEAR_VOTING)
    assert (entry.actor, entry.member, entry.reason) == (moderator, voter, "Colleagues, genuine votes")
    assert SuspiciousVoting.objects.get().reviewed_at is not None
    assert reputation_of(author) == 1 + 7 * 10
    assert Vote.objects.count() == 7
    html = read_as(reader, answers[0].thread.get_absolute_url(), concerned=voter)
    for post in answers:
        assert f'data-testid="score-{post.pk}">1<' in html
    if reader == "moderator":
        assert 'data-testid="voting-record"' not in read_as(reader, reverse("moderation:reports"), concerned=voter)
    assert_logged_publicly(
        read_as,
        reader,
        concerned=voter,
        action_label="found nothing wrong in the votes of",
        reason="Colleagues, genuine votes",
        moderator=moderator,
    )


@pytest.mark.parametrize("reader", READERS)
def test_after_keeping_a_post_hidden_the_review_is_answered_and_the_tombstone_stays(
    read_as, answer, author, moderator, reader
):
    actions.hide_post(post=answer, by=moderator, rule=Flag.Reason.OFF_TOPIC)
    actions.request_review(post=Post.objects.get(pk=answer.pk), by=author, note="It answers the question")
    actions.keep_hidden(post=answer, by=moderator, reason="Still not about the hub")

    entry = the_entry(LogEntry.Action.KEEP_HIDDEN)
    assert (entry.actor, entry.post, entry.member, entry.reason) == (
        moderator,
        answer,
        author,
        "Still not about the hub",
    )
    assert ReviewRequest.objects.get().resolved_at is not None
    assert reputation_of(author) == 11  # off-topic costs nothing, and keeping it changes nothing
    assert Notification.objects.filter(recipient=author, text__contains="kept it hidden: Still not about").exists()
    html = read_as(reader, answer.thread.get_absolute_url(), concerned=author)
    assert "Hidden by a moderator: off-topic" in html
    assert (BODY in html) is (reader in ("author", "moderator"))
    assert "Ask for a review" not in html  # once per hide, and it was asked
    if reader == "moderator":
        assert 'data-testid="review-request"' not in read_as(reader, reverse("moderation:reports"), concerned=author)
    assert_logged_publicly(
        read_as,
        reader,
        concerned=author,
        action_label="reviewed and kept hidden",
        reason="Still not about the hub",
        moderator=moderator,
    )


@pytest.mark.parametrize("reader", READERS)
def test_after_a_first_look_the_new_members_post_is_no_longer_marked_new(read_as, moderator, reader):
    newcomer = UserFactory(username="newcomer", display_name="Nia Newcomer")
    thread = make_thread(author=UserFactory(), title="Where do I find the hub's firmware notes?")
    post = make_answer(thread=thread, author=newcomer, body="They are [on this page](https://example.com/notes).")
    look = FirstLook.objects.get(post=post)
    assert 'title="A new member' in read_as(reader, thread.get_absolute_url(), concerned=newcomer)
    actions.finish_first_look(look=look, by=moderator)

    entry = the_entry(LogEntry.Action.FIRST_LOOK)
    assert (entry.actor, entry.post, entry.thread, entry.member, entry.reason) == (
        moderator,
        post,
        thread,
        newcomer,
        "",
    )
    assert reputation_of(newcomer) == 1
    html = read_as(reader, thread.get_absolute_url(), concerned=newcomer)
    assert 'title="A new member' not in html
    assert "on this page</a>" in html  # left up, links and all
    if reader == "moderator":
        assert 'data-testid="first-look"' not in read_as(reader, reverse("moderation:reports"), concerned=newcomer)
    rows = log_row(read_as, reader, newcomer)
    assert "<td>looked at a new member&#x27;s first post</td>" in rows
    assert (newcomer.name in rows) is (reader == "moderator")
