"""Benchmark: a crowd on one thread at once, through the real web stack.

    .venv/bin/python -m bench.concurrency [--voters 200] [--answerers 50] [--workers 4]

The worst day's thread: 200 members vote and 50 answer at the same moment. The project runs
under gunicorn (4 sync workers, production settings over plain HTTP, PostgreSQL, Redis as
cache and broker); every member has a real session (made server-side the way
django.contrib.auth.login makes one, sent as the session cookie) and a real CSRF token from
a GET of the thread page. Then all the POSTs are released together by a barrier, one thread
and one HTTP connection per request: each voter votes the question up and the first answer
up (every fourth one down), each answerer posts an answer, twice at once (a double click:
one must stand).

RATE_LIMITS=0: every client comes from 127.0.0.1, and this is a load test of locking, not of
the per-member limits (those are tested in tests/forum and tests/accounts).

Afterwards, from the database: no response was a 5xx (nor a 4xx), every voter's Vote rows
exist once with their value, the thread's and the posts' scores equal the sum of their votes,
answer_count equals the answers, every answerer's answer exists once, and the ledger,
User.reputation and TagReputation agree (`rebuild_reputation` finds no difference). The
figures go into the `concurrency` section of docs/reliability.md.

Its own database, `helpcircle_conc_bench`, rebuilt each run; Redis database 13.
tests/platform/test_concurrent_web.py runs the same crowd, smaller, in CI.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from bench import server
from bench.concurrency_report import summary
from bench.server import serve, session_cookie, stop

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = os.environ.get(
    "BENCH_CONC_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/helpcircle_conc_bench"
)
DEFAULT_REDIS_URL = os.environ.get("BENCH_CONC_REDIS_URL", "redis://127.0.0.1:6379/13")
MARKERS = ("<!-- concurrency:start -->", "<!-- concurrency:end -->")
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VOTER_REPUTATION = 200  # enough to vote down as well as up


@dataclass
class Member:
    user_id: int
    cookie: str  # "sessionid=..."
    csrf: str = ""  # the form token from the thread page
    csrf_cookie: str = ""


@dataclass
class Crowd:
    thread_id: int
    thread_path: str
    question_id: int
    answer_id: int
    voters: list[Member]
    answerers: list[Member]

    @property
    def requests(self) -> int:
        """What fire() sends: two votes per voter, each answer twice (a double click)."""
        return 2 * len(self.voters) + 2 * len(self.answerers)

    def answer_vote(self, index: int) -> int:
        return -1 if index % 4 == 3 else 1


@dataclass
class Outcome:
    kind: str  # "vote" or "answer"
    status: int
    seconds: float
    error: str = ""


@dataclass
class Report:
    outcomes: list[Outcome]
    elapsed: float
    problems: list[str] = field(default_factory=list)
    lost: int = 0  # votes and answers missing or doubled, counted by check()

    @property
    def server_errors(self) -> int:
        return sum(1 for outcome in self.outcomes if outcome.status >= 500 or outcome.status == 0)

    def percentile(self, share: float) -> float:
        times = sorted(outcome.seconds for outcome in self.outcomes)
        return times[min(len(times) - 1, int(share * len(times)))] * 1000


def make_crowd(*, voters: int, answerers: int, label: str = "crowd") -> Crowd:
    """The asker, their thread with one answer, and the members (committed, since the
    server reads them from its own connections)."""
    from allauth.account.models import EmailAddress

    from accounts.models import User
    from forum import actions, reputation

    def member(name: str) -> User:
        user = User.objects.create_user(username=name, email=f"{name}@example.com", display_name=name.title())
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        return user

    asker, helper = member(f"{label}-asker"), member(f"{label}-helper")
    thread = actions.ask_question(
        author=asker,
        title="Every Brightwave hub in the street dropped off the network at nine",
        body="Since nine this morning the hub blinks orange and nothing connects; the neighbours' too.",
        tags=["wifi", "outage"],
    )
    answer = actions.post_answer(
        author=helper, thread=thread, body="Same here. Unplugging it for a minute brought mine back for a while."
    )
    crowd_voters = []
    for index in range(voters):
        user = member(f"{label}-voter{index}")
        reputation.adjust(user_id=user.pk, delta=VOTER_REPUTATION - 1)
        user.refresh_from_db()
        crowd_voters.append(Member(user.pk, session_cookie(user)))
    crowd_answerers = []
    for index in range(answerers):
        user = member(f"{label}-answerer{index}")
        crowd_answerers.append(Member(user.pk, session_cookie(user)))
    return Crowd(
        thread_id=thread.pk,
        thread_path=thread.get_absolute_url(),
        question_id=thread.posts.get(is_question=True).pk,
        answer_id=answer.pk,
        voters=crowd_voters,
        answerers=crowd_answerers,
    )


def answer_body(index: int) -> str:
    return f"Answerer {index} here: a factory reset did not help me, but the 4.2.1 firmware did."


# --- The clients -----------------------------------------------------------------------


def request(port: int, method: str, path: str, **kwargs) -> tuple[int, str, list[tuple[str, str]]]:
    return server.request(port, method, path, user_agent="bench.concurrency", **kwargs)


def get_tokens(port: int, crowd: Crowd, *, parallel: int = 4) -> None:
    """Each member GETs the thread page with their session, as a browser would, and keeps
    the CSRF token of its forms and the CSRF cookie it was given. An anonymous visitor reads
    it first, so that the page cache holds the thread as it was before the crowd."""
    status, _html, _headers = request(port, "GET", crowd.thread_path)
    if status != 200:
        raise RuntimeError(f"the thread page answered {status} to an anonymous visitor")

    def fetch(member: Member) -> None:
        status, html, headers = request(port, "GET", crowd.thread_path, cookie=member.cookie)
        if status != 200:
            raise RuntimeError(f"the thread page answered {status} to member {member.user_id}")
        match = TOKEN.search(html)
        if not match:
            raise RuntimeError("the thread page carries no CSRF token")
        member.csrf = match.group(1)
        cookies = [value.split(";", 1)[0] for name, value in headers if name.lower() == "set-cookie"]
        member.csrf_cookie = next((c for c in cookies if c.startswith("csrftoken=")), "")
        if not member.csrf_cookie:
            raise RuntimeError("the thread page set no CSRF cookie")

    with ThreadPoolExecutor(max_workers=parallel) as pool:
        list(pool.map(fetch, [*crowd.voters, *crowd.answerers]))  # list(): raises what a fetch raised


def fire(port: int, crowd: Crowd) -> Report:
    """Every vote and answer at once: one thread per member, released by one barrier."""
    from urllib.parse import urlencode

    outcomes: list[Outcome] = []
    lock = threading.Lock()

    def post(kind: str, member: Member, path: str, fields: dict) -> None:
        started = time.monotonic()
        try:
            status, _html, _headers = request(
                port,
                "POST",
                path,
                cookie=f"{member.cookie}; {member.csrf_cookie}",
                body=urlencode({"csrfmiddlewaretoken": member.csrf, **fields}),
            )
            outcome = Outcome(kind, status, time.monotonic() - started)
        except OSError as error:
            outcome = Outcome(kind, 0, time.monotonic() - started, error=repr(error))
        with lock:
            outcomes.append(outcome)

    def voter(index: int, member: Member) -> None:
        barrier.wait(timeout=120)
        post("vote", member, f"/p/{crowd.question_id}/vote/", {"value": "up"})
        value = "up" if crowd.answer_vote(index) > 0 else "down"
        post("vote", member, f"/p/{crowd.answer_id}/vote/", {"value": value})

    def answerer(index: int, member: Member) -> None:
        barrier.wait(timeout=120)
        post("answer", member, f"/answer/{crowd.thread_id}/", {"body": answer_body(index)})

    workers = [threading.Thread(target=voter, args=pair) for pair in enumerate(crowd.voters)]
    # Every answer is sent twice at once, as a double click or two tabs would: one must stand.
    workers += [threading.Thread(target=answerer, args=pair) for pair in enumerate(crowd.answerers) for _ in (1, 2)]
    barrier = threading.Barrier(len(workers) + 1)
    for worker in workers:
        worker.start()
    barrier.wait(timeout=120)
    started = time.monotonic()
    for worker in workers:
        worker.join(timeout=600)
    return Report(outcomes, time.monotonic() - started)


# --- The checks ------------------------------------------------------------------------


def check(crowd: Crowd, report: Report, *, port: int | None = None) -> list[str]:
    """What the database says after the crowd, and (given the server's port) what the page
    an anonymous visitor gets says: a list of problems, empty when all is well."""
    from django.db.models import Count, Sum

    from forum import reputation
    from forum.models import Post, Thread, Vote

    problems = []
    statuses = sorted({outcome.status for outcome in report.outcomes})
    if len(report.outcomes) != crowd.requests:
        problems.append(f"{len(report.outcomes)} responses for {crowd.requests} requests")
    bad = [outcome for outcome in report.outcomes if not 200 <= outcome.status < 400]
    if bad:
        problems.append(f"{len(bad)} responses not 2xx/3xx (statuses seen: {statuses}; first: {bad[0]})")

    thread = Thread.objects.get(pk=crowd.thread_id)
    question, answer = Post.objects.get(pk=crowd.question_id), Post.objects.get(pk=crowd.answer_id)
    voter_ids = [member.user_id for member in crowd.voters]
    expected_answer_score = sum(crowd.answer_vote(index) for index in range(len(crowd.voters)))
    for post, expected in ((question, len(voter_ids)), (answer, expected_answer_score)):
        total = Vote.objects.filter(post=post).aggregate(total=Sum("value"))["total"] or 0
        if not post.score == total == expected:
            problems.append(f"post {post.pk}: score {post.score}, votes sum {total}, expected {expected}")
    if thread.score != question.score:
        problems.append(f"thread score {thread.score} != question score {question.score}")
    votes = {(user_id, post_id): value for user_id, post_id, value in Vote.objects.values_list("user", "post", "value")}
    lost = 0
    for index, user_id in enumerate(voter_ids):
        lost += votes.get((user_id, question.pk)) != 1
        lost += votes.get((user_id, answer.pk)) != crowd.answer_vote(index)
    if Vote.objects.filter(user_id__in=voter_ids).count() != 2 * len(voter_ids):
        problems.append("a voter has more or fewer Vote rows than votes cast")
    answerer_ids = [member.user_id for member in crowd.answerers]
    answers = Post.objects.answers().filter(thread=thread)
    per_answerer = dict(
        answers.filter(author_id__in=answerer_ids)
        .values("author_id")
        .annotate(n=Count("pk"))
        .values_list("author_id", "n")
    )
    lost += sum(1 for user_id in answerer_ids if per_answerer.get(user_id) != 1)
    report.lost = lost
    if lost:
        problems.append(f"{lost} lost or doubled updates (votes and answers)")
    if not thread.answer_count == answers.count() == len(answerer_ids) + 1:
        problems.append(
            f"answer_count {thread.answer_count}, answers {answers.count()}, expected {len(answerer_ids) + 1}"
        )
    if port is not None:
        status, html, _headers = request(port, "GET", crowd.thread_path)  # through the page cache
        shown = re.search(rf'data-testid="score-{question.pk}">(-?\d+)<', html)
        if status != 200 or not shown or int(shown.group(1)) != question.score:
            problems.append(f"the anonymous thread page ({status}) shows score {shown and shown.group(1)}")
        missing = [index for index in range(len(crowd.answerers)) if answer_body(index) not in html]
        if missing:
            problems.append(f"the anonymous thread page lacks {len(missing)} of the answers")
    differences = reputation.rebuild_all()
    if differences:
        problems.append(f"rebuild_reputation found {len(differences)} difference(s): {differences[:3]}")
    report.problems = problems
    return problems


# --- The benchmark ---------------------------------------------------------------------


def server_environment(database_url: str, redis_url: str) -> dict:
    from bench.pages import server_environment as pages_environment

    return {
        **pages_environment(database_url, "bench.settings"),
        "REDIS_URL": redis_url,
        "CELERY_BROKER_URL": redis_url,
        "RATE_LIMITS": "0",  # a load test from one address: see the docstring
    }


def prepare_site(database_url: str, environment: dict) -> None:
    """A fresh database and an empty cache for a run, and the static files gunicorn serves.
    `environment` (the server's) goes into this process too: the same SECRET_KEY and
    session cache as the server, so that the sessions made here log its clients in."""
    from bench.db import recreate_database, setup_django

    os.environ.update(environment)
    recreate_database(database_url)
    setup_django(database_url, "bench.settings")
    from django.core.cache import caches
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    for alias in ("default", "pages"):
        caches[alias].clear()  # the run's own Redis database
    subprocess.run(
        [str(ROOT / ".venv/bin/python"), "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings"},
        check=True,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--voters", type=int, default=200)
    parser.add_argument("--answerers", type=int, default=50)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--redis-url", default=DEFAULT_REDIS_URL)
    parser.add_argument("--no-docs", action="store_true", help="print only; leave docs/reliability.md alone")
    arguments = parser.parse_args(argv)

    environment = server_environment(arguments.database_url, arguments.redis_url)
    prepare_site(arguments.database_url, environment)
    print(f"Making {arguments.voters} voters and {arguments.answerers} answerers...", flush=True)
    crowd = make_crowd(voters=arguments.voters, answerers=arguments.answerers)
    process, port = serve(environment=environment, workers=arguments.workers, settings_module="bench.settings")
    try:
        get_tokens(port, crowd)
        print(f"Firing {crowd.requests} POSTs at once...", flush=True)
        report = fire(port, crowd)
        problems = check(crowd, report, port=port)
    finally:
        stop(process)
    command = "python -m bench.concurrency" + (" " + " ".join(argv if argv is not None else sys.argv[1:])).rstrip()
    text = summary(report, crowd, workers=arguments.workers, command=command)
    print(text)
    if not arguments.no_docs:
        from bench.docs import RELIABILITY, write_section

        write_section(text, markers=MARKERS, heading="## Concurrency through the real web stack", path=RELIABILITY)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
