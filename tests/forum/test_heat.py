"""Heat (issue 14): how upset a question sounds, scored with the real VADER lexicon when the
question is saved (forum/heat.py)."""

import pytest
from django.db import connection

from forum import actions
from forum.heat import negativity, question_heat
from forum.markdown import render_markdown
from forum.models import Thread
from responses.conf import conf as responses_conf
from tests.factories import UserFactory, make_answer, make_thread, post_thread

# (title, body in Markdown): questions as customers write them.
SAMPLES = {
    "calm": [
        (
            "Hub shows error 42 after the firmware update",
            "After installing last night's update the hub shows error 42 and the wifi light blinks orange.\n\n"
            "I have restarted it twice. How do I fix it? Thanks in advance.",
        ),
        (
            "No signal on the second floor",
            "The extender fails to pair and there is no signal upstairs. Which settings should I check?",
        ),
        ("How do I reset my Brightwave hub?", "I have tried turning it off and on again and nothing changed at all."),
    ],
    "annoyed": [
        (
            "Wifi drops every evening, getting annoying",
            "This is the third evening in a row the wifi drops at 8pm. It's getting really annoying, I work from "
            "home. Any idea what is going on?",
        ),
        (
            "Billing page keeps logging me out",
            "Every time I open the billing page it logs me out. Quite frustrating. Is there a workaround?",
        ),
    ],
    "sarcastic": [
        (
            "Great, just great",
            "Another update, another evening offline. Thanks so much, Brightwave. Two hours on hold with a useless "
            "chat bot. Fantastic work as always.",
        ),
        (
            "Oh wonderful, the hub rebooted itself again",
            "Just what I needed during a video call. Keep ignoring me. Thanks a lot, Brightwave.",
        ),
    ],
    "furious": [
        (
            "Absolutely furious: hub dead AGAIN",
            "This is ridiculous!!! Third hub in a month, your support is useless and nobody answers.\n\n"
            "Worst service I have ever paid for. I want a refund NOW.",
        ),
        (
            "Worst company ever",
            "I am so angry. You charged me twice, ignored three emails and now the line is dead. Pathetic, "
            "incompetent and a total scam!!",
        ),
    ],
}


def heat_of(title: str, body: str) -> float:
    return question_heat(title=title, body_html=render_markdown(body))


def scores(kind: str) -> list[float]:
    return [heat_of(title, body) for title, body in SAMPLES[kind]]


def test_sample_questions_score_calm_then_annoyed_or_sarcastic_then_furious():
    calm, annoyed, sarcastic, furious = (scores(kind) for kind in ("calm", "annoyed", "sarcastic", "furious"))
    assert max(calm) < 0.1
    # The praise around a sarcastic complaint does not hide it; it is not fury either.
    assert max(calm) < min(annoyed + sarcastic)
    assert max(annoyed + sarcastic) < responses_conf.HEAT_SUGGESTS_CASE <= min(furious)
    assert all(0 <= score <= 1 for score in calm + annoyed + sarcastic + furious)


def test_naming_the_fault_is_not_anger():
    assert negativity("Error 42: the update failed, the extender is broken and there is no signal.") == 0


def test_thanks_in_advance_does_not_cool_an_angry_question():
    angry = "Your app is useless and I am furious."
    assert negativity(f"{angry} Thanks in advance, any help is great!") == negativity(angry) > 0.5


def test_each_angry_sentence_makes_a_question_hotter_but_never_above_one():
    one = negativity("I am furious.")
    three = negativity("I am furious. This is unacceptable. Worst service ever.")
    assert 0 < one < three < 1
    assert negativity("I hate this. " * 200) == pytest.approx(1.0, abs=0.001)


def test_pasted_logs_and_code_do_not_count():
    body = "My script stops here, what does it mean?\n\n```\nabort: terrible disaster, hate\n```\n\nSee `awful()`."
    assert heat_of("Script stops at the sync step", body) == 0


