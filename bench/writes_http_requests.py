"""The requests bench/writes_http.py sends, and what each write adds to the database.

Each write gets distinct POSTs, on other threads and posts or by other members, so that every
one of them changes something: a second identical vote changes nothing and would flatter the
figure. Each carries its member's real session cookie and the CSRF cookie and form token a GET
gave that member, as a browser has them when the member clicks (the ask page's: the cheapest
page with a form; the token is the browser's, whichever page handed it out). The URLs and
fields are the site's own forms' (forum/urls.py, responses/urls.py, cases/urls.py,
moderation/urls.py). Call after Django is set up on the run's copy of the database.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlencode

from bench import server
from bench.writes import BODY

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
MEMBERS = 100  # who answer, reply, vote, me-too and flag, in turn
# An administrator's adjustment to each of them: past the 15 that votes and flags need, and
# vouched for (moderation/standing.py: the seed made every member in the same instant, so no
# member's votes count towards another's standing).
STANDING = 20


@dataclass(frozen=True)
class Browser:
    cookie: str  # "sessionid=...; csrftoken=..."
    token: str  # the form's csrfmiddlewaretoken


@dataclass(frozen=True)
class Request:
    path: str
    browser: Browser
    fields: dict

    @property
    def body(self) -> str:
        """The form as the browser posts it: its fields and the CSRF token."""
        return urlencode({"csrfmiddlewaretoken": self.browser.token, **self.fields})

    def line(self) -> str:
        """The line bench/writes_http.lua reads: method, path, cookie, form body."""
        return f"POST\t{self.path}\t{self.browser.cookie}\t{self.body}"

    def send(self, port: int) -> int:
        status, _html, _headers = server.request(port, "POST", self.path, cookie=self.browser.cookie, body=self.body)
        return status


class Browsers:
    """One browser per user: a session made server-side, then a GET of `page` with it for the
    CSRF cookie and token (a few GETs at once, as the members' own browsers would make them)."""

    def __init__(self, port: int, page: str):
        self.port, self.page, self.known = port, page, {}

    def of(self, users: Iterable) -> dict[int, Browser]:
        users = {user.pk: user for user in users}
        missing = [user for pk, user in users.items() if pk not in self.known]
        sessions = [server.session_cookie(user) for user in missing]
        with ThreadPoolExecutor(max_workers=4) as pool:
            opened = list(pool.map(self._open, sessions))
        self.known.update((user.pk, browser) for user, browser in zip(missing, opened, strict=True))
        return {pk: self.known[pk] for pk in users}

    def _open(self, session: str) -> Browser:
        status, html, headers = server.request(self.port, "GET", self.page, cookie=session)
        match = TOKEN.search(html)
        cookies = [value.split(";", 1)[0] for name, value in headers if name.lower() == "set-cookie"]
        csrf = next((cookie for cookie in cookies if cookie.startswith("csrftoken=")), "")
        if status != 200 or not match or not csrf:
            raise RuntimeError(f"{self.page} answered {status} without a CSRF token and cookie")
        return Browser(f"{session}; {csrf}", match.group(1))


@dataclass
class Cast:
    """Who writes: members with standing, the company's reps, one moderator."""

    members: list
    reps: list
    moderator: object


def cast() -> Cast:
    """The seeded members get an administrator's adjustment and an account old enough to flag
    (the seed made them all at once, just now); a moderator is made."""
    from django.contrib.auth.models import Group
    from django.db import transaction
    from django.db.models import F

    from accounts.models import User
    from accounts.roles import MODERATORS, REPS
    from forum import reputation
    from moderation.conf import conf

    members = list(User.objects.filter(username__startswith="member", is_active=True).order_by("pk")[:MEMBERS])
    with transaction.atomic():
        for member in members:
            reputation.adjust(user_id=member.pk, delta=STANDING)
        User.objects.filter(pk__in=[member.pk for member in members]).update(
            date_joined=F("date_joined") - conf.FLAG_MIN_ACCOUNT_AGE - timedelta(days=1)
        )
    moderator, _ = User.objects.get_or_create(
        username="bench-moderator", defaults={"email": "bench-moderator@example.com", "display_name": "Moderator"}
    )
    Group.objects.get(name=MODERATORS).user_set.add(moderator)
    reps = list(User.objects.filter(groups__name=REPS, is_active=True).order_by("pk"))
    return Cast(members=members, reps=reps, moderator=moderator)


def spread(
    targets: list, people: list, count: int, *, rounds: int | None = None, refused: Callable | None = None
) -> list:
    """Up to `count` distinct (target, person) pairs: every target once before any twice (so
    that requests in a row touch different rows; at most `rounds` times), people in turn,
    none that `refused(target, person)`."""
    pairs, chosen, turn = [], set(), itertools.cycle(people)
    for _round in range(rounds or len(people)):
        for target in targets:
            if len(pairs) == count:
                return pairs
            for _ in range(len(people)):
                person = next(turn)
                key = (target, person.pk)
                if key not in chosen and not (refused and refused(target, person)):
                    pairs.append((target, person))
                    chosen.add(key)
                    break
    return pairs


def in_turn(rows: list[tuple], key: Callable) -> list[tuple]:
    """`rows` taken one of each `key` in turn (first of each, then second of each, ...), so
    that requests in a row do not queue on one thread's (or one member's) row."""
    groups: dict = {}
    for row in rows:
        groups.setdefault(key(row), []).append(row)
    return [row for turn in itertools.zip_longest(*groups.values()) for row in turn if row is not None]


@dataclass(frozen=True)
class Write:
    name: str
    plan: Callable[[int], list[Request]]  # up to n distinct requests, from the database as it is now
    rows: Callable[[], int]  # what the write adds one of, counted


# The baseline and the ten writes: with `apart`, each on threads of its own (its lane).
LANES = 11


def writes(cast: Cast, browsers: Browsers, *, apart: bool = False) -> list[Write]:
    """The baseline, then each write in bench/writes.py's order (asking aside: issue 29's list).

    `apart`: for writes sent all at once (bench/worst_day.py), each plans and counts only on
    threads of its own, those whose id is its place in the list modulo LANES: a hide must not
    reach the answer a vote or an accept is about to, nor an official reply the thread a claim
    is about to take, and each write's rows are counted apart from the others'.
    """
    from django.db.models import Exists, OuterRef
    from django.db.models.functions import Mod
    from django.urls import reverse

    from cases.models import Case
    from forum.models import MeToo, Post, Thread, ThreadEvent, Vote
    from moderation.models import Flag
    from responses.conf import conf as responses_conf
    from responses.models import QueueClaim, QueueDismissal

    members, reps = browsers.of(cast.members), browsers.of(cast.reps)
    moderator = browsers.of([cast.moderator])
    questions = Thread.objects.open().filter(kind=Thread.Kind.QUESTION).order_by("-pk")
    answers = Post.objects.answers().visible().filter(thread__in=questions).order_by("-pk")
    by_author = lambda target, person: target[1] == person.pk  # noqa: E731 - targets are (pk, author id)

    def own(lane: int, rows, thread: str = "pk"):
        """`rows` on the write's own threads when `apart`; all of them otherwise."""
        return rows.alias(lane=Mod(thread, LANES)).filter(lane=lane) if apart else rows

    def threads(rows, n) -> list[tuple[int, int]]:
        return list(rows.values_list("pk", "author_id")[:n])

    def posts(rows, n) -> list[tuple[int, int]]:
        """The newest, one thread's after another's (the seed's newest thread has 50 answers)."""
        newest = rows.values_list("pk", "author_id", "thread_id")[: n * 3]
        return [(pk, author) for pk, author, _thread in in_turn(list(newest), key=lambda row: row[2])][:n]

    def requests(name, pairs, fields, browser_of) -> list[Request]:
        return [
            Request(reverse(name, args=[target[0]]), browser_of[person.pk], fields(n))
            for n, (target, person) in enumerate(pairs)
        ]

    def baseline(n):
        return requests("bench_insert", spread(threads(own(0, questions), n), cast.members, n), lambda i: {}, members)

    def answer(n):
        pairs = spread(threads(own(1, questions), n), cast.members, n, refused=by_author)
        return requests("forum:answer", pairs, lambda i: {"body": f"{BODY} (answer {i})"}, members)

    def reply(n):
        pairs = spread(posts(own(2, answers, "thread"), n), cast.members, n, refused=by_author)
        return requests("forum:reply", pairs, lambda i: {"body": f"Did that, it still drops ({i})."}, members)

    def vote(n):
        targets = posts(own(3, answers, "thread"), n)
        voted = Vote.objects.filter(post_id__in=[pk for pk, _ in targets], user__in=cast.members)
        voted = set(voted.values_list("post_id", "user_id"))
        refused = lambda post, member: by_author(post, member) or (post[0], member.pk) in voted  # noqa: E731
        pairs = spread(targets, cast.members, n, refused=refused)
        return requests("forum:vote", pairs, lambda i: {"value": "up"}, members)

    def me_too(n):
        targets = threads(own(4, questions), n)
        said = MeToo.objects.filter(thread_id__in=[pk for pk, _ in targets], user__in=cast.members)
        said = set(said.values_list("thread_id", "user_id"))
        refused = lambda thread, member: by_author(thread, member) or (thread[0], member.pk) in said  # noqa: E731
        return requests("forum:me_too", spread(targets, cast.members, n, refused=refused), lambda i: {}, members)

    def flag(n):
        # One flag a post: three would hide it (FLAG_HIDE_WEIGHT), a heavier write.
        unflagged = (
            own(5, answers, "thread")
            .filter(is_official=False)
            .exclude(Exists(Flag.objects.filter(post=OuterRef("pk"))))
        )
        pairs = spread(posts(unflagged, n), cast.members, n, rounds=1, refused=by_author)
        return requests("moderation:flag", pairs, lambda i: {"reason": Flag.Reason.SPAM.value, "note": ""}, members)

    def accept(n):
        return accepts(own(6, questions), answers, n, browsers)

    def official_reply(n):
        calm = own(7, questions).filter(response_state__heat__lt=responses_conf.HEAT_HOT)  # a hot one waits for a lead
        pairs = spread(threads(calm, n), cast.reps, n, refused=by_author)
        return requests("forum:answer", pairs, lambda i: {"body": f"{BODY} (official {i})", "official": "1"}, reps)

    def claim(n):
        waiting = own(8, questions).filter(
            response_state__detail_requested_at=None, response_state__first_official_at=None
        )
        waiting = waiting.exclude(Exists(QueueClaim.objects.filter(thread=OuterRef("pk"))))
        waiting = waiting.exclude(Exists(QueueDismissal.objects.filter(thread=OuterRef("pk"))))
        return requests("responses:claim", spread(threads(waiting, n), cast.reps, n, rounds=1), lambda i: {}, reps)

    def open_case(n):
        caseless = Thread.objects.filter(kind=Thread.Kind.QUESTION, withdrawn_at=None, author__is_active=True)
        caseless = caseless.exclude(Exists(Case.objects.filter(thread=OuterRef("pk")))).order_by("-pk")
        pairs = spread(threads(own(9, caseless), n), cast.reps, n, rounds=1, refused=by_author)
        return requests("cases:open", pairs, lambda i: {"body": f"Send us your hub's serial, please ({i})."}, reps)

    def hide(n):
        # Members' answers, as bench/writes.py hides (the official replies posted above are the newest).
        pairs = spread(posts(own(10, answers, "thread").filter(is_official=False), n), [cast.moderator], n, rounds=1)
        decision = {"decision": f"hide:{Flag.Reason.SPAM.value}", "reason": "Spam wave", "confirmed": "1"}
        return requests("moderation:decide", pairs, lambda i: decision, moderator)

    return [
        Write("baseline: one INSERT in a transaction", baseline, own(0, ThreadEvent.objects, "thread").count),
        Write("answer", answer, own(1, Post.objects, "thread").count),
        Write("reply", reply, own(2, Post.objects, "thread").count),
        Write("vote", vote, own(3, Vote.objects, "post__thread").count),
        Write("me too", me_too, own(4, MeToo.objects, "thread").count),
        Write("flag", flag, own(5, Flag.objects, "post__thread").count),
        Write("accept", accept, own(6, Thread.objects.exclude(accepted_post=None)).count),
        Write("official reply", official_reply, own(7, Post.objects.filter(is_official=True), "thread").count),
        Write("claim", claim, own(8, QueueClaim.objects, "thread").count),
        Write("open a case", open_case, own(9, Case.objects, "thread").count),
        Write("hide (moderator)", hide, own(10, Post.objects.filter(is_hidden=True), "thread").count),
    ]


def accepts(questions, answers, count: int, browsers: Browsers) -> list[Request]:
    """Askers accept an answer (its first, by another member) on their questions with none
    accepted yet, one a thread. Only the asker may, and each asker needs a browser of their
    own: askers with several such questions first, their accepts taken in turn (one asker's
    in a row would queue on the asker's row, whose reputation each moves)."""
    from django.db.models import OuterRef, Subquery
    from django.urls import reverse

    from accounts.models import User

    first_answer = answers.filter(thread=OuterRef("pk")).exclude(author=OuterRef("author")).order_by("pk")
    unaccepted = questions.filter(accepted_post=None).annotate(answer=Subquery(first_answer.values("pk")[:1]))
    rows = list(unaccepted.exclude(answer=None).values_list("author_id", "answer")[: count * 10])
    by_asker: dict[int, list] = {}
    for asker, post in rows:
        by_asker.setdefault(asker, []).append((asker, post))
    chosen = []
    for group in sorted(by_asker.values(), key=len, reverse=True):
        if len(chosen) >= count:
            break
        chosen += group
    chosen = chosen[:count]
    browser_of = browsers.of(User.objects.filter(pk__in={asker for asker, _ in chosen}))
    pairs = in_turn(chosen, key=lambda row: row[0])
    return [Request(reverse("forum:accept", args=[post]), browser_of[asker], {}) for asker, post in pairs]
