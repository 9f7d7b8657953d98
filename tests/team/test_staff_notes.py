"""Staff notes (issue 27; Discourse's whispers): reps, leads and moderators write notes on a
thread for one another; nobody else ever sees one, on any page, in search, in the API, in a
notification or an email, or in a webhook's payload."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from config.events import EVENTS
from forum import actions as forum_actions
from forum import notifications
from forum.models import Notification
from team.models import StaffNote
from team.staff_notes import add_staff_note
from tests.factories import UserFactory, make_answer, make_thread
from webhooks.models import Delivery, Subscription

pytestmark = pytest.mark.django_db

NOTE = "Billing says the refund went out Tuesday, ref RF-55120-whisper"
STAFF = ["rep", "lead", "moderator"]
OTHERS = ["anonymous", "member", "asker", "suspended rep"]


@pytest.fixture
def world(db):
    asker = UserFactory(username="asker")
    thread = make_thread(author=asker, title="Charged twice for November on my Hub 3 account")
    people = {
        "anonymous": None,
        "member": UserFactory(username="member"),
        "asker": asker,
        "rep": UserFactory(username="rita", groups=["Reps"]),
        "lead": UserFactory(username="lena", groups=["Leads"]),
        "moderator": UserFactory(username="mo", groups=["Moderators"]),
        "suspended rep": UserFactory(
            username="sam", groups=["Reps"], suspended_until=timezone.now() + timedelta(days=1), suspension_reason="x"
        ),
    }
    Subscription.objects.create(url="http://127.0.0.1:9/hook", events=list(EVENTS), created_at=timezone.now())
    return thread, people


def surfaces(thread) -> list[str]:
    """Every page a member reads the thread's words on."""
    api_thread = reverse("api:thread", args=[thread.pk])
    return [
        thread.get_absolute_url(),
        "/",
        "/?tab=active",
        reverse("forum:search") + "?q=refund",
        reverse("forum:tag", args=["wifi"]),
        reverse("forum:notifications"),
        f"/u/{thread.author.username}/",
        api_thread,
        reverse("api:search") + "?q=refund",
    ]


def test_staff_write_and_read_notes_on_the_thread_page(client, world):
    thread, people = world
    client.force_login(people["rep"])
    response = client.post(reverse("team:add_staff_note", args=[thread.pk]), {"body": NOTE})
    assert response.status_code == 302
    assert response.url.endswith("#staff-notes")
    note = StaffNote.objects.get()
    assert (note.thread, note.author) == (thread, people["rep"])
    for role in STAFF:
        client.force_login(people[role])
        html = client.get(thread.get_absolute_url()).content.decode()
        assert NOTE in html, role
        assert "only staff see these" in html


@pytest.mark.parametrize("role", OTHERS)
def test_nobody_else_sees_a_note_anywhere(client, world, role, settings):
    settings.ACTION_RATE_LIMITS_ON = False
    thread, people = world
    add_staff_note(thread=thread, by=people["rep"], body=NOTE)
    # Life goes on around the note: an answer, a reply, an official answer (notifications, events).
    answer = make_answer(thread=thread, author=people["member"], body="Ask billing for a refund reference.")
    forum_actions.reply(parent=answer, author=thread.author, body="They said it went out, but where?")
    forum_actions.post_answer(author=people["rep"], thread=thread, body="The refund is on its way.", official=True)
    if people[role] is not None:
        client.force_login(people[role])
    for url in surfaces(thread):
        response = client.get(url)
        assert response.status_code in (200, 302), url
        assert "RF-55120" not in response.content.decode(), (role, url)
        assert "staff-notes" not in response.content.decode(), (role, url)
    notifications.send_notification_emails(notification_ids=list(Notification.objects.values_list("pk", flat=True)))
    assert mail.outbox  # emails went out, none with the note
    assert all("RF-55120" not in f"{m.subject} {m.body}" for m in mail.outbox)
    assert all("RF-55120" not in str(d.payload) for d in Delivery.objects.all())
    assert Delivery.objects.exists()  # the webhook heard the answers, not the note


def test_nobody_else_may_write_a_note(client, world):
    thread, people = world
    for role in OTHERS:
        if people[role] is None:
            continue
        client.force_login(people[role])
        assert client.post(reverse("team:add_staff_note", args=[thread.pk]), {"body": NOTE}).status_code == 403
    client.logout()
    assert client.post(reverse("team:add_staff_note", args=[thread.pk]), {"body": NOTE}).status_code == 302  # login
    assert not StaffNote.objects.exists()


def test_a_refused_note_is_shown_again(client, world):
    thread, people = world
    client.force_login(people["lead"])
    long = "x" * 2_001
    response = client.post(reverse("team:add_staff_note", args=[thread.pk]), {"body": long})
    assert response.status_code == 400
    html = response.content.decode()
    assert "A note is short: at most 2,000 characters" in html
    assert long in html
    assert not StaffNote.objects.exists()


def test_the_thread_page_reads_its_notes_in_one_query_however_many(client, world, django_assert_num_queries, settings):
    settings.PAGE_CACHE = False
    thread, people = world
    other = make_thread(author=people["asker"], title="Another billing question about November")
    add_staff_note(thread=thread, by=people["rep"], body="one note")
    for number in range(20):
        add_staff_note(thread=other, by=people["lead"], body=f"note {number}")
    client.force_login(people["moderator"])
    for warm in (thread, other):  # each page's first view is counted: the same for both after
        client.get(warm.get_absolute_url())
    with CaptureQueriesContext(connection) as few:
        client.get(thread.get_absolute_url())
    with django_assert_num_queries(len(few.captured_queries)):
        html = client.get(other.get_absolute_url()).content.decode()
    assert html.count('data-testid="staff-note"') == 20
