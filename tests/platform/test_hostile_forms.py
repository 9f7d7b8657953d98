"""Hostile sizes and encodings on every form of the site: a megabyte in a field, NUL bytes,
control characters, invalid UTF-8 in the body and in the query string, ids that are no ids.
Each gets a 4xx that says what was wrong, or is taken as ordinary text; never a 500; and a
refused form comes back with what was typed in it.

Every URL pattern of the site (bar the admin's, which Django tests) is in FORMS or in
NOT_FORMS below, so a new form cannot be forgotten. Each form is found, by its action, in
the HTML of the page that shows it, and its fields are read from there: what is sent is
what a browser would send, not a list kept by hand."""

from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import quote, urlencode, urlsplit

import pytest
from django.db import transaction
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from django.utils.html import escape

from tests.factories import PASSWORD, UserFactory, make_answer, make_thread, set_reputation

pytestmark = pytest.mark.django_db

MEGABYTE = 1_000_000


# --- The site's forms -------------------------------------------------------------------


@dataclass(frozen=True)
class Form:
    role: str  # who fills it in (a key of World.people)
    page: str  # where it is shown: a format string over the world's ids
    action: str | None = None  # where it posts, when it is not the page itself


HELD_PAGE = "/official/second-look/{held}/"  # a rep's official reply held for a lead's second look
FORMS = {
    # allauth
    "account_login": Form("anonymous", "/accounts/login/"),
    "account_signup": Form("anonymous", "/accounts/signup/"),
    "account_reset_password": Form("anonymous", "/accounts/password/reset/"),
    "account_change_password": Form("member", "/accounts/password/change/"),
    "account_email": Form("member", "/accounts/email/"),
    # accounts
    "accounts:settings": Form("member", "/settings/"),
    "accounts:delete_account": Form("member", "/settings/delete/"),
    # forum
    "forum:ask": Form("member", "/ask/"),
    "forum:answer": Form("helper", "{thread_url}", "/answer/{thread}/"),
    "forum:reply": Form("helper", "{thread_url}", "/p/{answer}/reply/"),
    "forum:edit_post": Form("member", "/p/{question}/edit/"),
    "forum:withdraw": Form("helper", "{thread_url}", "/p/{answer}/withdraw/"),
    # moderation
    "moderation:flag": Form("member", "/moderation/p/{answer}/flag/"),
    "moderation:request_review": Form("helper", "/moderation/p/{hidden_unasked}/review/"),
    "moderation:decide": Form("moderator", "/moderation/", "/moderation/p/{flagged}/decide/"),
    "moderation:decide_many": Form("moderator", "/moderation/", "/moderation/decide/"),
    "moderation:lock": Form("moderator", "{thread_url}", "/moderation/t/{thread}/lock/"),
    "moderation:watched_words": Form("moderator", "/moderation/watched/"),
    "moderation:undo": Form("moderator", "/moderation/log/", "/moderation/log/{undoable}/undo/"),
    "moderation:close_as_duplicate": Form(
        "moderator",
        "/moderation/t/{thread}/duplicate/find/?original={other_thread}",
        "/moderation/t/{thread}/duplicate/",
    ),
    "moderation:suspend": Form("moderator", "/u/helper/", "/moderation/u/helper/suspend/"),
    "moderation:delete_member": Form("moderator", "/u/helper/", "/moderation/u/helper/delete/"),
    # responses
    "responses:dismiss": Form("rep", "/official/?show=all", "/official/{other_thread}/dismiss/"),
    "responses:assign": Form("lead", "/official/?show=all", "/official/{other_thread}/assign/"),
    "responses:reply": Form("rep", "/official/?show=all", "/official/{other_thread}/reply/"),
    "responses:mark_done": Form("rep", "/official/?show=all", "/official/{followed_up}/done/"),
    "responses:my_tags": Form("rep", "/official/tags/"),
    "responses:approve_held_reply": Form(
        "lead", "/official/second-look/{held}/", "/official/second-look/{held}/approve/"
    ),
    "responses:return_held_reply": Form(
        "lead", "/official/second-look/{held}/", "/official/second-look/{held}/return/"
    ),
    "responses:revise_held_reply": Form("rep", "/official/second-look/{held}/", "/official/second-look/{held}/revise/"),
    # team
    "team:default_lag": Form("lead", "/team/", "/team/lags/default/"),
    "team:tag_lag": Form("lead", "/team/", "/team/lags/"),
    "team:second_look": Form("lead", "/team/", "/team/second-look/"),
    "team:queue_weights": Form("lead", "/team/priority/"),
    "team:create_tag": Form("lead", "/team/tags/", "/team/tags/new/"),
    "team:rename_tag": Form("lead", "/team/tags/{tag}/", "/team/tags/{tag}/rename/"),
    "team:describe_tag": Form("lead", "/team/tags/{tag}/", "/team/tags/{tag}/describe/"),
    "team:merge_tag": Form("lead", "/team/tags/{tag}/", "/team/tags/{tag}/merge/"),
    "team:grant_role": Form("lead", "/team/people/", "/team/people/grant/"),
    "team:add_staff_note": Form("rep", "{thread_url}", "/team/t/{thread}/notes/"),
    "team:saved_replies": Form("lead", "/team/replies/"),
    "team:edit_saved_reply": Form("lead", "/team/replies/{saved_reply}/"),
    "team:delete_saved_reply": Form("lead", "/team/replies/{saved_reply}/", "/team/replies/{saved_reply}/delete/"),
    # cases (issue 14)
    "cases:open": Form("rep", "/cases/open/{other_thread}/"),
    "cases:reply": Form("rep", "/cases/{case}/", "/cases/{case}/reply/"),
    "cases:resolve": Form("rep", "/cases/{case}/", "/cases/{case}/resolve/"),
    "cases:update": Form("member", "/cases/{resolved_case}/", "/cases/{resolved_case}/invitation/update/"),
    "cases:accept": Form("member", "/cases/{resolved_case}/", "/cases/{resolved_case}/invitation/accept/"),
    # announcements (issue 14)
    "announcements:new": Form("lead", "/announcements/new/"),
    "announcements:pin": Form("lead", "/announcements/{announcement}/pin/"),
    "announcements:raise_banner": Form("lead", "/announcements/{announcement}/banner/"),
    # ideas (issue 14)
    "ideas:new": Form("member", "/ideas/new/"),
    "ideas:set_status": Form("lead", "/ideas/{idea}/status/"),
    "ideas:link": Form("rep", "/ideas/link/{thread}/"),
    # webhooks (issue 16)
    "webhooks:create": Form("lead", "/team/webhooks/", "/team/webhooks/new/"),
    # the API's tokens (issue 16)
    "api_tokens:list": Form("member", "/settings/api-tokens/"),
}

