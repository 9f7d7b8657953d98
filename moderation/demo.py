"""Demo moderation for `make run`: a few open reports of each kind (flagged posts, review
requests, new members' first posts with links, serial voting), posts hidden behind
tombstones, a suspended member and a log with history, all made through the same actions
moderators and members use."""

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
CRITICISM = (
    "The real answer is that Brightwave sold us routers that overheat. Mine has been replaced twice. "
    "Restarting it only helps for a day."
)
PHONE_NUMBER = "Same problem here. Call me on 07700 900123 or email grace.kim@example.com and I'll walk you through it."
PHONE_NUMBER_REMOVED = "Same problem here. What fixed it for me: factory reset, then set the channel by hand."
SELLING = "Selling my old Brightwave router, barely used, message me if you want it cheap."
ACCOUNT_NUMBER = "My account number is BW-4471-0093 and my postcode is M1 4BT, can someone check my line?"
NEWCOMERS = {
    "nadia": (
        "Nadia Hughes",
        "Same here since this morning. The [Brightwave status page](https://status.example.com) shows an outage "
        "in the north-west, so it may not be your hub.",
    ),
    "tomw": (
        "Tom Walsh",
        "This [guide on wifi channels](https://example.com/wifi-channels) fixed it for me: pick channel 1, 6 "
        "or 11 by hand instead of auto.",
    ),
}
FARID_ANSWER = "Check the cable at the back of the hub first."
WAVE = "Unlock faster broadband today: [click here](https://example.com/offer-{n}) for a free upgrade!"


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

    # History: last week's spam wave, five adverts in one thread, each flagged as spam by Ada
    # and Ben and hidden as spam by the moderator. Their flags were upheld five times: they
    # are proven flaggers now, whose spam flags (and only those) can hide a post.
    wave_author = _member("deals4u", "Deals 4 U", password)
    for n in range(5):
        moment = now - timedelta(days=8, minutes=-10 * n)
        advert = forum_actions.post_answer(author=wave_author, thread=threads[4], body=WAVE.format(n=n), now=moment)
        for flagger in flaggers[:2]:
            actions.flag_post(post=advert, flagger=flagger, reason=Flag.Reason.SPAM, now=moment)
        actions.hide_post(post=advert, by=moderator, rule=Flag.Reason.SPAM, now=moment + timedelta(minutes=5))

    # History: a critical answer flagged as abuse three days ago, and the flag dismissed,
    # because criticism of the company is answered, never hidden.
    criticism = forum_actions.post_answer(
        author=people["hugo"], thread=threads[4], body=CRITICISM, now=now - timedelta(days=4)
    )
    actions.flag_post(post=criticism, flagger=flaggers[2], reason=Flag.Reason.ABUSE, now=now - timedelta(days=3))
    actions.dismiss_flags(
        post=criticism, by=moderator, reason="Criticism, not abuse: it deserves an answer", now=now - timedelta(days=3)
    )

    # Flagged posts waiting for a moderator. A new member's first post with links, flagged
    # as spam by Ada and Ben (proven flaggers, weight 2 + 3: hidden pending review); an answer
    # criticising the company, flagged as abuse by Ada and Ben and off-topic by Chloe (it
    # stays up: criticism is never hidden by flags); personal data, reported by a member who
    # is not a trusted flagger (not held: the report tops the moderators' queue).
    spam = forum_actions.post_answer(author=spammer, thread=threads[0], body=SPAM, now=now - timedelta(minutes=50))
    actions.flag_post(post=spam, flagger=flaggers[0], reason=Flag.Reason.SPAM, now=now - timedelta(minutes=40))
    adjust(user_id=flaggers[1].pk, delta=500)  # a trusted flagger
    actions.flag_post(post=spam, flagger=flaggers[1], reason=Flag.Reason.SPAM, now=now - timedelta(minutes=30))
    rant = forum_actions.post_answer(author=troll, thread=threads[1], body=RANT, now=now - timedelta(hours=3))
    for flagger in flaggers[:2]:
        actions.flag_post(
            post=rant, flagger=flagger, reason=Flag.Reason.ABUSE, now=now - timedelta(hours=2, minutes=30)
        )
    actions.flag_post(
        post=rant,
        flagger=flaggers[2],
        reason=Flag.Reason.OFF_TOPIC,
        note="Not an answer, just complaining",
        now=now - timedelta(hours=2),
    )
    private = forum_actions.post_answer(
        author=people["farid"], thread=threads[5], body=ACCOUNT_NUMBER, now=now - timedelta(hours=5)
    )
    actions.flag_post(
        post=private,
        flagger=flaggers[3],
        reason=Flag.Reason.PERSONAL_DATA,
        note="He posted his account number and postcode",
        now=now - timedelta(hours=4),
    )

    # Decided already, each hidden post with its author's review request: an insult hidden
    # as abuse, a phone number hidden as personal data (its author removed it, then asked),
    # an advert hidden as off-topic. A heated thread locked; the insulting member suspended.
    insult = forum_actions.post_answer(author=troll, thread=threads[2], body=INSULT, now=now - timedelta(days=2))
    actions.flag_post(post=insult, flagger=flaggers[3], reason=Flag.Reason.ABUSE, now=now - timedelta(days=2))
    actions.hide_post(
        post=insult, by=moderator, rule=Flag.Reason.ABUSE, reason="name-calling", now=now - timedelta(days=1)
    )
    actions.request_review(
        post=Post.objects.get(pk=insult.pk), by=troll, note="I was only being honest", now=now - timedelta(hours=20)
    )
    phone = forum_actions.post_answer(
        author=people["grace"], thread=threads[1], body=PHONE_NUMBER, now=now - timedelta(hours=30)
    )
    actions.hide_post(
        post=phone, by=moderator, rule=Flag.Reason.PERSONAL_DATA, reason="a phone number", now=now - timedelta(hours=29)
    )
    forum_actions.edit_post(post=phone, editor=people["grace"], body=PHONE_NUMBER_REMOVED, now=now - timedelta(hours=8))
    actions.request_review(
        post=Post.objects.get(pk=phone.pk),
        by=people["grace"],
        note="I took my number out, can it be shown again?",
        now=now - timedelta(hours=8),
    )
    advert = forum_actions.post_answer(
        author=people["hugo"], thread=threads[3], body=SELLING, now=now - timedelta(hours=40)
    )
    actions.hide_post(post=advert, by=moderator, rule=Flag.Reason.OFF_TOPIC, now=now - timedelta(hours=36))
    actions.request_review(
        post=Post.objects.get(pk=advert.pk),
        by=people["hugo"],
        note="It is a Brightwave router, so it is about upgrading",
        now=now - timedelta(hours=12),
    )
    actions.lock_thread(thread=threads[3], by=moderator, reason="Going in circles", now=now - timedelta(hours=30))
    actions.suspend_member(
        member=troll, by=moderator, until=now + timedelta(days=7), reason="Insults after a warning", now=now
    )

    # New members' first posts with links, shown at once and waiting for a first look
    # (besides the spam above).
    for index, (username, (display_name, body)) in enumerate(NEWCOMERS.items()):
        newcomer = _member(username, display_name, password)
        forum_actions.post_answer(
            author=newcomer, thread=threads[index], body=body, now=now - timedelta(minutes=90 + 30 * index)
        )

    # Serial voting: one member upvoting everything one other member writes, and another
    # member downvoting all of it.
    booster, boosted, detractor = flaggers[4], people["farid"], flaggers[3]
    adjust(user_id=booster.pk, delta=200)
    adjust(user_id=detractor.pk, delta=200)  # enough to vote down
    for minutes, thread in enumerate(threads[:6]):
        moment = now - timedelta(hours=6) + timedelta(minutes=minutes)
        post = forum_actions.post_answer(author=boosted, thread=thread, body=FARID_ANSWER, now=moment)
        forum_actions.cast_vote(voter=booster, post=post, value=1, now=moment)
        forum_actions.cast_vote(voter=detractor, post=post, value=-1, now=moment)
