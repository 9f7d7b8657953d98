"""The whole demo forum for `make run` (`manage.py seed_demo`): each app's part of it, in
the order the site would have grown them. The composition root is the one place that
knows every app's demo; each app's part knows only the apps below it."""

import random
from datetime import datetime

from django.utils import timezone

from accounts.models import User
from announcements.demo import seed_announcements
from cases.demo import seed_cases
from forum import demo as forum_demo
from ideas.demo import seed_ideas
from moderation.demo import seed_moderation
from reminders.demo import seed_reminders
from responses import demo as responses_demo


def seed(*, seed: int = 7, threads: int = 60, now: datetime | None = None) -> dict[str, User]:
    """Create the people, the engine's lags, `threads` threads with answers, votes, accepts
    and me-too, members' requests and the reps' routing, moderation's reports and decisions,
    then catch up with beat. Deterministic for a given seed."""
    rng = random.Random(seed)
    now = now or timezone.now()
    people = forum_demo.create_people(now=now)
    responses_demo.create_lag_policies()
    asked = forum_demo.grow_threads(rng, people=people, count=threads, now=now)
    responses_demo.request_official_answers(asked, now=now)
    responses_demo.seed_routing(people=people, members=forum_demo.members(people), rng=rng, now=now)
    seed_moderation(people=people, password=forum_demo.DEMO_PASSWORD, now=now)
    seed_ideas(people=people, asked=asked, now=now)
    seed_cases(people=people, now=now)
    seed_announcements(people=people, now=now)
    seed_reminders(people=people, now=now)
    responses_demo.catch_up_with_beat(now=now)
    responses_demo.hold_a_reply_for_a_second_look(people=people, now=now)  # on a thread beat queued
    return people
