"""bench/concurrency.py's section of docs/reliability.md: the figures of one crowd, and what they mean."""

import os
import statistics
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bench.concurrency import Crowd, Report


def summary(report: "Report", crowd: "Crowd", *, workers: int, command: str) -> str:
    votes = [outcome for outcome in report.outcomes if outcome.kind == "vote"]
    answers = [outcome for outcome in report.outcomes if outcome.kind == "answer"]
    median = statistics.median(outcome.seconds for outcome in report.outcomes) * 1000
    rows = [
        ("concurrent clients", f"{len(crowd.voters)} voters + {len(crowd.answerers)} answerers"),
        (
            "POSTs fired at once",
            f"{len(report.outcomes)} ({len(votes)} votes, {len(answers)} answers: each sent twice at once)",
        ),
        ("5xx (or no answer)", str(report.server_errors)),
        ("other non-2xx/3xx", str(sum(1 for o in report.outcomes if 400 <= o.status < 500))),
        ("lost or doubled updates", str(report.lost)),
        ("latency p50 / p99", f"{median:.0f} ms / {report.percentile(0.99):.0f} ms"),
        ("elapsed, first POST to last response", f"{report.elapsed:.1f} s"),
        ("throughput on the one thread", f"{len(report.outcomes) / report.elapsed:.1f} POSTs/s"),
        ("checks failed", str(len(report.problems))),
    ]
    lines = [
        f"Measured {time.strftime('%Y-%m-%d')} with `{command}`: gunicorn with {workers} sync workers, "
        f"production settings over plain HTTP, PostgreSQL and Redis on the same {os.cpu_count()}-core machine, "
        "RATE_LIMITS=0 (a load test from one address). Real session cookies and CSRF tokens "
        "from a GET of the thread page; every POST released by one barrier, one connection each.",
        "",
        "| figure | value |",
        "|---|---|",
        *(f"| {name} | {value} |" for name, value in rows),
        "",
        "Checked from the database afterwards: every voter's two Vote rows exist once with their value; "
        "the question's, the answer's and the thread's scores equal the sum of their votes; "
        "answer_count equals the answers and every answerer's answer exists once; "
        "the page an anonymous visitor gets (through the page cache, read once before the crowd) shows "
        "the new score and every answer; "
        "`rebuild_reputation` (reputation.rebuild_all) finds no difference between the ledger, "
        "User.reputation and TagReputation.\n\n"
        "What the figures mean: answers take the thread's row lock, votes only their post's (issue 29: "
        "forum/locking.py), so votes on the question, votes on the answer and the answers form three "
        "queues rather than one; what remains is the workers' CPU (about 20 ms of Python a vote on 2 "
        "cores, docs/performance.md), and the latency is the queue in front of the workers, not lost "
        "work. The first run with the double "
        "clicks found a defect: 17 answers were written twice, since the two copies of a click reached "
        "a worker up to ten seconds apart and the duplicate check looked only 5 s back from its own "
        "`now`. Fixed in forum/actions/posts.py (the same text again with nothing from its author in "
        "between is the same answer; the window also looks ahead, for a copy that read the clock "
        "second but took the lock first), tests in tests/forum/test_writing.py "
        "(`test_a_double_click_that_waited_past_the_window_behind_a_busy_server_still_makes_one_post`, "
        "`test_a_double_submit_whose_second_request_read_the_clock_first_still_makes_one_post`). "
        "CI runs the same crowd with 30 voters and 10 answerers (tests/platform/test_concurrent_web.py)."
        + ("" if not report.problems else "\n\nProblems: " + "; ".join(report.problems)),
    ]
    return "\n".join(lines)
