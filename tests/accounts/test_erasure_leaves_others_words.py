"""Deleting an account never rewrites anyone else's words (issue 24).

A member named `https` ("The") and one named `reset` ("Help") delete their accounts on a forum
whose reps, leads, moderators and members wrote "the", "https://example.com/reset" and "help"
everywhere. Every column of every row of every model (django.apps.get_models(), so a new table
is covered by itself) is read before and after: only the leavers' own rows go or change, and
then only as listed here. Where the site shows who did something, it names them by id, so
their name reads "a former member" without any text being edited."""

import pytest
from django.apps import apps
from django.contrib.admin.models import LogEntry as AdminLogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.deletion import Collector
from django.db.models.functions import Cast
from django.test import Client
from django.urls import reverse

from accounts.erasure import FORMER_MEMBER
from accounts.models import MemberSession, User
from moderation import actions as moderation_actions
from tests.accounts.erasure_world import HELP_EMAIL, THE_EMAIL, World, as_page, build_world
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

# The foreign keys through which a row is the member's own and goes with their account (with
# whatever cascades from it: a customer's case takes its messages and invitation along).
OWN_ROWS = {
    "forum.Notification.recipient",
    "forum.Follow.user",
    "reminders.TagFollow.user",
    "reminders.MemberDigest.user",
    "responses.QueueClaim.claimed_by",
    "responses.RepTag.rep",
    "ideas.IdeaDoneNotice.user",
    "cases.Case.customer",
    "account.EmailAddress.user",
    "accounts.User_groups.user",
    "accounts.User_user_permissions.user",
    "api.ApiToken.user",
}


def snapshot() -> dict[str, dict[object, dict]]:
    """Every concrete column of every row of every model, by model and primary key."""
    rows = {}
    for model in apps.get_models(include_auto_created=True):
        columns = [field.attname for field in model._meta.concrete_fields]
        key = model._meta.pk.attname
        rows[model._meta.label] = {row[key]: row for row in model._base_manager.values(*columns)}
    return rows


def own_rows(leavers: list[User]) -> set[tuple[str, object]]:
    """(model, pk) of every row that is a leaver's own, and of what deleting it cascades to."""
    collector = Collector(using="default")
    for key in OWN_ROWS:
        label, field = key.rsplit(".", 1)
        collector.collect(list(apps.get_model(label)._base_manager.filter(**{f"{field}__in": leavers})))
    found = {(model._meta.label, obj.pk) for model, objs in collector.data.items() for obj in objs}
    for queryset in collector.fast_deletes:
        found |= {(queryset.model._meta.label, pk) for pk in queryset.values_list("pk", flat=True)}
    sessions = MemberSession.objects.filter(account_id__in=[leaver.pk for leaver in leavers])
    return found | {("accounts.MemberSession", key) for key in sessions.values_list("pk", flat=True)}


def expected_changes(leavers: list[User]) -> dict[tuple[str, object], dict]:
    """The only columns of rows that stay which the deletion changes: the leavers' own notes on
    flags and review requests, the admin's name for their account and addresses, and the cases
    they handled (back to the team)."""
    flag, review = apps.get_model("moderation.Flag"), apps.get_model("moderation.ReviewRequest")
    case = apps.get_model("cases.Case")
    changes = {
        ("moderation.Flag", pk): {"note": ""}
        for pk in flag.objects.filter(flagger__in=leavers).values_list("pk", flat=True)
    }
    changes |= {
        ("moderation.ReviewRequest", pk): {"note": ""}
        for pk in review.objects.filter(post__author__in=leavers).values_list("pk", flat=True)
    }
    changes |= {
        ("cases.Case", pk): {"handled_by_id": None}
        for pk in case.objects.filter(handled_by__in=leavers).values_list("pk", flat=True)
    }
    user_type = ContentType.objects.get_for_model(User)
    address_type = ContentType.objects.get_by_natural_key("account", "emailaddress")
    addresses = apps.get_model("account.EmailAddress").objects.filter(user__in=leavers).values_list("pk", flat=True)
    about_them = AdminLogEntry.objects.filter(
        models.Q(content_type=user_type, object_id__in=[str(leaver.pk) for leaver in leavers])
        | models.Q(content_type=address_type, object_id__in=[str(pk) for pk in addresses])
    )
    changes |= {
        ("admin.LogEntry", pk): {"object_repr": FORMER_MEMBER} for pk in about_them.values_list("pk", flat=True)
    }
    return changes


def rows_holding(text: str) -> list[str]:
    """Every model.column whose text holds `text` (any case), with how many rows."""
    found = []
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.concrete_fields:
            if isinstance(field, models.CharField | models.TextField | models.JSONField):
                as_text = Cast(field.attname, models.TextField())
                if count := model._base_manager.annotate(as_text=as_text).filter(as_text__icontains=text).count():
                    found.append(f"{model._meta.label}.{field.name} ({count})")
    return found


