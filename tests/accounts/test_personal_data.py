"""Nothing of a deleted member's personal data remains anywhere in the database (issue 12),
but in words other people wrote themselves, which stay as they wrote them (issue 24).

A member with unique strings for a username, display name, email addresses and bio does
everything the site lets one do (and is granted and revoked a rep's role, suspended, hidden,
flagged, assigned, named in other members' notifications and the logs); then they delete
their account. The test looks through every text column of every model, and decides, for
every foreign key to the user model, whether its rows are erased or kept: a new model with a
user foreign key fails here until its erasure is decided (accounts/erasers.py, and
tests/accounts/test_erasers.py holds the registry to these lists).
"""

from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib.admin.models import ADDITION
from django.contrib.admin.models import LogEntry as AdminLogEntry
from django.db import models
from django.db.models import Q
from django.db.models.functions import Cast
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import MemberSession, User
from cases import actions as case_actions
from forum import actions as forum_actions
from forum import reputation
from moderation import actions as moderation_actions
from responses import actions as response_actions
from team import actions as team_actions
from tests.factories import PASSWORD, UserFactory, make_answer, make_thread, set_reputation

pytestmark = pytest.mark.django_db

USERNAME = "zephq7731"
EMAIL = "zephyrine.q7731@example.org"
SECOND_EMAIL = "zq.second7731@example.net"
DISPLAY_NAME = "Zephyrine Quillfeather"
BIO = "Kestrel-88213 is what my friends call me."
FIRST_NAME, LAST_NAME = "Zephyrinette", "Quillfeathers"
PERSONAL = (USERNAME, EMAIL, SECOND_EMAIL, DISPLAY_NAME, BIO, FIRST_NAME, LAST_NAME, "Kestrel-88213")

# Where other people named the member in their own words (a lead's dismissal reason, which the
# thread's history repeats; another flagger's note; a moderator's reasons; a rep's message in
# another member's case; an administrator's change message). Deleting an account never edits
# anyone else's text (issue 24), so these are all that is left of the member's personal data.
OTHERS_WORDS = {
    USERNAME: {"moderation.LogEntry.reason (2)"},
    EMAIL: {"moderation.Flag.note (1)"},
    DISPLAY_NAME: {
        "responses.QueueDismissal.reason (1)",
        "forum.ThreadEvent.note (1)",
        "moderation.Flag.note (1)",
        "moderation.LogEntry.reason (1)",
        "cases.CaseMessage.body (1)",
        "cases.CaseMessage.body_html (1)",
        "admin.LogEntry.change_message (1)",
    },
}

