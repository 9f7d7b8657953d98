"""Taking it private, then public again, in Chromium: a rep opens a case from a hot thread,
the asker replies privately, the rep resolves it, the asker accepts an answer from the
invitation, and the thread shows as solved with the "reached out privately" note."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cases.models import Case
from forum.models import Thread
from responses import actions as response_actions
from tests.e2e.helpers import log_in, log_out
from tests.factories import UserFactory, make_answer, make_thread

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FURIOUS = "Third outage this week and nobody answers, this is unacceptable"
FURIOUS_BODY = (
    "My connection died AGAIN. This is a disgrace, I am furious and I have lost a whole day of work. "
    "Support hung up on me twice. Terrible, awful service: fix it or I cancel today."
)
ANSWER = "The outage map in the app showed a fault at the street cabinet for me; it came back after an hour."


def test_a_case_from_a_hot_thread_ends_with_the_asker_accepting_an_answer(page, password, screenshot):
    now = timezone.now()
    rep = UserFactory(username="rita", display_name="Rita", groups=["Reps"])
    asker = UserFactory(username="farid", display_name="Farid")
    hot = make_thread(author=asker, title=FURIOUS, body=FURIOUS_BODY, tags=["outage"], now=now - timedelta(hours=2))
    make_answer(thread=hot, author=UserFactory(display_name="Ada"), body=ANSWER, now=now - timedelta(minutes=90))
    response_actions.request_official_response(thread=hot, by=asker, now=now - timedelta(minutes=80))

    # The rep finds it among the hot threads, and its panel suggests taking it private.
    log_in(page, rep, password)
    page.goto("/official/?show=hot")
    expect(page.locator(".queue-item").first.locator(".queue-item__title")).to_have_text(FURIOUS)
    page.locator(".queue-item").first.locator(".queue-item__title").click()
    expect(page.get_by_test_id("case-suggestion")).to_be_visible()
    screenshot(page, "hot-thread-panel")
    page.get_by_test_id("open-case").click()
    page.get_by_label("Your first message to the asker").fill(
        "Hi Farid, I am sorry. Could you tell me your account number here, privately, so I can check the line?"
    )
    page.get_by_role("button", name="Open the case").click()
    expect(page.get_by_test_id("case-status")).to_have_text("Open")
    case = Case.objects.get()
    assert Thread.objects.get(pk=hot.pk).response_state.first_official_at is not None
    log_out(page)

    # The asker hears of it, and replies in private.
    log_in(page, asker, password)
    page.goto("/notifications/")
    page.get_by_text("reached out privately").first.click()
    expect(page.get_by_test_id("case-privacy")).to_contain_text("Only you and the")
    page.get_by_label("Your message").fill("It is BW-40021. Thank you for getting back to me.")
    page.get_by_role("button", name="Send").click()
    expect(page.locator(".case-message")).to_have_count(2)
    screenshot(page, "asker-replies")
    log_out(page)

    # The rep resolves it with a private summary and a public note for the thread.
    log_in(page, rep, password)
    page.goto(case.get_absolute_url())
    page.get_by_label("Summary for the customer").fill(
        "A faulty line card at your street cabinet; an engineer replaced it this afternoon."
    )
    page.get_by_label("Resolution note for the thread").fill(
        "A faulty line card in a street cabinet; it was replaced and the line is stable."
    )
    page.get_by_role("button", name="Resolve the case").click()
    expect(page.get_by_test_id("case-status")).to_have_text("Resolved")
    log_out(page)

    # The asker accepts the community answer from the invitation.
    log_in(page, asker, password)
    page.goto(hot.get_absolute_url())
    page.get_by_test_id("case-link").click()
    invitation = page.get_by_test_id("invitation")
    expect(invitation).to_be_visible()
    screenshot(page, "invitation")
    invitation.get_by_role("button", name="Accept this answer").first.click()

    # The public thread: solved, with the note and nothing of the case.
    expect(page.locator(".thread__meta .badge--solved")).to_have_text("Solved")
    expect(page.get_by_test_id("reached-out")).to_contain_text("A Brightwave representative reached out privately")
    expect(page.locator(".reply").first).to_contain_text("Resolved privately. A faulty line card in a street cabinet")
    expect(page.locator("body")).not_to_contain_text("BW-40021")
    expect(page.locator("body")).not_to_contain_text("your street cabinet")  # the private summary
    screenshot(page, "solved-thread")
    log_out(page)
    page.goto(hot.get_absolute_url())
    expect(page.get_by_test_id("reached-out")).to_contain_text("reached out privately")
    expect(page.get_by_test_id("case-link")).to_have_count(0)
    assert Thread.objects.get(pk=hot.pk).status == Thread.Status.SOLVED
    assert page.script_errors == []
