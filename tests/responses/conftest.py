from datetime import timedelta

import pytest
from django.utils import timezone
from taggit.models import Tag

from responses.models import LagPolicy
from tests.factories import UserFactory, make_thread


@pytest.fixture
def now():
    return timezone.now()


@pytest.fixture
def asked(db, now):
    """asked(minutes_ago, tags=...) -> a thread asked that long ago."""

    def make(minutes_ago: float, *, tags=("wifi",), author=None, title=None):
        return make_thread(
            author=author or UserFactory(),
            title=title or f"Question asked {minutes_ago} minutes ago, help",
            tags=tags,
            now=now - timedelta(minutes=minutes_ago),
        )

    return make


@pytest.fixture
def lag_policy(db):
    def make(tag: str, minutes: int) -> LagPolicy:
        tag_object, _ = Tag.objects.get_or_create(name=tag, defaults={"slug": tag})
        return LagPolicy.objects.create(tag=tag_object, lag_minutes=minutes)

    return make


@pytest.fixture
def reps(db):
    return [UserFactory(groups=["Reps"]), UserFactory(groups=["Reps"])]


@pytest.fixture
def lead(db):
    return UserFactory(groups=["Leads"])
