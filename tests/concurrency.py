"""Run things at the same moment on PostgreSQL: one thread and database connection each,
released together by a barrier, so that row locks (not luck) decide the outcome."""

import threading
from collections.abc import Callable
from typing import Any

from django.db import connection


def run_together(functions: list[Callable[[], Any]]) -> tuple[list[Any], list[BaseException]]:
    """Call each function in its own thread at once; returns (results, errors)."""
    barrier = threading.Barrier(len(functions))
    results: list[Any] = []
    errors: list[BaseException] = []

    def run(function):
        try:
            barrier.wait(timeout=30)
            results.append(function())
        except BaseException as error:  # collected and reported by the test
            errors.append(error)
        finally:
            connection.close()

    workers = [threading.Thread(target=run, args=(function,)) for function in functions]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    return results, errors
