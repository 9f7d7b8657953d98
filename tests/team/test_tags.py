"""Leads create, rename, describe and merge tags; reputation earned in a tag follows it, and
the ledger still rebuilds to the same caches."""

import pytest
from django.urls import reverse
from taggit.models import Tag

from forum import reputation
from forum.models import TagReputation, Thread
from responses.models import LagPolicy, RepTag
from team import actions
from team.models import TeamChange
from tests.factories import UserFactory, make_answer, make_thread, set_reputation

pytestmark = pytest.mark.django_db


@pytest.fixture
def voted_threads(db):
    """An answer upvoted in "wi-fi", one in "wifi", and one thread carrying both tags."""
    voter = UserFactory()
    set_reputation(voter, 1_000)
    answerer = UserFactory(username="answerer")
    from forum import actions as forum_actions

    for tags in (["wi-fi"], ["wifi"], ["wi-fi", "wifi"]):
        thread = make_thread(author=UserFactory(), tags=tags, title=f"Hub drops the signal, tagged {' '.join(tags)}")
        answer = make_answer(thread=thread, author=answerer)
        forum_actions.cast_vote(voter=voter, post=answer, value=1)
    return answerer


def _tag_reputation(user, name):
    return TagReputation.objects.filter(user=user, tag__name=name).values_list("reputation", flat=True).first()


def test_a_lead_creates_a_tag_that_a_new_member_can_ask_under(lead_client, client):
    response = lead_client.post(reverse("team:create_tag"), {"name": "Mesh-WiFi", "description": "Pods and mesh."})
    assert response.status_code == 302
    tag = Tag.objects.get(name="mesh-wifi")
    assert tag.info.description == "Pods and mesh."
    newcomer = UserFactory()
    client.force_login(newcomer)
    response = client.post(
        reverse("forum:ask"),
        {
            "title": "My mesh pods keep losing each other",
            "body": "Every night at two the pods drop and relink.",
            "tags": "mesh-wifi",
        },
    )
    assert response.status_code == 302
    assert Thread.objects.get().tag_names() == ["mesh-wifi"]
    assert "Pods and mesh." in client.get(reverse("forum:tag", args=["mesh-wifi"])).content.decode()


@pytest.mark.parametrize("name", ["wifi", "wi fi", "wi--fi", "wi_fi", "wifi\u202e", "x" * 33, ""])
def test_a_tag_name_that_is_taken_or_malformed_is_refused_and_kept(lead_client, name):
    Tag.objects.create(name="wifi", slug="wifi")
    response = lead_client.post(reverse("team:create_tag"), {"name": name, "description": "Kept as typed"})
    assert response.status_code == 400
    assert "Kept as typed" in response.content.decode()
    assert Tag.objects.count() == 1


def test_renaming_a_tag_keeps_its_threads_lag_reps_and_reputation(lead_client, voted_threads):
    wifi = Tag.objects.get(name="wi-fi")
    LagPolicy.objects.create(tag=wifi, lag_minutes=20)
    rep = UserFactory(groups=["Reps"])
    RepTag.objects.create(rep=rep, tag=wifi)
    before = _tag_reputation(voted_threads, "wi-fi")

    response = lead_client.post(reverse("team:rename_tag", args=[wifi.pk]), {"name": "home-wifi"})
    assert response.status_code == 302
    wifi.refresh_from_db()
    assert (wifi.name, wifi.slug) == ("home-wifi", "home-wifi")
    assert Thread.objects.filter(tags__name="home-wifi").count() == 2
    assert LagPolicy.objects.get(tag=wifi).lag_minutes == 20
    assert RepTag.objects.filter(rep=rep, tag=wifi).exists()
    assert _tag_reputation(voted_threads, "home-wifi") == before
    assert reputation.rebuild_all() == []
    assert TeamChange.objects.get().detail == "was wi-fi"


def test_renaming_onto_an_existing_tag_suggests_merging(lead_client, voted_threads):
    wifi = Tag.objects.get(name="wi-fi")
    response = lead_client.post(reverse("team:rename_tag", args=[wifi.pk]), {"name": "wifi"})
    assert response.status_code == 400
    assert "merge into it instead" in response.content.decode()


def test_merging_moves_threads_once_and_counts_reputation_once(lead_client, voted_threads):
    source, target = Tag.objects.get(name="wi-fi"), Tag.objects.get(name="wifi")
    LagPolicy.objects.create(tag=source, lag_minutes=5)
    rep = UserFactory(groups=["Reps"])
    RepTag.objects.create(rep=rep, tag=source)
    both = Thread.objects.filter(tags__name="wi-fi").filter(tags__name="wifi").get()

    response = lead_client.post(reverse("team:merge_tag", args=[source.pk]), {"into": target.pk})
    assert response.status_code == 302
    assert not Tag.objects.filter(name="wi-fi").exists()
    assert Thread.objects.filter(tags__name="wifi").count() == 3
    assert both.tag_names() == ["wifi"]
    # Three upvoted answers, each +10, in one tag now: the thread with both counts once.
    assert _tag_reputation(voted_threads, "wifi") == 30
    assert reputation.rebuild_all() == []
    assert LagPolicy.objects.get(tag=target).lag_minutes == 5  # the target had none: it takes the source's
    assert RepTag.objects.filter(rep=rep, tag=target).exists()
    assert TeamChange.objects.get().subject == "wi-fi into wifi"


def test_merging_keeps_the_targets_own_lag_and_description(lead, voted_threads):
    source, target = Tag.objects.get(name="wi-fi"), Tag.objects.get(name="wifi")
    LagPolicy.objects.create(tag=source, lag_minutes=5)
    LagPolicy.objects.create(tag=target, lag_minutes=30)
    actions.describe_tag(tag=source, description="Old words", by=lead)
    actions.describe_tag(tag=target, description="Home broadband and Wi-Fi", by=lead)
    actions.merge_tags(source=source, into=target, by=lead)
    assert LagPolicy.objects.get().lag_minutes == 30
    target.refresh_from_db()
    assert target.info.description == "Home broadband and Wi-Fi"


def test_merging_a_tag_into_itself_is_not_offered(lead_client, voted_threads):
    wifi = Tag.objects.get(name="wifi")
    response = lead_client.post(reverse("team:merge_tag", args=[wifi.pk]), {"into": wifi.pk})
    assert response.status_code == 400
    assert Tag.objects.filter(pk=wifi.pk).exists()


def test_describing_a_tag_is_audited_once_per_change(lead_client):
    wifi = Tag.objects.create(name="wifi", slug="wifi")
    for _ in range(2):
        lead_client.post(reverse("team:describe_tag", args=[wifi.pk]), {"description": "Home Wi-Fi"})
    assert TeamChange.objects.filter(action="describe_tag").count() == 1
    assert "Home Wi-Fi" in lead_client.get(reverse("forum:tags")).content.decode()
