from datetime import timedelta

import pytest
from django.utils import timezone
from taggit.models import Tag

from forum import actions as forum_actions
from reminders import actions
from tests.factories import UserFactory, make_answer, post_thread


@pytest.fixture
def now():
    return timezone.now()


@pytest.fixture
def asker(db):
    return UserFactory(username="asker")


@pytest.fixture
def helper(db):
    return UserFactory(username="helper")


@pytest.fixture
def answered(asker, helper, now):
    """answered(days): a question asked an hour before someone else answered it, `days` ago."""

    def make(days: float, *, title: str = "The hub drops wifi every evening", kind: str = "question"):
        thread = post_thread(
            author=asker,
            title=title,
            body="Every evening at eight the wifi goes and comes back ten minutes later.",
            tags=["wifi"],
            kind=kind,
            now=now - timedelta(days=days, hours=1),
        )
        make_answer(thread=thread, author=helper, now=now - timedelta(days=days))
        thread.refresh_from_db()
        return thread

    return make


@pytest.fixture
def wifi(db) -> Tag:
    return Tag.objects.get_or_create(name="wifi", defaults={"slug": "wifi"})[0]


@pytest.fixture
def reader(db, wifi):
    """A member who chose the weekly digest and follows the wifi tag."""
    person = UserFactory(username="reader", weekly_digest=True)
    actions.follow_tag(user=person, tag=wifi)
    return person


@pytest.fixture
def somebody(db):
    return UserFactory(username="somebody")


@pytest.fixture
def asked(now, somebody):
    """asked(days_ago, title=..., tags=...): a question by another member, asked that long ago."""

    def make(days_ago: float, *, title: str = "My router reboots at night", tags=("wifi",), author=None):
        return forum_actions.ask_question(
            author=author or somebody,
            title=title,
            body="It reboots every night at three and the lights all flash.",
            tags=list(tags),
            now=now - timedelta(days=days_ago),
        )

    return make
