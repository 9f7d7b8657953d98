"""In Chromium (issue 27): nina says "that didn't work" under the official answer, Rita asks
for her router model, nina replies; the thread page says whom it waits on at each step."""

import pytest
from playwright.sync_api import expect

from forum import actions
from forum.models import Post
from responses.models import QueueThread
from tests.e2e.helpers import log_in, log_out, reply_under
from tests.factories import UserFactory, make_thread

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def queued(thread) -> bool:
    return QueueThread.objects.awaiting_official().filter(pk=thread.pk).exists()


def test_a_customer_replies_under_the_official_answer_and_a_rep_asks_for_a_detail(page, password, screenshot):
    nina = UserFactory(username="nina", display_name="Nina")
    rita = UserFactory(username="rita", display_name="Rita", groups=["Reps"])
    thread = make_thread(author=nina, title="My hub drops the line every evening at nine")
    official = actions.post_answer(
        author=rita, thread=thread, body="Please restart the hub from the app; that clears it.", official=True
    )

    log_in(page, nina, password)
    page.goto(thread.get_absolute_url())
    reply_under(page, official, "That didn't work: it still drops at nine, every night.")
    expect(page.locator(f"#replies-{official.pk} .reply")).to_contain_text("it still drops at nine")
    expect(page.get_by_test_id("waiting-on-company")).to_be_visible()
    expect(page.locator("#answers-heading")).to_have_text("1 answer")  # a reply is not an answer
    assert queued(thread)
    screenshot(page, "that-didnt-work-1280")
    log_out(page)

    log_in(page, rita, password)
    page.goto(thread.get_absolute_url())
    reply_under(page, official, "Sorry about that. Can you tell me your router model?", asks_customer=True)
    expect(page.get_by_test_id("waiting-for-detail")).to_contain_text("asked for a detail")
    assert not queued(thread)
    log_out(page)

    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, nina, password)
    page.goto(thread.get_absolute_url())
    reply_under(page, official, "It is a Hub 4, model BW-H4.")
    expect(page.locator(f"#replies-{official.pk} .reply")).to_have_count(3)
    expect(page.get_by_test_id("waiting-on-company")).to_be_visible()
    assert queued(thread)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow == 0
    screenshot(page, "the-conversation-390")
    assert Post.objects.replies().filter(thread=thread).count() == 3
    assert page.script_errors == []
