"""Benchmark: full-text search over 1,000,000 posts on PostgreSQL.

    .venv/bin/python -m bench.search [--database-url URL] [--queries 100] [--seed-threads 100000]

Times what the search page asks of the database for one query: the first page of results
and its count, through forum.search exactly as the page calls it (Paginator over
search_threads, each row's snippet highlighted and its tags read), for queries drawn from
the demo vocabulary (forum/demo_content.py): half single words, half two-word phrases, as
the texts have them. Every query is run once to warm the caches, then the set is timed in a
fresh order; p50 and p95 are of those timings.

The database is bench/seed.py's (100,000 threads, 1,000,000 posts, the one bench/pages.py
uses); it is built first when it does not exist yet (--reseed builds it again), and migrated,
so that its search vectors are the current ones. Results are printed and written into
docs/performance.md between the markers of its search section.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import sys
import time
from dataclasses import dataclass
from itertools import pairwise

from bench.db import DEFAULT_URL, setup_django
from bench.docs import write_section

MARKERS = ("<!-- bench:search -->", "<!-- /bench:search -->")
HEADING = "## Search over 1,000,000 posts (issues 12 and 13)"
GOAL_P95_MS = 50


@dataclass
class Timing:
    query: str
    ms: float
    results: int
    window_ms: float  # of ms: the ranked window of matches, which is also the count


def vocabulary() -> tuple[list[str], list[str]]:
    """The demo texts' words that PostgreSQL indexes (no stop words), and the two-word
    phrases made of them that stand side by side in a text."""
    from django.db import connection

    from forum import demo_content

    texts = [*demo_content.DEVICES, demo_content.OFFICIAL_NOTE]
    for pairs in demo_content.QUESTIONS.values():
        texts += [part for pair in pairs for part in pair]
    for answers in demo_content.ANSWERS.values():
        texts += answers
    sentences = [re.findall(r"[a-z0-9]+", text.lower().replace("{device}", "hub")) for text in texts]
    words = sorted({word for sentence in sentences for word in sentence})
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT word FROM unnest(%s::text[]) AS word WHERE numnode(plainto_tsquery('english', word)) > 0",
            [words],
        )
        indexed = {row[0] for row in cursor.fetchall()}
    singles = sorted(indexed)
    pairs = sorted(
        {f"{a} {b}" for sentence in sentences for a, b in pairwise(sentence) if a in indexed and b in indexed}
    )
    return singles, pairs


def queries(count: int, rng: random.Random) -> list[str]:
    singles, pairs = vocabulary()
    return rng.sample(singles, count // 2) + rng.sample(pairs, count - count // 2)


def run(query: str) -> Timing:
    """The search page's work for `query`, without rendering its template."""
    from django.core.paginator import Paginator

    from forum import search
    from forum.conf import conf

    started = time.perf_counter()
    paginator = Paginator(search.search_threads(query), conf.THREADS_PER_PAGE)
    count = paginator.count  # what get_page() asks first
    counted = time.perf_counter()
    page = paginator.get_page(1)
    for thread in page:
        thread.highlighted = search.highlight(title=thread.title, text=thread.question_text or "", query=query)
        thread.tag_names()
    finished = time.perf_counter()
    return Timing(query, (finished - started) * 1000, count, (counted - started) * 1000)


def measure(count: int, seed: int) -> list[Timing]:
    rng = random.Random(seed)
    chosen = queries(count, rng)
    for query in chosen:  # warm PostgreSQL's buffers and Django's caches
        run(query)
    rng.shuffle(chosen)
    return [run(query) for query in chosen]


def database_figures() -> dict:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT count(*) FROM forum_thread), (SELECT count(*) FROM forum_post), "
            "pg_size_pretty(pg_database_size(current_database())), "
            "pg_size_pretty(pg_total_relation_size('forum_thread')), current_setting('server_version')"
        )
        threads, posts, database, thread_table, version = cursor.fetchone()
    return {"threads": threads, "posts": posts, "database": database, "thread_table": thread_table, "version": version}


