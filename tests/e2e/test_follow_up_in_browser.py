"""A customer says "that didn't work" to an official answer in Chromium; the thread comes back
to the top of the rep's queue, and the rep claims it from the header's Queue link and answers."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from forum import actions as forum_actions
from responses import actions
from responses.models import QueueThread
from tests.e2e.helpers import log_in, log_out
from tests.factories import UserFactory, make_thread, set_reputation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Refund for the double charge never arrived"


def test_a_customers_follow_up_brings_the_thread_back_to_the_top_of_the_reps_queue(page, password, screenshot):
    now = timezone.now()
    rep = UserFactory(username="rita", display_name="Rita", groups=["Reps"])
    customer = UserFactory(username="carol", display_name="Carol")
    set_reputation(customer, 500)
    thread = make_thread(author=customer, title=TITLE, tags=["billing"], now=now - timedelta(hours=3))
    forum_actions.post_answer(
        author=rep,
        thread=thread,
        body="We have refunded the second payment; it reaches your account within 3 days.",
        official=True,
        now=now - timedelta(hours=2),
    )
    # Another item waits in the queue: a newcomer asked for an official answer a moment ago.
    newcomer = UserFactory()
    other = make_thread(
        author=newcomer, title="Which plan includes the static address?", now=now - timedelta(minutes=5)
    )
    actions.request_official_response(thread=other, by=newcomer)

    log_in(page, customer, password)
    page.goto(thread.get_absolute_url())
    expect(page.get_by_test_id("waiting-on-customer")).to_be_visible()
    page.get_by_role("textbox", name="Your answer").fill(
        "That didn't work: three days on, the refund is still not on my statement."
    )
    page.get_by_role("button", name="Post your answer").click()
    expect(page.get_by_test_id("waiting-on-company")).to_be_visible()
    screenshot(page, "follow-up")
    log_out(page)

    log_in(page, rep, password)
    page.get_by_test_id("queue-link").click()
    expect(page).to_have_url("/official/")
    top = page.locator(".queue-item").first
    expect(top.locator(".queue-item__title")).to_have_text(TITLE)
    expect(top.get_by_test_id("follow-up")).to_have_text("The customer replied after the official answer")
    top.get_by_role("button", name="Claim").click()
    top = page.locator(".queue-item").first
    expect(top.get_by_test_id("claimed-by")).to_have_text("Claimed by Rita")
    screenshot(page, "queue")

    top.get_by_text("Read and reply").click()
    top.get_by_label("Official reply", exact=True).fill(
        "Sorry, Carol: the refund bounced. We have sent it again today by bank transfer."
    )
    top.get_by_role("button", name="Post official reply").click()
    expect(page.get_by_test_id("waiting-on-customer")).to_be_visible()
    expect(page.locator("article.post--official")).to_have_count(2)
    screenshot(page, "answered-again")

    page.get_by_test_id("queue-link").click()
    expect(page.locator(".queue-item", has_text=TITLE)).to_have_count(0)
    expect(page.locator(".queue-item")).to_have_count(1)
    thread.refresh_from_db()
    assert thread.response_state.follow_up_at is None
    assert QueueThread.objects.awaiting_official().filter(pk=thread.pk).count() == 0
    assert page.script_errors == []
