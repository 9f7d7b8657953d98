"""Redacting an earlier revision (issue 12): personal data out of a post's history, never
silently: what each reader sees of the history and the log afterwards, and who may."""

from dataclasses import replace

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from forum import actions, moderation_port
from forum.models import REDACTED, Notification, Revision
from moderation.models import LogEntry
from tests.factories import UserFactory, make_answer, make_thread

pytestmark = pytest.mark.django_db

PHONE = "07700 900123"
FIRST = f"Hold reset for ten seconds. Call me on {PHONE} if it still fails."
SECOND = "Hold reset for ten seconds, then wait for the light to go green."


@pytest.fixture
def author(db):
    return UserFactory(username="author", display_name="Alex Author")


@pytest.fixture
def moderator(db):
    return UserFactory(username="moderator", display_name="Mo Moderator", groups=["Moderators"])


@pytest.fixture
def answer(author):
    """An answer whose first revision held a phone number, edited out in the second."""
    thread = make_thread(author=UserFactory(username="asker"), title="My hub drops the line every evening")
    post = make_answer(thread=thread, author=author, body=FIRST)
    return actions.edit_post(post=post, editor=author, body=SECOND)


def revisions_as(client, user, answer) -> str:
    client.logout()
    if user is not None:
        client.force_login(user)
    response = client.get(reverse("forum:revisions", args=[answer.pk]))
    assert response.status_code == 200
    return response.content.decode()


def redact_url(answer, number: int) -> str:
    return reverse("forum:redact_revision", args=[answer.pk, number])


def test_the_history_shows_an_edited_out_phone_number_until_it_is_redacted(client, answer):
    assert PHONE in revisions_as(client, None, answer)


def test_an_author_redacts_an_earlier_revision_and_nobody_reads_it_any_more(client, answer, author, moderator):
    client.force_login(author)
    confirmation = client.get(redact_url(answer, 1)).content.decode()
    assert "Redact revision 1" in confirmation
    assert PHONE in confirmation  # what is about to go
    response = client.post(redact_url(answer, 1))
    assert response.status_code == 302
    assert response["Location"] == reverse("forum:revisions", args=[answer.pk])
    first = Revision.objects.get(post=answer, number=1)
    assert first.body == REDACTED
    assert first.redacted_by == author
    assert first.redacted_at is not None
    for user in (None, UserFactory(), UserFactory(groups=["Reps"]), moderator, author):
        html = revisions_as(client, user, answer)
        assert PHONE not in html
        assert "Redacted by its author" in html
        assert SECOND in html  # the current text, whole


def test_a_redaction_is_in_the_public_log_with_who_and_when(client, answer, author, moderator):
    actions.redact_revision(revision=answer.revisions.get(number=1), by=author)
    entry = LogEntry.objects.get(action=LogEntry.Action.REDACT_REVISION)
    assert (entry.actor, entry.post, entry.member, entry.reason) == (author, answer, author, "revision 1")
    html = client.get(reverse("moderation:log")).content.decode()
    assert "redacted a revision of" in html
    assert "Its author" in html
    assert "Alex Author" not in html  # a member's name, even as the one who acted
    client.force_login(moderator)
    assert "Alex Author" in client.get(reverse("moderation:log")).content.decode()


def test_a_moderator_redacts_a_revision_and_the_author_is_told(client, answer, author, moderator):
    client.force_login(moderator)
    assert client.post(redact_url(answer, 1)).status_code == 302
    entry = LogEntry.objects.get(action=LogEntry.Action.REDACT_REVISION)
    assert entry.actor == moderator
    assert "Mo Moderator" in client.get(reverse("moderation:log")).content.decode()
    assert Notification.objects.filter(recipient=author, text__contains="redacted revision 1").exists()
    assert "Redacted by a moderator" in revisions_as(client, None, answer)


def test_the_current_revision_is_changed_by_editing_not_redacting(client, answer, author):
    client.force_login(author)
    response = client.post(redact_url(answer, 2))
    assert response.status_code == 403
    assert "edit the post" in response.content.decode()
    assert answer.revisions.get(number=2).body == SECOND
    assert not LogEntry.objects.exists()
    html = revisions_as(client, author, answer)
    assert 'data-testid="redact-1"' in html
    assert 'data-testid="redact-2"' not in html


