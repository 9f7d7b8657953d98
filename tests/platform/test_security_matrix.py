"""Every URL pattern, every role, every method: the status each role gets is the one MATRIX
gives. A pattern without an entry fails the walk, so a new endpoint cannot be left out.

Statuses are written as strings: "login" is a 302 to the login page, "302" any other
redirect. Each entry gives, per method, one status for every role or {"*": most roles,
role: its own}. HEAD answers as GET unless its entry says otherwise; PUT and DELETE get
405 unless their entry says otherwise. Requests carry no body except POST_DATA's: an empty
form answers 400 (or re-renders) where the role may use it, 403 where it may not.
"""

import re

import pytest
from django.db import transaction
from django.urls import reverse

from tests.platform.matrix_api import API_MATRIX
from tests.platform.matrix_webhooks import WEBHOOKS_MATRIX
from tests.platform.security_world import ROLES, build_world, client_for, outcome, quiet_refusals, send, url_patterns

# Every role sends every method (GET, HEAD, POST, PUT, DELETE) to every pattern: about
# 600 requests a role, a few seconds each on two cores (measured in docs/reliability.md).
METHODS = ["GET", "HEAD", "POST", "PUT", "DELETE"]
# Bodies that get past a view's first check of its input, so that the permission answers.
POST_DATA = {"forum:vote": {"value": "up"}}

