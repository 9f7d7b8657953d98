"""The forum the security tests walk (test_security_matrix, test_csrf, test_idor): the
demo's people and objects, one member in each privilege band, the address of every URL
pattern, and one request at a time whose writes are rolled back."""

import logging
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.cookies import SimpleCookie

from django.db import transaction
from django.db.models import Count
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse
from taggit.models import Tag

from accounts.models import User
from announcements.models import IncidentBanner
from cases.models import Case
from config import demo
from forum import notifications
from forum.conf import conf as forum_conf
from forum.models import Notification, Post, Thread
from moderation.models import LogEntry, SuspiciousVoting, WatchedWord
from responses import second_look
from team.models import SavedReply
from tests.factories import UserFactory, set_reputation
from webhooks.models import Subscription

# The demo's extra threads: MATRIX's statuses were written against the forum this makes.
SEED_THREADS = 14
STAFF_ROLES = {"suspended": "grumbler", "rep": "rita", "lead": "lena", "moderator": "mo", "superuser": "admin"}


def url_patterns(resolver: URLResolver | None = None, prefix: str = "", namespace: str = ""):
    """(route, name) for every pattern in the URL conf, the included ones too."""
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(part for part in (namespace, pattern.namespace) if part)
            yield from url_patterns(pattern, prefix + str(pattern.pattern), inner)
        else:
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield prefix + str(pattern.pattern), name


def privilege_bands() -> dict[str, int]:
    """One member per distinct band of forum.conf's PRIVILEGES: a new member below the first
    threshold, then one at each threshold."""
    bands = {"new": 1}
    for threshold in sorted(set(forum_conf.PRIVILEGES.values())):
        bands[f"rep{threshold}"] = threshold
    return bands


ROLES = ["anonymous", *privilege_bands(), *STAFF_ROLES]


@dataclass
class World:
    users: dict[str, User | None] = field(default_factory=dict)
    values: dict[str, object] = field(default_factory=dict)  # URL argument name -> value
    by_name: dict[str, dict] = field(default_factory=dict)  # URL name -> its own kwargs

    def url(self, name: str, route: str) -> str:
        if name in self.by_name:
            return reverse(name, kwargs=self.by_name[name])
        keys = [a or b for a, b in re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", route)]
        return reverse(name, kwargs={key: self.values[key] for key in keys})


def build_world() -> World:
    """The demo forum, plus a member in each privilege band. Every object a URL points at
    belongs to somebody who plays none of the roles, so that a role reaches it only by
    what the role may do, never by owning it (test_idor covers owners)."""
    with notifications.notifications_stay_on_site():
        demo.seed(seed=5, threads=SEED_THREADS)
    world = World(users={"anonymous": None})
    for band, reputation in privilege_bands().items():
        user = UserFactory(username=f"band-{band}")
        if reputation > 1:
            set_reputation(user, reputation)
        world.users[band] = user
    for role, username in STAFF_ROLES.items():
        world.users[role] = User.objects.get(username=username)
    assert world.users["suspended"].is_suspended()
    roles = [user.pk for user in world.users.values() if user]

    question = (
        Thread.objects.filter(kind=Thread.Kind.QUESTION, status=Thread.Status.ANSWERED, accepted_post=None)
        .exclude(author__in=roles)
        .order_by("pk")
        .first()
    )
    answer = question.posts.filter(is_question=False, is_official=False).exclude(author__in=roles).order_by("pk")[0]
    revised = (
        Post.objects.annotate(made=Count("revisions"))
        .filter(made__gt=1, is_official=False, thread__status__in=[Thread.Status.OPEN, Thread.Status.ANSWERED])
        .exclude(author__in=roles)
        .order_by("pk")
        .first()
    )
    announcement = Thread.objects.filter(kind=Thread.Kind.ANNOUNCEMENT).order_by("pk")[0]
    idea = Thread.objects.filter(kind=Thread.Kind.IDEA).order_by("pk")[0]
    tag = Tag.objects.get(slug="wifi")
    world.values = {
        "thread_id": question.pk,
        "post_id": answer.pk,
        "notification_id": Notification.objects.exclude(recipient__in=roles).order_by("pk")[0].pk,
        "case_id": Case.objects.exclude(customer__in=roles).order_by("pk")[0].pk,
        "tag_id": tag.pk,
        "user_id": User.objects.get(username="ravi").pk,  # a rep, for revoking
        "username": "ada",
        "record_id": SuspiciousVoting.objects.order_by("pk")[0].pk,
        "entry_id": LogEntry.objects.order_by("pk")[0].pk,
        "word_id": WatchedWord.objects.create(text="cheap watches").pk,
        "reply_id": SavedReply.objects.create(name="Restart first", body="Hello {asker}, restart the hub.").pk,
        # A rep's official reply held for a lead, by a rep who plays no role (ravi).
        "held_id": second_look.hold(
            author=User.objects.get(username="ravi"), thread=question, body="We are sorry: a fix is coming.", asked=True
        ).pk,
        "banner_id": IncidentBanner.objects.order_by("pk")[0].pk,
        "subscription_id": Subscription.objects.create(
            url="http://127.0.0.1:9/hook", events=["thread.escalated"], created_at=question.created_at
        ).pk,
        "slug": tag.slug,
        "key": "not-a-key",
        "uidb36": "1",
    }
    world.by_name = {
        "forum:thread": {"thread_id": question.pk, "slug": question.slug},
        "forum:redact_revision": {"post_id": revised.pk, "number": 1},
        **{
            f"announcements:{name}": {"thread_id": announcement.pk}
            for name in ("pin", "unpin", "comments", "raise_banner")
        },
        "ideas:set_status": {"thread_id": idea.pk},
    }
    return world


def client_for(user: User | None, **kwargs) -> Client:
    client = Client(**kwargs)
    if user is not None:
        client.force_login(user)
    return client


def send(client: Client, method: str, url: str, data: dict | None = None):
    """One request whose writes are rolled back, after which the client still holds its
    session (a logout in the walk must not log out the rest of it)."""
    cookies = SimpleCookie()
    cookies.update(client.cookies)
    with transaction.atomic():
        call = getattr(client, method.lower())
        response = call(url, data) if data is not None else call(url)
        transaction.set_rollback(True)
    client.cookies = cookies
    return response


def outcome(response) -> str:
    """A status as the matrix writes it; a 302 to the login page is "login"."""
    if response.status_code in (301, 302):
        location = response["Location"]
        if location.startswith(reverse("account_login")):
            return "login"
        if location.startswith(reverse("admin:login")):
            return "admin-login"
    return str(response.status_code)


@contextmanager
def quiet_refusals():
    """Django logs every 4xx with its traceback; thousands of expected refusals would only
    slow the walk down (a 500 still raises in the test client)."""
    loggers = [logging.getLogger(name) for name in ("django.request", "django.security.csrf")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)