def percentile(values: list[float], share: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[round(share * 100) - 1]


def report(timings: list[Timing], figures: dict) -> str:
    from forum.conf import conf
    from forum.search import MAX_RESULTS, RECENT_THREADS

    per_page = conf.THREADS_PER_PAGE

    times = [timing.ms for timing in timings]
    p50, p95 = statistics.median(times), percentile(times, 0.95)
    singles = [timing.ms for timing in timings if " " not in timing.query]
    phrases = [timing.ms for timing in timings if " " in timing.query]
    capped = sum(1 for timing in timings if timing.results >= MAX_RESULTS)
    empty = sum(1 for timing in timings if timing.results == 0)
    slowest = sorted(timings, key=lambda timing: timing.ms)[-3:]
    windows = [timing.window_ms for timing in timings]
    rows = [timing.ms - timing.window_ms for timing in timings]
    lines = [
        f"Measured {time.strftime('%Y-%m-%d')} by `python -m bench.search`, {os.cpu_count()} cores, "
        f"PostgreSQL {figures['version']} on the same machine: {figures['threads']:,} threads and "
        f"{figures['posts']:,} posts (database {figures['database']}, threads with their vectors "
        f"{figures['thread_table']}). {len(timings)} queries from the demo vocabulary ({len(singles)} single "
        f"words, {len(phrases)} two-word phrases), each the first page of results and its count through "
        "`forum.search` as the search page calls it, after one warming run of each.",
        "",
        "| queries | p50 | p95 | max | target |",
        "|---|---|---|---|---|",
        f"| all {len(times)} | {p50:.1f} ms | {p95:.1f} ms | {max(times):.1f} ms | p95 under {GOAL_P95_MS} ms: "
        f"{'met' if p95 < GOAL_P95_MS else 'missed'} |",
        f"| single words | {statistics.median(singles):.1f} ms | {percentile(singles, 0.95):.1f} ms "
        f"| {max(singles):.1f} ms | |",
        f"| two-word phrases | {statistics.median(phrases):.1f} ms | {percentile(phrases, 0.95):.1f} ms "
        f"| {max(phrases):.1f} ms | |",
        "",
        f"{capped} queries matched more than the {MAX_RESULTS:,} latest threads that are ranked and counted, "
        f"{empty} matched nothing. Slowest: "
        + ", ".join(f"“{timing.query}” {timing.ms:.1f} ms ({timing.results:,} results)" for timing in reversed(slowest))
        + ".",
        "",
        f"Where the time goes: the window of ranked matches (one query, two when the latest "
        f"{RECENT_THREADS:,} threads hold too few; it is the count too) p50 {statistics.median(windows):.1f} ms, "
        f"p95 {percentile(windows, 0.95):.1f} ms; the page's {per_page} rows (`for_list()`: author, badge, "
        f"tags, official mark; the answers to quote; highlighting) p50 {statistics.median(rows):.1f} ms, "
        f"p95 {percentile(rows, 0.95):.1f} ms.",
    ]
    return "\n".join(lines)


def write_into_docs(text: str) -> None:
    write_section(text, markers=MARKERS, heading=HEADING)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1, help="which queries are drawn")
    parser.add_argument("--seed-threads", type=int, default=100_000)
    parser.add_argument("--reseed", action="store_true")
    parser.add_argument("--no-docs", action="store_true", help="print only; leave docs/performance.md alone")
    arguments = parser.parse_args(argv)

    from bench import seed
    from bench.pages import REDIS_URL

    # The cache the page benchmark's servers use: a database seeded by bench/pages.py has no
    # cache table (with Redis, migrate makes none), and migrate below moves the pages' version.
    os.environ["REDIS_URL"] = REDIS_URL
    if arguments.reseed or not seed.database_is_seeded(arguments.database_url):
        seed.main(["--threads", str(arguments.seed_threads), "--database-url", arguments.database_url])
    setup_django(arguments.database_url, migrate=True)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)  # a database seeded before issue 12 gets its vectors recomputed
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE forum_thread")  # statistics for columns a migration may have added
    figures = database_figures()
    print(f"Timing {arguments.queries} searches over {figures['threads']:,} threads, {figures['posts']:,} posts:")
    text = report(measure(arguments.queries, arguments.seed), figures)
    print(text)
    if not arguments.no_docs:
        write_into_docs(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
