"""A real Celery worker consumes from the configured broker: the filesystem transport by
default, Redis in CI's second pass."""

from celery.contrib.testing.worker import start_worker

from config.celery import app, ping


def test_a_real_worker_consumes_a_task_sent_through_the_configured_broker(broker):
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        result = ping.delay()
        assert result.get(timeout=30) == "pong"
