"""A big forum, fast: 100,000 threads and 1,000,000 posts on PostgreSQL for the benchmarks.

    .venv/bin/python -m bench.seed [--threads 100000] [--database-url URL] [--keep]

Builds the database through bulk inserts (no per-row actions, which would take hours), with
what the pages and tasks read: tags, answers, votes and their reputation ledger rows,
accepted answers, official replies by reps, a queue of overdue threads and "me too"s. The
reputation caches (User.reputation, TagReputation) are then computed from the ledger in SQL,
and `forum.reputation.rebuild_all()` is asked to confirm that they agree (it must find no
difference). The search vectors are computed in one UPDATE by forum.search.refresh_all_search_vectors().

Skipped on purpose: revisions (one per post in the real app; no benchmarked page reads them)
and notifications.

Two threads are set aside for the page benchmarks: "Bench: five answers" and "Bench: fifty
answers". A member `bench-member`, a rep `bench-rep` and a lead `bench-lead` exist for the
logged-in runs.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import timedelta
from types import SimpleNamespace

from bench.db import DEFAULT_URL, database_exists, recreate_database, setup_django

BATCH = 5_000
VOTES_PER_POST = (0, 0, 0, 1, 1, 2, 3, 5)  # drawn for each post: about 1.5 votes a post
ACCEPTED_SHARE = 0.4
MEMBERS = 20_000
REPS = 8
QUEUE_ITEMS = 10_000  # overdue threads with no answer: the official-response queue
FIVE, FIFTY = (
    "Bench: five answers about the Hub 4 dropping Wi-Fi",
    "Bench: fifty answers about the Hub 4 dropping Wi-Fi",
)


# What bench rows set on a thread that is the engine's (responses.ResponseState) since issue 25.
ENGINE_COLUMNS = ("first_response_at", "first_official_at", "overdue_at", "waiting_since")

Row = SimpleNamespace  # a row to insert, its attributes named as the model's (author_id, not author)


def copy_in(model, rows: list[Row], *, with_pk: bool) -> None:
    """Insert rows with PostgreSQL's COPY, many times faster than bulk_create (which builds a
    model instance and an INSERT parameter per value). A column a row does not name gets the
    model field's default, so a field added to the model later needs nothing here."""
    from django.db import connection
    from psycopg.types.json import Jsonb

    fields = [field for field in model._meta.concrete_fields if with_pk or not field.primary_key]
    defaults = [field.get_default() for field in fields]
    columns = ", ".join(f'"{field.column}"' for field in fields)
    is_json = [field.get_internal_type() == "JSONField" for field in fields]
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {model._meta.db_table} ({columns}) FROM STDIN") as copy,
    ):
        for row in rows:
            values = [getattr(row, field.attname, default) for field, default in zip(fields, defaults, strict=True)]
            copy.write_row([Jsonb(value) if json else value for value, json in zip(values, is_json, strict=True)])


def _say(message: str, started: float) -> None:
    print(f"[{time.monotonic() - started:6.1f}s] {message}", flush=True)


