"""A forum where two members named after common words lead full lives before they delete
their accounts (issue 24): `https` ("The") and `reset` ("Help"). Reps, leads, moderators and
other members write case messages, answers, dismissal reasons, idea notes, log reasons, flag
notes and banners full of "the", "The", "https://example.com/reset", "https", "help" and
"reset"; every place the site once copied a member's name into text is visited.

Everything is made through the apps' own actions and views, as the site makes it."""

from dataclasses import dataclass
from datetime import timedelta

from django.contrib.admin.models import ADDITION, CHANGE
from django.contrib.admin.models import LogEntry as AdminLogEntry
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from announcements import actions as announcement_actions
from api.tokens import create_token
from cases import actions as case_actions
from forum import actions as forum_actions
from ideas.actions import post_idea, set_idea_status
from ideas.models import Idea
from moderation import actions as moderation_actions
from responses import actions as response_actions
from team import actions as team_actions
from tests.factories import UserFactory, make_answer, make_thread, set_reputation
from webhooks import actions as webhook_actions

# The words other people write, full of the two leavers' names.
STEPS = "Please try the steps at https://example.com/reset"
THE_EMAIL = "https@example.org"
HELP_EMAIL = "reset@example.net"


@dataclass
class World:
    lena: User  # a lead
    rita: User  # a rep
    mo: User  # a moderator
    ada: User
    ben: User
    the: User  # username "https", display name "The"
    help: User  # username "reset", display name "Help"
    ada_thread_url: str
    assigned_thread_url: str  # assigned to `the` while they were a rep
    webhook_by_the_url: str  # disabled by `the` while they were a lead
    webhook_by_lena_url: str


def fresh(user: User) -> User:
    """The user as the database has them now (roles and permissions read again)."""
    return User.objects.get(pk=user.pk)