# Every foreign key to the user model, decided. ERASED: no row of the member's is left.
ERASED = {
    "forum.Notification.recipient",
    "forum.Follow.user",
    "reminders.TagFollow.user",
    "reminders.MemberDigest.user",  # when their digests went out
    "responses.QueueClaim.claimed_by",  # back to the queue
    "moderation.ReportClaim.moderator",  # back to the reports queue, for another moderator
    "responses.RepTag.rep",
    "responses.HeldReply.author",  # their drafts never published (a published one is its post)
    "responses.DoneRecord.claimed_by",  # the claim an undone "done" would give back: to nobody
    "ideas.IdeaDoneNotice.user",  # who was told an idea is done: about them alone
    "cases.Case.customer",  # a member's private cases go with their account
    "cases.Case.handled_by",  # back to the team, for another rep to take
    "account.EmailAddress.user",  # the address can sign up again
    "accounts.User_groups.user",  # roles
    "accounts.User_user_permissions.user",
    "api.ApiToken.user",  # personal API tokens: nothing acts as a former member
}
# KEPT: the rows stay, pointing at the former member, and hold nothing personal themselves
# (any text they hold is searched below like every other).
KEPT = {
    "forum.Thread.author",  # their questions stay, by "a former member"
    "forum.Post.author",
    "forum.Post.official_marked_by",
    "forum.Post.edited_by",
    "forum.Post.withdrawn_by",
    "forum.Post.reviewed_by",  # the lead who approved an official reply, by id
    "forum.Revision.editor",
    "forum.Revision.redacted_by",
    "forum.Vote.user",  # votes keep their effect
    "forum.MeToo.user",
    "forum.ThreadEvent.actor",
    "forum.ThreadEvent.subject",  # "assigned the thread to …", by id: reads "a former member"
    "forum.Notification.actor",  # others' notifications of what they did, by id: "a former member answered"
    "forum.ReputationEvent.user",  # the ledger is append-only; the caches agree with it
    "forum.ReputationEvent.actor",
    "forum.TagReputation.user",
    "responses.QueueClaim.assigned_by",
    "responses.OfficialRequest.requested_by",
    "responses.QueueDismissal.dismissed_by",
    "responses.HeldReply.reviewed_by",
    "responses.DoneRecord.by",  # who marked a follow-up done, by id; the reason as they wrote it
    "responses.DoneRecord.assigned_by",  # the lead who had assigned the claim, by id
    "cases.Case.opened_by",
    "cases.Case.resolved_by",
    "cases.CaseMessage.author",  # a rep's messages in others' cases, as they wrote them
    "moderation.SuspiciousVoting.voter",
    "moderation.SuspiciousVoting.author",
    "moderation.Flag.flagger",  # flags' history, their notes erased
    "moderation.LogEntry.actor",  # the public log, its reasons without their name
    "moderation.LogEntry.member",
    "moderation.WatchedWord.added_by",  # the moderators' list, by id
    "team.TeamChange.actor",
    "team.TeamChange.member",  # roles granted and revoked, by id: the log reads "a former member"
    "team.StaffNote.author",  # the staff's handover notes, by id
    "team.SavedReply.updated_by",  # who last changed a saved reply, by id
    "ideas.IdeaStatusChange.changed_by",  # the idea's public history, its notes without their name
    "ideas.IdeaLink.linked_by",
    "announcements.Pin.pinned_by",  # who pinned and raised what: the company's words, nothing personal
    "announcements.Pin.unpinned_by",
    "announcements.IncidentBanner.raised_by",
    "announcements.IncidentBanner.cleared_by",
    "admin.LogEntry.user",
    "webhooks.Subscription.created_by",  # the team's webhook stays, made by "a former member"
    "webhooks.Subscription.disabled_by",  # "Disabled by a former member."
}


def user_foreign_keys() -> set[str]:
    found = set()
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy:
            continue  # the same table as its model (responses.QueueThread is forum.Thread)
        for field in model._meta.get_fields():
            if field.concrete and field.is_relation and field.many_to_one and field.related_model is User:
                found.add(f"{model._meta.app_label}.{model.__name__}.{field.name}")
    return found


def test_every_foreign_key_to_the_user_model_is_decided():
    undecided = user_foreign_keys() - ERASED - KEPT
    assert not undecided, (
        f"{sorted(undecided)}: decide what deleting an account does to these rows (erase them in a "
        "app's eraser, accounts/erasers.py, or keep them there) and list them here"
    )
    assert not (ERASED | KEPT) - user_foreign_keys(), "listed here but no longer a foreign key to the user"


@pytest.fixture
def lead(db):
    return UserFactory(username="lead", display_name="Lena Lead", groups=["Leads"])


@pytest.fixture
def moderator(db):
    return UserFactory(username="moderator", display_name="Mo Moderator", groups=["Moderators"])


