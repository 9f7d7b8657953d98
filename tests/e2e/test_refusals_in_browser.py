"""No silent failures, in Chromium: a click the server refuses, or that never reaches it,
says why beside the control, in an alert region screen readers announce, and the control
keeps its true state. A control the member may not use is disabled and says why."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from config.limits import conf as limits_conf
from forum import actions as forum_actions
from forum.conf import conf as forum_conf
from forum.models import MeToo, Vote
from responses import jobs
from tests.e2e.helpers import log_in
from tests.factories import UserFactory, make_answer, make_thread, set_reputation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Router drops the connection every evening at eight"
HTMX_ERROR_LOGS = ("Response Status Error Code", "htmx:")
HOSTILE = '<img src="x" id="injected"> Somebody accepted another answer at the same time.'


def script_errors(page) -> list[str]:
    """Console errors other than the refused requests themselves (Chromium logs each failed
    load, htmx logs each error event): a CSP violation or a script error would show here."""
    return [
        error
        for error in page.script_errors
        if "Failed to load resource" not in error and not error.startswith(HTMX_ERROR_LOGS)
    ]


@pytest.fixture
def answered_thread(db):
    thread = make_thread(author=UserFactory(display_name="Asha"), title=TITLE)
    return thread, make_answer(thread=thread, author=UserFactory(display_name="Hiro"))


def open_thread(page, thread) -> None:
    page.goto(thread.get_absolute_url())
    page.wait_for_load_state("load")  # htmx and forum.js bind their listeners once loaded


def alert_of(page, test_id: str):
    """The control's alert region: announced by screen readers when words are written in."""
    region = page.get_by_test_id(test_id)
    expect(region).to_have_attribute("role", "alert")
    return region


def test_a_one_reputation_member_clicking_vote_up_hears_they_need_15_and_the_score_stays(
    page, password, screenshot, answered_thread
):
    thread, answer = answered_thread
    newcomer = UserFactory(display_name="Nadia")  # members start with 1 reputation
    log_in(page, newcomer, password)
    open_thread(page, thread)

    post = page.locator(f"#post-{answer.pk}")
    up = post.get_by_role("button", name="Vote up")
    expect(up).to_have_attribute("aria-disabled", "true")
    expect(up).to_have_accessible_description("You need 15 reputation to vote up.")
    expect(post.get_by_role("button", name="Vote down")).to_have_accessible_description(
        "You need 125 reputation to vote down."
    )
    up.click(force=True)  # Playwright would wait for an aria-disabled button; a person clicks it

    alert = alert_of(post, f"refusal-vote-{answer.pk}")
    expect(alert).to_have_text("You need 15 reputation to vote up.")
    expect(post.get_by_test_id(f"score-{answer.pk}")).to_have_text("0")
    expect(up).to_have_attribute("aria-pressed", "false")
    expect(up).to_be_focused()  # focus stays where the member clicked
    screenshot(page, "disabled-vote")

    page.keyboard.press("Escape")
    expect(alert).to_have_text("")
    assert not Vote.objects.exists()
    assert script_errors(page) == []


def test_a_vote_the_server_refuses_after_the_page_loaded_says_why_and_swaps_nothing(
    page, password, screenshot, answered_thread
):
    thread, answer = answered_thread
    member = UserFactory(display_name="Mira")
    set_reputation(member, forum_conf.PRIVILEGES["vote_up"])
    log_in(page, member, password)
    open_thread(page, thread)
    post = page.locator(f"#post-{answer.pk}")
    up = post.get_by_role("button", name="Vote up")
    expect(up).not_to_have_attribute("aria-disabled", "true")

    set_reputation(member, 1)  # a moderator hid their spam in the meantime, say
    with page.expect_response(lambda response: "/vote/" in response.url) as refused:
        up.click()
    assert refused.value.status == 403

    expect(alert_of(post, f"refusal-vote-{answer.pk}")).to_have_text("You need 15 reputation to vote up.")
    expect(post.get_by_test_id(f"score-{answer.pk}")).to_have_text("0")
    expect(up).to_have_attribute("aria-pressed", "false")
    screenshot(page, "refused-by-the-server")
    assert not Vote.objects.exists()
    assert script_errors(page) == []


