"""The site on a 390-pixel phone (issue 28): the header is one row for everyone, staff's links
(Queue, Reports, Inbox) in a "Work" menu; the incident banner is one line that still links to
its announcement; the queue's formula waits behind "How is this ordered?". At 1280 pixels
the header keeps its row of links."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from announcements import actions
from responses import jobs
from tests.e2e.helpers import horizontal_overflow, log_in, log_out
from tests.factories import UserFactory, make_thread

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
BANNER = "Broadband outage in the north region: engineers are on site, a fix is expected by 6 pm."
GROUPS = {"visitor": None, "member": [], "rep": ["Reps"], "lead": ["Leads"], "moderator": ["Moderators"]}


@pytest.fixture
def lead():
    return UserFactory(username="lena", display_name="Lena Lead", groups=["Leads"])


@pytest.fixture
def outage(lead):
    """An announcement by the lead with the incident banner raised, and a thread waiting."""
    now = timezone.now()
    make_thread(
        author=UserFactory(), title="Hub offline since this morning", tags=["outage"], now=now - timedelta(hours=2)
    )
    jobs.mark_overdue_threads(now=now)
    return actions.post_announcement(
        author=lead,
        title="Broadband outage in the north region",
        body="Some hubs in the north region are offline since this morning; engineers are on site.",
        tags=["outage"],
        banner=actions.BannerRequest(text=BANNER, clears_at=now + timedelta(hours=4)),
        now=now,
    )


def reader(role: str, lead):
    if GROUPS[role] is None:
        return None
    if role == "lead":
        return lead
    return UserFactory(username=f"robin-{role}", display_name=f"Robin {role.title()}", groups=GROUPS[role])


def assert_header_is_one_row(page, width: int) -> None:
    """Every item of the header (the name, the search, each link or menu of the nav) is inside
    the viewport, and the row is no taller than its tallest item: nothing wrapped."""
    row = page.evaluate(
        """() => {
          const inner = document.querySelector(".site-header__inner");
          const style = getComputedStyle(inner);
          const items = [...inner.children, ...document.querySelector(".site-nav").children]
            .filter((item) => item.className !== "site-nav" && item.getClientRects().length)
            .map((item) => item.getBoundingClientRect());
          return {
            content: inner.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom),
            tallest: Math.max(...items.map((box) => box.height)),
            left: Math.min(...items.map((box) => box.left)),
            right: Math.max(...items.map((box) => box.right)),
            count: items.length,
          };
        }"""
    )
    assert row["count"] >= 4, row
    assert row["content"] <= row["tallest"] + 1, row
    assert row["left"] >= 0, row
    assert row["right"] <= width, row


def assert_banner_is_one_line(page) -> None:
    line = page.evaluate(
        """() => {
          const inner = document.querySelector(".incident-banner__inner");
          const style = getComputedStyle(inner);
          return {
            height: inner.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom),
            lineHeight: parseFloat(style.lineHeight),
          };
        }"""
    )
    assert line["height"] <= 1.6 * line["lineHeight"], line


@pytest.mark.parametrize("role", list(GROUPS))
def test_the_header_is_one_row_and_the_banner_one_line_on_a_phone(page, password, screenshot, lead, outage, role):
    page.set_viewport_size(PHONE)
    user = reader(role, lead)
    if user:
        log_in(page, user, password)
    page.goto("/")
    assert_header_is_one_row(page, PHONE["width"])
    assert_banner_is_one_line(page)
    assert horizontal_overflow(page) == 0
    banner = page.get_by_test_id("incident-banner")
    expect(banner.get_by_role("status")).to_contain_text(BANNER)  # cut short on screen only
    link = banner.get_by_role("link", name=f"Read the announcement: {outage.title}")
    expect(link).to_be_visible()
    expect(page.get_by_role("link", name="Ask a question").first).to_be_visible()
    if user:
        expect(page.get_by_test_id("header-user")).to_be_visible()
    screenshot(page, "390")

    page.set_viewport_size(DESKTOP)
    assert_header_is_one_row(page, DESKTOP["width"])
    expect(page.get_by_test_id("work-menu")).to_be_hidden()
    if role in ("rep", "lead"):
        expect(page.get_by_test_id("queue-link")).to_be_visible()  # in the row, as before
    if role == "moderator":
        expect(page.get_by_test_id("reports-link")).to_be_visible()
    if user:
        expect(page.get_by_test_id("unread-count")).to_be_visible()
    screenshot(page, "1280")

    page.set_viewport_size(PHONE)
    link.click()
    expect(page).to_have_url(re.compile(re.escape(outage.get_absolute_url()) + "$"))
    if user:
        log_out(page)
        expect(page.get_by_role("link", name="Log in")).to_be_visible()
    assert page.script_errors == []


@pytest.mark.parametrize("role", ["rep", "lead"])
def test_staff_open_the_queue_from_the_work_menu_and_its_order_is_explained_on_demand(
    page, password, screenshot, lead, outage, role
):
    page.set_viewport_size(PHONE)
    log_in(page, reader(role, lead), password)
    page.goto("/")
    menu = page.get_by_test_id("work-menu")
    queue_link = page.get_by_test_id("queue-link")
    expect(queue_link).to_be_hidden()
    expect(menu).to_have_accessible_name("Work")
    menu.click()
    expect(queue_link).to_be_visible()
    expect(queue_link).to_have_accessible_name("Official-response queue, 1 waiting")
    expect(page.get_by_role("link", name=re.compile(r"^Notifications, \d+ unread$"))).to_be_visible()
    assert horizontal_overflow(page) == 0
    screenshot(page, "work-menu")

    # Escape closes the menu and gives the focus back to its button.
    page.keyboard.press("Escape")
    expect(queue_link).to_be_hidden()
    expect(menu).to_be_focused()
    screenshot(page, "work-menu-focused")
    page.keyboard.press("Enter")
    expect(queue_link).to_be_visible()
    # The member's own menu takes its place: one menu open at a time, and a press outside closes it.
    page.get_by_test_id("header-user").click()
    expect(page.get_by_role("link", name="Your profile")).to_be_visible()
    expect(queue_link).to_be_hidden()
    page.get_by_role("heading", name="Questions").click()
    expect(page.get_by_role("link", name="Your profile")).to_be_hidden()
    menu.click()
    expect(queue_link).to_be_visible()
    queue_link.click()

    expect(page.get_by_role("heading", name="Official-response queue")).to_be_visible()
    how = page.get_by_test_id("queue-formula")
    formula = how.get_by_text(re.compile(r"^A thread.s priority is how long it has waited"))
    expect(how).not_to_have_attribute("open", re.compile(".*"))
    expect(formula).to_be_hidden()
    assert_header_is_one_row(page, PHONE["width"])
    assert horizontal_overflow(page) == 0
    screenshot(page, "queue-390")
    how.get_by_text("How is this ordered?").click()
    expect(formula).to_be_visible()
    assert horizontal_overflow(page) == 0
    screenshot(page, "queue-390-ordered")

    page.set_viewport_size(DESKTOP)
    expect(formula).to_be_visible()
    screenshot(page, "queue-1280")
    assert page.script_errors == []


def test_the_search_button_opens_the_field_over_the_header_on_a_phone(page, screenshot, outage):
    page.set_viewport_size(PHONE)
    page.goto("/")
    field = page.get_by_label("Search the forum")
    expect(field).to_be_hidden()
    page.get_by_role("button", name="Search").click()
    expect(field).to_be_focused()
    page.keyboard.press("Escape")
    expect(field).to_be_hidden()
    expect(page.get_by_role("button", name="Search")).to_be_focused()
    page.keyboard.press("Enter")
    expect(field).to_be_focused()
    field.fill("hub offline")
    assert horizontal_overflow(page) == 0
    screenshot(page, "search-open")
    field.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=hub\+offline$"))
    expect(page.get_by_role("link", name="Hub offline since this morning")).to_be_visible()
    assert page.script_errors == []
