"""A new thread's state row is written whole by the recorder in Python (responses.waiting.
thread_created, for speed: no Django expressions to build): it must be exactly the row that
the SQL spelling of each rule gives (refresh_lags(), settle(), the asker's tag reputation),
for every shape of tags and lag policies and every kind of thread."""

import pytest
from taggit.models import Tag

from forum.models import TagReputation
from responses import waiting
from responses.derived import settle
from responses.lags import set_default_lag
from responses.models import LagPolicy, ResponseState
from tests.factories import UserFactory, post_thread

pytestmark = pytest.mark.django_db

COLUMNS = [field.attname for field in ResponseState._meta.concrete_fields]


def _policy(name: str, minutes: int) -> None:
    LagPolicy.objects.create(tag=Tag.objects.get_or_create(name=name, defaults={"slug": name})[0], lag_minutes=minutes)


def _row(pk: int) -> dict:
    return ResponseState.objects.filter(pk=pk).values(*COLUMNS).get()


@pytest.mark.parametrize(
    ("tags", "policies", "default"),
    [
        ((), {}, None),  # no tags: the default
        (("wifi",), {}, None),  # a tag without a policy: the default
        (("wifi",), {"wifi": 15}, None),
        (("billing",), {"billing": 30}, None),  # the asker's reputation here is negative: 0
        (("wifi", "billing"), {"wifi": 240}, None),  # the default is shorter than the policy
        (("wifi", "billing"), {"wifi": 240, "billing": 30}, None),
        (("wifi", "billing", "router"), {"billing": 30}, 20),  # a lead's default, shorter still
        (("wifi",), {"wifi": 600}, 90),
    ],
)
@pytest.mark.parametrize("kind", ["question", "idea"])
def test_a_new_threads_row_is_what_the_sql_rules_make_of_it(tags, policies, default, kind):
    for name, minutes in policies.items():
        _policy(name, minutes)
    if default:
        set_default_lag(default)
    asker = UserFactory(reputation=500)
    for name, reputation in (("wifi", 40), ("billing", -10), ("router", 300), ("mesh", 900)):
        TagReputation.objects.create(
            user=asker, tag=Tag.objects.get_or_create(name=name, defaults={"slug": name})[0], reputation=reputation
        )
    thread = post_thread(
        author=asker, title=f"A {kind} about {' and '.join(tags) or 'nothing'}", body="x" * 40, tags=tags, kind=kind
    )
    written = _row(thread.pk)

    states = ResponseState.objects.filter(pk=thread.pk)
    waiting.refresh_lags(states)  # the lag, then settle()
    settle(states)
    waiting.refresh_asker_tag_reputation(states)
    assert _row(thread.pk) == written
    assert written["lag_minutes"] > 0
    assert (written["due_at"] is not None) == (kind == "question")
