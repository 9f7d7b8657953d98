"""No page links to a page that does not exist, for any role; every page an anonymous visitor
reaches answers HEAD as it answers GET. Read pages answering HEAD, and refusing the methods
they do not handle: test_methods.py."""

from collections.abc import Iterator
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urljoin, urlsplit

import pytest
from django.db import transaction
from django.test import Client

from accounts.models import User
from config import demo
from forum import notifications

ROLES = {"anonymous": None, "member": "ada", "rep": "rita", "lead": "lena", "moderator": "mo"}
MOST_PAGES = 600  # a safety stop; the demo forum below has far fewer


class LinkParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.links.append(href)


def links_on(page_url: str, html: str) -> list[str]:
    """Site-local links on a page, absolute paths with their query, fragments dropped."""
    parser = LinkParser()
    parser.feed(html)
    local = []
    for href in parser.links:
        url = urlsplit(urljoin(f"http://testserver{page_url}", href))
        if url.scheme in ("http", "https") and url.netloc == "testserver":
            local.append(url.path + (f"?{url.query}" if url.query else ""))
    return local


def shape(url: str) -> tuple[str, frozenset[str]]:
    """Pages that differ only in query values (?tag=wifi, ?tag=billing; ?page=2, ?page=3)
    come from the same view and template: crawling one of each keeps the crawl quick."""
    parts = urlsplit(url)
    return parts.path, frozenset(name for name, _value in parse_qsl(parts.query))


def crawl(client: Client) -> dict[str, int]:
    """Every page reachable from / by following links; {url: status}."""
    seen_shapes, statuses, todo = set(), {}, ["/"]
    while todo and len(statuses) < MOST_PAGES:
        url = todo.pop(0)
        if shape(url) in seen_shapes:
            continue
        seen_shapes.add(shape(url))
        response = client.get(url)
        statuses[url] = response.status_code
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            todo.extend(links_on(url, response.content.decode()))
    assert len(statuses) < MOST_PAGES, "the crawl did not finish"
    return statuses


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker) -> Iterator[None]:
    """One demo forum for the module's crawls, rolled back at its end (seeding is most of
    each crawl's time); what a crawl changes goes with its own test's transaction."""
    with django_db_blocker.unblock(), transaction.atomic():
        with notifications.notifications_stay_on_site():
            demo.seed(seed=5, threads=14)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo_forum(seeded, db) -> None:
    pass


@pytest.mark.parametrize("role", list(ROLES))
def test_no_link_reachable_from_the_home_page_leads_nowhere(demo_forum, role):
    client = Client()
    if ROLES[role]:
        client.force_login(User.objects.get(username=ROLES[role]))
    statuses = crawl(client)
    broken = {url: status for url, status in statuses.items() if status in (404, 500)}
    assert broken == {}
    assert len(statuses) > 20  # the crawl really went through the site


def test_every_page_an_anonymous_visitor_reaches_answers_head_like_get(demo_forum, client):
    urls = crawl(Client())
    for url, status in urls.items():
        response = client.head(url)
        assert (url, response.status_code) == (url, status)
        assert response.content == b""
