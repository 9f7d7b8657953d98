"""Every hostile input of the corpus, posted as an answer and shown in Chromium: no dialog
opens, no script runs, and nothing executable reaches the DOM."""

import pytest

from tests.factories import UserFactory, make_answer, make_thread
from tests.hostile_inputs import HOSTILE_INPUTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EXECUTABLE = (
    "script, iframe, object, embed, form, meta, base, link, style, svg, math, [style], [srcdoc], "
    "[onerror], [onload], [onclick], [onmouseover], [onfocus], [ontoggle], [onstart], "
    "a[href^='javascript' i], a[href^='data' i], a[href^='vbscript' i]"
)


def test_a_page_of_hostile_posts_opens_no_dialog_and_runs_no_script(page, screenshot):
    thread = make_thread(author=UserFactory(), title="Everything an attacker could think of")
    for index, source in enumerate(HOSTILE_INPUTS):
        make_answer(thread=thread, author=UserFactory(), body=f"Attempt {index}\n\n{source}")
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    page.goto(thread.get_absolute_url())
    page.wait_for_load_state("load")
    for post in page.locator(".post__body").all():
        post.hover()  # give mouse-over handlers their chance
    page.locator(".post__body a").first.focus()

    assert page.locator(".answers article").count() == len(HOSTILE_INPUTS)
    assert page.locator(f".post__body :is({EXECUTABLE})").count() == 0
    assert dialogs == []
    # A CSP violation would mean script reached the page: there must be none, not merely blocked ones.
    assert [error for error in page.script_errors if "Failed to load resource" not in error] == []
    screenshot(page, "hostile")
