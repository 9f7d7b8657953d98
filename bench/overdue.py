"""Benchmark: the task that marks threads overdue past their lag, over 100,000 threads on PostgreSQL.

    .venv/bin/python -m bench.overdue [--threads 100000] [--database-url postgres://postgres@127.0.0.1:5432/helpcircle_bench]

Builds a throwaway database, fills it with threads over ten tags (three with lag
policies), a fifth of them overdue and unanswered, then times in the same run:

- the set-based task (one UPDATE per lag policy plus one for the default lag), and
- a baseline that does what "a task per thread" would: load each unanswered thread,
  work out its lag from its tags in Python and save the ones past it, one at a time;

and the task's steady state: the every-minute run when nothing new is overdue.
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import timedelta

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/helpcircle_bench"


def setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def recreate_database(database_url: str) -> None:
    import psycopg

    name = database_url.rsplit("/", 1)[1]
    admin_url = database_url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def fill(thread_count: int, seed: int = 1) -> None:
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.utils import timezone
    from taggit.models import Tag, TaggedItem

    from accounts.models import User
    from forum.models import Thread
    from responses.models import LagPolicy

    call_command("migrate", verbosity=0)
    rng = random.Random(seed)
    now = timezone.now()
    authors = User.objects.bulk_create(User(username=f"bench{n}", email=f"bench{n}@example.com") for n in range(200))
    tags = Tag.objects.bulk_create(Tag(name=f"tag{n}", slug=f"tag{n}") for n in range(10))
    LagPolicy.objects.bulk_create(
        [
            LagPolicy(tag=tags[0], lag_minutes=30),
            LagPolicy(tag=tags[1], lag_minutes=15),
            LagPolicy(tag=tags[2], lag_minutes=240),
        ]
    )
    thread_type = ContentType.objects.get_for_model(Thread)
    batch = 5000
    for start in range(0, thread_count, batch):
        threads = []
        for index in range(start, min(start + batch, thread_count)):
            overdue = index % 5 == 0
            answered = not overdue and index % 2 == 0
            asked = now - timedelta(minutes=rng.uniform(250, 60 * 24 * 90) if overdue else rng.uniform(0, 14))
            if answered:
                asked = now - timedelta(minutes=rng.uniform(20, 60 * 24 * 90))
            threads.append(
                Thread(
                    title=f"Benchmark thread {index}",
                    slug=f"benchmark-thread-{index}",
                    author=authors[index % len(authors)],
                    created_at=asked,
                    last_activity_at=asked,
                    answer_count=1 if answered else 0,
                    first_response_at=asked + timedelta(minutes=5) if answered else None,
                )
            )
        Thread.objects.bulk_create(threads)
        TaggedItem.objects.bulk_create(
            TaggedItem(tag=tag, content_type=thread_type, object_id=thread.pk)
            for thread in threads
            for tag in rng.sample(tags, k=rng.randint(1, 3))
        )
    with connection_cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def connection_cursor():
    from django.db import connection

    connection.ensure_connection()
    connection.connection.autocommit = True
    return connection.cursor()


def reset_overdue_marks() -> None:
    from forum.models import Thread

    Thread.objects.update(overdue_at=None)


def per_thread_baseline(now) -> int:
    """What a task per thread amounts to: a lag worked out in Python, one save per thread."""
    from django.conf import settings

    from forum.models import Thread
    from responses.models import LagPolicy

    policies = dict(LagPolicy.objects.values_list("tag_id", "lag_minutes"))
    default = settings.UNANSWERED_LAG
    marked = 0
    candidates = Thread.objects.filter(overdue_at=None, first_response_at=None).prefetch_related("tags")
    for thread in candidates.iterator(chunk_size=2000):
        lags = [timedelta(minutes=policies[tag.pk]) if tag.pk in policies else default for tag in thread.tags.all()]
        if now - thread.created_at >= min(lags or [default]):
            thread.overdue_at = now
            thread.save(update_fields=["overdue_at"])
            marked += 1
    return marked


def timed(function, repeats: int) -> tuple[float, int]:
    results, seconds = None, []
    for _ in range(repeats):
        reset_overdue_marks()
        started = time.perf_counter()
        results = function()
        seconds.append(time.perf_counter() - started)
    return statistics.median(seconds), results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--threads", type=int, default=100_000)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()

    recreate_database(args.database_url)
    setup_django(args.database_url)
    from django.utils import timezone

    from responses.actions import mark_overdue_threads

    started = time.perf_counter()
    fill(args.threads)
    print(f"filled {args.threads:,} threads in {time.perf_counter() - started:.1f}s")

    now = timezone.now()
    task_seconds, marked = timed(lambda: len(mark_overdue_threads(now=now)), args.repeats)
    baseline_seconds, baseline_marked = timed(lambda: per_thread_baseline(now), 1)
    assert marked == baseline_marked, (marked, baseline_marked)
    # Steady state: marks already set, nothing new past its lag.
    steady = []
    for _ in range(args.repeats):
        started = time.perf_counter()
        assert mark_overdue_threads(now=now) == []
        steady.append(time.perf_counter() - started)
    steady_seconds = statistics.median(steady)

    print(f"threads: {args.threads:,}; marked overdue per run: {marked:,}")
    print(f"set-based task, marking {marked:,}: {task_seconds * 1000:.0f} ms (median of {args.repeats})")
    print(f"per-thread baseline, marking {baseline_marked:,}: {baseline_seconds * 1000:.0f} ms")
    print(f"ratio baseline / task: {baseline_seconds / task_seconds:.0f}x")
    print(f"steady state (nothing new overdue): {steady_seconds * 1000:.1f} ms (median of {args.repeats})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