def delete_both(world: World) -> None:
    """`the` deletes their own account from the settings page; a moderator deletes `reset`'s."""
    client = Client()
    client.force_login(world.the)
    page = client.post(reverse("accounts:delete_account"), {"password": PASSWORD, "understood": "on"})
    assert page.status_code == 302
    moderation_actions.delete_member(member=world.help, by=world.mo, reason="Spam: help, reset", withdraw_posts=False)


@pytest.fixture
def world(settings) -> World:
    settings.WEBHOOKS_REQUIRE_HTTPS = False
    settings.PAGE_CACHE = False
    return build_world()


def test_deleting_accounts_named_after_common_words_changes_nobody_else_s_rows(world):
    leavers = [world.the, world.help]
    before = snapshot()
    owned = own_rows(leavers)
    changes = expected_changes(leavers)
    # The scene gave them rows of their own to lose, and rows of theirs that stay but change.
    assert len(owned) > 20
    # (The case `the` looked after went back to the team when their roles were revoked, before
    # the deletion: revoking releases cases as it releases claims.)
    assert {label for label, _pk in changes} == {
        "moderation.Flag",
        "moderation.ReviewRequest",
        "admin.LogEntry",
    }

    delete_both(world)
    after = snapshot()

    damaged, lost = [], []
    for label, rows in before.items():
        for pk, row in rows.items():
            if (label, pk) in owned:
                assert pk not in after[label], f"{label} {pk} is the leaver's own and should be gone"
                continue
            if label == "accounts.User" and pk in {leaver.pk for leaver in leavers}:
                continue  # their own row: checked below
            if pk not in after[label]:
                lost.append(f"{label} {pk}")
                continue
            expected = {**row, **changes.get((label, pk), {})}
            if after[label][pk] != expected:
                differing = sorted(key for key in row if after[label][pk][key] != expected[key])
                damaged.append(f"{label} {pk}: {differing} {[after[label][pk][key] for key in differing]}")
    assert not damaged, "\n".join(damaged)
    assert not lost, "\n".join(lost)
    new = {label: sorted(set(after[label]) - set(rows)) for label, rows in before.items()}
    assert {label: pks for label, pks in new.items() if pks} == {
        "moderation.LogEntry": new["moderation.LogEntry"]  # the moderator's deletion of `reset`
    }
    assert len(new["moderation.LogEntry"]) == 1


def test_the_leavers_names_and_emails_are_gone_from_everything_that_was_theirs(world):
    delete_both(world)
    for email in (THE_EMAIL, HELP_EMAIL, "https@", "reset@"):
        assert rows_holding(email) == [], email
    for leaver in (world.the, world.help):
        row = User.objects.get(pk=leaver.pk)
        assert (row.username, row.display_name, row.email, row.bio) == (f"former-{leaver.pk}", "", "", "")
        assert row.name == FORMER_MEMBER
    assert not apps.get_model("moderation.Flag").objects.filter(flagger=world.the).exclude(note="").exists()
    assert (
        not apps.get_model("moderation.ReviewRequest").objects.filter(post__author=world.the).exclude(note="").exists()
    )
    user_type = ContentType.objects.get_for_model(User)
    assert set(
        AdminLogEntry.objects.filter(content_type=user_type, object_id=str(world.the.pk)).values_list(
            "object_repr", flat=True
        )
    ) == {FORMER_MEMBER}


def texts(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_where_the_site_says_who_did_it_a_leaver_reads_a_former_member(world):
    ada, rita, ben, lena = (as_page(person) for person in (world.ada, world.rita, world.ben, world.lena))
    answered = "answered “How do I reset the hub? The https page will not help”"
    assert f"The {answered}" in texts(ada, reverse("forum:notifications"))
    assert "Help answered “Reset help needed for the https login”" in texts(ben, reverse("forum:notifications"))
    assert "Lena Lead assigned the thread to The" in texts(rita, world.assigned_thread_url)
    assert THE_EMAIL in texts(lena, reverse("team:log"))
    assert "Disabled by The." in texts(lena, world.webhook_by_the_url)

    delete_both(world)

    assert f"{FORMER_MEMBER} {answered}" in texts(ada, reverse("forum:notifications"))
    assert f"The {answered}" not in texts(ada, reverse("forum:notifications"))
    assert "a former member answered “Reset help needed for the https login”" in texts(
        ben, reverse("forum:notifications")
    )
    rita_reads = texts(rita, reverse("forum:notifications"))
    assert "a former member edited an answer you made official on “How do I reset the hub?" in rita_reads
    assert "a former member replied in the private case about “The https light on my hub blinks”" in rita_reads
    assert "Lena Lead assigned you “Help: the https page of the router”" in rita_reads  # others' names stay
    assert "Lena Lead assigned the thread to a former member" in texts(rita, world.assigned_thread_url)
    log = texts(lena, reverse("team:log"))
    assert THE_EMAIL not in log
    assert "rita@example.com" in log
    assert "Disabled by a former member." in texts(lena, world.webhook_by_the_url)
    assert "Disabled by Lena Lead." in texts(lena, world.webhook_by_lena_url)
