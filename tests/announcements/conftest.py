from datetime import timedelta

import pytest
from django.utils import timezone

from announcements import actions

BODY = "Some hubs in the north region are offline since this morning; engineers are on site."


@pytest.fixture
def announce(rep):
    """An announcement by a rep (or `author`), through the action reps use; `pinned_for` and
    `banner_for` are lengths from `now`."""

    def make(
        *,
        title: str = "Broadband outage in the north region",
        tags=("outage",),
        pinned_for: timedelta | None = None,
        banner: str | None = None,
        banner_for: timedelta = timedelta(hours=4),
        now=None,
        author=None,
    ):
        now = now or timezone.now()
        return actions.post_announcement(
            author=author or rep,
            title=title,
            body=BODY,
            tags=list(tags),
            pinned_until=now + pinned_for if pinned_for else None,
            banner=actions.BannerRequest(text=banner, clears_at=now + banner_for) if banner else None,
            now=now,
        )

    return make


@pytest.fixture
def rep_client(client, rep):
    client.force_login(rep)
    return client