# Every other URL pattern, and why it has no form to fill in. Buttons (a POST with nothing
# typed but the CSRF token and a hidden `next`) take their ids from the address: those get
# test_every_id_in_an_address_takes_numbers_no_row_can_have_without_a_500 below, and their
# `next` tests/platform/test_open_redirects.py.
READ = "a page or a GET filter: its query parameters are in tests/platform/test_input_limits.py"
BUTTON = "a button: nothing typed"
ALLAUTH_KEYED = "allauth's forms behind an emailed key or a code, which no hostile visitor has"
NOT_FORMS = {
    **dict.fromkeys(
        [
            "healthz",
            "forum:home",
            "forum:thread_short",
            "forum:thread",
            "forum:revisions",
            "forum:tags",
            "forum:tag",
            "forum:search",
            "forum:notifications",
            "forum:notifications_count",
            "forum:tag_suggestions",
            "forum:similar_threads",
            "forum:open_notification",
            "accounts:profile",
            "responses:official_queue",
            "responses:dashboard",
            "responses:held_replies",
            "responses:held_reply",
            "moderation:reports",
            "moderation:log",
            "moderation:my_flags",
            "moderation:find_duplicate",
            "team:overview",
            "team:tags",
            "team:tag",
            "team:people",
            "team:log",
            "team:use_saved_reply",
            "cases:list",
            "cases:case",
            "announcements:list",
            "ideas:list",
            "webhooks:list",
            "webhooks:detail",
        ],
        READ,
    ),
    **dict.fromkeys(
        [
            "forum:me_too",
            "forum:not_me_too",
            "forum:follow",
            "forum:unfollow",
            "forum:vote",
            "forum:accept",
            "forum:unaccept",
            "forum:mark_official",
            "forum:unmark_official",
            "forum:restore_withdrawn",
            "forum:redact_revision",
            "forum:mark_notifications_read",
            "forum:mark_notification_read",
            "forum:mark_notification_unread",
            "responses:claim",
            "responses:release",
            "responses:undismiss",
            "responses:undo_done",
            "responses:request_official",
            "moderation:unlock",
            "moderation:lift_suspension",
            "moderation:reverse_votes",
            "moderation:clear_votes",
            "moderation:claim_report",
            "moderation:unwatch",
            "moderation:release_report",
            "team:remove_tag_lag",
            "team:revoke_role",
            "cases:take",
            "cases:reopen",
            "cases:dismiss",
            "announcements:unpin",
            "announcements:comments",
            "announcements:clear_banner",
            "ideas:unlink",
            "reminders:follow_tag",
            "reminders:unfollow_tag",
            "webhooks:rotate_secret",
            "webhooks:send_test",
            "webhooks:disable",
            "webhooks:enable",
            "webhooks:delete",
        ],
        BUTTON,
    ),
    "forum:preview": "the ask and answer forms' Markdown preview (htmx): posted directly below",
    "api_tokens:revoke": BUTTON,
    **dict.fromkeys(
        [
            "api:threads",
            "api:thread",
            "api:answer",
            "api:reply",
            "api:official_reply",
            "api:claim",
            "api:dismiss",
            "api:vote",
            "api:accept",
            "api:flag",
            "api:tags",
            "api:profile",
            "api:search",
            "api:queue",
            "api:dashboard",
            "api:schema",
            "api:docs",
        ],
        "the API: JSON, no form; its writes run the pages' forms, its hostile input is tests/api/test_errors.py",
    ),
    **dict.fromkeys(
        [
            "account_logout",
            "account_inactive",
            "account_email_verification_sent",
            "account_reset_password_done",
            "account_reset_password_from_key_done",
        ],
        "allauth's confirmations and its logout button",
    ),
    **dict.fromkeys(
        [
            "account_reauthenticate",
            "account_request_reauthentication_code",
            "account_confirm_reauthentication_code",
            "account_set_password",
            "account_confirm_login_code",
            "account_confirm_email",
            "account_reset_password_from_key",
        ],
        ALLAUTH_KEYED,
    ),
}


