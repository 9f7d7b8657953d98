"""Moderation that never suppresses criticism (issue 26): members' flags hide nothing but spam,
and only proven flaggers' spam; criticism of the company is never hidden automatically; a
tombstone says who hid the post and links to the decision; personal data is held at once;
moderators are told, and a penalising hide is confirmed."""

import pytest
from django.urls import reverse

from forum import actions as forum_actions
from forum.conf import conf as forum_conf
from forum.models import Notification, Post
from moderation import actions, querysets
from moderation.demo import RANT
from moderation.models import Flag, LogEntry
from tests.factories import UserFactory, give_a_flagging_record, make_answer, make_thread, set_reputation

pytestmark = pytest.mark.django_db

ADVERT = "Cheap routers at example.com, best prices this week only!"
ACCOUNT = "My account number is BW-4471-0093 and my postcode is M1 4BT, can someone check my line?"


@pytest.fixture
def thread(db):
    return make_thread(author=UserFactory(username="asker"), title="The hub drops the line every evening")


@pytest.fixture
def moderator(db):
    return UserFactory(username="mo", groups=["Moderators"])


def flaggers(count: int, *, proven: bool, reputation: int = 50) -> list:
    made = []
    for _ in range(count):
        flagger = UserFactory()
        set_reputation(flagger, reputation)
        if proven:
            give_a_flagging_record(flagger)
        made.append(flagger)
    return made


def test_a_brigade_of_five_fresh_accounts_cannot_hide_criticism(client, thread, moderator):
    rant = make_answer(thread=thread, author=UserFactory(username="grumbler"), body=RANT)
    for flagger, reason in zip(flaggers(5, proven=False), ["abuse", "rude", "spam", "spam", "abuse"], strict=True):
        actions.flag_post(post=rant, flagger=flagger, reason=reason)
    assert not Post.objects.get(pk=rant.pk).is_hidden
    assert RANT[:40] in client.get(thread.get_absolute_url()).content.decode()  # public
    # It reaches the moderators: in their queue and their header's count.
    assert [post.pk for post in querysets.flagged_posts()] == [rant.pk]
    client.force_login(moderator)
    header = client.get("/").content.decode()
    assert 'aria-label="Reports, 1 waiting for a moderator"' in header


def test_criticism_stays_up_even_when_proven_flaggers_call_it_spam(thread):
    rant = make_answer(thread=thread, author=UserFactory(username="grumbler"), body=RANT)
    for flagger in flaggers(3, proven=True, reputation=forum_conf.PRIVILEGES["trusted_flagger"]):
        actions.flag_post(post=rant, flagger=flagger, reason=Flag.Reason.SPAM)
    assert not Post.objects.get(pk=rant.pk).is_hidden
    assert not LogEntry.objects.filter(action=LogEntry.Action.AUTO_HIDE).exists()


def test_proven_flaggers_hide_spam_at_the_threshold_with_an_honest_tombstone(client, thread, moderator):
    advert = make_answer(thread=thread, author=UserFactory(username="seller"), body=ADVERT)
    first, second = flaggers(2, proven=True)
    actions.flag_post(post=advert, flagger=first, reason=Flag.Reason.SPAM)
    assert not Post.objects.get(pk=advert.pk).is_hidden  # weight 2 of 3
    actions.flag_post(post=advert, flagger=second, reason=Flag.Reason.SPAM)
    hidden = Post.objects.get(pk=advert.pk)
    assert (hidden.hidden_by, hidden.hidden_reason) == (Post.HiddenBy.FLAGS, "spam")

    page = client.get(thread.get_absolute_url()).content.decode()
    assert "Hidden after members flagged it as spam; a moderator will review it." in page
    assert "Hidden by a moderator" not in page  # no moderator has acted
    assert ADVERT not in page
    log_url = f"{reverse('moderation:log')}?post={advert.pk}"
    assert log_url in page
    log = client.get(log_url).content.decode()
    assert "The decisions on one post" in log
    assert "hid pending review" in log
    # The moderators are told.
    assert Notification.objects.filter(recipient=moderator, text__contains="spam flags hid a post").exists()

    # A moderator confirms it: the tombstone says so, by the rule.
    actions.hide_post(post=hidden, by=moderator, rule=Flag.Reason.SPAM)
    assert Post.objects.get(pk=advert.pk).hidden_by == Post.HiddenBy.MODERATOR
    assert "Hidden by a moderator: spam." in client.get(thread.get_absolute_url()).content.decode()


