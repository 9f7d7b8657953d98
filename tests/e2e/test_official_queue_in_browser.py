"""A rep works the official-response queue in Chromium: the flagged thread is at the top,
they claim it, reply officially, and the thread shows the badge while the queue lets go."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from forum.models import Thread
from responses import jobs
from tests.e2e.helpers import log_in
from tests.factories import UserFactory, make_answer, make_thread

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

URGENT = "Charged twice and the billing chat is not answering"


def test_a_rep_claims_the_top_overdue_thread_replies_officially_and_it_leaves_the_queue(page, password, screenshot):
    now = timezone.now()
    rep = UserFactory(username="rita", display_name="Rita", groups=["Reps"])
    urgent = make_thread(author=UserFactory(), title=URGENT, tags=["billing"], now=now - timedelta(hours=3))
    make_thread(author=UserFactory(), title="Router lights blink green after update", now=now - timedelta(minutes=70))
    answered = make_thread(author=UserFactory(), title="Mesh pods drop at night sometimes", now=now - timedelta(days=2))
    make_answer(thread=answered, author=UserFactory(), now=now - timedelta(days=1))
    jobs.mark_overdue_threads(now=now)

    log_in(page, rep, password)
    page.goto("/official/")
    top = page.locator(".queue-item").first
    expect(top.locator(".queue-item__title")).to_have_text(URGENT)
    top.get_by_role("button", name="Claim").click()
    expect(page.locator(".queue-item").first.get_by_test_id("claimed-by")).to_have_text("Claimed by Rita")
    screenshot(page, "queue")

    top = page.locator(".queue-item").first
    top.get_by_text("Read and reply").click()
    top.get_by_label("Official reply", exact=True).fill("We have refunded the second payment; it shows within 3 days.")
    top.get_by_role("button", name="Post official reply").click()

    official = page.locator("article.post--official")
    expect(official.locator(".badge--official")).to_have_text("Official answer")
    expect(official.locator(".badge--verified")).to_be_visible()
    screenshot(page, "official-reply")

    page.goto("/official/")
    expect(page.locator(".queue-item", has_text=URGENT)).to_have_count(0)
    expect(page.locator(".queue-item")).to_have_count(1)
    assert Thread.objects.get(pk=urgent.pk).response_state.first_official_at is not None

    page.goto("/dashboard/")
    expect(page.get_by_role("heading", name="Response-time dashboard")).to_be_visible()
    expect(page.get_by_test_id("queue-size")).to_have_text("1")
    expect(page.locator("figure.chart svg")).to_be_visible()
    screenshot(page, "dashboard")
    assert page.script_errors == []
