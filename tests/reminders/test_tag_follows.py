"""Members follow a tag from its page (POST /tags/<slug>/follow/ and /unfollow/) and see the
tags they follow, with the digest choice, on their settings page."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from accounts.models import User
from reminders import actions
from reminders.models import TagFollow
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def follow_url(slug: str = "wifi") -> str:
    return reverse("reminders:follow_tag", args=[slug])


def unfollow_url(slug: str = "wifi") -> str:
    return reverse("reminders:unfollow_tag", args=[slug])


def follows(user, tag) -> bool:
    return TagFollow.objects.filter(user=user, tag=tag).exists()


def suspend(user) -> None:
    User.objects.filter(pk=user.pk).update(
        suspended_until=timezone.now() + timedelta(days=2), suspension_reason="Shouting at other members"
    )


def test_a_member_follows_a_tag_from_its_page(client, member, wifi):
    client.force_login(member)
    page = client.get(reverse("forum:tag", args=["wifi"])).content.decode()
    assert f'action="{follow_url()}"' in page
    assert "Follow this tag" in page
    response = client.post(follow_url())
    assert response.status_code == 302
    assert response["Location"] == reverse("forum:tag", args=["wifi"])
    assert follows(member, wifi)
    page = client.get(response["Location"]).content.decode()
    assert f'action="{unfollow_url()}"' in page
    assert "Choose the weekly digest" in page  # they have not chosen it yet


def test_following_twice_is_one_follow(client, member, wifi):
    client.force_login(member)
    client.post(follow_url())
    client.post(follow_url())
    assert TagFollow.objects.filter(user=member).count() == 1


def test_a_member_unfollows_a_tag(client, member, wifi):
    actions.follow_tag(user=member, tag=wifi)
    client.force_login(member)
    assert client.post(unfollow_url()).status_code == 302
    assert not follows(member, wifi)


def test_htmx_gets_the_button_in_its_new_state(client, member, wifi):
    client.force_login(member)
    response = client.post(follow_url(), headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert f'action="{unfollow_url()}"' in response.content.decode()
    response = client.post(unfollow_url(), headers={"HX-Request": "true"})
    assert f'action="{follow_url()}"' in response.content.decode()


@pytest.mark.parametrize("url", [follow_url, unfollow_url])
def test_a_visitor_is_sent_to_log_in(client, wifi, url):
    response = client.post(url())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert not TagFollow.objects.exists()


@pytest.mark.parametrize("url", [follow_url, unfollow_url])
@pytest.mark.parametrize("method", ["get", "head", "put", "delete"])
def test_the_follow_urls_take_post_only(client, member, wifi, url, method):
    client.force_login(member)
    assert getattr(client, method)(url()).status_code == 405
    assert not follows(member, wifi)


@pytest.mark.parametrize("url", [follow_url, unfollow_url])
def test_an_unknown_tag_is_not_found(client, member, url):
    client.force_login(member)
    assert client.post(url("no-such-tag")).status_code == 404


def test_a_suspended_member_cannot_follow_a_tag(client, member, wifi):
    suspend(member)
    client.force_login(member)
    response = client.post(follow_url())
    assert response.status_code == 403
    assert "Shouting at other members" in response.content.decode()
    assert not follows(member, wifi)


def test_a_suspended_member_can_still_unfollow_a_tag(client, member, wifi):
    actions.follow_tag(user=member, tag=wifi)
    suspend(member)
    client.force_login(member)
    assert client.post(unfollow_url()).status_code == 302
    assert not follows(member, wifi)


def test_a_suspended_member_sees_why_the_button_is_disabled(client, member, wifi):
    suspend(member)
    client.force_login(member)
    page = client.get(reverse("forum:tag", args=["wifi"])).content.decode()
    assert 'aria-disabled="true"' in page
    assert "suspended until" in page


def test_a_visitor_s_tag_page_offers_to_log_in_and_holds_no_form_token(client, wifi):
    page = client.get(reverse("forum:tag", args=["wifi"])).content.decode()
    assert f"{reverse('account_login')}?next={reverse('forum:tag', args=['wifi'])}" in page
    assert follow_url() not in page
    assert "csrfmiddlewaretoken" not in page  # still one copy shared by every visitor


def test_the_tag_page_runs_the_same_queries_for_a_member_following_or_not(
    client, member, wifi, settings, django_assert_num_queries
):
    settings.PAGE_CACHE = False
    client.force_login(member)
    url = reverse("forum:tag", args=["wifi"])
    client.get(url)
    with CaptureQueriesContext(connection) as not_following:
        client.get(url)
    actions.follow_tag(user=member, tag=wifi)
    with django_assert_num_queries(len(not_following)):
        client.get(url)


# --- The settings page ----------------------------------------------------------------------


def settings_form(**changes) -> dict:
    return {"display_name": "", "bio": "", "email_notifications": "on", **changes}


def test_a_member_chooses_the_weekly_digest_in_their_settings(client, member):
    client.force_login(member)
    page = client.get(reverse("accounts:settings")).content.decode()
    assert 'name="weekly_digest"' in page
    assert "Weekly digest of unanswered questions" in page
    assert client.post(reverse("accounts:settings"), settings_form(weekly_digest="on")).status_code == 302
    assert User.objects.get(pk=member.pk).weekly_digest


def test_a_member_turns_the_digest_off_again(client, member):
    User.objects.filter(pk=member.pk).update(weekly_digest=True)
    client.force_login(member)
    client.post(reverse("accounts:settings"), settings_form())
    assert not User.objects.get(pk=member.pk).weekly_digest


def test_the_settings_page_lists_the_tags_followed_with_a_way_to_unfollow(client, member, wifi):
    billing = Tag.objects.create(name="billing", slug="billing")
    actions.follow_tag(user=member, tag=wifi)
    actions.follow_tag(user=member, tag=billing)
    client.force_login(member)
    page = client.get(reverse("accounts:settings")).content.decode()
    assert "Tags you follow" in page
    assert page.index(unfollow_url("billing")) < page.index(unfollow_url("wifi"))  # by name
    response = client.post(unfollow_url("billing"), {"back": "settings"})
    assert response["Location"] == reverse("accounts:settings")
    assert not follows(member, billing)


def test_the_settings_page_says_a_digest_needs_tags(client, member):
    User.objects.filter(pk=member.pk).update(weekly_digest=True)
    client.force_login(member)
    page = client.get(reverse("accounts:settings")).content.decode()
    assert "You follow no tags yet, so your weekly digest has nothing to send" in page
    assert reverse("forum:tags") in page


def test_the_settings_page_runs_the_same_queries_for_2_and_60_tags_followed(
    client, member, settings, django_assert_num_queries
):
    settings.PAGE_CACHE = False
    client.force_login(member)
    for index in range(2):
        actions.follow_tag(user=member, tag=Tag.objects.create(name=f"tag{index}", slug=f"tag{index}"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("accounts:settings"))
    for index in range(2, 60):
        actions.follow_tag(user=member, tag=Tag.objects.create(name=f"tag{index}", slug=f"tag{index}"))
    with django_assert_num_queries(len(few)):
        page = client.get(reverse("accounts:settings")).content.decode()
    assert page.count(">Unfollow<") == 50  # a page of them, with the next one a link away
    assert "?tags_page=2" in page


def test_another_member_s_follows_are_not_listed(client, member, wifi):
    actions.follow_tag(user=UserFactory(), tag=wifi)
    client.force_login(member)
    assert unfollow_url() not in client.get(reverse("accounts:settings")).content.decode()
