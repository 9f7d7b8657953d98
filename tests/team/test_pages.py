"""The team's pages: leads only, every change audited, bad input kept and explained."""

import pytest
from django.urls import reverse
from taggit.models import Tag

from responses.lags import default_lag
from responses.models import LagPolicy
from team.models import TeamChange
from tests.factories import UserFactory, make_thread

pytestmark = pytest.mark.django_db

PAGES = [
    ("get", "team:overview", {}),
    ("get", "team:tags", {}),
    ("get", "team:tag", {"tag_id": "TAG"}),
    ("get", "team:people", {}),
    ("get", "team:log", {}),
    ("post", "team:default_lag", {}),
    ("post", "team:tag_lag", {}),
    ("post", "team:remove_tag_lag", {"tag_id": "TAG"}),
    ("post", "team:create_tag", {}),
    ("post", "team:rename_tag", {"tag_id": "TAG"}),
    ("post", "team:describe_tag", {"tag_id": "TAG"}),
    ("post", "team:merge_tag", {"tag_id": "TAG"}),
    ("post", "team:grant_role", {}),
    ("post", "team:revoke_role", {"user_id": "USER"}),
]


@pytest.fixture
def wifi(db):
    return Tag.objects.create(name="wifi", slug="wifi")


def _url(name, kwargs, tag, user):
    values = {"TAG": tag.pk, "USER": user.pk}
    return reverse(name, kwargs={key: values[value] for key, value in kwargs.items()})


@pytest.mark.parametrize(("method", "name", "kwargs"), PAGES)
@pytest.mark.parametrize("role", ["member", "rep", "moderator"])
def test_every_team_page_is_refused_to_members_reps_and_moderators(client, wifi, method, name, kwargs, role):
    groups = {"member": [], "rep": ["Reps"], "moderator": ["Moderators"]}[role]
    user = UserFactory(groups=groups)
    client.force_login(user)
    response = getattr(client, method)(_url(name, kwargs, wifi, user))
    assert response.status_code == 403
    assert TeamChange.objects.count() == 0


@pytest.mark.parametrize(("method", "name", "kwargs"), PAGES)
def test_every_team_page_sends_anonymous_visitors_to_log_in(client, wifi, method, name, kwargs):
    response = getattr(client, method)(_url(name, kwargs, wifi, UserFactory()))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize(("name", "kwargs"), [(name, kwargs) for method, name, kwargs in PAGES if method == "get"])
def test_every_team_page_opens_for_a_lead_and_answers_head(lead_client, lead, wifi, name, kwargs):
    url = _url(name, kwargs, wifi, lead)
    assert lead_client.get(url).status_code == 200
    assert lead_client.head(url).status_code == 200


def test_a_lead_sees_the_team_link_in_their_menu_and_a_rep_does_not(client, lead_client):
    assert reverse("team:overview") in lead_client.get("/").content.decode()
    client.force_login(UserFactory(groups=["Reps"]))
    assert reverse("team:overview") not in client.get("/").content.decode()


def test_the_default_lag_is_changed_and_audited(lead_client, lead):
    response = lead_client.post(reverse("team:default_lag"), {"minutes": "45"})
    assert response.status_code == 302
    assert default_lag().total_seconds() == 45 * 60
    change = TeamChange.objects.get()
    assert (change.actor, change.action, change.detail) == (lead, TeamChange.Action.SET_DEFAULT_LAG, "45 min")
    assert "45 minutes" in lead_client.get(reverse("team:overview")).content.decode()


@pytest.mark.parametrize("minutes", ["0", "-5", "ten", "99999999", ""])
def test_a_bad_lag_is_refused_with_a_message_and_the_value_kept(lead_client, minutes):
    response = lead_client.post(reverse("team:default_lag"), {"minutes": minutes})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'aria-invalid="true"' in html
    assert f'value="{minutes}"' in html or minutes == ""
    assert TeamChange.objects.count() == 0


def test_a_tags_lag_is_set_changed_and_removed_each_audited(lead_client, wifi):
    lead_client.post(reverse("team:tag_lag"), {"tag": wifi.pk, "minutes": "15"})
    assert LagPolicy.objects.get(tag=wifi).lag_minutes == 15
    lead_client.post(reverse("team:tag_lag"), {"tag": wifi.pk, "minutes": "10"})
    assert LagPolicy.objects.get(tag=wifi).lag_minutes == 10
    lead_client.post(reverse("team:tag_lag"), {"tag": wifi.pk, "minutes": "10"})  # no change, no entry
    lead_client.post(reverse("team:remove_tag_lag", args=[wifi.pk]))
    assert not LagPolicy.objects.exists()
    details = list(TeamChange.objects.order_by("pk").values_list("action", "subject", "detail"))
    assert details == [
        ("set_tag_lag", "wifi", "15 min"),
        ("set_tag_lag", "wifi", "10 min (was 15 min)"),
        ("remove_tag_lag", "wifi", "was 10 min"),
    ]


def test_the_audit_log_lists_changes_newest_first_with_who_made_them(lead_client, lead):
    lead_client.post(reverse("team:default_lag"), {"minutes": "30"})
    lead_client.post(reverse("team:create_tag"), {"name": "outage", "description": "When the network is down."})
    html = lead_client.get(reverse("team:log")).content.decode()
    assert html.count('data-testid="team-change"') == 2
    assert html.index("created a tag") < html.index("set the default lag")
    assert "Lena" in html


def test_the_audit_log_cannot_be_changed(lead_client):
    lead_client.post(reverse("team:default_lag"), {"minutes": "30"})
    change = TeamChange.objects.get()
    with pytest.raises(TypeError):
        change.save()
    with pytest.raises(TypeError):
        change.delete()
    with pytest.raises(TypeError):
        TeamChange.objects.update(detail="nothing happened")
    with pytest.raises(TypeError):
        TeamChange.objects.all().delete()


def test_team_pages_run_the_same_queries_for_few_and_many_rows(lead_client, django_assert_num_queries, settings):
    settings.PAGE_CACHE = False  # the page's own queries: kept parts would spare the second request some
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from team import actions

    def grow(start: int, count: int) -> None:
        for index in range(start, start + count):
            tag = actions.create_tag(name=f"tag-{index}", description=f"Tag number {index}", by=None)
            actions.set_tag_lag(tag=tag, minutes=10 + index, by=None)
            actions.grant_role(user=UserFactory(), role="rep" if index % 2 else "lead", by=None)
            make_thread(author=UserFactory(), tags=[tag.name], title=f"A question in tag number {index}")

    pages = [reverse(name) for name in ("team:overview", "team:tags", "team:people", "team:log")]
    grow(0, 2)
    counts = {}
    for url in pages:
        with CaptureQueriesContext(connection) as few:
            assert lead_client.get(url).status_code == 200
        counts[url] = len(few.captured_queries)
    grow(2, 12)
    for url in pages:
        with django_assert_num_queries(counts[url]):
            lead_client.get(url)
