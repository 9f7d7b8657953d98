"""Benchmark: page throughput against a bare Django view, in the same run.

    .venv/bin/python -m bench.pages [--database-url URL] [--seconds 10] [--seed-threads 100000]

What a reader pays for a page. Two gunicorn servers with 2 workers each run on this
machine: bare Django (no apps, no middleware: bench/bare_settings.py) and the project on
PostgreSQL with Redis as its cache (bench/settings.py, production settings but plain HTTP).
wrk (2 threads, 16 connections, a browser's User-Agent and Accept-Language) drives each page
in turn, anonymous and with a real session cookie. Every figure is also given as a share of
the bare view's requests per second measured in the same run, since absolute numbers drift
on a shared machine and ratios hold.

The database is bench/seed.py's (100,000 threads, 1,000,000 posts); it is built first when
it does not exist yet (--reseed builds it again). Results are printed as a table and written
into docs/performance.md between the markers of its "Page throughput" section.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from bench import server
from bench.db import DEFAULT_URL, setup_django
from bench.docs import write_section
from bench.server import stop

ROOT = Path(__file__).resolve().parent.parent
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/12")
USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36"
ACCEPT_LANGUAGE = "en-GB,en;q=0.9"
MARKERS = ("<!-- bench:pages -->", "<!-- /bench:pages -->")


@dataclass
class Target:
    name: str
    path: str
    viewer: str  # "anonymous", "member" or "rep": whose session cookie is sent
    server: str = "site"  # or "bare"
    goal: float | None = None  # the target share of the bare view


@dataclass
class Result:
    target: Target
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    errors: int
    alone_p99_ms: float = 0.0  # at LATENCY_CONNECTIONS

    @property
    def cost_ms(self) -> float:
        """What one request costs the server: its workers' time over the rate."""
        return 1000 * WORKERS / self.requests_per_second if self.requests_per_second else 0.0

    def share(self, bare: float) -> float:
        return self.requests_per_second / bare if bare else 0.0


def targets(thread5: str, thread50: str) -> list[Target]:
    """Every page, with issue 29's targets (a share of the bare view's rate)."""
    return [
        Target("bare Django hello (no middleware)", "/", "anonymous", server="bare"),
        Target("hello behind the project's middleware", "/bench/hello/", "anonymous"),
        Target("`/` anonymous", "/", "anonymous", goal=0.40),
        Target("`/` member", "/", "member", goal=0.20),
        Target("thread, 5 answers, anonymous", thread5, "anonymous"),
        Target("thread, 50 answers, anonymous", thread50, "anonymous", goal=0.30),
        Target("thread, 50 answers, member", thread50, "member", goal=0.20),
        Target("`/tags/wifi/` anonymous", "/tags/wifi/", "anonymous", goal=0.40),
        Target("`/tags/wifi/` member", "/tags/wifi/", "member", goal=0.20),
        Target("`/search/?q=router` anonymous", "/search/?q=router", "anonymous", goal=0.40),
        Target("`/search/?q=router` member", "/search/?q=router", "member", goal=0.20),
        Target("`/official/` rep (10,000 queue items)", "/official/", "rep", goal=0.15),
        Target("`/moderation/` moderator (reports queue)", "/moderation/", "moderator", goal=0.15),
    ]


# A member's page against a visitor's, for "a member's request costs within 1.5 ms of a
# visitor's" (issue 29): each pair's names in targets().
MEMBER_PAIRS = [
    ("`/` anonymous", "`/` member"),
    ("thread, 50 answers, anonymous", "thread, 50 answers, member"),
    ("`/tags/wifi/` anonymous", "`/tags/wifi/` member"),
    ("`/search/?q=router` anonymous", "`/search/?q=router` member"),
]
WORKERS = 2  # each server's gunicorn workers
LATENCY_CONNECTIONS = 2  # one request in each worker: a page's own p99, no queue in front of it


def server_environment(database_url: str, settings_module: str) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": settings_module,
        "DATABASE_URL": database_url,
        "REDIS_URL": REDIS_URL,
        "CELERY_BROKER_URL": REDIS_URL,
        "DEBUG": "0",
        "HTTPS": "0",
        "SECRET_KEY": "bench-only-secret-key-that-is-long-enough-for-django-checks",
        "ALLOWED_HOSTS": "127.0.0.1",
        "RATE_LIMITS": "0",
        "LOG_LEVEL": "WARNING",
        "PYTHONDONTWRITEBYTECODE": "1",
    }


