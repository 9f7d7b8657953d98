"""A moderator's day in Chromium (issue 26): the header counts what waits for them, closing as a
duplicate shows the original before confirming and asks before taking a thread out of the
official queue, a decision is undone from the log, and the pages fit a 390-pixel phone."""

import pytest
from playwright.sync_api import expect

from forum import actions as forum_actions
from forum.models import Post, Thread
from moderation import actions
from moderation.models import LogEntry
from responses import actions as response_actions
from tests.e2e.helpers import log_in, undo_from_log
from tests.factories import UserFactory, make_answer, make_thread, set_reputation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fits_a_phone(page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow == 0, f"{page.url} is {overflow} px wider than the phone"


def test_a_moderator_closes_a_queued_duplicate_after_reading_the_original_then_undoes_a_lock(
    page, password, screenshot
):
    moderator = UserFactory(username="mo", display_name="Mo", groups=["Moderators"])
    original = make_thread(author=UserFactory(), title="Hub restarts every night at three in the morning")
    answer = make_answer(thread=original, author=UserFactory(), body="Turn off automatic firmware updates at night.")
    forum_actions.accept_answer(post=answer, by=original.author)
    grace = UserFactory(username="grace", display_name="Grace")
    waiting = make_thread(author=grace, title="My hub restarts at night, every night")
    response_actions.claim_thread(thread=waiting, by=UserFactory(username="rita", display_name="Rita", groups=["Reps"]))
    flagger = UserFactory(username="ada")
    set_reputation(flagger, 50)
    rant = make_answer(thread=waiting, author=UserFactory(), body="Brightwave support never calls back. Useless.")
    actions.flag_post(post=rant, flagger=flagger, reason="abuse")

    log_in(page, moderator, password)
    expect(page.get_by_test_id("reports-link")).to_contain_text("1")

    page.goto(waiting.get_absolute_url())
    page.get_by_text("Moderate this thread").click()
    page.get_by_test_id("find-duplicate").click()
    expect(page.get_by_test_id("queue-state")).to_contain_text("assigned to Rita")
    page.get_by_role("link", name=original.title).click()
    preview = page.get_by_test_id("original-preview")
    expect(preview).to_contain_text("Accepted answer")
    expect(preview).to_contain_text("Turn off automatic firmware updates")
    screenshot(page, "duplicate-preview")
    page.get_by_test_id("leaves-queue").check()
    page.get_by_test_id("confirm-duplicate").click()
    expect(page.get_by_role("status")).to_contain_text("Closed as a duplicate")
    assert Thread.objects.get(pk=waiting.pk).duplicate_of_id == original.pk

    actions.lock_thread(thread=original, by=moderator, reason="Going in circles")
    undo_from_log(page, LogEntry.objects.get(action=LogEntry.Action.LOCK), "Locked the wrong thread")
    assert Thread.objects.get(pk=original.pk).status != Thread.Status.LOCKED
    screenshot(page, "log-after-undo")
    assert page.script_errors == []


def test_the_moderation_pages_fit_a_390_pixel_phone(page, password, screenshot):
    moderator = UserFactory(username="mo", display_name="Mo", groups=["Moderators"])
    thread = make_thread(author=UserFactory(), title="The hub drops the line every evening without warning")
    for index in range(6):
        post = make_answer(thread=thread, author=UserFactory(), body=f"Cheap routers at example.com, offer {index}")
        flagger = UserFactory()
        set_reputation(flagger, 50)
        actions.flag_post(post=post, flagger=flagger, reason="spam", note="an advert with a link in it")
        if index % 2:  # half decided (the log), half waiting (the queue)
            actions.hide_post(
                post=post, by=moderator, rule="off_topic", reason="an advert for another shop, not an answer"
            )
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, moderator, password)
    for url, name in (("/moderation/", "reports"), ("/moderation/log/", "log"), (thread.get_absolute_url(), "thread")):
        page.goto(url)
        fits_a_phone(page)
        screenshot(page, f"{name}-390")


def test_a_spam_wave_is_ticked_all_at_once_and_hidden_after_one_confirmation(page, password, screenshot):
    """The reports queue's bulk decision, on a phone: "Tick all" (forum.js), one decision,
    a confirmation that lists each post and what it costs."""
    moderator = UserFactory(username="mo", display_name="Mo", groups=["Moderators"])
    thread = make_thread(author=UserFactory(), title="The hub drops the line every evening without warning")
    wave = [
        make_answer(thread=thread, author=UserFactory(), body=f"Cheap routers at example.com, code WAVE{index}")
        for index in range(5)
    ]
    for post in wave:
        flagger = UserFactory()
        set_reputation(flagger, 50)
        actions.flag_post(post=post, flagger=flagger, reason="spam")
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, moderator, password)
    page.goto("/moderation/?reason=spam&age=hour")
    expect(page.get_by_test_id("report")).to_have_count(5)
    page.get_by_label("Tick all").check()
    for post in wave:
        expect(page.locator(f"#tick-{post.pk}")).to_be_checked()
    page.get_by_label("With the ticked posts").select_option("hide:spam")
    fits_a_phone(page)
    screenshot(page, "wave-ticked-390")
    page.get_by_role("button", name="Decide on the ticked posts").click()
    expect(page.get_by_role("heading", name="Hide 5 posts as spam?")).to_be_visible()
    expect(page.get_by_test_id(f"bulk-cost-{wave[0].pk}")).to_contain_text("costs 100 reputation")
    fits_a_phone(page)
    screenshot(page, "wave-confirm-390")
    page.get_by_test_id("confirm-bulk").click()
    expect(page.get_by_role("status")).to_contain_text("Hide as spam: 5 posts.")
    expect(page.get_by_test_id("report")).to_have_count(0)
    assert Post.objects.filter(pk__in=[post.pk for post in wave], hidden_reason="spam").count() == 5
    page.set_viewport_size({"width": 1280, "height": 900})
    screenshot(page, "after-the-wave-1280")
    assert page.script_errors == []