def as_page(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def build_world() -> World:
    lena = UserFactory(username="lena", display_name="Lena Lead", email="lena@example.com", groups=["Leads"])
    rita = UserFactory(username="rita", display_name="Rita Rep", email="rita@example.com")
    mo = UserFactory(username="mo", display_name="Mo Moderator", email="mo@example.com", groups=["Moderators"])
    ada = UserFactory(username="ada", display_name="Ada", email="ada@example.com")
    ben = UserFactory(username="ben", display_name="Ben", email="ben@example.com")
    the = UserFactory(username="https", display_name="The", email=THE_EMAIL, bio="The https person")
    helper = UserFactory(username="reset", display_name="Help", email=HELP_EMAIL, bio="I help with reset")
    admin = UserFactory(username="root", display_name="Root", is_superuser=True, is_staff=True)
    for person in (ada, ben, the, helper):
        set_reputation(person, 1000)

    # The team: Rita and `the` become reps, `the` a lead too, for a while.
    team_actions.grant_role(user=rita, role="rep", by=lena)
    team_actions.grant_role(user=the, role="rep", by=lena)
    team_actions.grant_role(user=the, role="lead", by=lena)
    the, rita = fresh(the), fresh(rita)
    wifi = make_thread(author=ben, title="The wifi tag needs help").tags.get()
    team_actions.describe_tag(tag=wifi, description="The https and reset help tag", by=lena)

    # Webhooks: one disabled by `the` while a lead, one by Lena, both from their pages.
    by_the = webhook_actions.create_subscription(url="http://127.0.0.1:9/the", events=["thread.created"], by=lena)
    by_lena = webhook_actions.create_subscription(url="http://127.0.0.1:9/help", events=["thread.created"], by=the)
    for lead, subscription in ((the, by_the), (lena, by_lena)):
        assert as_page(lead).post(reverse("webhooks:disable", args=[subscription.pk])).status_code == 302

    # Ada's question: `the` answers (Ada is told by name), Rita answers, a case is opened.
    question = make_thread(
        author=ada,
        title="How do I reset the hub? The https page will not help",
        body="The hub page https://example.com/reset says help is on the way, but the hub is still down.",
    )
    by_the_answer = make_answer(thread=question, author=the, body="The steps at https://example.com/reset help.")
    make_answer(thread=question, author=rita, body=STEPS)
    forum_actions.cast_vote(voter=ada, post=by_the_answer, value=1)
    forum_actions.mark_official(post=by_the_answer, by=rita)
    ada_case, _ = case_actions.open_case(thread=question, by=rita, message=f"{STEPS}; the https link is the one.")
    case_actions.post_case_message(case=ada_case, author=ada, body="The reset link https://example.com/reset: help!")

    # Leads assign: a thread to `the` ("to The"), another to Rita ("to Rita Rep").
    assigned = make_thread(author=ben, title="The router resets itself, help")
    response_actions.assign_thread(thread=assigned, rep=the, by=lena)
    other = make_thread(author=ada, title="Help: the https page of the router")
    response_actions.assign_thread(thread=other, rep=rita, by=lena)
    response_actions.dismiss_thread(
        thread=make_thread(author=ben, title="Reset the billing month"),
        by=lena,
        reason="The customer found https://example.com/reset, help given by The and Help",
    )

    # While a rep, `the` opens a case with Ben and writes in it: a rep's words, which stay.
    case_actions.open_case(thread=assigned, by=the, message=f"Hi Ben, {STEPS}. The https page helps.")

    # `the`'s own question, and their own private case, where they write back.
    own = make_thread(author=the, title="The https light on my hub blinks", body="The light blinks, please help me.")
    own_case, _ = case_actions.open_case(thread=own, by=rita, message=f"Hi The, {STEPS}")
    case_actions.post_case_message(case=own_case, author=the, body="The reset at https://example.com/reset did it.")
    forum_actions.follow_thread(user=the, thread=assigned)

    # The roles go, and then `the` edits the answer Rita made official: Rita is told by name.
    team_actions.revoke_role(user=the, role="lead", by=lena)
    team_actions.revoke_role(user=the, role="rep", by=lena)
    the = fresh(the)
    forum_actions.edit_post(post=by_the_answer, editor=the, body="The steps at https://example.com/reset help a lot.")

    # `reset` ("Help") answers Ben, who is told by name.
    bens = make_thread(author=ben, title="Reset help needed for the https login")
    helper_answer = make_answer(thread=bens, author=helper, body="Reset it: https://example.com/reset, the help page.")
    forum_actions.set_me_too(user=helper, thread=question, on=True)

    # Ideas: Rita's public note names both leavers, in her own words.
    idea = Idea.objects.get(pk=post_idea(author=ben, title="The reset page should help", body=STEPS, tags=["wifi"]).pk)
    set_idea_status(
        idea=idea, status="planned", note="The reset page at https://example.com/reset will help. Thanks, The!", by=rita
    )

    # Moderation: flags with notes, a hide, a review request, a suspension, all in others' words.
    moderation_actions.flag_post(
        post=helper_answer, flagger=ada, reason="other", note="The https link here does not help"
    )
    moderation_actions.flag_post(
        post=bens.posts.get(is_question=True), flagger=the, reason="other", note="the reset is wrong"
    )
    spam = make_answer(thread=bens, author=the, body="https spam, the reset shop")
    moderation_actions.hide_post(post=spam, by=mo, rule="off_topic", reason="The https link is off-topic; help: reset")
    moderation_actions.request_review(post=spam, by=the, note="The https link was meant to help")
    moderation_actions.suspend_member(
        member=ben, by=mo, until=timezone.now() + timedelta(days=1), reason="The https links, help, reset"
    )
    moderation_actions.lift_suspension(member=ben, by=mo, reason="The apology at https://example.com/reset helped")

    # An announcement with its banner, in the company's words.
    news = announcement_actions.post_announcement(
        author=rita, title="The reset service is back", body=f"{STEPS}, the https page.", tags=["wifi"]
    )
    announcement_actions.raise_banner(
        thread=news,
        text="The https://example.com/reset page is back: help is here",
        by=rita,
        clears_at=timezone.now() + timedelta(days=1),
    )

    # Their own token, and the admin's history of Ada's account and of theirs.
    create_token(user=the, name="The https laptop", scope="read")
    AdminLogEntry.objects.log_actions(
        user_id=admin.pk, queryset=[ada], action_flag=CHANGE, change_message="The https help: reset Ada's bio"
    )
    AdminLogEntry.objects.log_actions(
        user_id=admin.pk, queryset=[the], action_flag=CHANGE, change_message="The https account, reset"
    )
    AdminLogEntry.objects.log_actions(
        user_id=admin.pk, queryset=list(the.emailaddress_set.all()), action_flag=ADDITION, change_message=""
    )
    return World(
        lena=fresh(lena),
        rita=fresh(rita),
        mo=mo,
        ada=ada,
        ben=ben,
        the=the,
        help=fresh(helper),
        ada_thread_url=question.get_absolute_url(),
        assigned_thread_url=assigned.get_absolute_url(),
        webhook_by_the_url=by_the.get_absolute_url(),
        webhook_by_lena_url=by_lena.get_absolute_url(),
    )