def start_gunicorn(settings_module: str, database_url: str) -> tuple[subprocess.Popen, int]:
    return server.serve(
        environment=server_environment(database_url, settings_module), workers=2, settings_module=settings_module
    )


def session_cookie(username: str) -> str:
    from accounts.models import User

    return server.session_cookie(User.objects.get(username=username))


def run_wrk(url: str, *, seconds: int, cookie: str | None, connections: int = 16) -> tuple[float, float, float, int]:
    headers = ["-H", f"User-Agent: {USER_AGENT}", "-H", f"Accept-Language: {ACCEPT_LANGUAGE}"]
    if cookie:
        headers += ["-H", f"Cookie: {cookie}"]
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "--latency", *headers, url]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    errors = int(match.group(1)) if (match := re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)) else 0
    errors += sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output))
    return rate, _latency(output, "50%"), _latency(output, "99%"), errors


def _latency(output: str, percentile: str) -> float:
    value, unit = re.search(rf"{percentile}\s+([\d.]+)(us|ms|s)", output).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def check_page(url: str, cookie: str | None) -> None:
    """Each page answers 200 itself before it is measured (not a redirect, which wrk would
    count as a success): a benchmark of error pages or redirects proves nothing."""
    import http.client
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    connection.request("GET", path, headers={"User-Agent": USER_AGENT, **({"Cookie": cookie} if cookie else {})})
    status = connection.getresponse().status
    connection.close()
    if status != 200:
        raise SystemExit(f"{url} answered {status}")