@pytest.mark.parametrize("who", ["member", "rep", "trusted"])
def test_only_the_author_or_a_moderator_redacts(client, answer, who):
    from tests.factories import set_reputation

    user = UserFactory(groups=["Reps"]) if who == "rep" else UserFactory()
    if who == "trusted":
        set_reputation(user, 5000)
    client.force_login(user)
    for method in ("get", "post"):
        response = getattr(client, method)(redact_url(answer, 1))
        assert response.status_code == 403
    assert answer.revisions.get(number=1).body == FIRST
    assert 'data-testid="redact-1"' not in revisions_as(client, user, answer)


def test_anonymous_visitors_are_sent_to_log_in_and_redact_nothing(client, answer):
    response = client.post(redact_url(answer, 1))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
    assert answer.revisions.get(number=1).body == FIRST


def test_a_revision_that_does_not_exist_is_not_found(client, answer, author):
    client.force_login(author)
    assert client.post(redact_url(answer, 9)).status_code == 404
    assert client.post(reverse("forum:redact_revision", args=[answer.pk + 999, 1])).status_code == 404


def test_redacting_twice_logs_once(answer, author):
    first = answer.revisions.get(number=1)
    assert actions.redact_revision(revision=first, by=author)
    assert not actions.redact_revision(revision=first, by=author)
    assert LogEntry.objects.filter(action=LogEntry.Action.REDACT_REVISION).count() == 1


def test_a_redaction_nobody_records_does_not_happen(answer, author, monkeypatch):
    port = moderation_port.installed()
    monkeypatch.setattr(moderation_port, "_installed", [replace(port, record_redaction=lambda **kwargs: None)])
    with pytest.raises(ImproperlyConfigured):
        actions.redact_revision(revision=answer.revisions.get(number=1), by=author)
    assert answer.revisions.get(number=1).body == FIRST


def test_without_moderation_installed_nothing_is_redacted(answer, author, monkeypatch):
    monkeypatch.setattr(moderation_port, "_installed", [])
    with pytest.raises(ImproperlyConfigured):
        actions.redact_revision(revision=answer.revisions.get(number=1), by=author)
    assert answer.revisions.get(number=1).body == FIRST
    assert [error.id for error in moderation_port.moderation_is_installed(None)] == ["forum.E020"]


def test_a_redaction_is_logged_with_no_receiver_connected(answer, author, no_receivers):
    assert actions.redact_revision(revision=answer.revisions.get(number=1), by=author)
    assert LogEntry.objects.filter(action=LogEntry.Action.REDACT_REVISION, post=answer).count() == 1


def test_a_title_in_an_earlier_revision_is_redacted_with_its_text(client):
    asker = UserFactory()
    thread = make_thread(author=asker, title=f"Router fails, ring {PHONE}", body="It blinks amber all night long.")
    question = thread.posts.get(is_question=True)
    actions.edit_post(post=question, editor=asker, body="It blinks amber all night long.", title="Router fails")
    actions.redact_revision(revision=question.revisions.get(number=1), by=asker)
    first = question.revisions.get(number=1)
    assert (first.title, first.body) == (REDACTED, REDACTED)
    assert PHONE not in revisions_as(client, None, question)


def test_the_next_revision_is_compared_with_the_last_one_not_redacted(client, author):
    thread = make_thread(author=UserFactory())
    post = make_answer(thread=thread, author=author, body="Line one.\nLine two.")
    actions.edit_post(post=post, editor=author, body=f"Line one.\nLine two.\nRing {PHONE}.")
    actions.edit_post(post=post, editor=author, body="Line one.\nLine two.\nLine three.")
    actions.redact_revision(revision=post.revisions.get(number=2), by=author)
    html = revisions_as(client, None, post)
    assert PHONE not in html
    assert REDACTED not in html.split('data-testid="revision-3"')[1].split("</section>")[0]
    assert "+ Line three." in html


def test_the_history_page_runs_the_same_queries_with_redacted_revisions(
    client, author, django_assert_num_queries, settings
):
    settings.PAGE_CACHE = False  # the page's own queries: kept parts would spare the second request some
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    thread = make_thread(author=UserFactory())
    post = make_answer(thread=thread, author=author, body="Take zero of the answer.")

    def edit_and_redact(count: int) -> None:
        for index in range(count):
            actions.edit_post(post=post, editor=author, body=f"Take {index} of the answer, {PHONE}.")
            actions.edit_post(post=post, editor=author, body=f"Take {index} of the answer.")
            actions.redact_revision(revision=post.revisions.order_by("-number")[1], by=author)

    client.force_login(author)
    edit_and_redact(2)
    url = reverse("forum:revisions", args=[post.pk])
    with CaptureQueriesContext(connection) as context:
        client.get(url)
    edit_and_redact(6)
    with django_assert_num_queries(len(context.captured_queries)):
        client.get(url)
