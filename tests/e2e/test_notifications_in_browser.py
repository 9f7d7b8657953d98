"""Notifications in Chromium: marking one read or unread changes it in place and the header's
count follows without a reload; opening one marks it read; the count is asked for again
every minute, so a notification that arrives while the page is open shows up."""

import pytest
from playwright.sync_api import expect

from forum import notifications as notices
from forum.models import Notification
from tests.e2e.helpers import log_in
from tests.factories import UserFactory, make_thread

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_member_marks_notifications_read_and_unread_and_the_header_count_follows(page, password, screenshot):
    reader = UserFactory(display_name="Ruth")
    thread = make_thread(author=reader, title="Hub keeps restarting after the firmware update")
    (older,) = notices.notify(recipient_ids=[reader.pk], text="Ben said me too on your question", url="/")
    (newer,) = notices.notify(
        recipient_ids=[reader.pk], text="Chloe answered your question", url=thread.get_absolute_url()
    )

    log_in(page, reader, password)
    page.goto("/notifications/")
    page.wait_for_load_state("load")
    count = page.get_by_test_id("unread-count")
    expect(count).to_have_text("2")
    expect(page.get_by_role("link", name="Notifications, 2 unread")).to_be_visible()

    row = page.get_by_test_id(f"notification-{older}")
    row.get_by_role("button", name="Mark as read").click()
    expect(row).not_to_have_class("notification notification--unread")
    expect(count).to_have_text("1")  # out of band, no reload
    expect(page.get_by_role("link", name="Notifications, 1 unread")).to_be_visible()
    mark = row.get_by_role("button", name="Mark as unread")
    expect(mark).to_be_focused()  # the new button kept the focus
    screenshot(page, "one-read")

    mark.click()
    expect(row).to_have_class("notification notification--unread")
    expect(count).to_have_text("2")

    page.get_by_test_id(f"notification-{newer}").get_by_role("link", name="Chloe answered your question").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hub keeps restarting after the firmware update")
    expect(count).to_have_text("1")
    assert Notification.objects.get(pk=newer).read_at is not None

    page.goto("/notifications/")
    page.get_by_role("button", name="Mark all as read").click()
    expect(count).to_have_text("0")
    screenshot(page, "all-read")
    assert page.script_errors == []


def test_the_header_count_is_asked_for_again_every_minute(page, password):
    reader = UserFactory(display_name="Ruth")
    page.clock.install()
    log_in(page, reader, password)
    page.goto("/")
    page.wait_for_load_state("load")
    expect(page.get_by_test_id("unread-count")).to_have_text("0")

    notices.notify(recipient_ids=[reader.pk], text="Dev answered your question", url="/")
    with page.expect_response(lambda response: "/notifications/count/" in response.url):
        page.clock.run_for(61_000)
    expect(page.get_by_test_id("unread-count")).to_have_text("1")
    expect(page.get_by_role("link", name="Notifications, 1 unread")).to_be_visible()
    assert page.script_errors == []
