"""In Chromium (issue 10): members flag a spam post until it hides behind a tombstone; a
moderator confirms the hide as spam from the reports queue, and the public log shows it."""

import pytest
from playwright.sync_api import expect

from forum.models import Post
from moderation import actions
from moderation.models import LogEntry
from tests.e2e.helpers import log_in, log_out, undo_from_log
from tests.factories import UserFactory, give_a_flagging_record, make_answer, make_thread, set_reputation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SPAM = "Cheap routers at half price, message me now for the best deals anywhere!"


def test_flags_hide_a_spam_post_and_a_moderator_confirms_it_in_the_open(page, password, screenshot):
    asker = UserFactory(username="asker", display_name="Asker")
    thread = make_thread(author=asker, title="Why does my hub restart every night at three?")
    spam = make_answer(thread=thread, author=UserFactory(username="spammer", display_name="Spammer"), body=SPAM)
    member = UserFactory(username="ada", display_name="Ada")
    set_reputation(member, 50)
    trusted = UserFactory(username="ben", display_name="Ben")
    set_reputation(trusted, 800)
    for flagger in (member, trusted):
        give_a_flagging_record(flagger)  # proven flaggers: only their spam flags hide
    moderator = UserFactory(username="mo", display_name="Mo", groups=["Moderators"])

    for flagger in (member, trusted):
        log_in(page, flagger, password)
        page.goto(thread.get_absolute_url())
        page.locator(f"#post-{spam.pk}").get_by_role("link", name="Flag").click()
        page.get_by_label("Spam").check()
        page.get_by_role("button", name="Flag").click()
        expect(page.get_by_role("status")).to_contain_text("the moderators will look at it")
        log_out(page)

    page.goto(thread.get_absolute_url())
    tombstone = page.get_by_test_id(f"tombstone-{spam.pk}")
    expect(tombstone).to_contain_text("Hidden after members flagged it as spam; a moderator will review it.")
    expect(tombstone.get_by_role("link", name="See the decision in the moderation log")).to_be_visible()
    expect(page.locator(f"#post-{spam.pk}")).not_to_contain_text("half price")
    screenshot(page, "tombstone")

    log_in(page, moderator, password)
    expect(page.get_by_test_id("reports-link")).to_contain_text("1")  # the moderators' header count
    page.goto("/moderation/")
    report = page.get_by_test_id("report").first
    expect(report).to_contain_text("Spam (2)")  # the flags grouped by reason
    expect(report).to_contain_text("Ada")
    expect(report).to_contain_text("weight 2")
    report.get_by_role("button", name="I'm on it").click()  # so that no other moderator works it too
    expect(page.get_by_test_id(f"claim-{spam.pk}")).to_contain_text("You are on it")
    report = page.get_by_test_id("report").first
    screenshot(page, "reports-queue")
    report.get_by_label("Decision").select_option("hide:spam")
    report.get_by_role("button", name="Decide").click()
    # Spam costs the author reputation: the moderator confirms it, told what it costs.
    expect(page.get_by_test_id("hide-cost")).to_contain_text("costs its author 100 reputation")
    screenshot(page, "confirm-spam")
    assert Post.objects.get(pk=spam.pk).hidden_by == Post.HiddenBy.FLAGS  # not yet the moderator's
    page.get_by_test_id("confirm-hide").click()
    expect(page.get_by_role("status")).to_contain_text("Hidden")
    assert Post.objects.get(pk=spam.pk).hidden_reason == "spam"

    # A decision is undone from the log for a day: the post is back, with its author's reputation.
    undo_from_log(page, LogEntry.objects.get(action=LogEntry.Action.HIDE), "Clicked the wrong report")
    screenshot(page, "log-after-undoing-the-hide")
    assert not Post.objects.get(pk=spam.pk).is_hidden
    actions.hide_post(post=Post.objects.get(pk=spam.pk), by=moderator, rule="spam")  # decided again, for the log below

    log_out(page)
    page.goto("/moderation/log/")
    first = page.get_by_test_id("log-entry").first
    expect(first).to_contain_text("Mo")
    expect(first).to_contain_text("hid")
    expect(first).to_contain_text("spam")
    expect(first).not_to_contain_text("Spammer")  # members' names are for moderators
    screenshot(page, "moderation-log")
    # The automatic hide, the moderator's, its undoing, the hide again.
    assert LogEntry.objects.count() == 4
    assert page.script_errors == []
