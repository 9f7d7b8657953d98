"""A member asks, another answers, the first votes and accepts: the thread is solved on the
front page and in search. Everything through the real pages in Chromium."""

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import log_in, log_out
from tests.factories import UserFactory, make_thread, set_reputation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Mesh Pod blinks blue and never pairs with the hub"
BODY = "I have reset the **Mesh Pod** twice. It sits one metre from the hub.\n\n```\nstatus: searching\n```"
ANSWER = "Hold the button for ten seconds until it blinks white, then add it from the app."


def test_a_member_asks_another_answers_and_the_first_votes_and_accepts(page, password, screenshot):
    asker = UserFactory(username="asker", display_name="Asha")
    set_reputation(asker, 20)  # enough to vote up
    helper = UserFactory(username="helper", display_name="Hiro")
    make_thread(author=UserFactory(), title="Mesh Pod pairing fails after update", tags=["mesh"])

    log_in(page, asker, password)
    page.get_by_role("link", name="Ask a question").first.click()
    page.wait_for_load_state("load")  # htmx binds its listeners once the page has loaded
    page.get_by_label("Title").fill(TITLE)
    expect(page.locator("#similar-threads")).to_contain_text("Mesh Pod pairing fails after update")
    page.get_by_label("Details").fill(BODY)
    expect(page.get_by_test_id("preview").locator("strong")).to_have_text("Mesh Pod")
    page.get_by_label("Tags").fill("me")
    page.get_by_role("button", name="mesh").click()
    expect(page.get_by_label("Tags")).to_have_value("mesh ")
    screenshot(page, "ask")
    page.get_by_role("button", name="Post your question").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.locator(".post__body pre")).to_contain_text("status: searching")
    thread_url = page.url
    log_out(page)

    log_in(page, helper, password)
    page.goto(thread_url)
    page.get_by_role("textbox", name="Your answer").fill(ANSWER)
    page.get_by_role("button", name="Post your answer").click()
    expect(page.locator(".answers article")).to_contain_text("blinks white")
    log_out(page)

    log_in(page, asker, password)
    page.goto(thread_url)
    answer = page.locator(".answers article").first
    answer.get_by_role("button", name="Vote up").click()
    expect(answer.locator(".vote__score")).to_have_text("1")  # swapped in place by htmx
    answer.get_by_role("button", name="Accept this answer").click()
    expect(page.locator(".answers article").first.locator(".badge--solved")).to_have_text("Accepted answer")
    screenshot(page, "solved-thread")

    page.goto("/?tab=solved")
    row = page.locator(".thread-row", has_text=TITLE)
    expect(row.locator(".badge--solved")).to_be_visible()
    page.goto("/search/?q=mesh+pod+blinks")
    expect(page.locator(".thread-row", has_text=TITLE).locator(".badge--solved")).to_be_visible()
    screenshot(page, "search")
    assert page.script_errors == []

    helper.refresh_from_db()
    assert helper.reputation == 1 + 10 + 15
