"""No `next=` or other redirect target a visitor can choose ever sends the browser off the
site: an open-redirect corpus through every view that reads one (allauth's login, logout,
signup and its already-logged-in login page, the moderators' decision forms, the reps'
queue buttons, a notification's link)."""

from urllib.parse import urljoin, urlsplit

import pytest
from django.urls import reverse

from forum import notifications
from forum.models import Notification
from tests.factories import UserFactory, make_answer, make_thread

pytestmark = pytest.mark.django_db

EVIL = "evil.example"

# Each one has, in some browser or some parser, been read as another site (or as script).
CORPUS = [
    f"//{EVIL}",
    f"//{EVIL}/",
    f"///{EVIL}",
    f"////{EVIL}",
    f"/\\{EVIL}",
    f"\\\\{EVIL}",
    f"\\/{EVIL}",
    f"/\\/{EVIL}",
    f"https://{EVIL}/",
    f"http://{EVIL}",
    f"HTTPS://{EVIL}",
    f"https:{EVIL}",
    f"https:/{EVIL}",
    f"https:\\\\{EVIL}",
    f"ftp://{EVIL}/",
    f"%2F%2F{EVIL}",
    f"%2f%2f{EVIL}",
    f"/%2F{EVIL}",
    f"%5C%5C{EVIL}",
    f"/%5C{EVIL}",
    f"/%09/{EVIL}",
    f"/\t/{EVIL}",
    f"/\n/{EVIL}",
    f"/\r\n/{EVIL}",
    f"\t//{EVIL}",
    f" //{EVIL}",
    f"\x00//{EVIL}",
    f"\x01//{EVIL}",
    f"//{EVIL}%00.testserver",
    f"https://testserver@{EVIL}/",
    f"https://testserver:443@{EVIL}/",
    f"//testserver@{EVIL}",
    f"https://{EVIL}\\@testserver/",
    f"https://{EVIL}?.testserver/",
    f"https://{EVIL}#.testserver/",
    f"https://testserver.{EVIL}/",
    "//evil\u3002example",  # an ideographic full stop, which IDNA reads as a dot
    "//evil\uff0eexample",  # a fullwidth full stop
    "//ⓔⓥⓘⓛ.example",
    "https://evil\u2024example/",  # a one-dot leader
    "//evil.example\u2215x",  # a division slash
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    " javascript:alert(1)",
    "javascript://%0aalert(1)",
    "javascript:/moderation/%0aalert(1)",
    "data:text/html,<script>alert(1)</script>",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "/t/\r\nLocation: https://evil.example/",
    "/moderation/\r\nSet-Cookie: x=1",
    "/moderation/../" + "/" + EVIL,
    "/t/..//" + EVIL,
    "a" * 5000,
    "/" + "a" * 100_000,
]
assert len(CORPUS) >= 40


def browser_reading(location: str, base: str) -> tuple[str, str]:
    """(scheme, host) a browser goes to for `location` on the page `base`: it strips leading
    and trailing C0 controls and spaces, drops tabs and newlines anywhere, and reads a
    backslash as a slash in http(s) addresses (the WHATWG URL standard)."""
    cleaned = location.strip("".join(map(chr, range(0x21))))
    cleaned = "".join(character for character in cleaned if character not in "\t\n\r")
    cleaned = cleaned.replace("\\", "/")
    target = urlsplit(urljoin(base, cleaned))
    return target.scheme.lower(), (target.hostname or "")


def assert_stays_on_site(response, target: str) -> None:
    assert response.status_code < 500, f"{target!r}: {response.status_code}"
    location = response.get("Location")
    if location is None:  # shown again, or refused: nothing to follow
        return
    scheme, host = browser_reading(location, "http://testserver/")
    assert (scheme, host) == ("http", "testserver"), f"{target!r} -> {location!r}"


def ids(targets):
    return [repr(target)[:40] for target in targets]


@pytest.fixture
def corpus():
    return list(CORPUS)


def test_the_reading_of_locations_catches_what_a_browser_would_follow():
    """The assertion itself: each of these would leave the site, so it must fail on them."""
    for location in [f"//{EVIL}", f"/\\{EVIL}", f"/\t/{EVIL}", f" //{EVIL}", f"https://{EVIL}", "javascript:x"]:
        scheme, host = browser_reading(location, "http://testserver/")
        assert (scheme, host) != ("http", "testserver"), location
    assert browser_reading("/t/1/x/?next=//evil", "http://testserver/") == ("http", "testserver")


