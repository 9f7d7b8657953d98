"""A case's pages are kept by no cache on the way, and a case that is not yours answers
exactly as a case that does not exist: the same 404, after the same queries (issue 24)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_case_page_and_the_cases_list_tell_every_cache_to_keep_nothing(client, case, asker, rep):
    for reader in (asker, rep):
        client.force_login(reader)
        for url in (case.get_absolute_url(), reverse("cases:list"), reverse("cases:list") + "?status=resolved"):
            response = client.get(url)
            assert response.status_code == 200
            directives = {part.strip() for part in response["Cache-Control"].split(",")}
            assert {"no-store", "private"} <= directives, (reader, url)


def test_a_case_refused_after_a_bad_form_is_not_stored_either(client, case, asker):
    client.force_login(asker)
    response = client.post(reverse("cases:reply", args=[case.pk]), {"body": ""})
    assert response.status_code == 400
    assert "no-store" in response["Cache-Control"]


def answer(client, url: str) -> tuple[int, bytes, list[str]]:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    return response.status_code, response.content, [query["sql"] for query in context.captured_queries]


def asked(queries: list[str]) -> list[str]:
    """The statements with the case's id, the time and the page cache's keys (made from the
    address) taken out, to compare what the database was asked."""
    queries = [re.sub(r'"cases_case"\."id" = \d+', '"cases_case"."id" = <id>', query) for query in queries]
    queries = [re.sub(r"'\d{4}-\d\d-\d\d[ T][\d:.+]+'", "<now>", query) for query in queries]  # the clock
    return [re.sub(r"'pages:[^']*'", "<key>", query) for query in queries]


@pytest.mark.parametrize("reader", ["anonymous", "other member"])
def test_a_case_that_is_not_yours_answers_as_a_case_that_does_not_exist(client, case, reader):
    if reader == "other member":
        client.force_login(UserFactory(username="curious"))
    missing = case.pk + 1000
    client.get(reverse("cases:case", args=[missing]))  # the session and permissions read once, alike
    existing_url, missing_url = reverse("cases:case", args=[case.pk]), reverse("cases:case", args=[missing])
    existing_status, existing_body, existing_queries = answer(client, existing_url)
    missing_status, missing_body, missing_queries = answer(client, missing_url)
    assert existing_status == missing_status == 404
    # The same page, but for its own address (the log-in link comes back to it).
    assert existing_body.replace(existing_url.encode(), b"<url>") == missing_body.replace(
        missing_url.encode(), b"<url>"
    )
    # The same work: one identical query of cases (none for a visitor) that finds nothing.
    assert asked(existing_queries) == asked(missing_queries)
    assert sum("cases_case" in query for query in existing_queries) == (0 if reader == "anonymous" else 1)