def test_a_vote_over_the_rate_limit_answers_429_and_the_vote_stays_as_it_was(
    page, password, answered_thread, settings, screenshot
):
    settings.ACTION_RATE_LIMITS = {**limits_conf.ACTION_RATE_LIMITS, "vote": {"member": "1/h", "new": "1/h"}}
    thread, answer = answered_thread
    member = UserFactory(display_name="Mira")
    set_reputation(member, 200)
    log_in(page, member, password)
    open_thread(page, thread)
    post = page.locator(f"#post-{answer.pk}")

    post.get_by_role("button", name="Vote up").click()
    expect(post.get_by_test_id(f"score-{answer.pk}")).to_have_text("1")  # swapped in place
    undo = post.get_by_role("button", name="Undo your up vote")
    expect(undo).to_be_focused()  # the new button took the focus of the old one
    undo.click()

    expect(alert_of(post, f"refusal-vote-{answer.pk}")).to_have_text(
        "You can vote at most 1 times per hour. Please wait a little; nothing you typed is lost."
    )
    expect(undo).to_have_attribute("aria-pressed", "true")
    expect(post.get_by_test_id(f"score-{answer.pk}")).to_have_text("1")
    screenshot(page, "rate-limited")
    # A click elsewhere puts the message away.
    page.get_by_role("heading", level=1).click()
    expect(alert_of(post, f"refusal-vote-{answer.pk}")).to_have_text("")
    assert Vote.objects.get().value == 1
    assert script_errors(page) == []


def test_a_click_that_never_reaches_the_server_says_so_and_changes_nothing(page, password, answered_thread):
    thread, _answer = answered_thread
    log_in(page, UserFactory(display_name="Nadia"), password)
    open_thread(page, thread)
    page.route("**/me-too/**", lambda route: route.abort("internetdisconnected"))

    actions = page.locator(".thread__actions")
    actions.get_by_role("button", name="I have this problem too").click()
    expect(alert_of(actions, "refusal-me-too")).to_have_text(
        "Could not reach the site, so nothing was changed. Check your connection and try again."
    )
    expect(actions.get_by_role("button", name="I have this problem too")).to_have_attribute("aria-pressed", "false")
    expect(actions.get_by_test_id("me-too-count")).to_have_text("0 people have this problem")
    assert not MeToo.objects.exists()

    page.unroute("**/me-too/**")
    actions.get_by_role("button", name="I have this problem too").click()
    expect(actions.get_by_test_id("me-too-count")).to_have_text("1 person has this problem")
    expect(actions.get_by_role("button", name="You have this problem too")).to_have_attribute("aria-pressed", "true")
    assert script_errors(page) == []


def test_a_refusal_is_written_as_text_and_an_error_page_becomes_one_sentence(
    page, password, answered_thread, screenshot
):
    thread, answer = answered_thread
    log_in(page, thread.author, password)
    open_thread(page, thread)
    # A 409 whose words hold markup: shown as the words, never parsed as HTML.
    page.route(
        f"**/p/{answer.pk}/accept/",
        lambda route: route.fulfill(status=409, content_type="text/plain; charset=utf-8", body=HOSTILE),
    )
    post = page.locator(f"#post-{answer.pk}")
    post.get_by_role("button", name="Accept this answer").click()
    alert = post.locator(f"#accept-{answer.pk}-refusal")
    expect(alert).to_have_attribute("role", "alert")
    expect(alert).to_have_text(HOSTILE)
    assert page.locator("#injected").count() == 0
    expect(post.get_by_role("button", name="Accept this answer")).to_be_visible()  # nothing swapped

    # A 500 page from a proxy: its HTML is never shown; a sentence for its status is.
    page.route(
        "**/unfollow/**",
        lambda route: route.fulfill(status=500, content_type="text/html", body="<h1>Internal Server Error</h1>"),
    )
    actions = page.locator(".thread__actions")
    actions.get_by_role("button", name="Stop following").click()  # the asker follows their thread
    expect(alert_of(actions, "refusal-follow")).to_have_text(
        "Something went wrong on our side and nothing was changed. Try again in a moment."
    )
    expect(actions.get_by_role("button", name="Stop following")).to_be_visible()
    screenshot(page, "error-messages")
    thread.refresh_from_db()
    assert thread.accepted_post_id is None
    assert script_errors(page) == []


