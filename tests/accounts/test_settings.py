"""The settings page is writing like any other: a suspended member changes nothing there."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import User

pytestmark = pytest.mark.django_db


def save_settings(client):
    return client.post(
        reverse("accounts:settings"), {"display_name": "A new name", "bio": "A new bio", "email_notifications": "on"}
    )


def test_a_suspended_member_cannot_change_their_name_or_bio(client, member):
    User.objects.filter(pk=member.pk).update(
        suspended_until=timezone.now() + timedelta(days=3), suspension_reason="Insults after a warning"
    )
    client.force_login(member)
    response = save_settings(client)
    assert response.status_code == 403
    assert "Insults after a warning" in response.content.decode()
    member.refresh_from_db()
    assert (member.display_name, member.bio) == ("Member", "")


def test_a_member_whose_suspension_ended_changes_them_again(client, member):
    User.objects.filter(pk=member.pk).update(suspended_until=timezone.now() - timedelta(minutes=1))
    client.force_login(member)
    assert save_settings(client).status_code == 302
    member.refresh_from_db()
    assert (member.display_name, member.bio) == ("A new name", "A new bio")
