"""Slots and panels (config/panels.py): a lower app's page renders what the apps above it
registered, in a fixed order, each panel from its owner's template, and the page's queries
do not grow with the rows a panel sits in."""

import re

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.template import Context, Engine, Template, TemplateSyntaxError
from django.test.utils import CaptureQueriesContext

from config import panels
from config.panels import Slot
from tests.factories import UserFactory, make_answer, make_thread
from tests.platform.test_layering import LAYERS, templates_of

# Who fills which slot, in the order the page shows them (docs/architecture.md, "Apps and layers").
FILLED = {
    "accounts.profile.activity": ["forum.member_activity"],
    "accounts.profile.tools": ["moderation.member_tools"],
    "accounts.settings.after_form": ["reminders.followed_tags"],
    "forum.home.above_list": ["announcements.pinned"],
    "forum.post.actions": ["moderation.post_tools"],
    "forum.post.tombstone": ["moderation.log_link"],
    "forum.tag.above_list": ["reminders.tag_follow", "announcements.pinned"],
    "forum.thread.actions": ["responses.official_request"],
    "forum.answer_form.tools": ["team.saved_replies"],
    "forum.answer_form.fields": ["responses.second_look"],
    "responses.queue_row.reply_tools": ["team.saved_replies"],
    "forum.thread.before_question": [
        "cases.case_note",
        "announcements.on_announcement",
        "moderation.thread_tools",
        "responses.rep_panel",
        "team.staff_notes",
        "ideas.idea_panel",  # after the rep panel: linking to an idea is a rep's occasional tool
    ],
    "forum.thread.meta": ["responses.clock"],
}


def app_of(name: str) -> str:
    return name.split(".")[0]


def test_each_slot_is_filled_by_these_panels_in_this_order():
    assert {slot.name: [panel.name for panel in slot.panels] for slot in panels.slots()} == FILLED


def test_a_panel_belongs_to_an_app_above_the_slots_and_renders_its_own_template():
    for slot in panels.slots():
        for panel in slot.panels:
            owner = app_of(panel.name)
            assert LAYERS.index(owner) > LAYERS.index(app_of(slot.name)), panel.name
            assert panel.template in templates_of(owner), f"{panel.name} renders {panel.template}"


def test_every_slot_is_rendered_by_its_own_apps_templates_and_every_rendered_slot_exists():
    rendered = {}
    for app in LAYERS:
        for path in templates_of(app).values():
            for name in re.findall(r"\{% panels \"([\w.]+)\"", path.read_text()):
                rendered.setdefault(name, set()).add(app)
    assert {name: {app_of(name)} for name in rendered} == rendered
    assert set(rendered) == {slot.name for slot in panels.slots()}


@pytest.fixture
def page() -> Engine:
    """An engine with the panels tag and two panel templates."""
    return Engine(
        loaders=[
            (
                "django.template.loaders.locmem.Loader",
                {
                    "probe/_a.html": "a:{{ thread }}:{{ secret }}:{{ csrf_token }}",
                    "probe/_b.html": "b:{{ thread }}",
                },
            )
        ],
        libraries={"panels": "config.templatetags.panels"},
    )


@pytest.fixture
def probe(monkeypatch):
    slot = Slot(name="probe.slot", arguments=frozenset({"thread"}))
    monkeypatch.setitem(panels._slots, slot.name, slot)
    return slot


def render(engine: Engine, source: str, **values) -> str:
    return engine.from_string("{% load panels %}" + source).render(Context(values))


def test_panels_render_in_their_order_with_only_their_own_context_and_the_csrf_token(page, probe):
    probe.register("probe.b", template="probe/_b.html", build=lambda page, *, thread: {"thread": thread}, order=20)
    probe.register("probe.a", template="probe/_a.html", build=lambda page, *, thread: {"thread": thread}, order=10)
    html = render(page, '{% panels "probe.slot" thread=7 %}', secret="the page's", csrf_token="t0ken")
    assert html == "a:7::t0ken\nb:7"


def test_a_panel_whose_context_is_none_shows_nothing(page, probe):
    probe.register("probe.a", template="probe/_a.html", build=lambda page, *, thread: None, order=10)
    probe.register("probe.b", template="probe/_b.html", build=lambda page, *, thread: {"thread": thread}, order=20)
    assert render(page, '{% panels "probe.slot" thread=7 %}') == "b:7"


def test_a_panel_escapes_what_it_shows(page, probe):
    probe.register("probe.b", template="probe/_b.html", build=lambda page, *, thread: {"thread": thread}, order=10)
    assert render(page, '{% panels "probe.slot" thread=t %}', t="<script>") == "b:&lt;script&gt;"


@pytest.mark.parametrize("source", ['{% panels "probe.slot" %}', '{% panels "probe.slot" thread=1 post=2 %}'])
def test_a_slot_rendered_with_other_arguments_than_it_declares_fails(page, probe, source):
    with pytest.raises(TemplateSyntaxError, match=r"probe\.slot takes"):
        render(page, source)


def test_an_unknown_slot_fails_rather_than_showing_nothing(page):
    with pytest.raises(TemplateSyntaxError, match="no slot named"):
        render(page, '{% panels "forum.thread.sidebar" thread=1 %}')


def test_two_panels_may_not_share_a_name_or_a_place(probe):
    probe.register("probe.a", template="probe/_a.html", build=lambda page, *, thread: {}, order=10)
    with pytest.raises(ImproperlyConfigured):
        probe.register("probe.b", template="probe/_b.html", build=lambda page, *, thread: {}, order=10)
    with pytest.raises(ImproperlyConfigured):
        probe.register("probe.a", template="probe/_b.html", build=lambda page, *, thread: {}, order=20)


def test_a_slot_is_declared_once(probe):
    with pytest.raises(ImproperlyConfigured):
        panels.declare("probe.slot", arguments=("thread",))


def test_the_sites_templates_load_the_panels_tag():
    assert Template("{% load panels %}ok").render(Context({})) == "ok"


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["Reps", "Leads", "Moderators"])
def test_the_thread_page_of_a_reader_who_sees_every_panel_does_not_grow_with_answers(
    client, role, settings, django_assert_num_queries
):
    """moderation's tools sit in every post's footer (forum.post.actions): they must read
    nothing per post."""
    settings.PAGE_CACHE = False  # the render's own queries (config/pagecache.py)
    author = UserFactory()
    small, large = make_thread(author=author), make_thread(author=author, title="A longer thread of answers")
    make_answer(thread=small, author=UserFactory())
    for index in range(20):  # each by someone else: a panel may not read per author either
        make_answer(thread=large, author=UserFactory(), body=f"Answer {index}: restart the hub twice.")
    client.force_login(UserFactory(groups=[role]))
    expected = count_queries(client, small.get_absolute_url())
    with django_assert_num_queries(expected):
        response = client.get(large.get_absolute_url())
    assert response.content.decode().count('<article class="post') == 21