def test_login_follows_no_target_off_the_site(client, password, corpus, settings):
    settings.ACCOUNT_RATE_LIMITS = False  # one login per target from one address
    person = UserFactory()
    for target in corpus:
        client.logout()
        response = client.post(reverse("account_login"), {"login": person.email, "password": password, "next": target})
        assert response.status_code == 302, repr(target)  # logged in, whatever the target
        assert_stays_on_site(response, target)


def test_the_login_page_of_a_member_already_logged_in_follows_no_target_off_the_site(client, member, corpus):
    client.force_login(member)
    for target in corpus:
        if "\x00" in target:
            continue  # refused with a 400 before any view (tests/platform/test_input_limits.py)
        response = client.get(reverse("account_login"), {"next": target})
        assert_stays_on_site(response, target)


def test_logout_follows_no_target_off_the_site(client, member, corpus):
    for target in corpus:
        client.force_login(member)
        response = client.post(reverse("account_logout"), {"next": target})
        assert response.status_code == 302, repr(target)
        assert_stays_on_site(response, target)


def test_signup_follows_no_target_off_the_site(client, password, corpus, settings):
    settings.ACCOUNT_RATE_LIMITS = False  # one signup per target from one address
    for number, target in enumerate(corpus):
        client.logout()
        data = {
            "email": f"newcomer{number}@example.com",
            "username": f"newcomer{number}",
            "password1": password,
            "password2": password,
            "next": target,
        }
        response = client.post(reverse("account_signup"), data)
        assert response.status_code == 302, repr(target)
        assert_stays_on_site(response, target)


def test_a_moderators_decision_goes_back_to_no_target_off_the_site(client, moderator, corpus):
    author = UserFactory()
    thread = make_thread(author=author)
    client.force_login(moderator)
    for target in corpus:
        answer = make_answer(thread=thread, author=author)
        response = client.post(
            reverse("moderation:decide", args=[answer.pk]),
            {"decision": "hide:spam", "reason": "", "next": target, "confirmed": "on"},
        )
        assert response.status_code == 302, repr(target)
        assert_stays_on_site(response, target)
        answer.refresh_from_db()
        assert answer.is_hidden  # the decision itself was taken


def test_a_reps_queue_button_goes_back_to_no_target_off_the_site(client, rep, corpus):
    thread = make_thread(author=UserFactory())
    client.force_login(rep)
    for target in corpus:
        claimed = client.post(reverse("responses:claim", args=[thread.pk]), {"next": target})
        assert claimed.status_code == 302, repr(target)
        assert_stays_on_site(claimed, target)
        released = client.post(reverse("responses:release", args=[thread.pk]), {"next": target})
        assert released.status_code == 302, repr(target)
        assert_stays_on_site(released, target)


def test_a_notification_whose_link_points_off_the_site_opens_the_notifications_page(client, member, corpus):
    client.force_login(member)
    notifications.notify(recipient_ids=[member.pk], text="Look", url="/t/1/x/")
    for target in corpus:
        if "\x00" in target:
            continue  # PostgreSQL's text holds no NUL, and the site never writes one into a link
        Notification.objects.filter(recipient=member).update(url=target[:500], read_at=None)
        notification = Notification.objects.get(recipient=member)
        response = client.get(reverse("forum:open_notification", args=[notification.pk]))
        assert response.status_code == 302, repr(target)
        assert_stays_on_site(response, target)


@pytest.mark.parametrize(
    ("view", "target"),
    [("login", "/notifications/"), ("logout", "/tags/"), ("hide", "/moderation/?reason=spam"), ("claim", "/t/9/x/")],
)
def test_a_target_on_the_site_is_still_followed(client, member, moderator, rep, password, view, target):
    """The corpus is refused for what it is, not because no target is ever followed."""
    if view == "login":
        response = client.post(reverse("account_login"), {"login": member.email, "password": password, "next": target})
    elif view == "logout":
        client.force_login(member)
        response = client.post(reverse("account_logout"), {"next": target})
    elif view == "hide":
        author = UserFactory()
        answer = make_answer(thread=make_thread(author=author), author=author)
        client.force_login(moderator)
        response = client.post(
            reverse("moderation:decide", args=[answer.pk]), {"decision": "hide:spam", "next": target, "confirmed": "on"}
        )
    else:
        client.force_login(rep)
        response = client.post(reverse("responses:claim", args=[make_thread(author=member).pk]), {"next": target})
    assert response.status_code == 302
    assert response["Location"] == target