def url_names(resolver=None, namespace=""):
    """Each URL pattern's name as reverse() spells it, the admin's left out."""
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.app_name == "admin":
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}"


def test_every_url_pattern_is_a_form_here_or_says_why_it_is_not():
    names = set(url_names())
    listed = set(FORMS) | set(NOT_FORMS)
    assert names - listed == set(), "a new view: add its form to FORMS or say in NOT_FORMS why it has none"
    assert listed - names == set(), "gone from the URL conf: take it out of the tables"
    assert set(FORMS).isdisjoint(NOT_FORMS)


# --- The world the forms act on -----------------------------------------------------------


NO_RATE_LIMITS = {"ACCOUNT_RATE_LIMITS": False, "ACTION_RATE_LIMITS_ON": False}  # dozens of logins from one address


@pytest.fixture(scope="module")
def built_world(django_db_setup, django_db_blocker):
    """The world, built once for the module's form tests (building it is most of a quick
    form's time) and rolled back at its end; what a test's posts change goes with that
    test's own transaction."""
    with django_db_blocker.unblock(), transaction.atomic(), override_settings(**NO_RATE_LIMITS):
        yield build_world()
        transaction.set_rollback(True)


@pytest.fixture
def world(built_world, db, settings):
    for name, value in NO_RATE_LIMITS.items():
        setattr(settings, name, value)
    return built_world


