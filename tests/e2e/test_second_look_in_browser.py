"""A second look on hot threads (responses/second_look.py), in Chromium: the team requires it;
Rita's official reply on Farid's furious thread waits for Lena, who returns it with a note;
Rita rewrites it, Lena approves it with an edit, and everyone then reads it in the thread
with when it was written and who looked at it."""

import re

import pytest
from playwright.sync_api import expect

from responses import second_look
from responses.models import HeldReply
from tests.e2e.helpers import horizontal_overflow, log_in, log_out
from tests.factories import UserFactory, make_thread

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "This is the worst service, I am furious and fed up"
FURIOUS = "Terrible, awful, useless. I hate this and I am so angry. This is a disgrace and a scam!"
FIRST_DRAFT = "The fault is being looked at. An engineer will come when one is free."
NOTE = "Please apologise first and say when the engineer comes"
REWRITE = "I am sorry about this. We found the fault at your cabinet and an engineer comes today."
APPROVED = "I am sorry about this. We found the fault at your cabinet and an engineer comes this afternoon."


def test_a_hot_threads_official_reply_is_returned_rewritten_and_published_after_a_second_look(
    page, password, screenshot
):
    second_look.set_policy("required")
    farid = UserFactory(username="farid", display_name="Farid")
    rita = UserFactory(username="rita", display_name="Rita", groups=["Reps"])
    lena = UserFactory(username="lena", display_name="Lena", groups=["Leads"])
    thread = make_thread(author=farid, title=TITLE, body=FURIOUS)
    assert thread.response_state.heat >= 0.5

    # Rita answers officially; the reply waits for a lead and nothing is public yet.
    log_in(page, rita, password)
    page.goto(thread.get_absolute_url())
    expect(page.get_by_test_id("second-look-required")).to_contain_text("a lead gives your official reply")
    expect(page.get_by_label("Post as an official reply")).to_be_checked()
    page.get_by_role("textbox", name="Your answer").fill(FIRST_DRAFT)
    page.get_by_role("button", name="Post your answer").click()
    expect(page).to_have_url(re.compile(r"/official/second-look/\d+/$"))
    expect(page.get_by_role("status")).to_contain_text("waits for a lead's second look")
    expect(page.get_by_test_id("held-status")).to_contain_text("Waiting for a lead's second look")
    page.goto(thread.get_absolute_url())
    expect(page.locator("#answers-heading")).to_have_text(re.compile(r"^0 answers"))
    expect(page.locator(".answers .empty")).to_contain_text("No answers yet")
    expect(page.locator(".answers")).not_to_contain_text(FIRST_DRAFT)
    log_out(page)

    # Lena is told, reads it with the thread's clock, and returns it with a note.
    log_in(page, lena, password)
    page.goto("/official/")
    expect(page.get_by_test_id("held-waiting")).to_contain_text("1 official reply on hot thread waits for your")
    page.goto("/notifications/")
    page.locator(".notification-list").get_by_role("link", name=re.compile("asks for a second look")).click()
    expect(page).to_have_url(re.compile(r"/official/second-look/\d+/$"))
    expect(page.get_by_test_id("held-status")).to_contain_text("clock keeps running")
    expect(page.get_by_test_id("held-draft")).to_contain_text(FIRST_DRAFT)
    screenshot(page, "held-reply-lead-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    assert horizontal_overflow(page) == 0
    screenshot(page, "held-reply-lead-390")
    page.set_viewport_size({"width": 1280, "height": 800})
    page.get_by_label("What should the rep change?").fill(NOTE)
    page.get_by_role("button", name="Return to Rita").click()
    expect(page.get_by_role("status")).to_contain_text("Returned to Rita with your note")
    expect(page.get_by_test_id("held-replies-decided")).to_contain_text("by Rita: returned by Lena")
    expect(page.get_by_test_id("held-replies-waiting")).to_contain_text("None waiting.")
    log_out(page)

    # Rita reads the note and rewrites the draft.
    log_in(page, rita, password)
    page.goto("/notifications/")
    page.locator(".notification-list").get_by_role("link", name=re.compile("returned your official reply")).click()
    expect(page.get_by_test_id("held-note")).to_contain_text(NOTE)
    expect(page.get_by_test_id("held-status")).to_contain_text("Returned to you by Lena")
    revise = page.locator("form").filter(has=page.get_by_role("heading", name="Rewrite and send again"))
    revise.get_by_label("The official reply").fill(REWRITE)
    revise.get_by_role("button", name="Send for a second look").click()
    expect(page.get_by_role("status")).to_contain_text("Sent for a second look again")
    expect(page.get_by_test_id("held-status")).to_contain_text("Waiting for a lead's second look")
    log_out(page)

    # Lena approves it with one change; it is published in Rita's name.
    log_in(page, lena, password)
    page.goto("/official/second-look/")
    page.get_by_test_id("held-replies-waiting").get_by_role("link", name=TITLE).click()
    expect(page.get_by_test_id("held-draft")).to_contain_text(REWRITE)
    approve = page.locator("form").filter(has=page.get_by_role("button", name="Approve and publish"))
    approve.get_by_label("The official reply").fill(APPROVED)
    approve.get_by_role("button", name="Approve and publish").click()
    expect(page).to_have_url(re.compile(re.escape(thread.get_absolute_url())))
    expect(page.get_by_role("status")).to_contain_text("Approved: the official reply is public")
    held = HeldReply.objects.get()
    post = held.post
    assert post is not None
    assert held.edited
    answer = page.locator(f"#post-{post.pk}")
    expect(answer).to_contain_text(APPROVED)
    expect(answer.locator(".badge--official")).to_have_text("Official answer")
    expect(page.get_by_test_id(f"second-look-{post.pk}")).to_contain_text("published after a second look by Lena")
    screenshot(page, "published-thread-1280")
    log_out(page)

    # Anyone reads it, with the line saying it had a second look.
    page.goto(thread.get_absolute_url())
    expect(page.locator(f"#post-{post.pk}")).to_contain_text(APPROVED)
    expect(page.get_by_test_id(f"second-look-{post.pk}")).to_contain_text(
        re.compile(r"Written .+ and published after a second look by Lena")
    )
    expect(page.get_by_test_id("second-look-required")).to_have_count(0)
    assert page.script_errors == []
