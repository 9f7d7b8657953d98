"""Issue 28, answering from the queue, in Chromium: a rep opens a row inline, reads the
customer's latest message, answers from a saved reply (inserted, edited, posted officially);
then on another row a misclicked "Done without a reply" is undone from the message. At 1280
and 390 px, with nothing wider than a phone's screen."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from taggit.models import Tag

from forum import actions as forum_actions
from responses.models import QueueClaim, ResponseState
from team.models import SavedReply
from tests.e2e.helpers import horizontal_overflow, log_in
from tests.factories import UserFactory, make_answer, make_thread

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REFUND = "The refund for the double charge never arrived"
PODS = "Mesh pods still drop at night after the update"


def followed_up(title: str, *, rep, asker, follow_up: str, minutes_ago: int, tags):
    now = timezone.now()
    thread = make_thread(author=asker, title=title, tags=tags, now=now - timedelta(hours=6))
    forum_actions.post_answer(
        author=rep, thread=thread, body="Official: we have looked into it.", official=True, now=now - timedelta(hours=5)
    )
    make_answer(thread=thread, author=asker, body=follow_up, now=now - timedelta(minutes=minutes_ago))
    return thread


def test_a_rep_answers_from_a_saved_reply_inline_and_undoes_a_misclicked_done(page, password, screenshot):
    rep = UserFactory(username="rita", display_name="Rita", groups=["Reps"])
    carol = UserFactory(username="carol", display_name="Carol")
    billing, _ = Tag.objects.get_or_create(name="billing", defaults={"slug": "billing"})
    SavedReply.objects.create(
        name="Refund resent",
        tag=billing,
        body="Sorry, {asker}: the refund bounced, so we have sent it again by bank transfer.",
    )
    refund = followed_up(
        REFUND,
        rep=rep,
        asker=carol,
        follow_up="It is still not on my statement after a week. Where is my money?",
        minutes_ago=90,
        tags=["billing"],
    )
    pods = followed_up(
        PODS, rep=rep, asker=UserFactory(), follow_up="The pods dropped again at 2am.", minutes_ago=30, tags=["wifi"]
    )

    log_in(page, rep, password)
    page.goto("/official/?show=all")
    row = page.locator(".queue-item", has_text=REFUND)
    row.get_by_text("Read and reply").click()
    latest = row.get_by_test_id("latest-from-customer")
    expect(latest).to_contain_text("The customer replied after the official answer")
    expect(latest).to_contain_text("It is still not on my statement after a week. Where is my money?")
    expect(latest).to_contain_text("Carol")
    expect(row).to_contain_text("Answers so far: 2")
    screenshot(page, "row-open-1280")

    row.get_by_label("Start from a saved reply").select_option(label="Refund resent (billing)")
    row.get_by_role("button", name="Insert").click()
    box = row.get_by_label("Official reply", exact=True)
    expect(box).to_have_value("Sorry, Carol: the refund bounced, so we have sent it again by bank transfer.")
    expect(page).to_have_url("/official/?show=all")  # inserted in place, nothing posted
    box.press("End")
    box.type(" It shows within three days.")
    row.get_by_role("button", name="Post official reply").click()
    official = page.locator("article.post--official")
    expect(official).to_have_count(2)
    expect(official.last).to_contain_text("we have sent it again by bank transfer. It shows within three days.")
    assert ResponseState.objects.get(pk=refund.pk).follow_up_at is None

    # Another row: claimed, then "Done" by mistake, and undone from the message.
    page.goto("/official/?show=all")
    row = page.locator(".queue-item", has_text=PODS)
    row.get_by_role("button", name="Claim").click()
    row = page.locator(".queue-item", has_text=PODS)
    expect(row.get_by_test_id("claimed-by")).to_have_text("Claimed by Rita")
    claim = QueueClaim.objects.values("claimed_by", "claimed_at", "assigned_by").get(thread=pods)
    state = ResponseState.objects.values("follow_up_at", "waiting_since", "due_at").get(pk=pods.pk)
    row.get_by_text("Done without a reply").click()
    row.get_by_label("Why does the follow-up need no further reply?").fill("Misclick: meant the row above.")
    row.get_by_role("button", name="Mark done with this reason").click()
    message = page.get_by_role("status").locator(".message--success")
    expect(message).to_contain_text(f"“{PODS}” is marked done")
    expect(page.locator(".queue-item", has_text=PODS)).to_have_count(0)
    screenshot(page, "done-message-1280")
    message.get_by_role("button", name="Undo").click()
    expect(page.get_by_role("status")).to_contain_text("is back in the queue as it was")
    row = page.locator(".queue-item", has_text=PODS)
    expect(row.get_by_test_id("claimed-by")).to_have_text("Claimed by Rita")
    assert QueueClaim.objects.values("claimed_by", "claimed_at", "assigned_by").get(thread=pods) == claim
    assert ResponseState.objects.values("follow_up_at", "waiting_since", "due_at").get(pk=pods.pk) == state

    # On a phone: the row opens and nothing is wider than the screen.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/official/?show=all")
    row = page.locator(".queue-item", has_text=PODS)
    row.get_by_text("Read and reply").click()
    expect(row.get_by_test_id("latest-from-customer")).to_contain_text("The pods dropped again at 2am.")
    row.get_by_text("Done without a reply").click()
    assert horizontal_overflow(page) == 0
    screenshot(page, "row-open-390")
    assert page.script_errors == []
