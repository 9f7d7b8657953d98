"""Personal API tokens: made on the settings page and shown once, stored only as a hash,
scoped, revoked for good, their last use recorded at most once a minute, and only ever
acting as their own member."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from api import tokens
from api.models import ApiToken
from forum.models import Post
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ANSWER = {"body": "Hold the reset button for ten seconds, then wait."}


def _create_on_the_page(client, user, **form) -> tuple:
    client.force_login(user)
    response = client.post(reverse("api_tokens:list"), {"name": "help desk sync", "scope": "write", **form})
    return response, response.context["token"] if response.context and "token" in response.context else None


def test_the_token_is_shown_once_and_only_its_hash_is_stored(client, member):
    response, token = _create_on_the_page(client, member)
    assert response.status_code == 200
    assert token.startswith("hc_")
    assert token in response.content.decode()
    assert response["Cache-Control"].startswith("max-age=0") or "no-store" in response["Cache-Control"]
    row = ApiToken.objects.get(user=member)
    stored = " ".join(str(value) for value in ApiToken.objects.filter(pk=row.pk).values_list().get())
    assert token not in stored
    assert token.split("_", 2)[2] not in stored  # the secret part, which may hold "_" itself
    assert row.key_hash == tokens.hash_token(token)
    assert len(row.key_hash) == 64
    assert token not in str(dict(client.session))  # not kept in the session either
    listing = client.get(reverse("api_tokens:list")).content.decode()
    assert row.prefix in listing
    assert "help desk sync" in listing
    assert token not in listing


def test_a_read_token_reads_and_is_refused_writes_with_the_scope_code(client, member, thread, make_token, bearer):
    api = bearer(make_token(member, scope="read"))
    assert api.get(reverse("api:threads")).status_code == 200
    response = api.post(reverse("api:answer", args=[thread.pk]), ANSWER, content_type="application/json")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "token_scope"
    assert not Post.objects.filter(author=member).exists()


def test_a_write_token_writes_as_its_member(member, thread, make_token, bearer):
    response = bearer(make_token(member)).post(
        reverse("api:answer", args=[thread.pk]), ANSWER, content_type="application/json"
    )
    assert response.status_code == 201
    assert Post.objects.get(pk=response.json()["id"]).author == member


def test_a_revoked_token_is_refused_with_401_from_then_on(client, member, thread, bearer):
    _response, token = _create_on_the_page(client, member)
    api = bearer(token)
    assert api.get(reverse("api:threads")).status_code == 200
    row = ApiToken.objects.get(user=member)
    assert client.post(reverse("api_tokens:revoke"), {"token": row.pk}).status_code == 302
    refused = api.post(reverse("api:answer", args=[thread.pk]), ANSWER, content_type="application/json")
    assert refused.status_code == 401
    assert refused.json()["error"]["code"] == "authentication_failed"
    assert refused["WWW-Authenticate"].startswith("Bearer")
    assert api.get(reverse("api:threads")).status_code == 401
    assert "Revoked" in client.get(reverse("api_tokens:list")).content.decode()


@pytest.mark.parametrize(
    "header", ["Bearer hc_deadbeef_nothing", "Bearer nonsense", "Bearer", "Bearer a b", "Bearer hc_" + "x" * 5000]
)
def test_an_unknown_or_malformed_token_is_a_401_never_the_anonymous_visitor(client, header):
    response = client.get(reverse("api:threads"), headers={"Authorization": header})
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "authentication_failed"


def test_a_token_with_the_right_prefix_and_a_wrong_secret_is_refused(member, make_token, bearer):
    token = make_token(member)
    assert bearer(token[:-4] + "AAAA").get(reverse("api:threads")).status_code == 401


def test_another_members_token_is_not_revoked_by_you(client, member, make_token):
    make_token(UserFactory(username="other"))
    theirs = ApiToken.objects.get(user__username="other")
    client.force_login(member)
    assert client.post(reverse("api_tokens:revoke"), {"token": theirs.pk}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.revoked_at is None


def test_a_token_acts_as_its_own_member_never_as_the_session_beside_it(client, member, rep, make_token):
    """A member's token sent with a rep's session is the member: the queue is refused."""
    client.force_login(rep)
    response = client.get(reverse("api:queue"), headers={"Authorization": f"Bearer {make_token(member)}"})
    assert response.status_code == 403
    assert client.get(reverse("api:queue")).status_code == 200  # the rep's session alone


def test_last_used_is_written_at_most_once_a_minute(member, make_token, bearer):
    token = make_token(member)
    api = bearer(token)
    row = ApiToken.objects.get(user=member)
    assert row.last_used_at is None
    api.get(reverse("api:tags"))
    row.refresh_from_db()
    first = row.last_used_at
    assert first is not None
    api.get(reverse("api:tags"))
    row.refresh_from_db()
    assert row.last_used_at == first  # a second read a moment later writes nothing
    ApiToken.objects.filter(pk=row.pk).update(last_used_at=first - timedelta(minutes=2))
    api.get(reverse("api:tags"))
    row.refresh_from_db()
    assert row.last_used_at > first - timedelta(minutes=1)


def test_a_suspended_members_token_reads_but_does_not_write(member, moderator, thread, make_token, bearer):
    from moderation.actions.suspensions import suspend_member

    api = bearer(make_token(member))
    suspend_member(member=member, by=moderator, until=timezone.now() + timedelta(days=1), reason="Spam")
    assert api.get(reverse("api:threads")).status_code == 200
    response = api.post(reverse("api:answer", args=[thread.pk]), ANSWER, content_type="application/json")
    assert response.status_code == 403
    assert "suspended" in response.json()["error"]["message"]


def test_a_suspended_member_sees_and_revokes_tokens_but_makes_none(client, member, moderator, make_token):
    from moderation.actions.suspensions import suspend_member

    make_token(member)
    suspend_member(member=member, by=moderator, until=timezone.now() + timedelta(days=1), reason="Spam")
    client.force_login(member)
    page = client.get(reverse("api_tokens:list"))
    assert page.status_code == 200
    assert "Create the token" not in page.content.decode()
    assert client.post(reverse("api_tokens:list"), {"name": "again", "scope": "read"}).status_code == 403
    row = ApiToken.objects.get(user=member)
    assert client.post(reverse("api_tokens:revoke"), {"token": row.pk}).status_code == 302
    row.refresh_from_db()
    assert row.is_revoked


def test_a_deleted_or_deactivated_account_s_token_is_refused(member, make_token, bearer):
    api = bearer(make_token(member))
    member.is_active = False
    member.save(update_fields=["is_active"])
    assert api.get(reverse("api:threads")).status_code == 401


def test_the_token_form_refuses_a_missing_name_and_an_unknown_scope(client, member):
    client.force_login(member)
    response = client.post(reverse("api_tokens:list"), {"name": "", "scope": "admin"})
    assert response.status_code == 400
    assert not ApiToken.objects.exists()
    assert "Name the token" in response.content.decode()


def test_the_settings_page_links_to_the_tokens(client, member):
    client.force_login(member)
    assert reverse("api_tokens:list") in client.get(reverse("accounts:settings")).content.decode()


def test_the_tokens_page_lists_only_your_own(client, member, make_token):
    make_token(UserFactory(username="other"), name="not yours")
    make_token(member, name="yours")
    client.force_login(member)
    content = client.get(reverse("api_tokens:list")).content.decode()
    assert "yours" in content
    assert "not yours" not in content


def test_recording_a_token_s_use_keeps_the_pages_cached(member, make_token, bearer, settings):
    """Only the member's own (never kept) token list shows it: it bumps no page version."""
    from tests.invalidation import assert_invalidates_nothing

    settings.PAGE_CACHE = True
    api = bearer(make_token(member))
    with assert_invalidates_nothing():
        api.get(reverse("api:tags"))
    assert ApiToken.objects.get(user=member).last_used_at is not None