def build_world() -> dict:
    """One of everything a form acts on, and the people who fill them in."""
    from cases import actions as cases
    from forum import actions as forum
    from ideas import actions as ideas
    from moderation import actions as moderation

    people = {
        "member": UserFactory(username="asker", display_name="Asker"),
        "helper": UserFactory(username="helper", display_name="Helper"),
        "rep": UserFactory(username="rita", display_name="Rita", groups=["Reps"]),
        "lead": UserFactory(username="lena", display_name="Lena", groups=["Leads"]),
        "moderator": UserFactory(username="mo", display_name="Mo", groups=["Moderators"]),
    }
    for person in ("member", "helper"):
        set_reputation(people[person], 600)
    thread = make_thread(author=people["member"], title="The router keeps dropping the line every night")
    other_thread = make_thread(
        author=people["member"], title="The bill arrived twice this month again", tags=["billing"]
    )
    answer = make_answer(thread=thread, author=people["helper"])
    from responses import actions as responses

    responses.queue_for_official_response(thread=other_thread, by=people["member"], now=timezone.now())
    # The customer's follow-up after an official answer: its queue row offers "Done without a reply".
    followed_up = make_thread(author=people["member"], title="The television box reboots every evening")
    forum.post_answer(author=people["rep"], thread=followed_up, body="Official: update its firmware.", official=True)
    make_answer(thread=followed_up, author=people["member"], body="That did not work, it still reboots at eight.")
    flagged = make_answer(thread=thread, author=people["helper"], body="Flagged: buy cheap watches at my shop now")
    moderation.flag_post(post=flagged, flagger=people["member"], reason="spam")
    hidden = make_answer(thread=thread, author=people["helper"], body="Hidden: this answer broke the rules, sadly")
    moderation.hide_post(post=hidden, by=people["moderator"], rule="spam")
    moderation.request_review(post=hidden, by=people["helper"], note="It was a real answer, please look again")
    hidden_unasked = make_answer(thread=thread, author=people["helper"], body="Hidden too: and nobody asked about it")
    moderation.hide_post(post=hidden_unasked, by=people["moderator"], rule="spam")
    from moderation.models import LogEntry

    undoable = LogEntry.objects.filter(post=hidden_unasked, action=LogEntry.Action.HIDE).get()
    case, _ = cases.open_case(thread=thread, by=people["rep"], message="Can you send us the fault reference?")
    resolved_thread = make_thread(author=people["member"], title="My email stopped arriving on the phone")
    make_answer(thread=resolved_thread, author=people["helper"], body="Turn push mail off and on again, then wait.")
    resolved_case, _ = cases.open_case(
        thread=resolved_thread,
        by=people["rep"],
        message="We have found the fault; can you check?",
    )
    cases.resolve_case(
        public_note="The hub's power adapter was faulty; it was replaced.",
        case=resolved_case,
        by=people["rep"],
        summary="The mail server had a fault; it is fixed.",
    )
    idea = ideas.post_idea(
        author=people["member"], title="Let me pick the router's channel myself", body="x" * 40, tags=["wifi"]
    )
    announcement = forum.ask_question(
        author=people["lead"],
        title="Planned maintenance on Sunday night",
        body="y" * 40,
        tags=["wifi"],
        kind="announcement",
    )
    from taggit.models import Tag

    from responses import second_look
    from team.models import SavedReply

    return {
        "people": people,
        "ids": {
            "thread": thread.pk,
            "thread_url": thread.get_absolute_url(),
            "other_thread": other_thread.pk,
            "followed_up": followed_up.pk,
            "question": thread.posts.get(is_question=True).pk,
            "answer": answer.pk,
            "flagged": flagged.pk,
            "hidden": hidden.pk,
            "hidden_unasked": hidden_unasked.pk,
            "undoable": undoable.pk,
            "case": case.pk,
            "resolved_case": resolved_case.pk,
            "idea": idea.pk,
            "announcement": announcement.pk,
            "tag": Tag.objects.get(slug="wifi").pk,
            "saved_reply": SavedReply.objects.create(name="Restart first", body="Hello {asker}, restart it.").pk,
            "held": second_look.hold(
                author=people["rep"], thread=other_thread, body="We are sorry: an engineer is on the way.", asked=True
            ).pk,
        },
    }