@pytest.mark.parametrize("who", ["trusted member", "rep", "author"])
def test_a_personal_data_report_holds_the_text_at_once_for_everyone_but_moderators_and_the_author(
    client, thread, moderator, who
):
    customer = UserFactory(username="farid")
    private = make_answer(thread=thread, author=customer, body=ACCOUNT)
    forum_actions.edit_post(post=private, editor=customer, body=ACCOUNT + " Thanks!")  # a second revision
    reporter = {
        "trusted member": flaggers(1, proven=False, reputation=forum_conf.PRIVILEGES["trusted_flagger"])[0],
        "rep": UserFactory(groups=["Reps"]),
        "author": customer,
    }[who]
    actions.flag_post(post=private, flagger=reporter, reason=Flag.Reason.PERSONAL_DATA)

    held = Post.objects.get(pk=private.pk)
    assert (held.is_hidden, held.hidden_by) == (True, Post.HiddenBy.PRIVACY)
    revisions = reverse("forum:revisions", args=[private.pk])
    for reader in (None, UserFactory(), UserFactory(groups=["Reps"]) if who != "rep" else reporter):
        client.logout()
        if reader is not None:
            client.force_login(reader)
        page = client.get(thread.get_absolute_url()).content.decode()
        assert "BW-4471-0093" not in page
        assert "Held while a moderator checks it for personal data." in page
        assert client.get(revisions).status_code in (302, 403)  # its history is held too
    for reader in (customer, moderator):
        client.force_login(reader)
        assert "BW-4471-0093" in client.get(thread.get_absolute_url()).content.decode()
        assert "BW-4471-0093" in client.get(revisions).content.decode()
    # At the top of the moderators' queue, and they are told.
    older = make_answer(thread=thread, author=UserFactory(), body=ADVERT)
    actions.flag_post(post=older, flagger=flaggers(1, proven=False)[0], reason=Flag.Reason.SPAM)
    assert next(post.pk for post in querysets.flagged_posts()) == private.pk
    assert Notification.objects.filter(recipient=moderator, text__startswith="Personal data").exists()


def test_an_ordinary_members_personal_data_report_reaches_the_moderators_without_holding(thread, moderator):
    private = make_answer(thread=thread, author=UserFactory(), body=ACCOUNT)
    actions.flag_post(post=private, flagger=flaggers(1, proven=False)[0], reason=Flag.Reason.PERSONAL_DATA)
    assert not Post.objects.get(pk=private.pk).is_hidden
    assert Notification.objects.filter(recipient=moderator, text__contains="was reported").exists()


def test_a_reps_personal_data_report_cannot_hold_criticism(thread, moderator):
    rant = make_answer(thread=thread, author=UserFactory(username="grumbler"), body=RANT + " Account BW-1234.")
    actions.flag_post(post=rant, flagger=UserFactory(groups=["Reps"]), reason=Flag.Reason.PERSONAL_DATA)
    assert not Post.objects.get(pk=rant.pk).is_hidden
    assert [post.pk for post in querysets.flagged_posts()] == [rant.pk]


