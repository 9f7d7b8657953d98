"""Benchmark: the page cache's hit rate on an idle site, and across a vote (issue 25).

    .venv/bin/python -m bench.idle_cache [--minutes 10] [--seed-threads 2000] [--reseed]
        [--database-url postgres://postgres@127.0.0.1:5432/helpcircle_bench_idle] [--no-docs]

Seeds a forum with bench/seed.py (its own database, kept between runs; --reseed builds it
again), then, in this process, on an accelerated clock (`timezone.now()` moved on a minute
at a time; the cache's TTLs stay on the wall clock, so nothing expires during the run):

1. An idle site: beat's schedule (settings.CELERY_BEAT_SCHEDULE, every task, called as a
   worker would) runs once to settle what is due, then every simulated minute for --minutes,
   with a member logging in each minute. After each minute a visitor requests every page of
   PAGES; a request served from the cache runs no SELECT on forum_thread. The hit rate is
   over every request after each page's first: 100% is the target.
2. A vote: a rep's queue page, a visitor's copy of other threads' pages and of the lists are
   kept; an answer in one thread gets a vote; the same pages are requested again. Only the
   voted thread's page (and the lists, for a question's vote) may be rendered again.

Before issue 25 any write (a login's last_login, the engine's UPDATEs with nothing due, a
vote) gave every page a new version: this script, run there, measured 8% and 14%
(docs/i25/pagecache.md).

Prints a Markdown table and writes it into docs/i25/pagecache.md between its markers,
unless --no-docs. Exit status 1 when the idle hit rate is under 100%.
"""

import argparse
import contextlib
import datetime as dt
import os
import sys
from pathlib import Path

from bench import seed
from bench.db import setup_django
from bench.docs import DOCS, write_section

DEFAULT_URL = os.environ.get("BENCH_IDLE_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/helpcircle_bench_idle")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/12")
MARKERS = ("<!-- bench:idle-cache -->", "<!-- bench:idle-cache-end -->")
DOC = DOCS / "i25" / "pagecache.md"
PAGES = ["/", "/?tab=active", "/?tab=unanswered", "/tags/", "/search/?q=wifi", "/ideas/", "/announcements/"]
THREAD_PAGES = 5  # the first few threads' pages too
CLOCK = {"now": None}


def accelerate_clock() -> None:
    """`timezone.now()` reads CLOCK, which the run moves on a minute at a time."""
    from django.utils import timezone

    real_now = timezone.now
    CLOCK["now"] = real_now()
    timezone.now = lambda: CLOCK["now"]


def rendered(client, url: str) -> bool:
    """Whether the request rendered the page (read the threads) rather than served it kept."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return any(q["sql"].startswith("SELECT") and "forum_thread" in q["sql"] for q in context.captured_queries)


def run_beat() -> None:
    from django.conf import settings
    from django.utils.module_loading import import_string

    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        import_string(entry["task"])()


def idle_site(minutes: int, member) -> dict:
    from django.test import Client

    from config import pagecache

    visitor = Client()
    pages = PAGES + [thread.get_absolute_url() for thread in _threads()[:THREAD_PAGES]]
    run_beat()  # what was due before the run starts
    for url in pages:
        rendered(visitor, url)  # each page's first request
    hits = requests = 0
    # The commit before issue 25 had no named versions to observe (run there for "before").
    observing = getattr(pagecache, "observing_bumps", lambda: contextlib.nullcontext(["(not observable)"]))
    with observing() as bumped:
        for _minute in range(minutes):
            CLOCK["now"] += dt.timedelta(minutes=1)
            run_beat()
            Client().force_login(member)  # a login: last_login written
            for url in pages:
                requests += 1
                hits += not rendered(visitor, url)
    return {"pages": len(pages), "requests": requests, "hits": hits, "bumped": sorted(set(bumped))}


def _threads():
    from forum.models import Thread

    return list(Thread.objects.listed().order_by("-last_activity_at")[:20])


def across_a_vote(rep, voter) -> dict:
    from django.test import Client
    from django.urls import reverse

    from forum import actions
    from forum.models import Post, Vote

    threads = _threads()
    voted, others = threads[0], threads[1 : 1 + THREAD_PAGES]
    answer = Post.objects.answers().filter(thread=voted).exclude(author=voter).first()
    rep_client, visitor = Client(), Client()
    rep_client.force_login(rep)
    queue = reverse("responses:official_queue")
    kept = [(rep_client, queue)] + [(visitor, thread.get_absolute_url()) for thread in others] + [(visitor, "/tags/")]
    for client, url in kept:
        rendered(client, url)
        rendered(client, url)
    # Up, or taken back when an earlier run left one: a vote either way.
    value = 0 if Vote.objects.filter(user=voter, post=answer).exists() else 1
    actions.cast_vote(voter=voter, post=answer, value=value)
    hits = sum(not rendered(client, url) for client, url in kept)
    return {"pages": len(kept), "hits": hits, "voted_page_rendered": rendered(visitor, voted.get_absolute_url())}


def table(idle: dict, vote: dict, minutes: int, threads: int) -> str:
    idle_rate = 100 * idle["hits"] / idle["requests"]
    vote_rate = 100 * vote["hits"] / vote["pages"]
    return "\n".join(
        [
            f"Seeded forum of {threads:,} threads; {minutes} minutes of engine time, beat's every task each "
            f"minute, a member logging in each minute; {idle['pages']} visitor pages.",
            "",
            "| measure | figure |",
            "|---|---|",
            f"| visitors' hit rate on an idle site, after each page's first request | "
            f"{idle_rate:.0f}% ({idle['hits']}/{idle['requests']}) |",
            f"| versions bumped during the idle run | {', '.join(idle['bumped']) or 'none'} |",
            f"| hit rate of the queue page and other threads' pages across a vote | "
            f"{vote_rate:.0f}% ({vote['hits']}/{vote['pages']}) |",
            f"| the voted thread's page rendered again | {'yes' if vote['voted_page_rendered'] else 'no'} |",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=int, default=10)
    parser.add_argument("--seed-threads", type=int, default=2000)
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--reseed", action="store_true")
    parser.add_argument("--no-docs", action="store_true")
    arguments = parser.parse_args(argv)

    os.environ.update(REDIS_URL=REDIS_URL, CELERY_BROKER_URL=REDIS_URL, PAGE_CACHE="1")
    if arguments.reseed or not seed.database_is_seeded(arguments.database_url):
        seed.main(["--threads", str(arguments.seed_threads), "--database-url", arguments.database_url])
    setup_django(arguments.database_url, migrate=True)
    from django.core.cache import caches
    from django.test.utils import setup_test_environment

    from accounts.models import User
    from forum.models import Thread

    setup_test_environment()  # the test client's host, and email kept in memory
    accelerate_clock()
    caches["pages"].clear()
    member = User.objects.get(username="bench-member")
    idle = idle_site(arguments.minutes, member)
    vote = across_a_vote(User.objects.get(username="bench-rep"), member)
    result = table(idle, vote, arguments.minutes, Thread.objects.count())
    print(result)
    if not arguments.no_docs:
        write_section(result, markers=MARKERS, heading="## Measured", path=Path(DOC))
    return 0 if idle["hits"] == idle["requests"] else 1


if __name__ == "__main__":
    sys.exit(main())