@pytest.fixture
def member(db, lead, moderator):
    """The member who will leave, after a life on the forum that copied their name around."""
    from allauth.account.models import EmailAddress

    person = UserFactory(
        username=USERNAME,
        email=EMAIL,
        display_name=DISPLAY_NAME,
        bio=BIO,
        first_name=FIRST_NAME,
        last_name=LAST_NAME,
    )
    EmailAddress.objects.create(user=person, email=SECOND_EMAIL, verified=True, primary=False)
    set_reputation(person, 1000)
    others = [UserFactory(username=f"other{index}") for index in range(3)]
    for other in others:
        set_reputation(other, 1000)

    # A rep for a while: granted, tags, a claim, an assignment, a dismissal; then revoked.
    team_actions.grant_role(user=person, role="rep", by=lead)
    person = User.objects.get(pk=person.pk)
    queued = make_thread(author=others[0], title="The hub loses its settings after a storm")
    response_actions.set_rep_tags(rep=person, tag_ids=list(queued.tags.values_list("pk", flat=True)))
    response_actions.assign_thread(thread=queued, rep=person, by=lead)
    dismissed = make_thread(author=others[1], title="Billing shows the wrong month again")
    response_actions.dismiss_thread(thread=dismissed, by=lead, reason=f"{DISPLAY_NAME} called the customer back")
    team_actions.revoke_role(user=person, role="rep", by=lead)
    person = User.objects.get(pk=person.pk)

    # A member: asks, answers (followers hear their name), votes, says me too, follows, flags.
    own = make_thread(author=person, title="Which cable goes into the grey port")
    make_answer(thread=own, author=others[0], body="The white cable goes into the grey port.")
    answered = make_thread(author=others[1], title="The light on the hub stays amber")
    forum_actions.follow_thread(user=others[2], thread=answered)
    reply = make_answer(thread=answered, author=person, body="Mine did that until I swapped the power brick.")
    forum_actions.cast_vote(voter=person, post=answered.posts.get(is_question=True), value=1)
    forum_actions.cast_vote(voter=others[2], post=reply, value=1)
    forum_actions.set_me_too(user=person, thread=queued, on=True)
    moderation_actions.flag_post(post=queued.posts.get(is_question=True), flagger=person, reason="other", note="Dup")
    moderation_actions.flag_post(
        post=reply, flagger=others[0], reason="other", note=f"{DISPLAY_NAME} wrote to me at {EMAIL}"
    )
    response_actions.request_official_response(thread=own, by=person)

    # Private cases: their own, where a rep greets them by name; another member's, which quotes them.
    own_case, _ = case_actions.open_case(thread=own, by=lead, message=f"Hi {DISPLAY_NAME}, can we talk privately?")
    case_actions.post_case_message(case=own_case, author=person, body=f"Reach me at {EMAIL}, please.")
    case_actions.open_case(thread=answered, by=lead, message=f"{DISPLAY_NAME} suggested swapping the power brick.")

    # Moderated: suspended with their name in the reason, lifted; a post hidden, a review asked.
    moderation_actions.suspend_member(
        member=person, by=moderator, until=timezone.now() + timedelta(days=1), reason=f"{USERNAME} posted links"
    )
    moderation_actions.lift_suspension(member=person, by=moderator, reason=f"{DISPLAY_NAME} apologised")
    spam = make_answer(thread=queued, author=person, body="Try the other shop down the road for cables.")
    moderation_actions.hide_post(post=spam, by=moderator, rule="off_topic", reason=f"not {USERNAME}'s best")
    moderation_actions.request_review(post=spam, by=person, note=f"It is me, {DISPLAY_NAME}; please look again")

    # The admin's history names the account as it was called.
    AdminLogEntry.objects.log_actions(
        user_id=lead.pk, queryset=[person], action_flag=ADDITION, change_message=f"Added {DISPLAY_NAME}"
    )
    return person


def text_columns(model) -> list[str]:
    return [
        field.name
        for field in model._meta.get_fields()
        if field.concrete and isinstance(field, models.CharField | models.TextField | models.JSONField)
    ]


def rows_holding(text: str) -> set[str]:
    """Every model.field holding `text` anywhere (any case), with how many rows."""
    found = set()
    for model in apps.get_models(include_auto_created=True):
        for name in text_columns(model):
            rows = model._base_manager.annotate(as_text=Cast(name, models.TextField())).filter(as_text__icontains=text)
            if count := rows.count():
                found.add(f"{model._meta.label}.{name} ({count})")
    return found


