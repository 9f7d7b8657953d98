"""The XSS corpus (tests/xss_corpus.py) in Chromium: every page kind that shows seeded user
text, loaded as the role that sees it, with every way a payload could run recorded (dialogs,
alert/confirm/prompt/print and the corpus's own __xss()) and the live DOM searched for
anything executable. The server-side twin is tests/platform/test_xss_corpus.py."""

import pytest
from django.conf import settings as django_settings
from django.test import Client

from tests.xss_corpus import EXECUTABLES_IN_DOM_JS, PAYLOADS, RECORDERS_JS, pages_of, seed_everywhere

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Django's own changelists escape every cell; the server-side test parses all of them, the
# browser loads two admin pages (a changelist and a change page), which keeps it to ~20 s.
SERVER_SIDE_ONLY = {
    "admin: threads",
    "admin: users",
    "admin: moderation log reasons",
    "admin: notifications",
    "admin: dismissal reasons",
}


def _sign_in_as(context, user, base_url: str) -> None:
    """Signing in is not under test here: a session made on the server, as its cookie."""
    context.clear_cookies()
    if user is None:
        return
    client = Client()
    client.force_login(user)
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": base_url}])


def test_no_page_that_shows_the_corpus_runs_a_payload_or_holds_anything_executable(
    page, live_server, screenshot, settings
):
    settings.THREADS_PER_PAGE = 100  # the live server runs in this process: one list page each
    seeded = seed_everywhere(PAYLOADS)
    context = page.context
    context.add_init_script(RECORDERS_JS)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    results = {}
    viewer = object()
    pages = [row for row in pages_of(seeded) if row[0] not in SERVER_SIDE_ONLY]
    for place, path, who in sorted(pages, key=lambda row: getattr(row[2], "pk", 0)):
        if who is not viewer:
            _sign_in_as(context, who, live_server.url)
            viewer = who
        response = page.goto(path)  # waits for the load event
        # Mouse-over and focus handlers get their chance on the user content.
        for element in page.locator(".post__body a, .post__body img, .profile__bio").all()[:10]:
            element.hover(timeout=2_000, force=True)
        results[place] = {
            "status": response.status,
            "calls": page.evaluate("window.__xssCalls"),
            "executable": page.evaluate(EXECUTABLES_IN_DOM_JS),
            "shows the corpus": "xss" in page.content().lower(),
        }
    screenshot(page, "last-page")
    # The detector and the recorders work: what they would find, put in by hand, is found.
    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<a href=\"javascript:void(0)\">x</a>')")
    planted = page.evaluate(EXECUTABLES_IN_DOM_JS)
    page.evaluate("window.__xss(0)")
    recorded = page.evaluate("window.__xssCalls")

    expected = {"status": 200, "calls": [], "executable": [], "shows the corpus": True}
    assert {place: result for place, result in results.items() if result != expected} == {}
    assert len(results) == len(pages) == 20
    assert dialogs == []
    assert planted == ["<a href=javascript:void(0)>"]
    assert recorded == ["__xss:0"]
    # A CSP violation would mean script reached a page: there must be none, not merely blocked ones.
    assert [error for error in page.script_errors if "Failed to load resource" not in error] == []
