"""Members who chose the weekly digest get one email listing the unanswered questions asked in
the tags they follow since their last digest; nothing when nothing is new."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import mail
from taggit.models import Tag

from accounts.actions import delete_account
from accounts.models import User
from moderation import actions as moderation_actions
from reminders import actions
from reminders.actions import DIGEST_LISTED, send_weekly_digests
from reminders.models import MemberDigest
from tests.concurrency import run_together
from tests.email_backends import REFUSED_ADDRESS
from tests.factories import UserFactory, make_answer, post_thread

pytestmark = pytest.mark.django_db

WEEK = timedelta(days=7)


def digests_to(user) -> list:
    return [message for message in mail.outbox if message.to == [user.email]]


def test_a_member_gets_one_email_listing_the_new_unanswered_questions_in_their_tags(reader, asked, now):
    first = asked(3, title="My router reboots at night")
    second = asked(1, title="The wifi light blinks orange")
    run = send_weekly_digests(now=now)
    assert run.sent == [reader.pk]
    (message,) = mail.outbox
    assert message.to == [reader.email]
    assert message.subject == f"[{settings.SITE_NAME}] 2 unanswered questions in the tags you follow"
    body = message.body
    # Oldest first, as the Unanswered tab, each with its address on the site.
    assert body.index("My router reboots at night") < body.index("The wifi light blinks orange")
    assert f"{settings.SITE_URL}{first.get_absolute_url()}" in body
    assert f"{settings.SITE_URL}{second.get_absolute_url()}" in body
    assert "in the tags you follow (wifi)" in body


def test_the_email_says_how_to_turn_it_off(reader, asked, now):
    asked(1)
    send_weekly_digests(now=now)
    (message,) = mail.outbox
    assert f"Turn it off, or\nchange the tags you follow, at {settings.SITE_URL}/settings/" in message.body


def test_the_email_is_plain_text_and_titles_are_not_escaped(reader, asked, now):
    asked(1, title="Router & modem: which one <resets> first?")
    send_weekly_digests(now=now)
    (message,) = mail.outbox
    assert "Router & modem: which one <resets> first?" in message.body
    assert message.alternatives == []


def test_two_runs_in_the_same_hour_send_one_email(reader, asked, now):
    asked(1)
    send_weekly_digests(now=now)
    assert send_weekly_digests(now=now + timedelta(minutes=59)).sent == []
    assert send_weekly_digests(now=now).sent == []
    assert len(mail.outbox) == 1


def test_the_next_digest_comes_a_week_later_with_only_what_was_asked_since(reader, asked, now):
    asked(1, title="My router reboots at night")
    send_weekly_digests(now=now)
    later = asked(-3, title="The app forgets my password")  # asked three days after the first digest
    assert send_weekly_digests(now=now + WEEK - timedelta(minutes=1)).sent == []  # not yet a week
    assert send_weekly_digests(now=now + WEEK).sent == [reader.pk]
    message = mail.outbox[-1]
    assert "The app forgets my password" in message.body
    assert "My router reboots at night" not in message.body  # it was in the last one
    assert later.get_absolute_url() in message.body


def test_nothing_is_sent_when_nothing_is_new_and_the_next_digest_starts_from_that_look(reader, asked, now):
    run = send_weekly_digests(now=now)
    assert (run.sent, run.nothing_new) == ([], [reader.pk])
    assert mail.outbox == []
    digest = MemberDigest.objects.get(user=reader)
    assert (digest.checked_at, digest.covered_up_to, digest.sent_at) == (now, now, None)
    # Nothing more is looked at for a week; the question asked meanwhile is in the next one.
    asked(-1, title="The app forgets my password")
    assert send_weekly_digests(now=now + timedelta(days=2)).sent == []
    assert send_weekly_digests(now=now + WEEK).sent == [reader.pk]
    assert "The app forgets my password" in mail.outbox[0].body


def test_a_first_digest_covers_the_last_week_only(reader, asked, now):
    asked(8, title="Asked eight days ago")
    asked(6, title="Asked six days ago")
    send_weekly_digests(now=now)
    (message,) = mail.outbox
    assert "Asked six days ago" in message.body
    assert "Asked eight days ago" not in message.body


def test_questions_answered_since_they_were_asked_are_left_out(reader, asked, now):
    answered = asked(2, title="Somebody answered this one")
    make_answer(thread=answered, author=UserFactory(), now=now - timedelta(days=1))
    asked(1, title="Nobody answered this one")
    send_weekly_digests(now=now)
    (message,) = mail.outbox
    assert "Nobody answered this one" in message.body
    assert "Somebody answered this one" not in message.body


def test_only_answered_questions_mean_nothing_is_new(reader, asked, now):
    thread = asked(2)
    make_answer(thread=thread, author=UserFactory(), now=now - timedelta(days=1))
    assert send_weekly_digests(now=now).nothing_new == [reader.pk]
    assert mail.outbox == []


def test_questions_in_tags_the_member_does_not_follow_are_left_out(reader, asked, now):
    asked(1, title="A billing question", tags=["billing"])
    assert send_weekly_digests(now=now).nothing_new == [reader.pk]
    assert mail.outbox == []


def test_the_member_s_own_questions_and_those_a_moderator_hid_are_left_out(reader, asked, now):
    asked(2, title="The reader asked this", author=reader)
    spam = asked(1, title="Cheap pills for your router")
    moderation_actions.hide_post(post=spam.posts.get(), by=UserFactory(groups=["Moderators"]), rule="spam")
    assert send_weekly_digests(now=now).nothing_new == [reader.pk]


def test_ideas_and_closed_threads_are_left_out(reader, asked, now, somebody):
    post_thread(
        author=somebody,
        title="Let me pick the wifi channel",
        body="A setting for the channel, please.",
        tags=["wifi"],
        kind="idea",
        now=now - timedelta(days=1),
    )
    locked = asked(2, title="A locked question")
    moderation_actions.lock_thread(thread=locked, by=UserFactory(groups=["Moderators"]), reason="Off the rails")
    assert send_weekly_digests(now=now).nothing_new == [reader.pk]


def test_one_email_per_member_however_many_tags_they_follow(reader, asked, now):
    for name in ("billing", "router", "app"):
        actions.follow_tag(user=reader, tag=Tag.objects.create(name=name, slug=name))
    asked(3, title="Wifi and billing at once", tags=["wifi", "billing"])
    asked(2, title="Only the router", tags=["router"])
    asked(1, title="Only the app", tags=["app"])
    send_weekly_digests(now=now)
    (message,) = mail.outbox
    assert message.subject.endswith("3 unanswered questions in the tags you follow")
    assert message.body.count("Wifi and billing at once") == 1  # in two followed tags, listed once


def test_at_most_twenty_are_listed_and_the_rest_counted(reader, asked, now):
    for index in range(DIGEST_LISTED + 3):
        asked(5 - index / 10, title=f"Question number {index}")
    send_weekly_digests(now=now)
    (message,) = mail.outbox
    assert message.subject.endswith(f"{DIGEST_LISTED + 3} unanswered questions in the tags you follow")
    assert "Question number 19\n" in message.body
    assert "Question number 20\n" not in message.body
    assert f"…and 3 more: {settings.SITE_URL}/?tab=unanswered&tag=wifi" in message.body
    assert MemberDigest.objects.get(user=reader).thread_count == DIGEST_LISTED + 3


def test_each_member_gets_their_own_digest(reader, asked, now, wifi):
    other = UserFactory(username="other", weekly_digest=True)
    actions.follow_tag(user=other, tag=wifi)
    asked(1)
    assert sorted(send_weekly_digests(now=now).sent) == sorted([reader.pk, other.pk])
    assert len(digests_to(reader)) == len(digests_to(other)) == 1


def test_a_member_who_did_not_choose_the_digest_gets_nothing(reader, asked, now):
    User.objects.filter(pk=reader.pk).update(weekly_digest=False)
    asked(1)
    assert send_weekly_digests(now=now).sent == []
    assert mail.outbox == []


def test_a_member_who_follows_no_tags_gets_nothing(asked, now):
    UserFactory(weekly_digest=True)
    asked(1)
    assert send_weekly_digests(now=now).sent == []
    assert mail.outbox == []
    assert not MemberDigest.objects.exists()  # not even looked at


def test_a_deactivated_member_gets_nothing(reader, asked, now):
    User.objects.filter(pk=reader.pk).update(is_active=False)
    asked(1)
    assert send_weekly_digests(now=now).sent == []


def test_a_member_whose_address_is_not_confirmed_gets_nothing(reader, asked, now):
    EmailAddress.objects.filter(user=reader).update(verified=False)
    asked(1)
    assert send_weekly_digests(now=now).sent == []


def test_a_deleted_member_gets_nothing_and_their_digest_record_goes(reader, asked, now):
    asked(1)
    send_weekly_digests(now=now)
    delete_account(member=reader, by=reader)
    asked(-1, title="Asked after they left")
    assert send_weekly_digests(now=now + WEEK).sent == []
    assert not MemberDigest.objects.filter(user=reader).exists()
    assert len(mail.outbox) == 1


def test_a_refused_email_is_released_and_sent_by_the_next_run(reader, asked, now, settings):
    settings.EMAIL_BACKEND = "tests.email_backends.RefusingEmailBackend"
    refused = UserFactory(username="bounces", email=REFUSED_ADDRESS, weekly_digest=True)
    actions.follow_tag(user=refused, tag=Tag.objects.get(slug="wifi"))
    asked(1)
    run = send_weekly_digests(now=now)
    assert (run.sent, run.failed) == ([reader.pk], [refused.pk])  # one refusal stops nobody else
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_weekly_digests(now=now + timedelta(hours=1)).sent == [refused.pk]
    assert "My router reboots at night" in digests_to(refused)[0].body


def test_a_digest_s_queries_do_not_grow_with_the_questions_it_lists(
    reader, asked, now, settings, django_assert_num_queries
):
    settings.PAGE_CACHE = False  # the run's own queries, without the page cache's
    send_weekly_digests(now=now - WEEK)  # a first look, which makes the member's row
    for index in range(3):
        asked(2 - index / 10, title=f"A first batch question {index}")
    with django_assert_num_queries(QUERIES_PER_DIGEST):
        send_weekly_digests(now=now)
    for index in range(40):
        asked(-1 - index / 100, title=f"A second batch question {index}")
    with django_assert_num_queries(QUERIES_PER_DIGEST + 1):  # and the count of those not listed
        send_weekly_digests(now=now + WEEK)
    assert len(mail.outbox) == 2


# The members due, which of them have a row, the claim, the claimed rows with their members, the
# questions, their tags, the tags followed (named in the email), and what was sent.
QUERIES_PER_DIGEST = 8


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_send_each_member_one_email(postgresql, asked, now, wifi):
    members = UserFactory.create_batch(4, weekly_digest=True)
    for member in members:
        actions.follow_tag(user=member, tag=wifi)
    asked(1)
    results, errors = run_together(
        [lambda offset=offset: send_weekly_digests(now=now + timedelta(microseconds=offset)) for offset in (1, 2)]
    )
    assert errors == []
    assert sorted(pk for run in results for pk in run.sent) == sorted(member.pk for member in members)
    assert sorted(message.to[0] for message in mail.outbox) == sorted(member.email for member in members)