# The roles: "anonymous"; members in each privilege band ("new" below forum.conf's PRIVILEGES'
# first threshold, "rep15" ... "rep2000" at each); "suspended"; "rep", "lead" and
# "moderator" (each in one role group, reputation below 15); "superuser".
MATRIX = {
    "healthz": {"GET": "200", "POST": "405"},
    "account_login": {
        "GET": {"*": "302", "anonymous": "200"},
        "POST": {"*": "302", "anonymous": "200"},
        "PUT": {"*": "302", "anonymous": "200"},
        "DELETE": {"*": "302", "anonymous": "405"},
    },
    "account_logout": {"GET": {"*": "200", "anonymous": "302"}, "POST": "302"},
    "account_inactive": {"GET": "200", "POST": "405"},
    "account_signup": {
        "GET": {"*": "302", "anonymous": "200"},
        "POST": {"*": "302", "anonymous": "200"},
        "PUT": {"*": "302", "anonymous": "200"},
        "DELETE": {"*": "302", "anonymous": "405"},
    },
    "account_reauthenticate": {
        "GET": {"*": "200", "anonymous": "login"},
        "POST": {"*": "200", "anonymous": "login"},
        "PUT": {"*": "200", "anonymous": "login"},
        "DELETE": {"*": "405", "anonymous": "login"},
    },
    "account_request_reauthentication_code": {
        "GET": {"*": "200", "anonymous": "login"},
        "POST": {"*": "200", "anonymous": "login"},
        "PUT": {"*": "200", "anonymous": "login"},
        "DELETE": {"*": "405", "anonymous": "login"},
    },
    "account_confirm_reauthentication_code": {
        "GET": {"*": "302", "anonymous": "login"},
        "POST": {"*": "302", "anonymous": "login"},
        "PUT": {"*": "302", "anonymous": "login"},
        "DELETE": {"*": "302", "anonymous": "login"},
    },
    "account_email": {
        "GET": {"*": "200", "anonymous": "login"},
        "POST": {"*": "302", "anonymous": "login"},
        "PUT": {"*": "302", "anonymous": "login"},
        "DELETE": {"*": "405", "anonymous": "login"},
    },
    "account_email_verification_sent": {"GET": "200", "POST": "405"},
    "account_change_password": {
        "GET": {"*": "200", "anonymous": "login"},
        "POST": {"*": "200", "anonymous": "login"},
        "PUT": {"*": "200", "anonymous": "login"},
        "DELETE": {"*": "405", "anonymous": "login"},
    },
    "account_set_password": {
        "GET": {"*": "302", "anonymous": "login"},
        "POST": {"*": "302", "anonymous": "login"},
        "PUT": {"*": "302", "anonymous": "login"},
        "DELETE": {"*": "302", "anonymous": "login"},
    },
    "account_reset_password": {"GET": "200", "POST": "200", "PUT": "200"},
    "account_confirm_login_code": {
        "GET": {"*": "302", "anonymous": "login"},
        "POST": {"*": "302", "anonymous": "login"},
        "PUT": {"*": "302", "anonymous": "login"},
        "DELETE": {"*": "302", "anonymous": "login"},
    },
    "account_confirm_email": {"GET": "200", "POST": "404"},
    "account_reset_password_from_key_done": {"GET": "200", "POST": "405"},
    "account_reset_password_from_key": {"GET": "200", "POST": "200", "PUT": "200", "DELETE": "200"},
    "account_reset_password_done": {"GET": "200", "POST": "405"},
    "accounts:profile": {"GET": "200", "POST": "405"},
    "accounts:settings": {
        "GET": {"*": "200", "anonymous": "login", "suspended": "403"},
        "POST": {"*": "400", "anonymous": "login", "suspended": "403"},
    },
    "accounts:delete_account": {
        "GET": {"*": "200", "anonymous": "login", "rep": "403", "lead": "403", "moderator": "403", "superuser": "403"},
        "POST": {"*": "400", "anonymous": "login", "rep": "403", "lead": "403", "moderator": "403", "superuser": "403"},
    },
    "forum:home": {"GET": "200", "POST": "405"},
    "forum:ask": {
        "GET": {"*": "200", "anonymous": "login", "suspended": "403"},
        "POST": {"*": "400", "anonymous": "login", "suspended": "403"},
    },
    "forum:similar_threads": {"GET": "200", "POST": "405"},
    "forum:preview": {"GET": "405", "POST": {"*": "200", "anonymous": "login"}},
    "forum:thread_short": {"GET": "301", "POST": "405"},
    "forum:thread": {"GET": "200", "POST": "405"},
    "forum:answer": {"GET": "405", "POST": {"*": "400", "anonymous": "login", "suspended": "403"}},
    "forum:reply": {"GET": "405", "POST": {"*": "400", "anonymous": "login", "suspended": "403"}},
    "forum:me_too": {"GET": "405", "POST": {"*": "302", "anonymous": "login", "suspended": "403"}},
    "forum:not_me_too": {"GET": "405", "POST": {"*": "302", "anonymous": "login", "suspended": "403"}},
    "forum:follow": {"GET": "405", "POST": {"*": "302", "anonymous": "login", "suspended": "403"}},
    "forum:unfollow": {"GET": "405", "POST": {"*": "302", "anonymous": "login", "suspended": "403"}},
    "forum:edit_post": {
        "GET": {"*": "403", "anonymous": "login", "rep2000": "200", "moderator": "200", "superuser": "200"},
        "POST": {"*": "403", "anonymous": "login", "rep2000": "400", "moderator": "400", "superuser": "400"},
    },
    "forum:revisions": {"GET": "200", "POST": "405"},
    "forum:redact_revision": {
        "GET": {"*": "403", "anonymous": "login", "moderator": "200", "superuser": "200"},
        "POST": {"*": "403", "anonymous": "login", "moderator": "302", "superuser": "302"},
    },
    "forum:withdraw": {"GET": "405", "POST": {"*": "403", "anonymous": "login"}},
    "forum:restore_withdrawn": {"GET": "405", "POST": {"*": "403", "anonymous": "login"}},
    "forum:vote": {
        "GET": "405",
        "POST": {
            "*": "302",
            "anonymous": "login",
            "new": "403",
            "suspended": "403",
            "rep": "403",
            "moderator": "403",
            "superuser": "403",
        },
    },
    "forum:accept": {"GET": "405", "POST": {"*": "403", "anonymous": "login", "moderator": "302", "superuser": "302"}},
    "forum:unaccept": {
        "GET": "405",
        "POST": {"*": "403", "anonymous": "login", "moderator": "302", "superuser": "302"},
    },
    "forum:mark_official": {
        "GET": "405",
        "POST": {"*": "403", "anonymous": "login", "rep": "302", "lead": "302", "superuser": "302"},
    },
    "forum:unmark_official": {
        "GET": "405",
        "POST": {"*": "403", "anonymous": "login", "rep": "302", "lead": "302", "superuser": "302"},
    },
    "forum:tags": {"GET": "200", "POST": "405"},
    "forum:tag_suggestions": {"GET": "200", "POST": "405"},
    "forum:tag": {"GET": "200", "POST": "405"},
    "forum:search": {"GET": "200", "POST": "405"},
    "forum:notifications": {"GET": {"*": "200", "anonymous": "login"}, "POST": "405"},
    "forum:mark_notifications_read": {"GET": "405", "POST": {"*": "302", "anonymous": "login"}},
    "forum:notifications_count": {"GET": {"*": "200", "anonymous": "login"}, "POST": "405"},
    "forum:open_notification": {"GET": {"*": "404", "anonymous": "login"}, "POST": "405", "HEAD": "405"},
    "forum:mark_notification_read": {"GET": "405", "POST": {"*": "404", "anonymous": "login"}},
    "forum:mark_notification_unread": {"GET": "405", "POST": {"*": "404", "anonymous": "login"}},
    "responses:official_queue": {
        "GET": {"*": "403", "anonymous": "login", "rep": "200", "lead": "200", "superuser": "200"},
        "POST": "405",
    },
    "responses:my_tags": {
        "GET": {"*": "403", "anonymous": "login", "rep": "200", "lead": "200", "superuser": "200"},
        "POST": {"*": "403", "anonymous": "login", "rep": "400", "lead": "400", "superuser": "400"},
    },
    "responses:claim": {"GET": "405", "POST": {"*": "403", "anonymous": "login"}},
    "responses:assign": {"GET": "405", "POST": {"*": "403", "anonymous": "login", "lead": "302", "superuser": "302"}},
    "responses:release": {
        "GET": "405",
        "POST": {"*": "403", "anonymous": "login", "rep": "404", "lead": "404", "superuser": "404"},
    },
    "responses:dismiss": {"GET": "405", "POST": {"*": "403", "anonymous": "login"}},
    "responses:reply": {
        "GET": "405",
        "POST": {"*": "403", "anonymous": "login", "rep": "400", "lead": "400", "superuser": "400"},
    },
    "responses:undismiss": {
        "GET": "405",
        "POST": {"*": "403", "anonymous": "login", "lead": "302", "superuser": "302"},
    },
    # An empty form: the reason is required (400) for those who work the queue.
    "responses:mark_done": {
        "GET": "405",
        "POST": {"*": "403", "anonymous": "login", "rep": "400", "lead": "400", "superuser": "400"},
    },
    # Nothing marked done on the world's thread: a 409 saying so, for those who may undo.
    "responses:undo_done": {
        "GET": "405",
        "POST": {"*": "403", "anonymous": "login", "rep": "409", "lead": "409", "superuser": "409"},
    },
    "responses:request_official": {"GET": "405", "POST": {"*": "403", "anonymous": "login"}},
    "responses:dashboard": {
        "GET": {"*": "403", "anonymous": "login", "rep": "200", "lead": "200", "superuser": "200"},
        "POST": "405",
    },
    "responses:held_replies": {
        "GET": {"*": "403", "anonymous": "login", "rep": "200", "lead": "200", "superuser": "200"},
        "POST": "405",
    },
    # A rep's reply held for a second look (by a rep who plays no role): the leads and its
    # author see it, everyone else gets a 404; an empty form is refused with the page (400).
    "responses:held_reply": {
        "GET": {"*": "404", "anonymous": "login", "lead": "200", "superuser": "200"},
        "POST": "405",
    },
    "responses:approve_held_reply": {
        "GET": "405",
        "POST": {"*": "404", "anonymous": "login", "lead": "400", "superuser": "400"},
    },
    "responses:return_held_reply": {
        "GET": "405",
        "POST": {"*": "404", "anonymous": "login", "lead": "400", "superuser": "400"},
    },
    # Only its author rewrites it: the leads, who may read it, are refused.
    "responses:revise_held_reply": {
        "GET": "405",
        "POST": {"*": "404", "anonymous": "login", "lead": "403", "superuser": "403"},
    },
    "moderation:reports": {
        "GET": {"*": "403", "anonymous": "login", "moderator": "200", "superuser": "200"},
        "POST": "405",
    },
    "moderation:log": {"GET": "200", "POST": "405"},
    "moderation:my_flags": {"GET": {"*": "200", "anonymous": "login"}, "POST": "405"},
    "moderation:flag": {
        "GET": {
            "*": "200",
            "anonymous": "login",
            "new": "403",
            "suspended": "403",
            "rep": "403",
            "moderator": "403",
            "superuser": "403",
        },
        "POST": {
            "*": "400",
            "anonymous": "login",
            "new": "403",
            "suspended": "403",
            "rep": "403",
            "moderator": "403",
            "superuser": "403",
        },
    },
    "moderation:request_review": {
        "GET": {"*": "403", "anonymous": "login"},
        "POST": {"*": "403", "anonymous": "login"},
    },
    "moderation:decide": {
        "GET": "405",
        "POST": {"*": "403", "anonymous": "login", "moderator": "400", "superuser": "400"},
    },
    "moderation:decide_many": {
        "GET": "405",
        "POST": {"*": "403", "anonymous": "login", "moderator": "400", "superuser": "400"},
    },
    "moderation:lock": {
        "GET": "405",
        "POST": {"*": "403", "anonymous": "login", "moderator": "400", "superuser": "400"},
    },
    "moderation:unlock": {
        "GET": "405",
        "POST": {"*": "403", "anonymous": "login", "moderator": "400", "superuser": "400"},
    },
    "moderation:close_as_duplicate": {
        "GET": "405",
        "POST": {"*": "403", "anonymous": "login", "moderator": "400", "superuser": "400"},
    },
    "moderation:find_duplicate": {
        "GET": {"*": "403", "anonymous": "login", "moderator": "200", "superuser": "200"},
        "POST": "405",
    },
    "moderation:suspend": {
        "GET": "405",
        "POST": {"*": "403", "anonymous": "login", "moderator": "400", "superuser": "400"},
    },
    "moderation:lift_suspension": {
        "GET": "405",
        "POST": {"*": "403", "anonymous": "login", "moderator": "400", "superuser": "400"},
    },
    "moderation:delete_member": {
        "GET": "405",
        "POST": {"*": "403", "anonymous": "login", "moderator": "400", "superuser": "400"},
    },
    "moderation:claim_report": {
        "GET": "405",
        "POST": {"*": "403", "anonymous": "login", "moderator": "302", "superuser": "302"},
    },
    "moderation:release_report": {
        "GET": "405",
        "POST": {"*": "403", "anonymous": "login", "moderator": "302", "superuser": "302"},
    },
    "moderation:watched_words": {
        "GET": {"*": "403", "anonymous": "login", "moderator": "200", "superuser": "200"},
        "POST": {"*": "403", "anonymous": "login", "moderator": "400", "superuser": "400"},
    },
    "moderation:unwatch": {
        "GET": "405",
        "POST": {"*": "403", "anonymous": "login", "moderator": "302", "superuser": "302"},
    },
    "moderation:undo": {
        "GET": "405",
        "POST": {"*": "403", "anonymous": "login", "moderator": "400", "superuser": "400"},
    },
    "moderation:reverse_votes": {
        "GET": "405",
        "POST": {"*": "403", "anonymous": "login", "moderator": "400", "superuser": "400"},
    },
    "moderation:clear_votes": {
        "GET": "405",
        "POST": {"*": "403", "anonymous": "login", "moderator": "400", "superuser": "400"},
    },
    "team:overview": {"GET": {"*": "403", "anonymous": "login", "lead": "200", "superuser": "200"}, "POST": "405"},
    "team:saved_replies": {
        "GET": {"*": "403", "anonymous": "login", "lead": "200", "superuser": "200"},
        "POST": {"*": "403", "anonymous": "login", "lead": "400", "superuser": "400"},
    },
    "team:edit_saved_reply": {
        "GET": {"*": "403", "anonymous": "login", "lead": "200", "superuser": "200"},
        "POST": {"*": "403", "anonymous": "login", "lead": "400", "superuser": "400"},
    },
    "team:delete_saved_reply": {
        "GET": "405",
        "POST": {"*": "403", "anonymous": "login", "lead": "400", "superuser": "400"},
    },
    # Without ?reply= there is no saved reply to insert: 404 for those who may insert one.
    "team:use_saved_reply": {
        "GET": {"*": "403", "anonymous": "login", "rep": "404", "lead": "404", "superuser": "404"},
        "POST": "405",
    },
    "team:add_staff_note": {
        "GET": "405",
        "POST": {"*": "403", "anonymous": "login", "rep": "400", "lead": "400", "moderator": "400", "superuser": "400"},
    },
    "team:queue_weights": {
        "GET": {"*": "403", "anonymous": "login", "lead": "200", "superuser": "200"},
        "POST": {"*": "403", "anonymous": "login", "lead": "400", "superuser": "400"},
    },
    "team:second_look": {"GET": "405", "POST": {"*": "403", "anonymous": "login", "lead": "400", "superuser": "400"}},
    "team:default_lag": {"GET": "405", "POST": {"*": "403", "anonymous": "login", "lead": "400", "superuser": "400"}},
    "team:tag_lag": {"GET": "405", "POST": {"*": "403", "anonymous": "login", "lead": "400", "superuser": "400"}},
    "team:remove_tag_lag": {
        "GET": "405",
        "POST": {"*": "403", "anonymous": "login", "lead": "302", "superuser": "302"},
    },
    "team:tags": {"GET": {"*": "403", "anonymous": "login", "lead": "200", "superuser": "200"}, "POST": "405"},
    "team:create_tag": {"GET": "405", "POST": {"*": "403", "anonymous": "login", "lead": "400", "superuser": "400"}},
    "team:tag": {"GET": {"*": "403", "anonymous": "login", "lead": "200", "superuser": "200"}, "POST": "405"},
    "team:rename_tag": {"GET": "405", "POST": {"*": "403", "anonymous": "login", "lead": "400", "superuser": "400"}},
    "team:describe_tag": {"GET": "405", "POST": {"*": "403", "anonymous": "login", "lead": "302", "superuser": "302"}},
    "team:merge_tag": {"GET": "405", "POST": {"*": "403", "anonymous": "login", "lead": "400", "superuser": "400"}},
    "team:people": {"GET": {"*": "403", "anonymous": "login", "lead": "200", "superuser": "200"}, "POST": "405"},
    "team:grant_role": {"GET": "405", "POST": {"*": "403", "anonymous": "login", "lead": "400", "superuser": "400"}},
    "team:revoke_role": {"GET": "405", "POST": {"*": "403", "anonymous": "login", "lead": "302", "superuser": "302"}},
    "team:log": {"GET": {"*": "403", "anonymous": "login", "lead": "200", "superuser": "200"}, "POST": "405"},
    "cases:list": {"GET": {"*": "200", "anonymous": "login"}, "POST": "405"},
    "cases:open": {
        "GET": {"*": "404", "rep": "200", "lead": "200", "superuser": "200"},
        "POST": {"*": "404", "rep": "400", "lead": "400", "superuser": "400"},
    },
    "cases:case": {"GET": {"*": "404", "rep": "200", "lead": "200", "superuser": "200"}, "POST": "405"},
    "cases:reply": {"GET": "405", "POST": {"*": "404", "rep": "400", "lead": "400", "superuser": "400"}},
    "cases:take": {"GET": "405", "POST": {"*": "404", "rep": "302", "lead": "302", "superuser": "302"}},
    "cases:resolve": {"GET": "405", "POST": {"*": "404", "rep": "400", "lead": "400", "superuser": "400"}},
    # The world's case is open: the team is refused (it is open already), everyone else 404.
    "cases:reopen": {"GET": "405", "POST": {"*": "404", "rep": "403", "lead": "403", "superuser": "403"}},
    "cases:accept": {"GET": "405", "POST": {"*": "404", "rep": "403", "lead": "403", "superuser": "403"}},
    "cases:update": {"GET": "405", "POST": {"*": "404", "rep": "403", "lead": "403", "superuser": "403"}},
    "cases:dismiss": {"GET": "405", "POST": {"*": "404", "rep": "403", "lead": "403", "superuser": "403"}},
    "announcements:list": {"GET": "200", "POST": "405"},
    "announcements:new": {
        "GET": {"*": "403", "anonymous": "login", "rep": "200", "lead": "200", "superuser": "200"},
        "POST": {"*": "403", "anonymous": "login", "rep": "400", "lead": "400", "superuser": "400"},
    },
    "announcements:pin": {
        "GET": {"*": "403", "anonymous": "login", "rep": "200", "lead": "200", "superuser": "200"},
        "POST": {"*": "403", "anonymous": "login", "rep": "400", "lead": "400", "superuser": "400"},
    },
    "announcements:unpin": {
        "GET": "405",
        "POST": {"*": "403", "anonymous": "login", "rep": "302", "lead": "302", "superuser": "302"},
    },
    "announcements:comments": {
        "GET": "405",
        "POST": {"*": "403", "anonymous": "login", "rep": "302", "lead": "302", "superuser": "302"},
    },
    "announcements:raise_banner": {
        "GET": {"*": "403", "anonymous": "login", "rep": "200", "lead": "200", "superuser": "200"},
        "POST": {"*": "403", "anonymous": "login", "rep": "400", "lead": "400", "superuser": "400"},
    },
    "announcements:clear_banner": {
        "GET": "405",
        "POST": {"*": "403", "anonymous": "login", "rep": "302", "lead": "302", "superuser": "302"},
    },
    "ideas:list": {"GET": "200", "POST": "405"},
    "ideas:new": {
        "GET": {"*": "200", "anonymous": "login", "suspended": "403"},
        "POST": {"*": "400", "anonymous": "login", "suspended": "403"},
    },
    "ideas:set_status": {
        "GET": {"*": "403", "anonymous": "login", "rep": "200", "lead": "200", "superuser": "200"},
        "POST": {"*": "403", "anonymous": "login", "rep": "400", "lead": "400", "superuser": "400"},
    },
    "ideas:link": {
        "GET": {"*": "403", "anonymous": "login", "rep": "200", "lead": "200", "superuser": "200"},
        "POST": {"*": "403", "anonymous": "login", "rep": "400", "lead": "400", "superuser": "400"},
    },
    "ideas:unlink": {
        "GET": "405",
        "POST": {"*": "403", "anonymous": "login", "rep": "302", "lead": "302", "superuser": "302"},
    },
    "reminders:follow_tag": {"GET": "405", "POST": {"*": "302", "anonymous": "login", "suspended": "403"}},
    "reminders:unfollow_tag": {"GET": "405", "POST": {"*": "302", "anonymous": "login"}},
}
MATRIX.update(API_MATRIX)
MATRIX.update(WEBHOOKS_MATRIX)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """One demo forum for the whole module, rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


@pytest.fixture
def no_rate_limits(settings):
    # Hundreds of refused POSTs from one member must not turn into 429s half way.
    settings.ACTION_RATE_LIMITS_ON = False
    settings.ACCOUNT_RATE_LIMITS = False


def expected(name: str, method: str, role: str) -> str:
    entry = MATRIX[name]
    if method not in entry:
        method = "GET" if method == "HEAD" else None
        if method is None:
            return "405"
    statuses = entry[method]
    if isinstance(statuses, str):
        return statuses
    return statuses.get(role, statuses["*"])


def site_patterns() -> list[tuple[str, str]]:
    return [(route, name) for route, name in url_patterns() if not route.startswith("admin/")]


def test_every_url_pattern_has_an_entry_in_the_matrix():
    names = [name for _route, name in site_patterns()]
    assert [name for name in names if name not in MATRIX] == []
    assert sorted(set(MATRIX) - set(names)) == []  # and no entry outlives its pattern
    assert len(names) == len(set(names))


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_the_status_the_matrix_gives_on_every_pattern(world, db, no_rate_limits, role):
    client = client_for(world.users[role])
    wrong, sent = [], 0
    with quiet_refusals():
        for route, name in site_patterns():
            if name not in MATRIX:
                continue  # the test above names it
            url = world.url(name, route)
            for method in METHODS:
                data = POST_DATA.get(name) if method == "POST" else None
                got = outcome(send(client, method, url, data))
                sent += 1
                if got != expected(name, method, role):
                    wrong.append(f"{method} {url} ({name}): {got}, expected {expected(name, method, role)}")
    assert wrong == [], "\n".join(wrong)
    assert sent > 20  # the walk really went through the site


ADMIN_VALUES = {"object_id": "1", "id": "1", "url": "nothing-here/", "app_label": "forum", "content_type_id": "1"}


def admin_urls() -> list[str]:
    urls = []
    for route, name in url_patterns():
        if route.startswith("admin/"):
            keys = [a or b for a, b in re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", route)]
            if name is None:  # the admin's catch-all, which answers any other address under it
                urls.append("/admin/nothing-here/")
            else:
                urls.append(reverse(name, kwargs={key: ADMIN_VALUES[key] for key in keys}))
    return urls


@pytest.mark.parametrize("role", ["anonymous", "moderator", "superuser"])
def test_the_admin_lets_in_only_the_superuser(world, db, no_rate_limits, role):
    """The admin, coarsely: every one of its patterns sends anyone who is not staff to its
    login (which is allauth's); the superuser is let in, and every list answers 200."""
    client = client_for(world.users[role])
    urls = admin_urls()
    if role == "superuser":  # the rest of the admin renders what its lists do: the lists are enough
        urls = [url for url in urls if url.count("/") == 4 and url != "/admin/nothing-here/"]
    with quiet_refusals():
        got = {url: outcome(send(client, "GET", url)) for url in urls}
    if role == "superuser":
        assert {url: status for url, status in got.items() if status in ("admin-login", "login")} == {}
        assert len(got) > 20
        assert {url: status for url, status in got.items() if status != "200"} == {}
    else:
        # the login and logout pages themselves are for everyone
        refused = {url: status for url, status in got.items() if url not in ("/admin/login/", "/admin/logout/")}
        assert {url: status for url, status in refused.items() if status != "admin-login"} == {}
    assert len(urls) > 100 or role == "superuser"
