"""The overdue benchmark's section of docs/performance.md."""

import os
from datetime import date
from typing import TYPE_CHECKING

from bench.docs import write_section

if TYPE_CHECKING:
    from bench.overdue import Baseline, Result

MARKERS = ("<!-- bench:overdue -->", "<!-- bench:overdue-end -->")


def render(
    results: "list[Result]",
    *,
    threads: int,
    repeats: int,
    fill_seconds: float,
    load: tuple[float, float],
    baseline: "Baseline | None",
) -> str:
    """The section of docs/performance.md: the setting, the table, where the time goes."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    paragraphs = [
        f"Measured {date.today():%Y-%m-%d} by `python -m bench.overdue`, {os.cpu_count()} cores, PostgreSQL "
        f"{version} on the same machine (load average {load[0]:.1f} as the timed runs began, {load[1]:.1f} as they "
        f"ended: other work shares it): {threads:,} threads (filled in SQL in {fill_seconds:.0f} s) with one to "
        "three of ten tags, three of them with lag policies (15, 30 and 240 minutes; 60 by default). Per thousand "
        "threads: 800 answered (300 officially, 10 of those followed up by the customer since), 100 waiting on "
        "an official answer someone asked for, 100 overdue in the queue, 50 unanswered past or near their lag "
        "and never marked (the backlog), 50 asked in the last 14 minutes. Half the queue is not yet escalated "
        f"or offered to all. Each figure is the median of {repeats} runs from that state, notices to three reps "
        "and a lead included; the steady state is the run a second later, with nothing new to change.",
        "\n".join(
            [
                "| task | threads changed | median ms | steady-state ms | target under 2 s met? |",
                "|---|---|---|---|---|",
                *(
                    f"| `{result.task.name}` | {result.changed:,} | {result.median * 1000:,.0f} | "
                    f"{result.steady * 1000:,.0f} | {'yes' if result.met else 'no'} |"
                    for result in results
                ),
            ]
        ),
        "Where the time goes, in one more run of each with its statements timed: "
        + "; ".join(
            f"`{result.task.name}` {result.profile.updates} UPDATEs of the engine's state, "
            f"{result.profile.update_seconds * 1000:,.0f} ms "
            f"of {result.profile.seconds * 1000:,.0f} ms"
            for result in results
        )
        + ". Each job asks its index whether anything is due (due_at, escalates_at, offers_at), then UPDATEs the "
        "due rows by that index in a fixed number of statements (overdue: one, the change and what follows from "
        "it; escalation: one per level; offers: one) that return the rows they wrote, none in the steady state; "
        "the rest of the time is finding who to tell and writing the notices.",
    ]
    if baseline:
        mark = next(result for result in results if result.task.name == "mark_overdue_threads")
        paragraphs.append(
            f"A task per thread (each candidate loaded with its tags, its lag worked out in Python, saved one at a "
            f"time), run over a sample, the first {baseline.threads:,} threads, marks the same {baseline.marked:,} "
            f"of them as the task, in {baseline.seconds:,.1f} s; at that pace the task's {mark.changed:,} would "
            f"take about {baseline.estimate:,.0f} s (an estimate), {baseline.estimate / mark.median:,.0f} times "
            "the set-based task's time."
        )
    return "\n\n".join(paragraphs)


def write_into_docs(text: str, *, threads: int) -> None:
    write_section(text, markers=MARKERS, heading=f"## Periodic tasks over {threads:,} threads (issue 13)")