def test_a_run_on_question_without_full_stops_still_counts_its_anger():
    body = " ".join(["the hub blinks and"] * 300 + ["I am furious and this is unacceptable"])
    assert heat_of("Hub blinks", body) > 0.5


def test_asking_scores_the_question(db):
    title, body = SAMPLES["furious"][0]
    thread = make_thread(author=UserFactory(), title=title, body=body)
    thread.refresh_from_db()
    assert thread.response_state.heat == heat_of(title, body) >= responses_conf.HEAT_SUGGESTS_CASE


@pytest.mark.parametrize("kind", [Thread.Kind.IDEA, Thread.Kind.ANNOUNCEMENT])
def test_ideas_and_announcements_keep_no_heat(db, kind):
    title, body = SAMPLES["furious"][0]
    thread = post_thread(author=UserFactory(), title=title, body=body, tags=["wifi"], kind=kind)
    actions.edit_post(post=thread.posts.get(is_question=True), editor=thread.author, body=body + " Worst ever!")
    thread.refresh_from_db()
    assert thread.response_state.heat == 0


def test_editing_the_question_rescores_it(db):
    title, body = SAMPLES["calm"][0]
    thread = make_thread(author=UserFactory(), title=title, body=body)
    angry_title, angry_body = SAMPLES["furious"][1]
    actions.edit_post(post=thread.posts.get(is_question=True), editor=thread.author, body=angry_body, title=angry_title)
    thread.refresh_from_db()
    assert thread.response_state.heat == heat_of(angry_title, angry_body)


def test_editing_only_the_title_rescores_the_question(db):
    title, body = SAMPLES["calm"][2]
    thread = make_thread(author=UserFactory(), title=title, body=body)
    actions.edit_post(
        post=thread.posts.get(is_question=True),
        editor=thread.author,
        body=body,
        title="Worst company ever, I am furious",
    )
    thread.refresh_from_db()
    assert thread.response_state.heat == heat_of("Worst company ever, I am furious", body) > 0.5


def test_editing_an_answer_leaves_the_heat_alone(db):
    title, body = SAMPLES["annoyed"][0]
    thread = make_thread(author=UserFactory(), title=title, body=body)
    answer = make_answer(thread=thread, author=UserFactory())
    actions.edit_post(post=answer, editor=answer.author, body="I hate this, it is terrible and I am furious!")
    thread.refresh_from_db()
    assert thread.response_state.heat == heat_of(title, body)


@pytest.mark.django_db(transaction=True)
def test_the_migration_scores_the_existing_questions():
    """forum/migrations/0018 over questions written before it; the heat it stored moved on to
    the engine's ResponseState with issue 25 (responses/migrations/0004)."""
    from django.db.migrations.executor import MigrationExecutor

    def migrate(targets):
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(targets)
        return executor.loader.project_state(targets).apps

    graph = MigrationExecutor(connection).loader.graph
    as_they_are = [node for node in graph.leaf_nodes() if node[0] in ("accounts", "account", "auth")]
    old = migrate([("forum", "0017_heat_reminders_tag_follows"), *as_they_are])
    author = old.get_model("accounts", "User").objects.create(username="asker", email="asker@example.com")

    def ask(title, body, kind="question"):
        thread = old.get_model("forum", "Thread").objects.create(title=title, slug="t", author=author, kind=kind)
        old.get_model("forum", "Post").objects.create(
            thread=thread, author=author, is_question=True, body=body, body_html=render_markdown(body)
        )
        return thread

    calm, furious = ask(*SAMPLES["calm"][1]), ask(*SAMPLES["furious"][0])
    idea = ask(*SAMPLES["furious"][1], kind="idea")
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    from responses.models import ResponseState

    assert ResponseState.objects.get(pk=calm.pk).heat == 0
    assert ResponseState.objects.get(pk=furious.pk).heat == heat_of(*SAMPLES["furious"][0])
    assert ResponseState.objects.get(pk=idea.pk).heat == 0
