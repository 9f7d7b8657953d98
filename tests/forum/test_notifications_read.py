"""Notifications: opening one marks it read and goes to the site page it points to; each can
be marked read or unread, in place with htmx (the header's count comes along out of band) or
as a plain form; "mark all read" still works; nobody but the recipient touches one."""

import pytest
from django.urls import reverse

from forum import notifications as notices
from forum.models import Notification
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


@pytest.fixture
def reader(db):
    return UserFactory(username="reader")


def notify(reader, *, url: str = "/t/1/router-blinks/#post-2", text: str = "Ben answered") -> Notification:
    (pk,) = notices.notify(recipient_ids=[reader.pk], text=text, url=url)
    return Notification.objects.get(pk=pk)


def unread(reader) -> int:
    return Notification.objects.filter(recipient=reader, read_at=None).count()


def test_opening_a_notification_marks_it_read_and_goes_where_it_points(client, reader):
    note = notify(reader)
    client.force_login(reader)
    response = client.get(reverse("forum:open_notification", args=[note.pk]))
    assert response.status_code == 302
    assert response["Location"] == "/t/1/router-blinks/#post-2"
    note.refresh_from_db()
    assert note.read_at is not None


def test_opening_it_again_keeps_the_time_it_was_first_read(client, reader):
    note = notify(reader)
    client.force_login(reader)
    client.get(reverse("forum:open_notification", args=[note.pk]))
    first = Notification.objects.get(pk=note.pk).read_at
    client.get(reverse("forum:open_notification", args=[note.pk]))
    assert Notification.objects.get(pk=note.pk).read_at == first


@pytest.mark.parametrize(
    "url", ["https://evil.example/phish", "//evil.example/", "/\\evil.example/", "javascript:alert(1)", ""]
)
def test_a_notification_only_ever_sends_its_reader_to_the_sites_own_pages(client, reader, url):
    note = notify(reader, url=url)
    client.force_login(reader)
    response = client.get(reverse("forum:open_notification", args=[note.pk]))
    assert response["Location"] == reverse("forum:notifications")
    assert Notification.objects.get(pk=note.pk).read_at is not None


def test_only_the_recipient_may_open_or_mark_a_notification(client, reader):
    note = notify(reader)
    client.force_login(UserFactory())
    assert client.get(reverse("forum:open_notification", args=[note.pk])).status_code == 404
    assert client.post(reverse("forum:mark_notification_read", args=[note.pk])).status_code == 404
    assert client.post(reverse("forum:mark_notification_unread", args=[note.pk])).status_code == 404
    assert Notification.objects.get(pk=note.pk).read_at is None


def test_visitors_are_sent_to_log_in(client, reader):
    note = notify(reader)
    response = client.get(reverse("forum:open_notification", args=[note.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert client.get(reverse("forum:notifications_count")).status_code == 302


def test_marking_read_and_unread_as_plain_forms_comes_back_to_the_same_place_in_the_list(client, reader):
    note = notify(reader)
    client.force_login(reader)
    response = client.post(reverse("forum:mark_notification_read", args=[note.pk]), {"page": "2"})
    assert response["Location"] == f"{reverse('forum:notifications')}?page=2#notification-{note.pk}"
    assert unread(reader) == 0
    response = client.post(reverse("forum:mark_notification_unread", args=[note.pk]), {"page": "../evil"})
    assert response["Location"] == f"{reverse('forum:notifications')}#notification-{note.pk}"
    assert unread(reader) == 1


def test_marking_with_htmx_answers_the_row_and_the_header_count_out_of_band(client, reader):
    note, other = notify(reader), notify(reader, text="Chloe said me too")
    client.force_login(reader)
    response = client.post(reverse("forum:mark_notification_read", args=[note.pk]), headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert f'<li class="notification" id="notification-{note.pk}"' in html  # read: not --unread
    assert "Mark as unread" in html
    assert 'id="notifications-link"' in html
    assert 'hx-swap-oob="true"' in html
    assert 'aria-label="Notifications, 1 unread"' in html

    response = client.post(reverse("forum:mark_notification_unread", args=[note.pk]), headers=HTMX)
    html = response.content.decode()
    assert f'<li class="notification notification--unread" id="notification-{note.pk}"' in html
    assert "Mark as read" in html
    assert 'aria-label="Notifications, 2 unread"' in html
    assert unread(reader) == 2
    assert other.read_at is None


def test_marking_needs_a_post(client, reader):
    note = notify(reader)
    client.force_login(reader)
    assert client.get(reverse("forum:mark_notification_read", args=[note.pk])).status_code == 405
    assert client.post(reverse("forum:open_notification", args=[note.pk])).status_code == 405


def test_mark_all_read_still_marks_every_one(client, reader):
    for _ in range(3):
        notify(reader)
    client.force_login(reader)
    assert client.post(reverse("forum:mark_notifications_read")).status_code == 302
    assert unread(reader) == 0


def test_the_count_endpoint_answers_the_header_link_alone_and_is_never_cached(client, reader):
    notify(reader)
    notify(reader)
    client.force_login(reader)
    response = client.get(reverse("forum:notifications_count"), headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.strip().startswith('<a class="notifications-link" id="notifications-link"')
    assert 'data-testid="unread-count">2<' in html
    assert "no-store" in response["Cache-Control"]


def test_the_list_links_through_the_open_view_and_says_which_are_unread(client, reader):
    note, read = notify(reader), notify(reader, text="Dev accepted your answer")
    notices.mark_notification_read(notification=read)
    client.force_login(reader)
    html = client.get(reverse("forum:notifications")).content.decode()
    assert f'href="{reverse("forum:open_notification", args=[note.pk])}"' in html
    assert 'href="/t/1/router-blinks/#post-2"' not in html
    assert html.count('<span class="visually-hidden">Unread:</span>') == 1
    assert html.count("Mark as read<") == 1
    assert html.count("Mark as unread<") == 1
    assert 'aria-label="Notifications, 1 unread"' in html


def test_marking_read_what_is_read_runs_no_query(reader, django_assert_num_queries):
    note = notify(reader)
    notices.mark_notification_read(notification=note)
    with django_assert_num_queries(0):
        notices.mark_notification_read(notification=note)
    notices.mark_notification_unread(notification=note)
    with django_assert_num_queries(0):
        notices.mark_notification_unread(notification=note)
