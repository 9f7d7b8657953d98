"""Work that follows a write once it has committed, in a transaction of its own.

A test wrapped in a transaction that never commits would never run it: there it runs at
once, where it is asked for (AFTER_COMMIT_AT_ONCE, which tests/conftest.py sets for such
tests). Tests that commit for real (transaction=True) run the production path.
"""

from collections.abc import Callable

from django.conf import settings
from django.db import transaction


def after_commit(work: Callable[[], object], *, using: str = "default") -> None:
    """Run `work` when the current transaction commits (at once outside a transaction;
    never on a rollback)."""
    if settings.AFTER_COMMIT_AT_ONCE:
        work()
    else:
        transaction.on_commit(work, using=using)
