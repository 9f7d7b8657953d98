"""Member and staff read pages answer HEAD; form pages refuse PUT, PATCH and DELETE. The crawl
of every page by every role, and HEAD on each page it reaches: test_links.py."""

import pytest

from tests.factories import UserFactory, make_thread


@pytest.mark.parametrize("url", ["/ask/", "/settings/", "/notifications/", "/official/", "/dashboard/"])
def test_member_and_staff_read_pages_answer_head(lead, client, url):
    client.force_login(lead)
    assert client.head(url).status_code == 200


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
@pytest.mark.parametrize("url", ["/ask/", "/settings/", "/", "/u/member/", "/search/?q=router", "/notifications/"])
def test_pages_refuse_methods_they_do_not_handle(member, client, method, url):
    client.force_login(member)
    assert getattr(client, method)(url).status_code == 405


def test_editing_a_post_refuses_put(member, client):
    client.force_login(member)
    thread = make_thread(author=member)
    assert client.put(f"/p/{thread.posts.get().pk}/edit/").status_code == 405


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
@pytest.mark.parametrize(
    "url",
    [
        "/moderation/p/{post}/flag/",
        "/moderation/p/{post}/review/",
        "/official/tags/",
        "/team/",
        "/team/lags/default/",
        "/team/lags/",
        "/team/lags/{tag}/remove/",
        "/team/tags/",
        "/team/tags/new/",
        "/team/tags/{tag}/",
        "/team/tags/{tag}/rename/",
        "/team/tags/{tag}/describe/",
        "/team/tags/{tag}/merge/",
        "/team/people/",
        "/team/people/grant/",
        "/team/people/{user}/revoke/",
        "/team/log/",
    ],
)
def test_moderation_queue_and_team_pages_refuse_methods_they_do_not_handle(db, client, method, url):
    # Someone who may use every one of these pages, so that a 405 is about the method alone.
    staff = UserFactory(groups=["Reps", "Leads", "Moderators"])
    thread = make_thread(author=UserFactory(), tags=["wifi"])
    address = url.format(post=thread.posts.get().pk, tag=thread.tags.get().pk, user=UserFactory(groups=["Reps"]).pk)
    client.force_login(staff)
    assert getattr(client, method)(address).status_code == 405
