"""The cases' part of the demo data for `make run` (config/demo.py composes the whole): a
furious question still waiting in the queue, hot enough for the rep panel to suggest a case;
an open case the customer has answered; and a resolved case whose invitation the customer
has not answered yet. All through the same actions members and reps use."""

from datetime import datetime, timedelta

from accounts.models import User
from cases import actions
from forum import actions as forum_actions
from forum.models import Thread

HOT_QUESTION = (
    "Third outage this week and nobody from Brightwave answers, this is unacceptable",
    "My connection died AGAIN tonight. This is the third outage this week, I work from home and I have lost "
    "a whole day of work. Support hung up on me twice. This is a disgrace and I am furious: I pay for a "
    "service I do not get. If nobody fixes this today I am cancelling and telling everyone I know.",
)
OPEN_CASE_QUESTION = (
    "I was charged twice for November and the app shows both payments",
    "Both payments are listed in the router app under billing, same amount, one day apart. I only have one "
    "account. Is the second one a mistake, and will it come back to my card?",
)
RESOLVED_CASE_QUESTION = (
    "My hub reboots every night at 3 am since the last update",
    "Since the update last week the hub restarts every night around 3 am and the lights go orange for a few "
    "minutes. My camera recordings stop during that time. Is anyone else seeing this?",
)


def seed_cases(*, people: dict[str, User], now: datetime) -> None:
    rita, ravi = people["rita"], people["ravi"]
    members = [people[name] for name in ("ada", "ben", "chloe", "dev", "eva", "grace")]

    hot = _ask(people["farid"], HOT_QUESTION, tags=["outage"], at=now - timedelta(minutes=50))
    for index, member in enumerate(members[:4]):
        forum_actions.set_me_too(user=member, thread=hot, on=True, now=now - timedelta(minutes=40 - 5 * index))

    billing = _ask(people["grace"], OPEN_CASE_QUESTION, tags=["billing"], at=now - timedelta(hours=5))
    case, _ = actions.open_case(
        thread=billing,
        by=ravi,
        message="Hi Grace, sorry about this. Could you tell me the last four digits of the card, here in private, "
        "so I can find both payments?",
        now=now - timedelta(hours=4, minutes=30),
    )
    actions.post_case_message(
        case=case, author=people["grace"], body="It ends in 4417. Thanks for looking.", now=now - timedelta(hours=4)
    )

    reboots = _ask(people["hugo"], RESOLVED_CASE_QUESTION, tags=["wifi"], at=now - timedelta(days=2))
    forum_actions.post_answer(
        author=people["ada"],
        thread=reboots,
        body="Mine did that too. Turning off automatic updates at night in the app stopped it for me.",
        now=now - timedelta(days=2) + timedelta(hours=1),
    )
    case, _ = actions.open_case(
        thread=reboots,
        by=rita,
        message="Hi Hugo, we would like to check your hub's logs. Could you confirm the serial on the sticker?",
        now=now - timedelta(days=1, hours=20),
    )
    actions.post_case_message(
        case=case, author=people["hugo"], body="Sure: BW-H2-88231.", now=now - timedelta(days=1, hours=19)
    )
    actions.resolve_case(
        case=case,
        by=rita,
        public_note="A corrupted update schedule on the hub restarted it every night. We pushed a fix; "
        "turning off night-time updates also works around it.",
        summary="Your hub had a corrupted update schedule. We pushed a fix to it; the nightly restarts have "
        "stopped. Turning off night-time updates, as Ada suggested, also works around it.",
        now=now - timedelta(hours=20),
    )


def _ask(author: User, question: tuple[str, str], *, tags: list[str], at: datetime) -> Thread:
    title, body = question
    return forum_actions.ask_question(author=author, title=title, body=body, tags=tags, now=at)
