"""Holders of a permission are one query that agrees with has_perm(): through a group, as
the user's own permission, as a superuser, and never while inactive or suspended. The verified badge on
every list (carries_verified_badge) is that query."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from accounts.models import User
from accounts.permissions import carries_verified_badge, has_verified_badge, holders_of
from forum.models import Post
from tests.factories import UserFactory, make_answer, make_thread

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(db) -> dict[str, User]:
    later, earlier = timezone.now() + timedelta(days=1), timezone.now() - timedelta(seconds=1)
    direct = UserFactory(username="direct")
    direct.user_permissions.add(Permission.objects.get(codename="verified_staff", content_type__app_label="accounts"))
    return {
        "member": UserFactory(username="member"),
        "rep": UserFactory(username="rep", groups=["Reps"]),
        "direct": direct,
        "superuser": UserFactory(username="superuser", is_superuser=True),
        "inactive_rep": UserFactory(username="inactive_rep", groups=["Reps"], is_active=False),
        "inactive_superuser": UserFactory(username="inactive_superuser", is_superuser=True, is_active=False),
        # A suspension removes every power while it lasts (issue 24), and ends on time.
        "suspended_rep": UserFactory(username="suspended_rep", groups=["Reps"], suspended_until=later),
        "suspended_superuser": UserFactory(username="suspended_superuser", is_superuser=True, suspended_until=later),
        "rep_suspended_before": UserFactory(username="rep_suspended_before", groups=["Reps"], suspended_until=earlier),
    }


BADGED = {"rep", "direct", "superuser", "rep_suspended_before"}


def test_the_holders_of_a_permission_are_exactly_those_has_perm_says_yes_to(people):
    holders = set(holders_of("verified_staff").values_list("username", flat=True))
    assert holders == BADGED
    for name, user in people.items():
        fresh = User.objects.get(pk=user.pk)  # no cached permissions
        assert fresh.has_perm("accounts.verified_staff") == (name in holders), name


def test_lists_badge_the_same_people_as_has_verified_badge(people):
    annotated = dict(
        User.objects.filter(pk__in=[user.pk for user in people.values()])
        .annotate(badge=carries_verified_badge("pk"))
        .values_list("username", "badge")
    )
    assert {name for name, badge in annotated.items() if badge} == BADGED
    for name, user in people.items():
        assert has_verified_badge(User.objects.get(pk=user.pk)) == annotated[name], name


def test_an_answer_by_a_superuser_or_a_direct_holder_shows_the_badge_but_not_once_inactive(people, client):
    thread = make_thread(author=people["member"])
    for name in ("direct", "superuser", "member"):
        make_answer(thread=thread, author=people[name], body=f"An answer written by {name}, step by step.")
    badges = dict(
        Post.objects.filter(thread=thread, is_question=False)
        .with_author()
        .values_list("author__username", "author_is_verified")
    )
    assert badges == {"direct": True, "superuser": True, "member": False}
    User.objects.filter(pk=people["superuser"].pk).update(is_active=False)
    html = client.get(thread.get_absolute_url()).content.decode()
    assert html.count("badge--verified") == 1  # the direct holder's only
