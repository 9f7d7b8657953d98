"""The forum's part of the demo data for `make run`: a believable forum for a fictional
company, Brightwave (home broadband and a router app). Deterministic for a given seed.

config/demo.py composes the whole demo from this and the other apps' parts (the engine's
lags, requests and routing, moderation's reports); seed() here is the forum alone.
"""

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from accounts import roles
from accounts.models import User
from forum import actions
from forum.demo_content import ANSWERS, DEVICES, OFFICIAL_NOTE, QUESTIONS
from forum.models import Post, Thread

DEMO_PASSWORD = "helpcircle-demo"


@dataclass(frozen=True)
class DemoPerson:
    username: str
    display_name: str
    role: str  # "member", a group name, or "admin"

    @property
    def email(self) -> str:
        return f"{self.username}@example.com"


PEOPLE = [
    DemoPerson("ada", "Ada Lovelace", "member"),
    DemoPerson("ben", "Ben Okafor", "member"),
    DemoPerson("chloe", "Chloe Martin", "member"),
    DemoPerson("dev", "Dev Patel", "member"),
    DemoPerson("eva", "Eva Novak", "member"),
    DemoPerson("farid", "Farid Haddad", "member"),
    DemoPerson("grace", "Grace Kim", "member"),
    DemoPerson("hugo", "Hugo Silva", "member"),
    DemoPerson("rita", "Rita (Brightwave)", roles.REPS),
    DemoPerson("ravi", "Ravi (Brightwave)", roles.REPS),
    DemoPerson("lena", "Lena (Brightwave lead)", roles.LEADS),
    DemoPerson("mo", "Mo the moderator", roles.MODERATORS),
    DemoPerson("admin", "Site admin", "admin"),
]


def demo_logins() -> list[tuple[str, str, str]]:
    """(role, email, password) for the README and `make run`'s banner."""
    firsts: dict[str, DemoPerson] = {}
    for person in PEOPLE:
        firsts.setdefault(person.role, person)
    return [(role, person.email, DEMO_PASSWORD) for role, person in firsts.items()]


# The demo's people joined before its oldest thread (30 days back), each on a day of their
# own: a member's standing to flag counts reputation only from members who did not join with
# them, on an account a few days old (moderation/standing.py).
JOINED_DAYS_AGO = 60
JOINED_DAYS_APART = 3


@transaction.atomic
def create_people(now: datetime | None = None) -> dict[str, User]:
    people = {}
    groups = {group.name: group for group in Group.objects.all()}
    now = now or timezone.now()
    for index, person in enumerate(PEOPLE):
        user = User.objects.create_user(
            date_joined=now - timedelta(days=JOINED_DAYS_AGO + JOINED_DAYS_APART * index),
            username=person.username,
            email=person.email,
            password=DEMO_PASSWORD,
            display_name=person.display_name,
            is_staff=person.role == "admin",
            is_superuser=person.role == "admin",
        )
        EmailAddress.objects.create(user=user, email=person.email, verified=True, primary=True)
        if person.role in groups:
            user.groups.add(groups[person.role])
        people[person.username] = user
    return people


def question_pool(rng: random.Random, count: int) -> list[tuple[str, str, str]]:
    """(tag, title, body) for `count` threads: every question with every device, shuffled."""
    pool, titles = [], set()
    for tag, questions in QUESTIONS.items():
        for title, body in questions:
            for device in DEVICES:
                if title.format(device=device) not in titles:  # titles without {device} once
                    titles.add(title.format(device=device))
                    pool.append((tag, title.format(device=device), body.format(device=device)))
    rng.shuffle(pool)
    picked = []
    for index in range(count):
        tag, title, body = pool[index % len(pool)]
        if index >= len(pool):
            title = f"{title} (again, #{index // len(pool) + 1})"[:150]
        picked.append((tag, title, body))
    return picked


@dataclass(frozen=True)
class AskedThread:
    thread: Thread
    asker: User
    asked_at: datetime
    answered: bool


def members(people: dict[str, User]) -> list[User]:
    return [people[person.username] for person in PEOPLE if person.role == "member"]


def seed(*, seed: int = 7, threads: int = 60, now: datetime | None = None) -> dict[str, User]:
    """The forum alone: the people, then `threads` threads with answers, votes, accepts and
    me-too. The whole demo is config.demo.seed()."""
    rng = random.Random(seed)
    people = create_people(now=now)
    grow_threads(rng, people=people, count=threads, now=now or timezone.now())
    return people


def grow_threads(rng: random.Random, *, people: dict[str, User], count: int, now: datetime) -> list[AskedThread]:
    """`count` threads with answers, votes, accepts and me-too, in the order they were asked.

    Goes through forum/actions/ as real members would, so counters, reputation and
    notifications are exactly what the site would have produced. A few threads are left
    unanswered for hours, so that the response-time pages have something to show.
    """
    askers = members(people)
    reps = [people[person.username] for person in PEOPLE if person.role in (roles.REPS, roles.LEADS)]
    tags = list(QUESTIONS)
    asked = []
    for index, (tag, title, body) in enumerate(question_pool(rng, count)):
        asker = rng.choice(askers)
        unanswered = index % 12 == 5
        asked_at = now - (
            timedelta(hours=rng.uniform(1.5, 9)) if unanswered else timedelta(hours=rng.uniform(10, 24 * 30))
        )
        extra = [rng.choice(tags)] if rng.random() < 0.3 else []
        thread = actions.ask_question(author=asker, title=title, body=body, tags=sorted({tag, *extra}), now=asked_at)
        asked.append(AskedThread(thread=thread, asker=asker, asked_at=asked_at, answered=not unanswered))
        if unanswered:
            continue
        _answer_and_vote(rng, thread=thread, tag=tag, asker=asker, members=askers, reps=reps, asked_at=asked_at)
        Thread.objects.filter(pk=thread.pk).update(view_count=rng.randint(5, 900))
    return asked


def _answer_and_vote(rng, *, thread, tag, asker, members, reps, asked_at) -> None:
    others = [member for member in members if member != asker]
    answerers = rng.sample(others, k=rng.randint(1, 3))
    if rng.random() < 0.35:
        answerers.append(rng.choice(reps))
    moment = asked_at
    answers = []
    bodies = rng.sample(ANSWERS[tag], k=len(ANSWERS[tag]))  # nobody repeats an earlier answer
    for answerer in answerers:
        moment += timedelta(minutes=rng.uniform(3, 240))
        if answerer in reps:
            body = OFFICIAL_NOTE
        elif bodies:
            body = bodies.pop()
        else:
            continue
        official = answerer in reps
        answers.append(actions.post_answer(author=answerer, thread=thread, body=body, official=official, now=moment))
    voters = [person for person in members + reps if person != asker]
    for post in [thread.posts.get(is_question=True), *answers]:
        for voter in rng.sample(voters, k=rng.randint(0, 5)):
            if voter.pk != post.author_id:
                value = 1 if rng.random() < 0.9 else -1
                actions.cast_vote(voter=voter, post=post, value=value, now=moment + timedelta(minutes=5))
    for person in rng.sample(others, k=rng.randint(0, 4)):
        actions.set_me_too(user=person, thread=thread, on=True, now=moment)
    if answers and rng.random() < 0.55:
        best = max(answers, key=lambda post: Post.objects.get(pk=post.pk).score)
        actions.accept_answer(post=best, by=asker, now=moment + timedelta(minutes=30))
