"""Headers every response carries: members' pages are private to their browser, and no
page may use a powerful browser feature the site never needs."""

from html.parser import HTMLParser

import pytest
from django.utils.cache import get_max_age

pytestmark = pytest.mark.django_db

DENIED_FEATURES = ["camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()", "interest-cohort=()"]


def cache_control(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


@pytest.mark.parametrize("url", ["/", "/tags/", "/notifications/", "/u/member/", "/no-such-page/"])
def test_every_page_served_to_a_member_is_private(client, member, url):
    client.force_login(member)
    response = client.get(url)
    assert response.status_code in (200, 404)
    assert "private" in cache_control(response)
    assert "public" not in cache_control(response)


def test_a_page_that_must_never_be_cached_stays_so_for_a_member_and_becomes_private(client, member):
    client.force_login(member)
    response = client.get("/healthz")
    assert {"no-cache", "no-store", "must-revalidate", "private"} <= cache_control(response)
    assert get_max_age(response) == 0


@pytest.mark.parametrize("url", ["/", "/tags/", "/u/member/", "/no-such-page/"])
def test_pages_served_to_an_anonymous_visitor_are_not_marked_private(client, member, url):
    response = client.get(url)
    assert "private" not in cache_control(response)


@pytest.mark.parametrize("url", ["/", "/u/member/", "/no-such-page/", "/healthz", "/?tag=wi%00fi", "/ask/"])
def test_every_response_denies_the_browser_features_the_site_never_uses(client, member, url):
    response = client.get(url)
    policy = [directive.strip() for directive in response["Permissions-Policy"].split(",")]
    assert set(DENIED_FEATURES) <= set(policy)


def test_static_files_served_by_whitenoise_carry_the_permissions_policy_too(client, settings):
    # pytest-django turns DEBUG off, and with it WhiteNoise's finders: serve the sources.
    settings.WHITENOISE_USE_FINDERS = True
    response = client.get("/static/favicon.svg")
    assert response.status_code == 200
    assert "camera=()" in response["Permissions-Policy"]


def test_a_member_gets_the_same_permissions_policy(client, member):
    client.force_login(member)
    response = client.get("/")
    assert set(DENIED_FEATURES) <= {directive.strip() for directive in response["Permissions-Policy"].split(",")}


# --- Every kind of page under production settings (DEBUG off, HTTPS on) ------------------

PRODUCTION_SECURITY_SETTINGS = [
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "X_FRAME_OPTIONS",
    "CONTENT_SECURITY_POLICY",
]


@pytest.fixture(scope="module")
def production_values(tmp_path_factory) -> dict:
    """The security settings config/settings.py gives a production environment (DEBUG=0 and
    nothing else about HTTPS said), read from the settings module itself, not restated here."""
    import json
    import subprocess
    import sys

    from tests.platform.test_deploy_check import PROJECT, production_environment

    script = (
        "import json; from django.conf import settings; "
        f"print(json.dumps({{name: getattr(settings, name) for name in {PRODUCTION_SECURITY_SETTINGS!r}}}))"
    )
    env = {**production_environment(tmp_path_factory.mktemp("production")), "ALLOWED_HOSTS": "testserver"}
    completed = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", script],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout.strip().splitlines()[-1])


@pytest.fixture
def production(settings, production_values):
    for name, value in production_values.items():
        setattr(settings, name, value)
    assert settings.SECURE_SSL_REDIRECT  # what production has
    assert settings.SESSION_COOKIE_SECURE
    return settings


def page_kinds():
    """(who, the page) for every kind of page there is: lists, threads, forms, each role's own
    pages, the new ones of issue 14 (cases, ideas, announcements, the queue's Hot view) and
    the error pages."""
    from announcements import actions as announcements
    from cases import actions as cases
    from ideas import actions as ideas
    from tests.factories import UserFactory, make_answer, make_thread

    author = UserFactory(username="asker")
    thread = make_thread(author=author, title="The router keeps dropping the line every night")
    answer = make_answer(thread=thread, author=UserFactory())
    rep = UserFactory(username="rita", groups=["Reps"])
    lead = UserFactory(username="lena", groups=["Leads"])
    moderator = UserFactory(username="mo", groups=["Moderators"])
    case, _ = cases.open_case(thread=thread, by=rep, message="Can you send us the fault reference?")
    idea = ideas.post_idea(author=author, title="Let me pick the router's channel myself", body="x" * 40, tags=["wifi"])
    announcement = announcements.post_announcement(
        author=lead, title="Planned maintenance on Sunday night", body="y" * 40, tags=["wifi"]
    )
    return {"member": author, "rep": rep, "lead": lead, "moderator": moderator}, [
        ("anonymous", "/"),
        ("anonymous", "/?tab=unanswered"),
        ("anonymous", thread.get_absolute_url()),
        ("anonymous", f"/p/{answer.pk}/revisions/"),
        ("anonymous", "/tags/"),
        ("anonymous", "/tags/wifi/"),
        ("anonymous", "/search/?q=router"),
        ("anonymous", "/u/asker/"),
        ("anonymous", "/moderation/log/"),
        ("anonymous", "/ideas/"),
        ("anonymous", idea.get_absolute_url()),
        ("anonymous", "/announcements/"),
        ("anonymous", announcement.get_absolute_url()),
        ("anonymous", "/accounts/login/"),
        ("anonymous", "/accounts/signup/"),
        ("anonymous", "/accounts/password/reset/"),
        ("anonymous", "/no-such-page/"),
        ("anonymous", "/?tag=wi%00fi"),
        ("anonymous", "/ask/"),  # a redirect to the login page
        ("member", "/ask/"),
        ("member", f"/p/{thread.posts.get(is_question=True).pk}/edit/"),
        ("member", "/notifications/"),
        ("member", "/settings/"),
        ("member", "/settings/delete/"),
        ("member", "/moderation/flags/"),
        ("member", "/cases/"),
        ("member", case.get_absolute_url()),
        ("member", "/ideas/new/"),
        ("member", "/dashboard/"),  # a 403 page
        ("rep", "/official/"),
        ("rep", "/official/?show=hot"),
        ("rep", "/official/?show=all"),
        ("rep", "/official/tags/"),
        ("rep", "/cases/"),
        ("rep", case.get_absolute_url()),
        ("lead", "/dashboard/"),
        ("lead", "/team/"),
        ("lead", "/team/tags/"),
        ("lead", "/team/people/"),
        ("lead", "/team/log/"),
        ("lead", "/announcements/new/"),
        ("lead", f"/ideas/{idea.pk}/status/"),
        ("moderator", "/moderation/"),
    ]


class InlineCode(HTMLParser):
    """What a strict CSP would block or what would run without one: inline scripts, event
    handler attributes, javascript: links, inline styles."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script" and not attributes.get("src"):
            self._in_script = True
        if tag == "style":
            self.found.append("<style>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=>")
            if name == "style":
                self.found.append(f"<{tag} style=>")
            if name in ("href", "src", "action", "formaction") and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.found.append(f"<{tag} {name}=javascript:>")

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.found.append(f"<script>{data.strip()[:40]}")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False


def csp_directives(response) -> dict[str, list[str]]:
    directives = {}
    for part in response.get("Content-Security-Policy", "").split(";"):
        if part.strip():
            name, *values = part.split()
            directives[name] = values
    return directives


def test_every_kind_of_page_carries_the_production_security_headers(client, production):
    people, pages = page_kinds()
    problems = {}
    for role, url in pages:
        client.logout()
        if role != "anonymous":
            client.force_login(people[role])
        response = client.get(url, secure=True)
        where = f"{role} {url}"
        if response.status_code >= 500:
            problems[where] = response.status_code
            continue
        csp = csp_directives(response)
        wrong = []
        if csp.get("script-src") != ["'self'"]:
            wrong.append(f"script-src {csp.get('script-src')}")
        if {"'unsafe-inline'", "'unsafe-eval'"} & {value for values in csp.values() for value in values}:
            wrong.append("unsafe-inline/eval")
        if csp.get("frame-ancestors") != ["'none'"] or csp.get("object-src") != ["'none'"]:
            wrong.append("frame-ancestors/object-src")
        if response.get("X-Frame-Options") != "DENY":
            wrong.append("X-Frame-Options")
        if response.get("Referrer-Policy") != "same-origin":
            wrong.append("Referrer-Policy")
        if response.get("X-Content-Type-Options") != "nosniff":
            wrong.append("nosniff")
        hsts = response.get("Strict-Transport-Security", "")
        if "max-age=31536000" not in hsts or "includeSubDomains" not in hsts:
            wrong.append(f"HSTS {hsts!r}")
        if response["Content-Type"].startswith("text/html"):
            parser = InlineCode()
            parser.feed(response.content.decode())
            wrong += parser.found
        if wrong:
            problems[where] = wrong
    assert problems == {}
    assert len(pages) >= 40


def test_the_inline_code_finder_finds_what_a_strict_policy_would_block():
    parser = InlineCode()
    parser.feed('<script>alert(1)</script><script src="/static/x.js"></script><a onclick="x" href="javascript:y">')
    assert parser.found == ["<script>alert(1)", "<a onclick=>", "<a href=javascript:>"]


def test_plain_http_is_sent_to_https_in_production_except_the_health_probe(client, production):
    response = client.get("/tags/")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/tags/"
    assert client.get("/healthz").status_code in (200, 503)  # probed over plain HTTP


def test_production_cookies_are_secure_and_the_session_cookie_is_out_of_scripts_reach(
    client, production, member, password
):
    login_page = client.get("/accounts/login/", secure=True)
    csrf = login_page.cookies["csrftoken"]
    assert csrf["secure"] is True
    assert csrf["samesite"] == "Lax"
    response = client.post("/accounts/login/", {"login": member.email, "password": password}, secure=True, follow=False)
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["secure"] is True
    assert session["httponly"] is True
    assert session["samesite"] == "Lax"
