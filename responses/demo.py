"""The engine's part of the demo data for `make run` (config/demo.py composes the whole):
short lags, members' requests for official answers, reps who look after tags, a lead's
assignment, a customer's "that didn't work" and a thread drawing "me too"s right now, then
what beat would have done, and a rep's reply on a hot thread waiting for a lead's second look.
All through the same actions members, reps and beat use."""

import random
from datetime import datetime, timedelta

from taggit.models import Tag

from accounts.models import User
from forum import actions as forum_actions
from forum.demo import AskedThread
from forum.demo_content import QUESTIONS
from forum.models import Post, Thread
from responses import actions, jobs, second_look
from responses.conf import conf
from responses.models import LagPolicy, QueueThread

# Short lags, so that a thread asked while trying the demo is overdue within minutes
# (with `make run`'s worker and beat running); billing shows a per-tag override.
DEMO_LAG_MINUTES = {"billing": 30, "outage": 10}
DEMO_DEFAULT_LAG_MINUTES = 5


def create_lag_policies() -> None:
    for name in QUESTIONS:
        tag, _ = Tag.objects.get_or_create(name=name, defaults={"slug": name})
        minutes = DEMO_LAG_MINUTES.get(name, DEMO_DEFAULT_LAG_MINUTES)
        LagPolicy.objects.update_or_create(tag=tag, defaults={"lag_minutes": minutes})


def request_official_answers(asked: list[AskedThread], *, now: datetime) -> None:
    """Live requests: the asker of every ninth answered thread from the last three days asked
    for an official answer an hour after asking."""
    for index, item in enumerate(asked):
        if item.answered and index % 9 == 4 and item.asked_at > now - timedelta(days=3):
            actions.request_official_response(thread=item.thread, by=item.asker, now=item.asked_at + timedelta(hours=1))


def seed_routing(*, people: dict[str, User], members: list[User], rng: random.Random, now: datetime) -> None:
    """Reps look after tags, a lead has assigned a thread, a customer said "that didn't
    work" after an official answer, and one thread is drawing "me too"s right now."""
    actions.set_rep_tags(rep=people["rita"], tag_ids=_tag_ids("wifi", "mesh", "router-app"))
    actions.set_rep_tags(rep=people["ravi"], tag_ids=_tag_ids("billing", "email"))
    answered = (
        Thread.objects.filter(
            response_state__first_official_at__isnull=False, accepted_post=None, status=Thread.Status.ANSWERED
        )
        .order_by("-response_state__first_official_at")
        .first()
    )
    official = Post.objects.answers().filter(thread=answered, is_official=True).first() if answered else None
    if official:  # the customer's follow-up, as a reply under the official answer (issue 27)
        forum_actions.reply(
            parent=official,
            author=answered.author,
            body="That didn't work for me: I followed the steps and it still drops every evening around nine.",
            now=now - timedelta(minutes=20),
        )
    fresh = list(QueueThread.objects.awaiting_first_response().order_by("-created_at")[:2])
    if fresh:
        actions.request_official_response(thread=fresh[0], by=fresh[0].author, now=now - timedelta(minutes=40))
        actions.assign_thread(thread=fresh[0], rep=people["ravi"], by=people["lena"], now=now - timedelta(minutes=35))
    if len(fresh) > 1:
        for person in [member for member in members if member != fresh[1].author]:
            forum_actions.set_me_too(
                user=person, thread=fresh[1], on=True, now=now - timedelta(minutes=rng.uniform(5, 60))
            )


def hold_a_reply_for_a_second_look(*, people: dict[str, User], now: datetime) -> None:
    """Ravi's official reply on the hottest thread waiting, held for Lena's second look."""
    hottest = (
        QueueThread.objects.awaiting_official()
        .filter(response_state__heat__gte=conf.HEAT_HOT)
        .order_by("-response_state__heat")
        .first()
    )
    if hottest:
        second_look.hold(
            author=people["ravi"],
            thread=hottest,
            body="I am sorry this keeps happening. I have asked our network team to check the line at your street "
            "cabinet today, and I will post here as soon as they report back.",
            asked=True,
            now=now - timedelta(minutes=6),
        )


def catch_up_with_beat(*, now: datetime) -> None:
    """What beat would have done while the demo forum grew: mark overdue and escalate."""
    jobs.mark_overdue_threads(now=now)
    jobs.escalate_overdue_threads(now=now)


def _tag_ids(*names: str) -> list[int]:
    return list(Tag.objects.filter(name__in=names).values_list("pk", flat=True))
