"""The search page's inputs take their limits from SearchForm, not from numbers in the template."""

import re

import pytest
from django.urls import reverse

from forum.forms import SearchForm

pytestmark = pytest.mark.django_db


def inputs(html: str) -> dict[str, str]:
    return {match.group(1): match.group(0) for match in re.finditer(r'<input[^>]*\bid="([^"]+)"[^>]*>', html)}


@pytest.mark.parametrize("query", [{}, {"q": "router", "tag": "wifi"}, {"q": "x" * 201}])
def test_the_search_inputs_carry_the_forms_own_limits(client, query):
    page = inputs(client.get(reverse("forum:search"), query).content.decode())
    assert f'maxlength="{SearchForm.base_fields["q"].max_length}"' in page["id_q"]
    tag_limit = SearchForm.base_fields["tag"].max_length
    assert (f'maxlength="{tag_limit}"' in page["id_tag"]) if tag_limit else ("maxlength" not in page["id_tag"])


def test_a_too_long_search_marks_the_box_invalid_and_describes_it_with_the_error(client):
    response = client.get(reverse("forum:search"), {"q": "x" * 201})
    assert response.status_code == 400
    box = inputs(response.content.decode())["id_q"]
    assert 'aria-invalid="true"' in box
    assert 'aria-describedby="id_q-errors"' in box