def measure(database_url: str, *, seconds: int) -> list[Result]:
    from forum.models import Thread

    # The threads' own addresses: /t/<id>/ alone answers with a redirect to them.
    five = Thread.objects.get(title__startswith="Bench: five answers").get_absolute_url()
    fifty = Thread.objects.get(title__startswith="Bench: fifty answers").get_absolute_url()
    cookies = {
        "anonymous": None,
        "member": session_cookie("bench-member"),
        "rep": session_cookie("bench-rep"),
        "moderator": server.session_cookie(moderator()),
    }
    # Production settings serve hashed static files: collect them as a deployment would.
    subprocess.run(
        [str(ROOT / ".venv/bin/python"), "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=server_environment(database_url, "bench.settings"),
        check=True,
    )
    site, site_port = start_gunicorn("bench.settings", database_url)
    bare, bare_port = start_gunicorn("bench.bare_settings", database_url)
    cookies = {viewer: cookie and with_csrf_cookie(site_port, cookie) for viewer, cookie in cookies.items()}
    results = []
    try:
        for target in targets(five, fifty):
            port = bare_port if target.server == "bare" else site_port
            url, cookie = f"http://127.0.0.1:{port}{target.path}", cookies[target.viewer]
            check_page(url, cookie)
            run_wrk(url, seconds=min(2, seconds), cookie=cookie)  # warm the workers, caches, connections
            rate, p50, p99, errors = run_wrk(url, seconds=seconds, cookie=cookie)
            alone = run_wrk(url, seconds=max(1, seconds // 3), cookie=cookie, connections=LATENCY_CONNECTIONS)
            results.append(Result(target, rate, p50, p99, errors + alone[3], alone_p99_ms=alone[2]))
            print(f"  {target.name}: {rate:,.0f} req/s, p50 {p50:.1f} ms, p99 {p99:.1f} ms", flush=True)
    finally:
        stop(site)
        stop(bare)
    return results


def with_csrf_cookie(port: int, cookie: str) -> str:
    """The session cookie and the CSRF cookie a first page gives, as a browser sends them back:
    a member's copy of a page holds their form token, so it is kept only for a request that
    brings the CSRF cookie it was made for (config/pagecache.py); without it, every request
    would be rendered, which no browser does."""
    status, _html, headers = server.request(port, "GET", "/", cookie=cookie, user_agent=USER_AGENT)
    csrf = [value.split(";", 1)[0] for name, value in headers if name.lower() == "set-cookie"]
    csrf = [value for value in csrf if value.startswith("csrftoken=")]
    if status != 200 or not csrf:
        raise SystemExit(f"/ answered {status} without a CSRF cookie for a member")
    return f"{cookie}; {csrf[0]}"


def moderator():
    """The seed makes no moderator: one is made here, once (the reports queue is theirs)."""
    from django.contrib.auth.models import Group

    from accounts.models import User
    from accounts.roles import MODERATORS

    user, _ = User.objects.get_or_create(
        username="bench-moderator", defaults={"email": "bench-moderator@example.com", "display_name": "Moderator"}
    )
    Group.objects.get(name=MODERATORS).user_set.add(user)
    return user


def table(results: list[Result]) -> str:
    bare = results[0].requests_per_second
    lines = [
        "| page | req/s | share of bare Django | target | p50 | p99 | p99 alone (target 50 ms) | errors |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for result in results:
        goal = result.target.goal
        verdict = "" if goal is None else f"{goal:.2f} {'met' if result.share(bare) >= goal else '**missed**'}"
        alone = f"{result.alone_p99_ms:.1f} ms" + ("" if result.alone_p99_ms < 50 else " **over**")
        lines.append(
            f"| {result.target.name} | {result.requests_per_second:,.0f} | {result.share(bare):.3f} | {verdict} "
            f"| {result.p50_ms:.1f} ms | {result.p99_ms:.1f} ms | {alone} | {result.errors} |"
        )
    return "\n".join(lines)


def members_cost(results: list[Result]) -> str:
    """Each member's page's cost over the visitor's, per request (target: within 1.5 ms)."""
    by_name = {result.target.name: result for result in results}
    lines = ["| page | visitor ms a request | member ms a request | difference (target 1.5 ms) |", "|---|---|---|---|"]
    for visitor_name, member_name in MEMBER_PAIRS:
        visitor, member = by_name[visitor_name], by_name[member_name]
        difference = member.cost_ms - visitor.cost_ms
        verdict = "met" if difference <= 1.5 else "**missed**"
        lines.append(
            f"| {member_name.replace(' member', '')} | {visitor.cost_ms:.2f} | {member.cost_ms:.2f} "
            f"| {difference:+.2f} ms, {verdict} |"
        )
    return "\n".join(lines)


def write_into_docs(text: str) -> None:
    write_section(text, markers=MARKERS, heading="## Page throughput (issue 13)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--seed-threads", type=int, default=100_000)
    parser.add_argument("--reseed", action="store_true")
    parser.add_argument("--no-docs", action="store_true", help="print only; leave docs/performance.md alone")
    arguments = parser.parse_args(argv)
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: `apt-get install wrk` (Debian's package), or run `make bench`.")

    from bench import seed

    # The servers' settings for this process too, before Django is set up (by the seed or
    # here): SECRET_KEY signs the session cookies made below, and the cache may hold them.
    os.environ.update(server_environment(arguments.database_url, "bench.settings"))
    if arguments.reseed or not seed.database_is_seeded(arguments.database_url):
        seed.main(["--threads", str(arguments.seed_threads), "--database-url", arguments.database_url])
    setup_django(arguments.database_url, "bench.settings", migrate=True)
    print(f"Measuring {len(targets('', ''))} pages for {arguments.seconds} s each (2 gunicorn workers, wrk -t2 -c16):")
    results = measure(arguments.database_url, seconds=arguments.seconds)
    when = time.strftime("%Y-%m-%d")
    text = (
        f"Measured {when} by `make bench` (`python -m bench.pages`), {os.cpu_count()} cores, "
        f"PostgreSQL and Redis on the same machine (load average {os.getloadavg()[0]:.1f} at the end), "
        f"{arguments.seconds} s per page at 16 connections, then a third of that at {LATENCY_CONNECTIONS} "
        f'("alone": one request in each worker, the page\'s own latency without a queue in front of it). '
        f"Targets: issue 29's.\n\n{table(results)}\n\n"
        f"A member's request against a visitor's (the server's time a request, {WORKERS} workers over the "
        f"rate):\n\n{members_cost(results)}"
    )
    print(text)
    if not arguments.no_docs:
        write_into_docs(text)
    return 0 if all(result.errors == 0 for result in results) else 1


if __name__ == "__main__":
    sys.exit(main())
