"""On an idle site the beat's three jobs read and write nothing (issue 25): a run with nothing
due issues no INSERT, UPDATE or DELETE."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forum import actions as forum_actions
from responses import actions, tasks
from tests.factories import UserFactory, make_answer

pytestmark = pytest.mark.django_db

JOBS = [
    tasks.mark_overdue_threads_task,
    tasks.escalate_overdue_threads_task,
    tasks.offer_unclaimed_threads_task,
    tasks.end_spikes_task,
    tasks.refresh_askers_standing_task,
]
WRITES = ("INSERT", "UPDATE", "DELETE")


@pytest.fixture
def idle_site(asked, now, reps):
    """Threads in every state but due: fresh, answered, answered officially, in the queue
    well within its lag, and already overdue, escalated and offered."""
    asked(5)
    make_answer(thread=asked(600), author=UserFactory())
    official = asked(600)
    forum_actions.post_answer(author=reps[0], thread=official, body="Official: restart it.", official=True)
    actions.request_official_response(thread=asked(10), by=UserFactory(), now=now)
    for job in JOBS:  # what was due is done
        job()
        job()


@pytest.mark.parametrize("job", JOBS, ids=lambda job: job.name.rsplit(".", 1)[-1])
def test_a_job_with_nothing_due_writes_nothing(idle_site, job):
    with CaptureQueriesContext(connection) as queries:
        job()
        job()
    writes = [query["sql"] for query in queries if query["sql"].lstrip().upper().startswith(WRITES)]
    assert writes == []


def test_the_first_run_with_something_due_writes_and_the_next_does_not(asked, now):
    asked(24 * 60)  # past the default lag
    with CaptureQueriesContext(connection) as first:
        tasks.mark_overdue_threads_task()
    assert any(query["sql"].lstrip().upper().startswith("UPDATE") for query in first)
    with CaptureQueriesContext(connection) as second:
        tasks.mark_overdue_threads_task()
    assert not any(query["sql"].lstrip().upper().startswith(WRITES) for query in second)