def test_the_decision_starts_on_nothing_and_spam_asks_for_confirmation_with_its_cost(client, thread, moderator):
    advert = make_answer(thread=thread, author=UserFactory(username="seller"), body=ADVERT)
    client.force_login(moderator)
    url = reverse("moderation:decide", args=[advert.pk])
    tools = client.get(thread.get_absolute_url()).content.decode()
    assert '<option value="" selected disabled>Choose a decision…</option>' in tools
    assert '<option value="hide:spam">Hide as spam (costs its author reputation)</option>' in tools

    missing = client.post(url, {"reason": "advert"})
    assert missing.status_code == 400
    assert "Choose a decision." in missing.content.decode()
    assert 'value="advert"' in missing.content.decode()  # what was typed is kept
    assert not Post.objects.get(pk=advert.pk).is_hidden

    asked = client.post(url, {"decision": "hide:spam", "reason": "advert"})
    assert asked.status_code == 200
    assert not Post.objects.get(pk=advert.pk).is_hidden  # nothing happens before the confirmation
    page = asked.content.decode()
    assert "costs its author 100 reputation" in page
    assert 'name="confirmed"' in page

    assert client.post(url, {"decision": "hide:spam", "reason": "advert", "confirmed": "on"}).status_code == 302
    assert Post.objects.get(pk=advert.pk).hidden_by == Post.HiddenBy.MODERATOR

    # Off-topic costs nothing: no confirmation.
    other = make_answer(thread=thread, author=UserFactory(), body="Unrelated: my cat likes the router box.")
    assert client.post(reverse("moderation:decide", args=[other.pk]), {"decision": "hide:off_topic"}).status_code == 302
    assert Post.objects.get(pk=other.pk).is_hidden


def test_the_author_asks_for_their_own_post_to_be_held_from_its_page(client, thread):
    customer = UserFactory(username="farid")
    private = make_answer(thread=thread, author=customer, body=ACCOUNT)
    client.force_login(customer)
    assert "Hold for personal data" in client.get(thread.get_absolute_url()).content.decode()
    form = client.get(reverse("moderation:flag", args=[private.pk])).content.decode()
    assert 'value="personal_data"' in form
    assert 'value="spam"' not in form
    refused = client.post(reverse("moderation:flag", args=[private.pk]), {"reason": "spam"})
    assert refused.status_code in (400, 403)
    assert not Post.objects.get(pk=private.pk).is_hidden
    client.post(reverse("moderation:flag", args=[private.pk]), {"reason": "personal_data", "note": "my account"})
    assert Post.objects.get(pk=private.pk).hidden_by == Post.HiddenBy.PRIVACY


def test_the_spam_confirmation_counts_what_the_post_earned(client, thread, moderator):
    advert = make_answer(thread=thread, author=UserFactory(username="seller"), body=ADVERT)
    voter = UserFactory()
    set_reputation(voter, 100)
    forum_actions.cast_vote(voter=voter, post=advert, value=1)
    client.force_login(moderator)
    page = client.post(reverse("moderation:decide", args=[advert.pk]), {"decision": "hide:abuse"}).content.decode()
    assert "takes back the 10 reputation this post earned its author and costs them 100 more" in page


def test_a_moderator_claims_a_report_the_others_see_it_and_a_decision_ends_it(client, thread, moderator):
    from moderation.models import ReportClaim

    advert = make_answer(thread=thread, author=UserFactory(), body=ADVERT)
    actions.flag_post(post=advert, flagger=flaggers(1, proven=False)[0], reason=Flag.Reason.SPAM)
    other = UserFactory(username="mia", display_name="Mia", groups=["Moderators"])
    client.force_login(moderator)
    assert client.post(reverse("moderation:claim_report", args=[advert.pk])).status_code == 302
    assert "You are on it." in client.get("/moderation/").content.decode()
    client.force_login(other)
    page = client.get("/moderation/").content.decode()
    assert f"{moderator.name} is on it" in page
    assert "Take it over" in page
    actions.dismiss_flags(post=advert, by=other, reason="An answer, not an advert")
    assert not ReportClaim.objects.exists()
