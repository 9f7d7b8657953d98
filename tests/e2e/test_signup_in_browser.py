import re

import pytest
from playwright.sync_api import expect

from accounts.models import User
from tests.e2e.helpers import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_visitor_signs_up_confirms_logs_in_and_sees_their_name(page, mailoutbox, screenshot, password):
    page.goto("/")
    expect(page.get_by_role("heading", name="Questions")).to_be_visible()
    screenshot(page, "home")

    page.get_by_role("link", name="Sign up").click()
    page.get_by_label("Email").fill("grace@example.com")
    page.get_by_label("Username").fill("grace")
    page.get_by_label("Password:", exact=True).fill(password)
    page.get_by_label("Password (again)").fill(password)
    screenshot(page, "signup")
    page.get_by_role("button", name="Sign Up").click()
    expect(page.get_by_role("heading", name="Verify Your Email Address")).to_be_visible()

    assert len(mailoutbox) == 1
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+)", mailoutbox[0].body).group(1)
    page.goto(link)
    page.get_by_role("button", name="Confirm").click()

    log_in(page, User.objects.get(email="grace@example.com"), password)
    screenshot(page, "logged-in")
    assert page.script_errors == []


@pytest.mark.parametrize("logged_in", [False, True], ids=["visitor", "member"])
def test_the_header_fits_a_390_pixel_phone_without_horizontal_scrolling(page, member, password, screenshot, logged_in):
    page.set_viewport_size({"width": 390, "height": 844})
    if logged_in:
        log_in(page, member, password)
    page.goto("/")
    header = page.locator(".site-header").bounding_box()
    assert header["width"] <= 390
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow == 0
    for name in ("Ask a question", "Search"):
        box = page.get_by_role("button" if name == "Search" else "link", name=name).first.bounding_box()
        assert box["x"] >= 0
        assert box["x"] + box["width"] <= 390
    screenshot(page, "phone")
