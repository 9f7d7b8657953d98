"""The queue's tag filter takes its limit from the form, not from a number in the template."""

import re

import pytest
from django.urls import reverse

from responses.forms import QueueViewForm

pytestmark = pytest.mark.django_db


def test_the_queue_tag_filter_carries_the_forms_limit_and_keeps_what_was_typed(client, rep):
    client.force_login(rep)
    html = client.get(reverse("responses:official_queue"), {"tag": "wifi", "show": "all"}).content.decode()
    box = re.search(r'<input[^>]*\bid="queue-tag"[^>]*>', html).group(0)
    assert f'maxlength="{QueueViewForm.base_fields["tag"].max_length}"' in box
    assert 'value="wifi"' in box
    assert 'name="tag"' in box