# --- Reading a form the way a browser does --------------------------------------------------

TYPED = {"text", "textarea", "email", "search", "url", "password", "number", "tel", "datetime-local", "date"}


class FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict] = []
        self._form = None
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        if tag == "form":
            self._form = {
                "action": attributes.get("action", ""),
                "method": attributes.get("method", "get"),
                "fields": [],
            }
            self.forms.append(self._form)
        if self._form is None or ("name" not in attributes and tag != "option"):
            return
        if tag == "input":
            kind = attributes.get("type", "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attributes:
                if kind == "radio" and not any(field[0] == attributes["name"] for field in self._form["fields"]):
                    self._form["fields"].append([attributes["name"], kind, attributes.get("value", "on")])
                return
            self._form["fields"].append([attributes["name"], kind, attributes.get("value", "")])
        elif tag == "textarea":
            self._textarea = [attributes["name"], "textarea", ""]
            self._form["fields"].append(self._textarea)
        elif tag == "select":
            self._select = [attributes["name"], "select", None]
            self._form["fields"].append(self._select)
        elif tag == "option" and self._select is not None and (self._select[2] is None or "selected" in attributes):
            self._select[2] = attributes.get("value", "")

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[2] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None


def fields_of(html: str, action: str, page: str) -> list[list[str]]:
    parser = FormParser()
    parser.feed(html)
    for form in parser.forms:
        if form["method"].lower() == "post" and (urlsplit(form["action"]).path or page) == action:
            return [[name, kind, value or ""] for name, kind, value in form["fields"]]
    found = [form["action"] for form in parser.forms]
    raise AssertionError(f"no form posting to {action} on {page}; forms there post to {found}")


FILLER = "Filler words about the router that keeps dropping every night"


def filler(name: str, kind: str, value: str) -> str:
    """What a member would type: the value shown (an edit form's text) or something sensible."""
    if kind not in TYPED or (kind in ("number", "datetime-local", "date") and value):
        return value
    if kind == "password":
        return PASSWORD
    if kind == "email" or name in ("email", "login"):
        return "asker@example.com" if name == "login" else "someone.new@example.com"
    if name == "tags":
        return "wifi"
    if name == "username":
        return "newcomer"
    if kind == "number":
        return "60"
    if name == "title":
        return "Filler title about the router dropping"
    return value or FILLER


# --- The hostile values ---------------------------------------------------------------------

KEEP = "Keepme"
# A megabyte goes into each form's main field (its first textarea, else its first text
# field); every typed field gets 20 kB, more than any field of ours holds.
A_MEGABYTE = KEEP + "<b>a" * (MEGABYTE // 4)
HOSTILE_TEXT = {
    "20 kB": KEEP + "a" * 20_000,
    "a NUL byte": f"{KEEP} this text\x00 and this",
    "control, bidi and zero-width characters": (
        f"{KEEP} \x01\x07\x08\x0b\x0c\x1b[2J\x7f\u0085 \u202eevil\u202c \u200b\u200d\ufeff in the middle of text"
    ),
    "only whitespace": " \t\r\n" * 20,
}
HOSTILE_IDS = ["abc", "-1", "9" * 30, "9223372036854775808", ""]
# Raw bytes in an urlencoded body or a query string: not UTF-8 at all, an overlong slash, a
# lone surrogate, a truncated sequence, all in one value.
INVALID_UTF8 = "%FF%FE%C0%AF%ED%A0%80%E2%82"
HOSTILE_QUERIES = [f"?{INVALID_UTF8}={INVALID_UTF8}&page=-1", "?a=%00", f"?page={'9' * 30}&tags_page=-{'9' * 30}"]


def refusal_is_clear(response) -> bool:
    """A form shown again marks its errors; a refusal of the action itself (403, 404, 409,
    429: somebody else acted first, the thing is gone, too many) is the layout's page that
    says so, or one line of plain text for htmx."""
    text = response.content.decode(errors="replace")
    if response["Content-Type"].startswith("text/plain"):
        return len(text.strip()) > 10
    if 'class="errorlist' in text or 'role="alert"' in text or "message--error" in text:
        return True
    return response.status_code in (403, 404, 409, 429) and "<h1>" in text and "</main>" in text


class Findings:
    def __init__(self) -> None:
        self.errors: dict[str, object] = {}
        self.tried = 0

    def add(self, where: str, problem) -> None:
        self.errors[where] = problem


def post(client, action: str, fields: list[list[str]], *, raw_field: str | None = None, raw: str = "", query=""):
    data = [(name, value) for name, _kind, value in fields if not (raw_field and name == raw_field)]
    body = urlencode(data)
    if raw_field:
        body += f"&{quote(raw_field)}={raw}"
    return client.generic(
        "POST", action + query, body, content_type="application/x-www-form-urlencoded", HTTP_HOST="testserver"
    )


@pytest.mark.parametrize("name", list(FORMS))
def test_every_form_takes_hostile_input_without_a_500_and_keeps_what_was_typed(client, world, name):
    form = FORMS[name]
    ids = world["ids"]
    page, action = form.page.format(**ids), (form.action or form.page).format(**ids)
    client.raise_request_exception = False  # a 500 is reported with the others

    def login():
        """As the role again, when the last request logged it out (a changed password)."""
        if form.role == "anonymous":
            client.logout()
        elif "_auth_user_id" not in client.session:
            client.force_login(world["people"][form.role])

    login()
    shown = client.get(page)
    assert shown.status_code == 200, f"{page}: {shown.status_code}"
    fields = [
        [field, kind, filler(field, kind, value)]
        for field, kind, value in fields_of(shown.content.decode(), action, page)
    ]
    typed = [
        field for field, kind, _value in fields if kind in TYPED and kind not in ("number", "datetime-local", "date")
    ]
    numbers = [
        field
        for field, kind, _value in fields
        if kind in ("number", "select", "hidden", "radio") and field != "csrfmiddlewaretoken"
    ]
    findings = Findings()

    def check(where: str, response, *, must_refuse: bool, kept: list[str]):
        findings.tried += 1
        status = response.status_code
        if status >= 500:
            findings.add(where, status)
            return
        if status >= 400 or (status == 200 and must_refuse):
            if not refusal_is_clear(response):
                findings.add(where, f"{status} without saying why")
                return
            text = response.content.decode(errors="replace")
            lost = [value[:30] for value in kept if escape(value)[:60] not in text and value[:60] not in text]
            if lost:
                findings.add(where, f"{status}, typed text lost: {lost}")
        elif must_refuse:
            findings.add(where, f"{status}: taken")

    textareas = [field for field, kind, _value in fields if kind == "textarea"]
    main = (textareas or typed or [None])[0]
    kinds = {field: kind for field, kind, _value in fields}

    def send(field: str, label: str, value: str, *, must_refuse: bool) -> None:
        sent = [[other, kind, value if other == field else current] for other, kind, current in fields]
        others = [current for other, kind, current in fields if other != field and kind in TYPED and kind != "password"]
        own = [] if kinds[field] == "password" or not must_refuse else [value.split("\x00")[0][:60]]
        login()
        check(f"{field}: {label}", post(client, action, sent), must_refuse=must_refuse, kept=others + own)

    # What must be refused first, while nothing has been done yet (the megabyte, NUL bytes and
    # 20 kB in a one-line field); then what may be taken
    # (and, once taken, may leave the form nothing to act on: a 403 or a 404 that says so).
    for field in typed:
        if field == main:
            send(field, "a megabyte", A_MEGABYTE, must_refuse=True)
        send(field, "a NUL byte", HOSTILE_TEXT["a NUL byte"], must_refuse=True)
        if kinds[field] != "textarea":  # more than any one-line field holds
            send(field, "20 kB", HOSTILE_TEXT["20 kB"], must_refuse=True)
    for field in typed:
        if kinds[field] == "textarea":  # a long answer may be taken
            send(field, "20 kB", HOSTILE_TEXT["20 kB"], must_refuse=False)
        for label, value in HOSTILE_TEXT.items():
            if label not in ("a NUL byte", "20 kB"):
                send(field, label, value, must_refuse=False)
        login()
        check(
            f"{field}: invalid UTF-8",
            post(client, action, fields, raw_field=field, raw=INVALID_UTF8 + KEEP),
            must_refuse=False,
            kept=[],
        )
    for field in numbers:
        for value in HOSTILE_IDS:
            login()
            sent = [[other, kind, value if other == field else current] for other, kind, current in fields]
            check(f"{field}={value!r}", post(client, action, sent), must_refuse=False, kept=[])
    for query in HOSTILE_QUERIES:
        login()
        check(f"query {query}", post(client, action, fields, query=query), must_refuse=False, kept=[])
    # Last, what a member would send: never a 500 either.
    login()
    ordinary = post(client, action, fields)
    assert findings.errors == {}, f"{findings.tried} tried"
    assert ordinary.status_code < 500
    print(f"hostile inputs tried on {name}: {findings.tried}")


def test_the_markdown_preview_takes_hostile_bodies_without_a_500(client, member):
    client.force_login(member)
    client.raise_request_exception = False
    statuses = {}
    for label, value in {**HOSTILE_TEXT, "a megabyte": A_MEGABYTE}.items():
        response = client.post("/preview/", {"body": value})
        statuses[label] = response.status_code
        if response.status_code >= 400:
            assert refusal_is_clear(response), label
    assert all(status < 500 for status in statuses.values()), statuses
    # The preview shows the first 30,000 characters of whatever is typed; it saves nothing.
    ordinary = client.post("/preview/", {"body": "**Hold** the reset button for ten seconds."})
    assert ordinary.status_code == 200
    assert b"<strong>Hold</strong>" in ordinary.content


def int_patterns(resolver=None, prefix=""):
    """Every URL pattern of the site (bar the admin's) with an <int:...> in it, as a format
    string over its arguments."""
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.app_name != "admin":
                yield from int_patterns(pattern, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern) and "<int:" in str(pattern.pattern):
            yield prefix + str(pattern.pattern)


HOSTILE_URL_IDS = ["9223372036854775808", "9" * 400]


def test_every_id_in_an_address_takes_numbers_no_row_can_have_without_a_500(client):
    """An <int:...> converter lets any run of digits through: one past the largest bigint,
    and far past it, reach the view and the database, and must be a 404 (or a 403/405).
    Found /ideas/<id>/status/ and /official/<id>/release/ answering 500 on SQLite: they
    looked a row up by a foreign key's column, which Django does not range-check; they look
    it up by the thread's own id now."""
    import re

    patterns = list(int_patterns())
    assert len(patterns) >= 40
    client.raise_request_exception = False
    client.force_login(UserFactory(groups=["Moderators", "Leads"], is_staff=True, is_superuser=True))
    failed = {}
    for pattern in patterns:
        for value in HOSTILE_URL_IDS:
            url = "/" + re.sub(r"<int:\w+>", value, pattern).replace("<str:username>", "helper")
            url = url.replace("<slug:slug>", "wifi")
            for method in (client.get, client.post):
                response = method(url)
                if response.status_code >= 500 or response.status_code in (200, 302):
                    failed[f"{method.__name__.upper()} {url[:80]}"] = response.status_code
    assert failed == {}
