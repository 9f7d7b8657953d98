"""Benchmark: the official-response queue's first page after a write, at 10,000 queued threads.

    .venv/bin/python -m bench.queue_order [--threads 50000] [--repeats 9] [--no-docs]
        [--database-url postgres://postgres@127.0.0.1:5432/helpcircle_bench_queue]

Fills a throwaway database with bench/overdue_fill.py's mix (a fifth of the threads are in
the queue: 50,000 threads give about 10,000 queued), then times in the same run, each the
median of --repeats, with no page cache (as after a write, which gives the queue a new
version):

- the ordering: the ids of the first page by priority (QueueThread.objects.official_queue);
- the first page as the queue view reads it (ResponseTimeQuerySet.head: the ids, then what
  each of those rows shows, for_queue_page);
- the baseline: the same page read in one query, as before issue 25 (every row's picture
  computed before the sort).

Each read must give the same threads in the same order, or the exit status is 1. Prints a
Markdown table and writes it into docs/performance.md between its markers, unless --no-docs.
"""

import argparse
import os
import statistics
import sys
import time

from bench.db import recreate_database, setup_django
from bench.docs import write_section
from bench.overdue_fill import fill

DEFAULT_URL = os.environ.get("BENCH_QUEUE_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/helpcircle_bench_queue")
PAGE = 50  # responses.views.QUEUE_PAGE_LENGTH
TARGET_MS = 50  # issue 25: the ordering at 10,000 queued items after a write
MARKERS = ("<!-- bench:queue-order -->", "<!-- bench:queue-order-end -->")


def median_ms(read, repeats: int) -> tuple[float, list[int]]:
    times, result = [], None
    for _ in range(repeats):
        started = time.perf_counter()
        result = read()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000, result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--threads", type=int, default=50_000)
    parser.add_argument("--repeats", type=int, default=9)
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--no-docs", action="store_true", help="print only; leave docs/performance.md alone")
    arguments = parser.parse_args(argv)

    recreate_database(arguments.database_url)
    setup_django(arguments.database_url)
    from django.conf import settings
    from django.db import connection
    from django.utils import timezone

    from responses.models import QueueThread

    settings.DEBUG = False  # timed as in production: no query log
    now = timezone.now()
    fill(arguments.threads, now=now)
    queued = QueueThread.objects.awaiting_official().count()

    def queue():
        return QueueThread.objects.official_queue(now=now)

    ordering_ms, ordered_ids = median_ms(lambda: list(queue().values_list("pk", flat=True)[:PAGE]), arguments.repeats)
    head_ms, head = median_ms(lambda: [row.pk for row in queue().head(PAGE)], arguments.repeats)
    one_step_ms, one_step = median_ms(lambda: [row.pk for row in queue().for_queue_page()[:PAGE]], arguments.repeats)
    problems = [] if ordered_ids == head == one_step else ["the three reads gave different pages"]
    server = connection.cursor().connection.info.parameter_status("server_version")

    text = "\n".join(
        [
            f"Measured {timezone.localdate():%Y-%m-%d} by `python -m bench.queue_order`, 2 cores, PostgreSQL "
            f"{server} on the same machine (load average {os.getloadavg()[0]:.1f}): {arguments.threads:,} threads "
            f"(bench/overdue_fill.py's mix), {queued:,} of them in the queue; the first page ({PAGE} rows), no "
            f"page cache, the median of {arguments.repeats} reads each.",
            "",
            "| read | median ms |",
            "|---|---|",
            f"| the ordering (the first page's ids by priority) | {ordering_ms:,.0f} |",
            f"| the first page as the queue view reads it (ids, then those rows) | {head_ms:,.0f} |",
            f"| the same page in one query, as before (baseline) | {one_step_ms:,.0f} |",
            f"| ratio, baseline / the view's read | {one_step_ms / head_ms:.1f}x |",
            "",
            f"Target (issue 25): the ordering under {TARGET_MS} ms at 10,000 queued items: "
            + ("met." if ordering_ms < TARGET_MS else "**not met**."),
        ]
    )
    print(f"\n{text}\n")
    if not arguments.no_docs:
        write_section(text, markers=MARKERS, heading="## The queue's first page after a write (issue 25)")
    for problem in problems:
        print(f"FAILED: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
