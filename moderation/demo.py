"""Demo moderation for `make run`: open reports of each kind, a post hidden behind a
tombstone with its author's review request, a suspended member and a log with history,
all made through the same actions moderators and members use."""

from datetime import datetime, timedelta

from allauth.account.models import EmailAddress

from accounts.models import User
from forum import actions as forum_actions
from forum.models import Post, Thread
from forum.reputation import adjust
from moderation import actions
from moderation.models import Flag

SPAM = (
    "Why pay Brightwave prices? Get a [super router](https://example.com/deals) for half the price, "
    "limited offer, message me now!"
)
RANT = (
    "Honestly Brightwave's support is the worst I have ever dealt with. Three weeks without a working line "
    "and nobody calls back. Everyone should know."
)
INSULT = "Only an idiot would ask this. Read the manual, it is not hard, you clown."


def _member(username: str, display_name: str, password: str, reputation: int = 1) -> User:
    user = User.objects.create_user(
        username=username, email=f"{username}@example.com", password=password, display_name=display_name
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    if reputation > 1:
        adjust(user_id=user.pk, delta=reputation - 1)
    return user


def seed_moderation(*, people: dict[str, User], password: str, now: datetime) -> None:
    moderator = people["mo"]
    flaggers = [people[name] for name in ("ada", "ben", "chloe", "dev", "eva")]
    for flagger in flaggers:
        adjust(user_id=flagger.pk, delta=60)  # enough to flag
    threads = list(Thread.objects.filter(answer_count__gt=0).order_by("-created_at")[:6])
    spammer = _member("quickdeals", "Quick Deals", password)
    troll = _member("grumbler", "Grumbler", password, reputation=40)

    # A new member's first post with links, flagged as spam by two members (weight 3: hidden
    # pending review), and an answer criticising the company, flagged off-topic (never hidden).
    spam = forum_actions.post_answer(author=spammer, thread=threads[0], body=SPAM, now=now - timedelta(minutes=50))
    actions.flag_post(post=spam, flagger=flaggers[0], reason=Flag.Reason.SPAM, now=now - timedelta(minutes=40))
    adjust(user_id=flaggers[1].pk, delta=500)  # a trusted flagger
    actions.flag_post(post=spam, flagger=flaggers[1], reason=Flag.Reason.SPAM, now=now - timedelta(minutes=30))
    rant = forum_actions.post_answer(author=troll, thread=threads[1], body=RANT, now=now - timedelta(hours=3))
    actions.flag_post(
        post=rant,
        flagger=flaggers[2],
        reason=Flag.Reason.OFF_TOPIC,
        note="Not an answer, just complaining",
        now=now - timedelta(hours=2),
    )

    # Decided already: an insult hidden as abuse (its author asked for a review), a heated
    # thread locked, and the insulting member suspended for a week.
    insult = forum_actions.post_answer(author=troll, thread=threads[2], body=INSULT, now=now - timedelta(days=2))
    actions.flag_post(post=insult, flagger=flaggers[3], reason=Flag.Reason.ABUSE, now=now - timedelta(days=2))
    actions.hide_post(
        post=insult, by=moderator, rule=Flag.Reason.ABUSE, reason="name-calling", now=now - timedelta(days=1)
    )
    insult = Post.objects.get(pk=insult.pk)
    actions.request_review(post=insult, by=troll, note="I was only being honest", now=now - timedelta(hours=20))
    actions.lock_thread(thread=threads[3], by=moderator, reason="Going in circles", now=now - timedelta(hours=30))
    actions.suspend_member(
        member=troll, by=moderator, until=now + timedelta(days=7), reason="Insults after a warning", now=now
    )

    # Serial voting: one member upvoting everything one other member writes.
    booster, boosted = flaggers[4], people["farid"]
    adjust(user_id=booster.pk, delta=200)
    for thread in threads[:6]:
        post = forum_actions.post_answer(
            author=boosted, thread=thread, body="Check the cable at the back of the hub first.", now=now
        )
        forum_actions.cast_vote(voter=booster, post=post, value=1, now=now)