def test_the_scene_spreads_the_member_s_personal_data_around(member):
    """The other test proves something only if the data was there to erase."""
    holding = {place for text in PERSONAL for place in rows_holding(text)}
    for place in (
        "accounts.User.username",
        "forum.Notification.text",  # their own: the suspension's reason, told to them
        "forum.ThreadEvent.note",
        "moderation.LogEntry.reason",
        "moderation.Flag.note",
        "moderation.ReviewRequest.note",
        "responses.QueueDismissal.reason",
        "account.EmailAddress.email",
        "admin.LogEntry.object_repr",
    ):
        assert any(held.startswith(place) for held in holding), place


def test_where_the_site_says_who_did_it_it_holds_the_member_by_id(member):
    """Other members' notifications, the threads' histories and the team's log refer to the
    member by id (issue 24); their name and email are copied into none of them."""
    notifications = apps.get_model("forum.Notification").objects.exclude(recipient=member)
    events = apps.get_model("forum.ThreadEvent").objects.exclude(kind="dismissed")  # a lead's reason
    changes = apps.get_model("team.TeamChange").objects.all()
    assert notifications.filter(actor=member).exists()  # "… answered", to a follower
    assert events.filter(subject=member).exists()  # "assigned the thread to …"
    assert changes.filter(member=member).count() == 2  # the rep's role, granted and revoked
    for text in (USERNAME, DISPLAY_NAME, EMAIL):
        assert not notifications.filter(Q(text__icontains=text) | Q(details__icontains=text)).exists(), text
        assert not events.filter(note__icontains=text).exists(), text
        assert not changes.filter(Q(subject__icontains=text) | Q(detail__icontains=text)).exists(), text


def test_nothing_of_a_deleted_member_s_personal_data_remains_anywhere(member):
    device = Client()
    device.force_login(member)
    client = Client()
    client.force_login(member)
    response = client.post(reverse("accounts:delete_account"), {"password": PASSWORD, "understood": "on"})
    assert response.status_code == 302

    for text in PERSONAL:
        assert rows_holding(text) == OTHERS_WORDS.get(text, set()), text
    for key in ERASED:
        label, field = key.rsplit(".", 1)
        model = apps.get_model(label)
        assert not model._base_manager.filter(**{field: member.pk}).exists(), key
    assert not MemberSession.objects.filter(account_id=member.pk).exists()
    assert reputation.rebuild_all() == []

    # What stays reads "a former member"; what others wrote about them stays as they wrote it.
    assert User.objects.get(pk=member.pk).name == "a former member"
    dismissal = apps.get_model("responses", "QueueDismissal").objects.get()
    assert dismissal.reason == f"{DISPLAY_NAME} called the customer back"


def test_a_moderator_deleting_the_account_erases_as_much(member, moderator):
    moderation_actions.delete_member(
        member=member, by=moderator, reason=f"spam from {DISPLAY_NAME}", withdraw_posts=True
    )
    # The moderator's reason names them: the moderator's words, kept as written.
    left = {**OTHERS_WORDS, DISPLAY_NAME: OTHERS_WORDS[DISPLAY_NAME] - {"moderation.LogEntry.reason (1)"}}
    left[DISPLAY_NAME] |= {"moderation.LogEntry.reason (2)"}
    for text in PERSONAL:
        assert rows_holding(text) == left.get(text, set()), text
    assert reputation.rebuild_all() == []


def test_the_names_of_other_members_are_left_alone(member, lead):
    from accounts.actions import delete_account

    thread = member.threads.first()
    follower = UserFactory()
    forum_actions.follow_thread(user=follower, thread=thread)
    forum_actions.post_answer(author=lead, thread=thread, body="Lena here: swap the cable.")
    delete_account(member=member, by=member)
    # Another follower's notification of the lead's answer still names the lead.
    notice = apps.get_model("forum.Notification").objects.get(recipient=follower, actor=lead)
    assert notice.message == f"Lena Lead answered “{thread.title}”"
    assert User.objects.get(pk=lead.pk).display_name == "Lena Lead"
