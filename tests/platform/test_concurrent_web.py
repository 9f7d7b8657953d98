"""A crowd on one thread through the real web stack (issue 15), CI's size: 30 voters and 10
answerers POST at the same moment to gunicorn (2 workers) on the test database, each with a
real session cookie and the CSRF token of a GET of the thread page, each answer twice at
once (a double click). Nothing is lost, nothing doubles, no 5xx, and the ledger and caches
agree. bench/concurrency.py runs 200 and 50.

PostgreSQL only (CI's second pass): SQLite has no row locks to test."""

import os

import pytest
from django.conf import settings

from bench import concurrency
from forum.models import Vote

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def database_url() -> str:
    database = settings.DATABASES["default"]  # the test database, committed to by this test
    credentials = database["USER"] + (f":{database['PASSWORD']}" if database["PASSWORD"] else "")
    return f"postgres://{credentials}@{database['HOST']}:{database['PORT']}/{database['NAME']}"


@pytest.fixture
def server(postgresql, tmp_path):
    """gunicorn with the test process's database, Redis, queue and SECRET_KEY (sessions made
    here are valid there), development settings so that no collectstatic is needed."""
    environment = {
        "DATABASE_URL": database_url(),
        "REDIS_URL": settings.REDIS_URL,
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "CELERY_QUEUE": os.environ["CELERY_QUEUE"],
        "SECRET_KEY": settings.SECRET_KEY,
        "DEBUG": "1",
        "HTTPS": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "RATE_LIMITS": "0",  # 50 members from one address: a load test, not a test of the limits
        "VAR_DIR": str(tmp_path),
        "LOG_LEVEL": "WARNING",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    process, port = concurrency.serve(environment=environment, workers=2, settings_module="config.settings")
    yield port
    concurrency.stop(process)


def test_thirty_voters_and_ten_answerers_at_once_lose_nothing_and_get_no_5xx(server):
    crowd = concurrency.make_crowd(voters=30, answerers=10, label="ci")
    concurrency.get_tokens(server, crowd)
    # The tokens are real: the same vote without one is refused and changes nothing.
    voter = crowd.voters[0]
    refused, _html, _headers = concurrency.request(
        server, "POST", f"/p/{crowd.question_id}/vote/", cookie=f"{voter.cookie}; {voter.csrf_cookie}", body="value=up"
    )
    assert refused == 403
    assert not Vote.objects.filter(user_id=voter.user_id).exists()

    report = concurrency.fire(server, crowd)

    assert len(report.outcomes) == 2 * 30 + 2 * 10  # each answer sent twice at once
    assert report.server_errors == 0
    assert concurrency.check(crowd, report, port=server) == []
    assert report.lost == 0
