"""`manage.py setup` makes a new installation usable: a lead who can log in, tags a member
can ask under, the default lag."""

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from taggit.models import Tag

from accounts.models import User
from forum.models import Thread
from responses.lags import default_lag
from team.models import TeamChange
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead_password(monkeypatch):
    monkeypatch.setenv("HELPCIRCLE_LEAD_PASSWORD", PASSWORD)
    return PASSWORD


def test_setup_on_an_empty_database_lets_a_member_ask_a_question(client, lead_password):
    assert not User.objects.exists()
    assert not Tag.objects.exists()
    call_command("setup", "--email", "lead@example.com", "--name", "Lee", "--default-lag", "30", "--no-input")

    lead = User.objects.get(email="lead@example.com")
    assert lead.has_perm("accounts.manage_team")
    assert lead.has_perm("accounts.work_official_queue")
    assert default_lag().total_seconds() == 30 * 60
    assert sorted(Tag.objects.values_list("name", flat=True)) == ["account", "billing", "getting-started"]
    # The lead logs in with the password, through allauth (a confirmed address).
    response = client.post(reverse("account_login"), {"login": "lead@example.com", "password": lead_password})
    assert response.status_code == 302
    client.logout()

    newcomer = UserFactory()
    assert newcomer.reputation == 1
    client.force_login(newcomer)
    response = client.post(
        reverse("forum:ask"),
        {
            "title": "How do I change my billing date?",
            "body": "I get paid on the 28th; can my bill come after that?",
            "tags": "billing",
        },
    )
    assert response.status_code == 302
    assert Thread.objects.get().tag_names() == ["billing"]
    assert set(TeamChange.objects.values_list("action", flat=True)) == {
        "grant_role",
        "create_tag",
        "set_default_lag",
    }


def test_setup_run_twice_keeps_what_exists(lead_password):
    call_command("setup", "--email", "lead@example.com", "--no-input")
    call_command("setup", "--email", "lead@example.com", "--tags", "billing,outage", "--no-input")
    assert User.objects.count() == 1
    assert Tag.objects.filter(name="billing").count() == 1
    assert Tag.objects.filter(name="outage").exists()


def test_setup_makes_an_existing_member_a_lead_without_a_password(monkeypatch):
    monkeypatch.delenv("HELPCIRCLE_LEAD_PASSWORD", raising=False)
    member = UserFactory(email="owner@example.com")
    call_command("setup", "--email", "owner@example.com", "--no-input")
    assert User.objects.get(pk=member.pk).has_perm("accounts.manage_team")


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--tags", "wi fi,bad_tag"], "Not usable as tags"),
        (["--default-lag", "0"], "between 1 and"),
        (["--tags", ",".join(f"tag-{n}" for n in range(51))], "at most 50 tags"),
    ],
)
def test_setup_refuses_bad_arguments_before_changing_anything(lead_password, arguments, message):
    with pytest.raises(CommandError, match=message):
        call_command("setup", "--email", "lead@example.com", *arguments, "--no-input")
    assert not User.objects.exists()


def test_setup_needs_a_password_for_a_new_lead_and_refuses_a_weak_one(monkeypatch):
    monkeypatch.delenv("HELPCIRCLE_LEAD_PASSWORD", raising=False)
    with pytest.raises(CommandError, match="needs a password"):
        call_command("setup", "--email", "lead@example.com", "--no-input")
    monkeypatch.setenv("HELPCIRCLE_LEAD_PASSWORD", "123")
    with pytest.raises(CommandError, match=r"too short|too common|entirely numeric"):
        call_command("setup", "--email", "lead@example.com", "--no-input")
    assert not User.objects.exists()
