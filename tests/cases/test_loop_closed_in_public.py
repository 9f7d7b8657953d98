"""Taking it private closes the loop in public for everyone affected (issue 27): followers and
"me too" members hear that a representative is handling it and, once, how it was resolved,
through a public note on the thread; nothing private ever reaches them. A resolved case can
be reopened by either side for 14 days; a second case links to the first."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from cases import actions
from cases.models import Case
from forum import actions as forum_actions
from forum import notifications
from forum.models import Notification, Post
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SECRET = "serial-number-ZX81-private"
SUMMARY = "We replaced the faulty power adapter under warranty, account BW-7781."
NOTE = "A batch of power adapters failed in the heat; faulty ones are being replaced."


@pytest.fixture
def affected(thread):
    """Ben says "me too"; Cleo follows the thread."""
    ben, cleo = UserFactory(username="ben"), UserFactory(username="cleo")
    forum_actions.set_me_too(user=ben, thread=thread, on=True)
    forum_actions.follow_thread(user=cleo, thread=thread)
    return ben, cleo


def test_everyone_affected_is_told_it_is_handled_then_how_it_ended_once_and_nothing_private(
    client, thread, asker, rep, affected
):
    ben, _cleo = affected
    case, _ = actions.open_case(thread=thread, by=rep, message=f"Hello, could you send us your {SECRET}?")
    actions.post_case_message(case=case, author=asker, body=f"Here it is: {SECRET}")
    for person in affected:
        (told,) = Notification.objects.filter(recipient=person)
        assert told.text.startswith("A Brightwave representative is handling")
        assert told.url == thread.get_absolute_url()
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "and is handling this privately" in page

    actions.resolve_case(case=case, by=rep, summary=SUMMARY, public_note=NOTE)
    actions.resolve_case(case=case, by=rep, summary=SUMMARY, public_note=NOTE)  # a double click: once
    note = Case.objects.get(pk=case.pk).public_note
    for person in affected:
        told = Notification.objects.filter(recipient=person).order_by("pk")
        assert [n.text.split(":")[0] for n in told][1:] == [
            "“My Brightwave hub keeps dropping the connection” was resolved privately"
        ]
        assert told.last().url == note.get_absolute_url()

    # The sweep: nothing private in anything they were sent, on the site or by email.
    ids = list(Notification.objects.filter(recipient__in=affected).values_list("pk", flat=True))
    notifications.send_notification_emails(notification_ids=ids)
    sent = [f"{n.message} {n.details} {n.url}" for n in Notification.objects.filter(pk__in=ids)]
    sent += [f"{m.subject} {m.body}" for m in mail.outbox]
    assert len(mail.outbox) == 4
    for text in sent:
        assert SECRET not in text
        assert "BW-7781" not in text
        assert "/cases/" not in text
    # The note is public; the summary and the conversation are not.
    client.force_login(ben)
    page = client.get(thread.get_absolute_url()).content.decode()
    assert NOTE in page
    assert "Resolved privately." in page
    assert f'href="#post-{note.pk}"' in page
    assert "BW-7781" not in page
    assert SECRET not in page
    assert client.get(case.get_absolute_url()).status_code == 404


def test_resolving_needs_a_public_note_and_keeps_what_was_typed(client, case, rep):
    client.force_login(rep)
    response = client.post(reverse("cases:resolve", args=[case.pk]), {"summary": SUMMARY, "public_note": ""})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Write the public resolution note: everyone with the same problem reads it." in html
    assert "BW-7781" in html  # the summary typed is kept
    assert Case.objects.get(pk=case.pk).is_open


def test_the_invitation_reads_well_without_answers_and_offers_to_edit_the_question(client, resolved, asker):
    client.force_login(asker)
    page = client.get(resolved.get_absolute_url()).content.decode()
    assert "Or post" not in page  # nothing to accept: the update is not an "or"
    assert "Post an update in the thread" in page
    question = Post.objects.get(thread=resolved.thread, is_question=True)
    assert f'href="{reverse("forum:edit_post", args=[question.pk])}" data-testid="edit-question"' in page


def test_either_side_reopens_a_resolved_case_within_14_days_and_the_other_is_told(client, resolved, asker, rep):
    client.force_login(asker)
    assert 'data-testid="reopen-case"' in client.get(resolved.get_absolute_url()).content.decode()
    response = client.post(reverse("cases:reopen", args=[resolved.pk]))
    assert response.status_code == 302
    assert Case.objects.get(pk=resolved.pk).is_open
    assert Notification.objects.filter(recipient=rep, text__startswith="reopened the private case").exists()
    assert client.post(reverse("cases:reply", args=[resolved.pk]), {"body": "It failed again."}).status_code == 302
    # Resolved again: a second public note, a fresh invitation.
    actions.resolve_case(case=Case.objects.get(pk=resolved.pk), by=rep, summary=SUMMARY, public_note=NOTE)
    assert Case.objects.get(pk=resolved.pk).invitation.is_pending


def test_a_case_resolved_more_than_14_days_ago_is_not_reopened(client, resolved, asker):
    Case.objects.filter(pk=resolved.pk).update(resolved_at=timezone.now() - timedelta(days=15))
    client.force_login(asker)
    response = client.post(reverse("cases:reopen", args=[resolved.pk]))
    assert response.status_code == 403
    assert "too long ago" in response.content.decode()
    assert not Case.objects.get(pk=resolved.pk).is_open


def test_nobody_else_reopens_a_case(client, resolved):
    client.force_login(UserFactory())
    assert client.post(reverse("cases:reopen", args=[resolved.pk])).status_code == 404
    assert not Case.objects.get(pk=resolved.pk).is_open


def test_a_second_case_on_the_thread_links_to_the_first(client, resolved, rep):
    second, created = actions.open_case(thread=resolved.thread, by=rep, message="Hello again, is it still failing?")
    assert created
    assert second.follows_id == resolved.pk
    client.force_login(rep)
    page = client.get(second.get_absolute_url()).content.decode()
    assert f'href="{resolved.get_absolute_url()}" data-testid="earlier-case"' in page
