"""Names that pass a member off as the company or a rep are refused (security review, issue 8)."""

import pytest
from django.urls import reverse

from accounts.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def rita(db):
    return UserFactory(username="rita", display_name="Rita (Brightwave)", groups=["Reps"])


def save_display_name(client, name: str):
    return client.post(reverse("accounts:settings"), {"display_name": name, "bio": "", "email_notifications": "on"})


@pytest.mark.parametrize(
    "name",
    ["Rita (Brightwave)", "rita brightwave", "RITA", "Ｒｉｔａ", "Ri\u200bta", "Brightwave Support", "brightwave"],
)
def test_a_member_cannot_take_a_reps_name_or_the_companys(client, member, rita, name):
    client.force_login(member)
    response = save_display_name(client, name)
    assert response.status_code == 400
    assert User.objects.get(pk=member.pk).display_name == "Member"
    assert name in response.content.decode()  # what they typed is still in the box


def test_a_rep_may_carry_the_company_name(client, rita):
    other_rep = UserFactory(groups=["Reps"])
    client.force_login(other_rep)
    assert save_display_name(client, "Ravi (Brightwave)").status_code == 302
    client.force_login(rita)
    assert save_display_name(client, "Rita (Brightwave)").status_code == 302  # her own name


def test_an_ordinary_name_is_fine_and_invisible_characters_are_dropped(client, member, rita):
    client.force_login(member)
    assert save_display_name(client, "Ada\u202e Lovelace").status_code == 302
    assert User.objects.get(pk=member.pk).display_name == "Ada Lovelace"


def test_signing_up_with_a_reps_username_or_the_company_name_is_refused(client, rita, password):
    for username in ("ri_ta", "brightwave_help"):
        response = client.post(
            reverse("account_signup"),
            {"email": f"{username}@example.com", "username": username, "password1": password, "password2": password},
        )
        assert response.status_code == 200
        assert not User.objects.filter(email=f"{username}@example.com").exists()