def test_accepting_and_following_work_in_place_and_without_javascript(
    browser, live_server, page, password, answered_thread
):
    thread, answer = answered_thread
    log_in(page, thread.author, password)
    open_thread(page, thread)
    page.locator(f"#post-{answer.pk}").get_by_role("button", name="Accept this answer").click()
    expect(page.locator(".thread__meta .badge--solved")).to_have_text("Solved")
    expect(page.locator(f"#post-{answer.pk}").get_by_role("button", name="Unaccept")).to_be_focused()
    page.locator(".thread__actions").get_by_role("button", name="Stop following").click()  # the asker follows
    expect(page.locator(".thread__actions").get_by_role("button", name="Follow this thread")).to_be_focused()
    assert script_errors(page) == []

    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    plain = context.new_page()
    try:
        log_in(plain, thread.author, password)
        plain.goto(thread.get_absolute_url())
        plain.locator(f"#post-{answer.pk}").get_by_role("button", name="Unaccept").click()
        expect(plain.locator(f"#post-{answer.pk}").get_by_role("button", name="Accept this answer")).to_be_visible()
        plain.locator(".thread__actions").get_by_role("button", name="Follow this thread").click()
        expect(plain.locator(".thread__actions").get_by_role("button", name="Stop following")).to_be_visible()
    finally:
        context.close()
    thread.refresh_from_db()
    assert thread.accepted_post_id is None


def test_without_javascript_a_disabled_vote_still_posts_and_the_refusal_page_says_why(
    browser, live_server, password, answered_thread
):
    thread, answer = answered_thread
    newcomer = UserFactory(display_name="Nadia")
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    plain = context.new_page()
    try:
        log_in(plain, newcomer, password)
        plain.goto(thread.get_absolute_url())
        plain.locator(f"#post-{answer.pk}").get_by_role("button", name="Vote up").click(force=True)
        expect(plain.get_by_role("heading", level=1)).to_have_text("You are not allowed to do that")
        expect(plain.get_by_text("You need 15 reputation to vote up.")).to_be_visible()
    finally:
        context.close()
    assert not Vote.objects.exists()


def test_a_claim_refused_because_the_thread_was_answered_meanwhile_says_so_in_the_queue(page, password, screenshot):
    now = timezone.now()
    rep = UserFactory(display_name="Rita", groups=["Reps"])
    waiting = make_thread(author=UserFactory(), title="Charged twice for the same month", now=now - timedelta(hours=3))
    answered = make_thread(
        author=UserFactory(), title="Router lights blink green after update", now=now - timedelta(hours=2)
    )
    jobs.mark_overdue_threads(now=now)

    log_in(page, rep, password)
    page.goto("/official/")
    page.wait_for_load_state("load")
    row = page.locator(f"#queue-{waiting.pk}")
    row.get_by_role("button", name="Claim").click()
    expect(row.get_by_test_id("claimed-by")).to_have_text("Claimed by Rita")  # the row, swapped in place
    expect(row.get_by_role("button", name="Release")).to_be_focused()

    other = UserFactory(display_name="Ravi", groups=["Reps"])
    forum_actions.post_answer(author=other, thread=answered, body="We have replaced the router.", official=True)
    row = page.locator(f"#queue-{answered.pk}")
    row.get_by_role("button", name="Claim").click()
    expect(alert_of(row, f"refusal-claim-{answered.pk}")).to_have_text(
        "This thread needs no official reply: it is closed or is waiting on the customer."
    )
    expect(row.get_by_role("button", name="Claim")).to_be_visible()  # nothing swapped
    screenshot(page, "claim-refused")

    # The thread page's panel claims in place too.
    fresh = make_thread(author=UserFactory(), title="Mesh pods drop off the network at night")
    page.goto(fresh.get_absolute_url())
    page.wait_for_load_state("load")
    claimed_by = page.get_by_test_id("rep-panel").locator("div", has=page.locator("dt", has_text="Claimed by"))
    expect(claimed_by.locator("dd")).to_have_text("nobody")
    page.get_by_test_id("rep-panel").get_by_role("button", name="Claim this thread").click()
    expect(claimed_by.locator("dd")).to_have_text("Rita")  # the panel, swapped in place
    expect(page.get_by_test_id("rep-panel").get_by_role("button")).to_have_count(0)
    assert script_errors(page) == []