def seed(*, threads: int, rng: random.Random) -> dict:
    """Fill the (migrated, empty) database. Returns counts."""
    from django.contrib.auth.models import Group
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from django.utils import timezone
    from django.utils.text import slugify
    from taggit.models import Tag, TaggedItem

    from accounts.models import User
    from forum import demo_content
    from forum.conf import conf
    from forum.markdown import html_to_text, render_markdown
    from forum.models import MeToo, Post, ReputationEvent, Thread, Vote
    from forum.search import refresh_all_search_vectors
    from responses import waiting
    from responses.models import ResponseState

    started = time.monotonic()
    now = timezone.now()
    points = conf.REPUTATION_POINTS
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO OFF")

    # People ------------------------------------------------------------------------------
    def person(name: str) -> User:
        return User(username=name, email=f"{name}@example.com", display_name=name.title(), password="!")

    User.objects.bulk_create(
        [person(f"member{n}") for n in range(MEMBERS)] + [person("bench-member"), person("bench-lead")],
        batch_size=BATCH,
    )
    reps = User.objects.bulk_create([person(f"bench-rep{'' if n == 0 else n}") for n in range(REPS)])
    Group.objects.get(name="Reps").user_set.add(*reps)
    Group.objects.get(name="Leads").user_set.add(User.objects.get(username="bench-lead"))
    member_ids = list(User.objects.filter(username__startswith="member").values_list("pk", flat=True))
    rep_ids = [rep.pk for rep in reps]
    _say(f"{len(member_ids) + REPS + 2:,} users", started)

    # Tags and texts ------------------------------------------------------------------------
    tag_names = sorted(set(demo_content.QUESTIONS) | set(demo_content.ANSWERS))
    tags = Tag.objects.bulk_create(Tag(name=name, slug=name) for name in tag_names)
    tags_by_name = {tag.name: tag for tag in tags}
    rendered: dict[str, tuple[str, str]] = {}

    def render(source: str) -> tuple[str, str]:
        if source not in rendered:
            html = render_markdown(source)
            rendered[source] = (html, html_to_text(html))
        return rendered[source]

    questions = [
        (tag, title.replace("{device}", device), body.replace("{device}", device))
        for tag, pairs in demo_content.QUESTIONS.items()
        for title, body in pairs
        for device in demo_content.DEVICES
    ]
    answers_by_tag = demo_content.ANSWERS
    every_answer = [body for bodies in answers_by_tag.values() for body in bodies]
    official_body = "Official: we have looked at your line and fixed the fault; it is stable again from today."

    # Threads: created oldest first, so ids follow time as in a real forum ------------------
    times = sorted(now - timedelta(minutes=rng.uniform(30, 365 * 24 * 60)) for _ in range(threads))
    answer_counts = [rng.randint(0, 20) for _ in range(threads)]  # 10 on average: 1,000,000 posts
    answer_counts[-1], answer_counts[-2] = 50, 5  # the page benchmark's threads, the newest
    # The queue: unanswered, overdue threads among the others.
    queue_indexes = set(rng.sample(range(threads - 2), min(QUEUE_ITEMS, threads // 10)))
    for index in queue_indexes:
        answer_counts[index] = 0
    thread_type = ContentType.objects.get_for_model(Thread)

    # Ids are chosen here rather than returned by the database, so that every row, the
    # thread's accepted answer included, is complete when it is inserted: no UPDATE pass.
    # (Foreign keys are deferred to the commit on PostgreSQL.)
    next_post_id = 1
    post_total = vote_total = ledger_total = 0
    for start in range(0, threads, BATCH):
        thread_rows, post_rows, tagged, votes, ledger, me_toos = [], [], [], [], [], []
        for index in range(start, min(start + BATCH, threads)):
            thread_id = index + 1
            tag, title, body = questions[rng.randrange(len(questions))]
            names = sorted({tag, *rng.sample(tag_names, rng.randint(0, 2))})
            if index == threads - 1:
                title, names = FIFTY, ["wifi"]
            elif index == threads - 2:
                title, names = FIVE, ["wifi"]
            else:
                title = f"{title} (#{index})"
            asked, author = times[index], rng.choice(member_ids)
            in_queue = index in queue_indexes
            thread = Row(
                id=thread_id,
                status=Thread.Status.OPEN,
                accepted_post_id=None,
                first_response_at=None,
                first_official_at=None,
                score=0,
                answer_count=0,
                me_too_count=0,
                title=title,
                slug=slugify(title)[:150],
                author_id=author,
                created_at=asked,
                last_activity_at=asked,
                view_count=rng.randint(0, 3_000),
                overdue_at=asked + timedelta(hours=1) if in_queue else None,
                waiting_since=asked if in_queue else None,
            )
            tagged.extend(
                Row(tag_id=tags_by_name[name].pk, content_type_id=thread_type.pk, object_id=thread_id) for name in names
            )

            # The question, then answers spread over the days after it; one in ten threads
            # with answers has an official reply by a rep.
            count = answer_counts[index]
            official_at = rng.randrange(count) if count and rng.random() < 0.1 else None
            posts = []
            for number in range(count + 1):
                is_question, official = number == 0, number - 1 == official_at
                if is_question:
                    source, created, post_author = body, asked, author
                else:
                    source = official_body if official else rng.choice(answers_by_tag.get(names[0], every_answer))
                    created = asked + timedelta(minutes=rng.uniform(1, 60 * 24) * number)
                    post_author = rng.choice(rep_ids) if official else rng.choice(member_ids)
                    if post_author == author:
                        post_author = rep_ids[0] if official else member_ids[member_ids.index(author) - 1]
                html, text = render(source)
                post = Row(
                    id=next_post_id,
                    thread_id=thread_id,
                    author_id=post_author,
                    is_question=is_question,
                    is_official=official,
                    body=source,
                    body_html=html,
                    body_text=text,
                    created_at=created,
                )
                next_post_id += 1
                voters = [voter for voter in rng.sample(member_ids, rng.choice(VOTES_PER_POST)) if voter != post_author]
                post.score = len(voters)
                for voter in voters:
                    votes.append(Row(user_id=voter, post_id=post.id, value=1, created_at=created))
                    if official:
                        continue  # a rep's own official answer earns its author nothing
                    reason = "question_upvoted" if is_question else "answer_upvoted"
                    ledger.append(
                        Row(
                            user_id=post_author,
                            delta=points[reason],
                            reason=reason,
                            actor_id=voter,
                            post_id=post.id,
                            thread_id=thread_id,
                            tags=names,
                            created_at=created,
                        )
                    )
                posts.append(post)
            post_rows.extend(posts)

            answers = posts[1:]
            thread.score = posts[0].score
            thread.answer_count = len(answers)
            if answers:
                thread.first_response_at = answers[0].created_at
                thread.last_activity_at = answers[-1].created_at
                thread.status = Thread.Status.ANSWERED
                officials = [answer for answer in answers if answer.is_official]
                if officials:
                    thread.first_official_at = officials[0].created_at
                customers = [answer for answer in answers if not answer.is_official]
                if customers and rng.random() < ACCEPTED_SHARE:
                    accepted = rng.choice(customers)
                    thread.accepted_post_id, thread.status = accepted.id, Thread.Status.SOLVED
                    for user_id, reason in ((accepted.author_id, "answer_accepted"), (author, "accepted_an_answer")):
                        ledger.append(
                            Row(
                                user_id=user_id,
                                delta=points[reason],
                                reason=reason,
                                actor_id=author,
                                post_id=accepted.id,
                                thread_id=thread_id,
                                tags=names,
                                created_at=thread.last_activity_at,
                            )
                        )
            if in_queue:  # "me too"s give the queue's community part something to weigh
                people = [user_id for user_id in rng.sample(member_ids, rng.randint(0, 4)) if user_id != author]
                me_toos.extend(Row(user_id=user_id, thread_id=thread_id, created_at=asked) for user_id in people)
                thread.me_too_count = len(people)
            thread_rows.append(thread)

        # The engine's state of each thread (responses.ResponseState), from what the thread
        # row was given above; its lag, due_at and queue marker are worked out at the end.
        state_rows = [
            Row(
                thread_id=thread.id,
                **{name: getattr(thread, name) for name in ENGINE_COLUMNS if hasattr(thread, name)},
            )
            for thread in thread_rows
        ]
        with transaction.atomic():
            copy_in(Thread, thread_rows, with_pk=True)
            copy_in(ResponseState, state_rows, with_pk=True)
            copy_in(Post, post_rows, with_pk=True)
            for model, rows in ((TaggedItem, tagged), (Vote, votes), (ReputationEvent, ledger), (MeToo, me_toos)):
                copy_in(model, rows, with_pk=False)
        post_total, vote_total, ledger_total = (
            post_total + len(post_rows),
            vote_total + len(votes),
            ledger_total + len(ledger),
        )
        _say(f"{min(start + BATCH, threads):,} threads, {post_total:,} posts, {vote_total:,} votes", started)

    with connection.cursor() as cursor:
        for table in ("forum_thread", "forum_post"):
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
        # Reputation caches from the ledger: the same sums rebuild_all() computes.
        cursor.execute(
            "UPDATE accounts_user u SET reputation = GREATEST(1 + l.total, 1) FROM "
            "(SELECT user_id, sum(delta) AS total FROM forum_reputationevent GROUP BY user_id) l "
            "WHERE l.user_id = u.id"
        )
        cursor.execute(
            "INSERT INTO forum_tagreputation (user_id, tag_id, reputation) "
            "SELECT e.user_id, t.id, sum(e.delta) FROM forum_reputationevent e "
            "CROSS JOIN LATERAL jsonb_array_elements_text(e.tags) AS name(value) "
            "JOIN taggit_tag t ON t.name = name.value GROUP BY e.user_id, t.id HAVING sum(e.delta) <> 0"
        )
        _say("reputation caches", started)
        waiting.refresh_lags(ResponseState.objects.all())  # the stored lags, due_at and queue marker
        _say("the engine's stored lags", started)
        # The stored vectors, by forum/search.py itself: title, question and answers. The
        # UPDATE leaves a dead version of every thread row: vacuum them, as autovacuum would
        # on a live database, so that a search does not step over 100,000 dead rows.
        refresh_all_search_vectors()
        cursor.execute("VACUUM forum_thread")
        cursor.execute("VACUUM responses_responsestate")
        _say("search vectors", started)
        cursor.execute("ANALYZE")
    _say("analyzed", started)
    return {"threads": threads, "posts": post_total, "votes": vote_total, "ledger": ledger_total}


def database_is_seeded(database_url: str) -> bool:
    """Whether a previous run left a complete bench database (its last thread is the 50-answer one)."""
    import psycopg

    if not database_exists(database_url):
        return False
    with psycopg.connect(database_url) as conn:
        try:
            return conn.execute("SELECT 1 FROM forum_thread WHERE title = %s", [FIFTY]).fetchone() is not None
        except psycopg.errors.UndefinedTable:
            return False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--threads", type=int, default=100_000)
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--seed", type=int, default=1)
    arguments = parser.parse_args(argv)

    recreate_database(arguments.database_url)
    setup_django(arguments.database_url)
    from django.core.management import call_command

    started = time.monotonic()
    call_command("migrate", verbosity=0)
    counts = seed(threads=arguments.threads, rng=random.Random(arguments.seed))

    from forum import reputation

    differences = reputation.rebuild_all()
    seconds = time.monotonic() - started
    print(
        f"Seeded {counts['threads']:,} threads, {counts['posts']:,} posts, {counts['votes']:,} votes and "
        f"{counts['ledger']:,} ledger rows in {seconds:.0f} s; rebuild_reputation found "
        f"{len(differences)} difference(s)."
    )
    return 0 if not differences else 1


if __name__ == "__main__":
    sys.exit(main())
