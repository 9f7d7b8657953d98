"""A private case is the asker's and the reps team's alone: anyone else gets 404 on every
case URL, and no list, search, profile or notification of anyone else shows any of it."""

import pytest
from django.urls import reverse

from cases.models import Case, CaseMessage
from forum.models import Notification
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SECRET = "serial-number-ZX81-private"

READERS = ["anonymous", "other member", "asker", "rep", "lead", "moderator"]
MAY_READ = {"asker", "rep", "lead"}


@pytest.fixture
def people(asker, rep, lead, moderator):
    return {
        "anonymous": None,
        "other member": UserFactory(username="other", email="other@example.com"),
        "asker": asker,
        "rep": rep,
        "lead": lead,
        "moderator": moderator,
    }


@pytest.fixture
def secret_case(case, asker):
    from cases import actions

    actions.post_case_message(case=case, author=asker, body=f"Here it is: {SECRET}")
    return case


def as_reader(client, people, reader):
    if people[reader] is not None:
        client.force_login(people[reader])
    return client


def case_urls(case) -> list[tuple[str, str]]:
    return [
        ("get", reverse("cases:case", args=[case.pk])),
        ("post", reverse("cases:reply", args=[case.pk])),
        ("post", reverse("cases:take", args=[case.pk])),
        ("post", reverse("cases:resolve", args=[case.pk])),
        ("post", reverse("cases:accept", args=[case.pk])),
        ("post", reverse("cases:update", args=[case.pk])),
        ("post", reverse("cases:dismiss", args=[case.pk])),
    ]


@pytest.mark.parametrize("reader", sorted(set(READERS) - MAY_READ))
def test_everyone_but_the_asker_and_the_team_gets_404_on_every_case_url(client, people, secret_case, reader):
    as_reader(client, people, reader)
    for method, url in case_urls(secret_case):
        response = getattr(client, method)(url, {"body": "Let me in, please, I want to read it"})
        assert response.status_code == 404, (method, url)
        assert SECRET not in response.content.decode()
    # An id that does not exist answers the same: nothing tells a case exists.
    assert client.get(reverse("cases:case", args=[secret_case.pk + 1000])).status_code == 404
    secret_case.refresh_from_db()
    assert secret_case.is_open
    assert CaseMessage.objects.filter(case=secret_case).count() == 2


@pytest.mark.parametrize("reader", sorted(set(READERS) - MAY_READ))
def test_nobody_but_the_team_can_open_a_case(client, people, thread, reader):
    as_reader(client, people, reader)
    url = reverse("cases:open", args=[thread.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"body": "Hello, this is not a real representative"}).status_code == 404
    assert not Case.objects.exists()


@pytest.mark.parametrize("reader", sorted(MAY_READ))
def test_the_asker_a_rep_and_a_lead_read_the_case(client, people, secret_case, reader):
    as_reader(client, people, reader)
    response = client.get(reverse("cases:case", args=[secret_case.pk]))
    assert response.status_code == 200
    assert SECRET in response.content.decode()


@pytest.mark.parametrize("reader", READERS)
def test_the_cases_list_shows_a_reader_only_what_they_may_read(client, people, secret_case, reader):
    as_reader(client, people, reader)
    response = client.get(reverse("cases:list"))
    if reader == "anonymous":
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
        return
    assert response.status_code == 200
    listed = secret_case.get_absolute_url() in response.content.decode()
    assert listed is (reader in MAY_READ)


@pytest.mark.parametrize("reader", READERS)
def test_search_profiles_and_the_thread_never_show_a_case(client, people, secret_case, reader):
    as_reader(client, people, reader)
    pages = [
        "/search/?q=serial-number-ZX81-private",
        "/search/?q=ZX81",
        people["asker"].get_absolute_url(),
        people["rep"].get_absolute_url(),
        secret_case.thread.get_absolute_url(),
        "/",
    ]
    for url in pages:
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        html = response.content.decode()
        # A search page repeats its query; what the case said must never be on any page.
        assert "Here it is" not in html, url
        assert "serial number" not in html, url
        if url.startswith("/search/"):
            assert '<li class="thread-row' not in html, url
        assert (secret_case.get_absolute_url() in html) is (url == pages[4] and reader in MAY_READ), url


def test_the_thread_says_a_representative_reached_out_and_nothing_more(client, secret_case):
    html = client.get(secret_case.thread.get_absolute_url()).content.decode()
    assert "A Brightwave representative reached out privately" in html
    assert secret_case.opened_by.name not in html.split('data-testid="reached-out"')[1].split("</p>")[0]


def test_only_the_asker_and_the_team_are_ever_notified_of_a_case(secret_case, people, rep):
    from cases import actions

    actions.post_case_message(case=secret_case, author=rep, body="Thanks, we are sending a new adapter.")
    actions.resolve_case(
        public_note="The hub's power adapter was faulty; it was replaced.",
        case=secret_case,
        by=rep,
        summary="A new adapter is on its way to you.",
    )
    told = set(Notification.objects.filter(url__startswith="/cases/").values_list("recipient__username", flat=True))
    assert told == {"asker", "rep"}  # the asker's message told the rep, the rest told the asker
    assert Notification.objects.filter(recipient=rep, url__startswith="/cases/").count() == 1
    others = [people["other member"], people["moderator"], people["lead"]]
    assert not Notification.objects.filter(recipient__in=others).exists()
