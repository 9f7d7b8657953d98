"""Ideas' part of the demo data for `make run`: a dozen ideas in every status, with votes,
the reps' notes, and support questions linked to them (one to an idea that is done, so that
its asker and "me too" members have heard). config/demo.py calls seed_ideas()."""

import random
from datetime import datetime, timedelta

from accounts.models import User
from forum import actions as forum_actions
from forum import demo as forum_demo
from forum.demo import AskedThread
from forum.models import Thread
from ideas import actions
from ideas.models import Idea

# Title, why, tag, then each status a rep gave it: (days after it was posted, status, note, rep).
IDEAS = [
    (
        "Dark mode for the router app",
        "The app is blinding when I check the hub from bed at night. A dark theme, or following the phone's setting, "
        "would be lovely.",
        "router-app",
        [
            (2, "under_review", "Lots of you asked for this. We are looking at what it takes.", "rita"),
            (9, "planned", "Planned for the spring release: the app will follow your phone's theme.", "lena"),
            (30, "in_progress", "Our designers are on it; a beta is coming to testers first.", "ravi"),
            (52, "done", "Out today in version 4.2: the app follows your phone's light or dark setting.", "rita"),
        ],
    ),
    (
        "Schedule the guest network by the hour",
        "I would like the guest Wi-Fi to switch itself off at night and on again in the morning, without me "
        "remembering to do it.",
        "wifi",
        [
            (3, "under_review", "A good one: we are checking which hubs can do it.", "ravi"),
            (12, "planned", "Planned for the Hub 3 and later, in the summer update.", "lena"),
        ],
    ),
    (
        "Show this month's data use on the app's home screen",
        "Today it takes four taps to see how much I have used this month. A figure on the first screen would do.",
        "router-app",
        [
            (4, "planned", "Planned: a small card on the home screen with this month's use.", "rita"),
            (20, "in_progress", "In progress, with a chart of the last six months too.", "rita"),
        ],
    ),
    (
        "Let me rename devices in the app",
        "Every device shows up as its MAC address or a maker's code name, which tells me nothing about what it is.",
        "router-app",
        [(5, "under_review", "We are looking at how names would sync between the app and the hub.", "ravi")],
    ),
    (
        "Text me when an outage in my area is fixed",
        "During the last outage I kept refreshing the status page. A text when it is back would save everyone time.",
        "outage",
        [
            (1, "planned", "Planned: you will choose text or email in your account settings.", "lena"),
            (15, "done", "Done: turn on outage messages under Account, then Notifications.", "rita"),
        ],
    ),
    (
        "Pause the internet for one device from the app",
        "Dinner time would be easier if I could pause my son's console for an hour without changing the password.",
        "parental-controls",
        [(6, "planned", "Planned together with the new parental controls, later this year.", "ravi")],
    ),
    (
        "A yearly summary of my bills",
        "At tax time I download twelve PDFs. One summary of the year's payments would be much easier.",
        "billing",
        [
            (3, "under_review", "Checking with our billing team.", "rita"),
            (10, "declined", "The annual statement is already under Billing, then Documents, each January.", "lena"),
        ],
    ),
    (
        "Book an installation slot online",
        "Calling to book an engineer means waiting on hold. Picking a slot on the website would be so much quicker.",
        "installation",
        [(7, "under_review", "We are talking to our installation partners about sharing their calendars.", "lena")],
    ),
    (
        "Keep a history of my speed tests in the app",
        "When I complain about speed I would like to show how it has been over the last weeks, not just right now.",
        "speed",
        [],
    ),
    (
        "Help me place mesh points",
        "I never know whether a mesh point is too far from the hub. The app could measure it while I walk around.",
        "mesh",
        [],
    ),
    (
        "Forward my old email address for a year after I leave",
        "Moving provider means losing the address I have had for ten years. A year of forwarding would help a lot.",
        "email",
        [(8, "declined", "We cannot keep mailboxes for former customers, but we now forward for 90 days.", "lena")],
    ),
    (
        "Two-step sign-in for my account",
        "My account holds my bank details. A code by text or an app when I sign in would make me feel safer.",
        "billing",
        [],
    ),
]

# What members say on ideas they like (each answer makes its author a follower, told of every status).
COMMENTS = [
    "Yes please, I would use this every day.",
    "This would save me a phone call every month.",
    "Same here: it is the one thing I miss from my old provider.",
    "Count me in, and make it work on the older hubs too if you can.",
]

# Which ideas get the demo's support questions linked to them (by title), before their statuses.
LINKED = {"Dark mode for the router app": 2, "Schedule the guest network by the hour": 1}


def seed_ideas(*, people: dict[str, User], asked: list[AskedThread], now: datetime) -> list[Idea]:
    """The ideas, oldest first, voted on by the members; support questions from `asked` linked
    to two of them, the first before it became done (so its askers were told)."""
    rng = random.Random(14)  # its own, so that the other parts' demo data stay as they were
    members = forum_demo.members(people)
    linked = set()
    ideas = []
    for index, (title, body, tag, changes) in enumerate(IDEAS):
        posted_at = now - timedelta(days=90 - index * 6, hours=rng.uniform(0, 12))
        author = members[index % len(members)]
        thread = actions.post_idea(author=author, title=title, body=body, tags=[tag], now=posted_at)
        idea = Idea.objects.select_related("thread").get(pk=thread.pk)
        question = thread.posts.get(is_question=True)
        for voter in rng.sample([member for member in members if member != author], k=rng.randint(0, 7)):
            forum_actions.cast_vote(voter=voter, post=question, value=1, now=posted_at + timedelta(hours=3))
        for commenter, comment in zip(rng.sample(members, k=2), rng.sample(COMMENTS, k=2), strict=True):
            if commenter != author and rng.random() < 0.6:
                forum_actions.post_answer(
                    author=commenter, thread=thread, body=comment, now=posted_at + timedelta(hours=5)
                )
        for support in _questions_about(asked, tag=tag, skip=linked)[: LINKED.get(title, 0)]:
            actions.link_thread(thread=support, idea=idea, by=people["rita"], now=posted_at + timedelta(days=1))
            linked.add(support.pk)
        for days, status, note, rep in changes:
            moment = min(posted_at + timedelta(days=days), now - timedelta(hours=1))
            actions.set_idea_status(idea=idea, status=status, note=note, by=people[rep], now=moment)
        ideas.append(idea)
    return ideas


def _questions_about(asked: list[AskedThread], *, tag: str, skip: set[int]) -> list[Thread]:
    """The demo's questions in `tag` (any question when none is), in the order they were asked."""
    tagged = set(
        Thread.objects.filter(pk__in=[entry.thread.pk for entry in asked], tags__name=tag).values_list("pk", flat=True)
    )
    threads = [entry.thread for entry in asked if entry.thread.pk not in skip]
    return [thread for thread in threads if thread.pk in tagged] or threads
