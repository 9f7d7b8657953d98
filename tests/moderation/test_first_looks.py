"""New members' first posts with links (issue 10): shown at once, marked "New member", and
queued in /moderation/ for a moderator's first look."""

import pytest
from django.urls import reverse

from moderation import actions
from moderation.models import FirstLook, Flag, LogEntry
from tests.factories import UserFactory, give_a_flagging_record, make_answer, make_thread, set_reputation

pytestmark = pytest.mark.django_db

LINKED = "The fix is [on this page](https://example.com/fix), it worked for me."
NEW_MEMBER_MARK = 'title="A new member'


@pytest.fixture
def thread(db):
    return make_thread(author=UserFactory(), title="The hub's lights blink orange all night")


@pytest.fixture
def newcomer(db):
    return UserFactory(username="newcomer", display_name="Nia Newcomer")


def test_a_new_members_first_answer_with_links_is_queued_for_a_first_look(thread, newcomer):
    post = make_answer(thread=thread, author=newcomer, body=LINKED)
    look = FirstLook.objects.get()
    assert (look.post, look.created_at, look.looked_at) == (post, post.created_at, None)


def test_a_new_members_first_question_with_links_is_queued_too(newcomer):
    thread = make_thread(author=newcomer, title="Is this firmware page genuine?", body=LINKED)
    assert FirstLook.objects.get().post == thread.posts.get(is_question=True)


def test_a_new_members_first_question_with_links_is_marked_new_on_its_page(client, newcomer):
    thread = make_thread(author=newcomer, title="Is this firmware page genuine?", body=LINKED)
    assert client.get(thread.get_absolute_url()).content.decode().count(NEW_MEMBER_MARK) == 1


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Restart the hub, then wait ten minutes.", LINKED),  # links only in the second post
        ("Restart the hub, then wait ten minutes.", "Restart it twice, then call support."),
    ],
)
def test_only_a_first_post_with_links_is_queued(thread, newcomer, first, second):
    make_answer(thread=thread, author=newcomer, body=first)
    make_answer(thread=thread, author=newcomer, body=second)
    assert not FirstLook.objects.exists()


def test_the_thread_page_marks_the_post_new_until_a_moderator_has_looked(client, thread, newcomer, moderator):
    post = make_answer(thread=thread, author=newcomer, body=LINKED)
    make_answer(thread=thread, author=UserFactory(), body="Restart it twice, then call support.")
    html = client.get(thread.get_absolute_url()).content.decode()
    assert html.count(NEW_MEMBER_MARK) == 1
    start = html.index(f'id="post-{post.pk}"')
    assert NEW_MEMBER_MARK in html[start : html.index("</article>", start)]  # on that post
    assert "on this page</a>" in html  # shown at once, links included
    client.force_login(moderator)
    assert client.post(reverse("moderation:decide", args=[post.pk]), {"decision": "looks_fine"}).status_code == 302
    client.logout()
    assert NEW_MEMBER_MARK not in client.get(thread.get_absolute_url()).content.decode()


def test_the_reports_queue_shows_each_first_look_with_its_post_and_author(client, thread, newcomer, moderator):
    post = make_answer(thread=thread, author=newcomer, body=LINKED)
    client.force_login(moderator)
    html = client.get(reverse("moderation:reports")).content.decode()
    section = html[html.index('id="first-heading"') :]
    assert "New members' posts for a first look (1)" in html
    assert section.count('data-testid="first-look"') == 1
    assert "The hub&#x27;s lights blink orange all night" in section
    assert "The fix is on this page, it worked for me." in section  # the excerpt, as text
    assert "Nia Newcomer" in section
    assert reverse("moderation:decide", args=[post.pk]) in section
    assert '<option value="looks_fine">Looks fine</option>' in section


def test_a_first_look_done_from_the_queue_is_logged_once_and_leaves_the_queue(client, thread, newcomer, moderator):
    post = make_answer(thread=thread, author=newcomer, body=LINKED)
    look = FirstLook.objects.get()
    client.force_login(moderator)
    url = reverse("moderation:decide", args=[post.pk])
    looks_fine = {"decision": "looks_fine", "next": reverse("moderation:reports")}
    response = client.post(url, looks_fine)
    assert (response.status_code, response.url) == (302, reverse("moderation:reports"))
    again = client.post(url, looks_fine, follow=True)  # twice (a second tab): said, and a no-op
    assert "Another moderator decided on it first" in again.content.decode()
    look.refresh_from_db()
    assert look.looked_at is not None
    entry = LogEntry.objects.get()
    assert (entry.actor, entry.action, entry.post, entry.member) == (
        moderator,
        LogEntry.Action.FIRST_LOOK,
        post,
        newcomer,
    )
    assert 'data-testid="first-look"' not in client.get(reverse("moderation:reports")).content.decode()


def test_a_decision_on_a_post_that_does_not_exist_is_a_404(client, moderator):
    client.force_login(moderator)
    assert client.post(reverse("moderation:decide", args=[999]), {"decision": "looks_fine"}).status_code == 404


def test_a_moderators_hide_counts_as_the_first_look_but_members_flags_do_not(thread, newcomer, moderator):
    post = make_answer(thread=thread, author=newcomer, body=LINKED)
    for _ in range(2):
        flagger = UserFactory()
        set_reputation(flagger, 50)
        give_a_flagging_record(flagger)  # proven: their spam flags hide
        actions.flag_post(post=post, flagger=flagger, reason=Flag.Reason.SPAM)
    post.refresh_from_db()
    assert post.is_pending_review
    assert FirstLook.objects.get().looked_at is None  # hidden by members, still waiting for a moderator
    actions.hide_post(post=post, by=moderator, rule=Flag.Reason.SPAM)
    assert FirstLook.objects.get().looked_at is not None
    assert list(LogEntry.objects.values_list("action", flat=True)) == [LogEntry.Action.HIDE, LogEntry.Action.AUTO_HIDE]
