"""Search reads answers too: a word only an answer holds finds its thread, accepted and
official answers rank above the others (the title and the question above both), hidden
answers are neither found nor quoted, and the result quotes the matching answer with a link
to it. The same on SQLite and on PostgreSQL: CI runs this file on both."""

import pytest
from django.urls import reverse

from forum import actions, search
from forum.search import search_threads
from moderation import actions as moderation_actions
from moderation.models import Flag
from tests.factories import UserFactory, give_a_flagging_record, make_answer, make_thread, set_reputation

pytestmark = pytest.mark.django_db

QUESTION = "My connection is unreliable and I cannot tell why it happens at all."


@pytest.fixture
def asker(db):
    return UserFactory()


@pytest.fixture
def moderator(db):
    return UserFactory(groups=["Moderators"])


def found(query: str) -> list[int]:
    return [thread.pk for thread in search_threads(query)]


def ask(asker, title: str, body: str = QUESTION):
    return make_thread(author=asker, title=title, body=body)


def test_a_word_only_an_answer_holds_finds_its_thread(asker):
    thread = ask(asker, "Hub drops out every night")
    make_answer(thread=thread, author=UserFactory(), body="Turn off the beamforming setting and it stays up.")
    ask(asker, "Nothing about that here")
    assert found("beamforming") == [thread.pk]
    assert found("beamforming setting") == [thread.pk]


def test_every_word_must_be_found_somewhere_in_the_thread(asker):
    thread = ask(asker, "Router firmware question")
    make_answer(thread=thread, author=UserFactory(), body="The beamforming toggle is under Wireless.")
    assert found("router beamforming") == [thread.pk]  # one in the title, one in an answer
    assert found("beamforming payments") == []


def test_titles_then_questions_then_accepted_and_official_answers_then_the_others(asker, rep):
    """Each thread holds the word once, in one place; among equals the newest comes first, so
    the threads are made in the opposite order to the one expected."""
    word = "beamforming"
    other = ask(asker, "Plain answer holds it")
    make_answer(thread=other, author=UserFactory(), body=f"Try {word} off.")
    official = ask(asker, "Official answer holds it")
    actions.mark_official(post=make_answer(thread=official, author=UserFactory(), body=f"Try {word} off."), by=rep)
    accepted = ask(asker, "Accepted answer holds it")
    accepted_answer = make_answer(thread=accepted, author=UserFactory(), body=f"Try {word} off.")
    actions.accept_answer(post=accepted_answer, by=asker)
    in_question = ask(asker, "The question holds it", body=f"Is {word} on by default?")
    in_title = ask(asker, f"Turning {word} off")
    # The newest plain answer still comes after every endorsed one.
    newest_other = ask(asker, "Another plain answer holds it")
    make_answer(thread=newest_other, author=UserFactory(), body=f"Try {word} off.")

    expected = [in_title.pk, in_question.pk, accepted.pk, official.pk, newest_other.pk, other.pk]
    assert found(word) == expected


def test_accepting_and_marking_official_move_a_thread_up_and_undoing_them_moves_it_back(asker, rep):
    word = "beamforming"
    endorsed = ask(asker, "Will be endorsed")
    answer = make_answer(thread=endorsed, author=UserFactory(), body=f"Turn {word} off.")
    plain = ask(asker, "Stays plain")  # newer: first among equals
    make_answer(thread=plain, author=UserFactory(), body=f"Turn {word} off.")
    assert found(word) == [plain.pk, endorsed.pk]

    actions.accept_answer(post=answer, by=asker)
    assert found(word) == [endorsed.pk, plain.pk]
    actions.unaccept_answer(thread=endorsed, by=asker)
    assert found(word) == [plain.pk, endorsed.pk]

    actions.mark_official(post=answer, by=rep)
    assert found(word) == [endorsed.pk, plain.pk]
    actions.unmark_official(post=answer, by=rep)
    assert found(word) == [plain.pk, endorsed.pk]


def test_an_official_answer_by_a_rep_ranks_as_official_when_it_is_posted(asker, rep):
    plain = ask(asker, "Plain")
    make_answer(thread=plain, author=UserFactory(), body="Turn beamforming off.")
    official = ask(asker, "Official")
    actions.post_answer(author=rep, thread=official, body="Turn beamforming off.", official=True)
    newer_plain = ask(asker, "Newer plain")
    make_answer(thread=newer_plain, author=UserFactory(), body="Turn beamforming off.")
    assert found("beamforming") == [official.pk, newer_plain.pk, plain.pk]


def test_an_edited_answer_is_found_by_its_new_words_only(asker):
    thread = ask(asker, "Hub drops out every night")
    answer = make_answer(thread=thread, author=UserFactory(), body="Turn off beamforming.")
    actions.edit_post(post=answer, editor=answer.author, body="Move it away from the microwave.")
    assert found("beamforming") == []
    assert found("microwave") == [thread.pk]


def test_an_edited_title_is_found_by_its_new_words(asker):
    thread = ask(asker, "Hub drops out every night")
    question = thread.posts.get(is_question=True)
    actions.edit_post(post=question, editor=asker, body=QUESTION, title="Mesh pod blinks blue")
    assert found("blinks") == [thread.pk]
    assert found("drops") == []


def test_a_hidden_answer_is_not_found_and_is_found_again_once_restored(asker, moderator):
    thread = ask(asker, "Hub drops out every night")
    answer = make_answer(thread=thread, author=UserFactory(), body="Call 07700900123 and ask for beamforming off.")
    moderation_actions.hide_post(post=answer, by=moderator, rule=Flag.Reason.PERSONAL_DATA, reason="phone")
    assert found("beamforming") == []
    assert found("07700900123") == []
    moderation_actions.restore_post(post=answer, by=moderator, reason="the shop's number")
    assert found("beamforming") == [thread.pk]


def test_an_answer_hidden_by_members_flags_is_not_found(asker):
    thread = ask(asker, "Hub drops out every night")
    answer = make_answer(thread=thread, author=UserFactory(), body="Buy cheapwatches dot example today.")
    for flagger in UserFactory.create_batch(2):
        set_reputation(flagger, 50)  # flags weigh only with the standing to flag (issue 24)
        give_a_flagging_record(flagger)  # and spam flags hide only a proven flagger's (issue 26)
        moderation_actions.flag_post(post=answer, flagger=flagger, reason=Flag.Reason.SPAM)
    answer.refresh_from_db()
    assert answer.is_pending_review
    assert found("cheapwatches") == []


def test_a_hidden_answers_words_add_nothing_to_its_threads_rank(asker, moderator):
    hidden_there = ask(asker, "Beamforming question one")
    spam = make_answer(thread=hidden_there, author=UserFactory(), body="beamforming beamforming beamforming")
    plain = ask(asker, "Beamforming question two")
    moderation_actions.hide_post(post=spam, by=moderator, rule=Flag.Reason.SPAM)
    assert found("beamforming") == [plain.pk, hidden_there.pk]  # newest first: equal ranks


def test_the_result_quotes_the_matching_answer_and_links_to_it(client, asker):
    thread = ask(asker, "Hub drops out every night")
    answer = make_answer(
        thread=thread, author=UserFactory(), body="Turn <script>x</script> off the beamforming setting."
    )
    html = client.get(reverse("forum:search"), {"q": "beamforming"}).content.decode()
    assert "1 result for" in html
    assert f'href="{answer.get_absolute_url()}"' in html
    assert answer.get_absolute_url() == f"/t/{thread.pk}/#post-{answer.pk}"
    assert "In an answer</a>" in html
    assert "the <mark>beamforming</mark> setting" in html
    assert "<script>x</script>" not in html
    assert "unreliable" not in html  # the question, which does not hold the word, is not quoted


def test_an_accepted_answer_is_quoted_as_the_accepted_one(client, asker):
    thread = ask(asker, "Hub drops out every night")
    answer = make_answer(thread=thread, author=UserFactory(), body="Turn beamforming off.")
    actions.accept_answer(post=answer, by=asker)
    html = client.get(reverse("forum:search"), {"q": "beamforming"}).content.decode()
    assert f'<a class="thread-row__answer" href="{answer.get_absolute_url()}">In the accepted answer</a>' in html


def test_a_match_in_the_title_or_question_quotes_the_question_without_an_answer_link(client, asker):
    thread = ask(asker, "Beamforming keeps turning itself on", body="The beamforming light is on again.")
    make_answer(thread=thread, author=UserFactory(), body="Mine does beamforming too.")
    html = client.get(reverse("forum:search"), {"q": "beamforming"}).content.decode()
    assert "The <mark>beamforming</mark> light is on again." in html
    assert "thread-row__answer" not in html
    [result] = search_threads("beamforming")
    assert result.snippet_post_id is None


def test_the_quoted_answer_holds_the_most_words_then_is_endorsed_then_scores_best(asker, rep):
    thread = ask(asker, "Router question")
    make_answer(thread=thread, author=UserFactory(), body="Beamforming helped me.")
    both = make_answer(thread=thread, author=UserFactory(), body="Beamforming and the channel both matter.")
    [result] = search_threads("beamforming channel")
    assert (result.snippet_post_id, result.question_text) == (both.pk, both.body_text)

    other = ask(asker, "Another router question")
    make_answer(thread=other, author=UserFactory(), body="Beamforming off, first.")
    official = make_answer(thread=other, author=UserFactory(), body="Beamforming off, officially.")
    actions.mark_official(post=official, by=rep)
    [result] = [thread for thread in search_threads("beamforming") if thread.pk == other.pk]
    assert result.snippet_post_id == official.pk


def test_a_hidden_question_is_not_quoted_when_an_answer_matches(asker, moderator):
    thread = ask(asker, "Hub drops out", body="Call me on 07700900123 about beamforming.")
    answer = make_answer(thread=thread, author=UserFactory(), body="Beamforming off fixed it.")
    question = thread.posts.get(is_question=True)
    moderation_actions.hide_post(post=question, by=moderator, rule=Flag.Reason.PERSONAL_DATA, reason="phone")
    [result] = search_threads("beamforming")
    assert (result.snippet_post_id, result.question_text) == (answer.pk, answer.body_text)
    assert "07700900123" not in result.question_text


@pytest.fixture
def threads_answered_in(asker):
    def make(count: int, *, answers: int) -> None:
        for index in range(count):
            thread = ask(asker, f"Question number {index} about the hub")
            for number in range(answers):
                make_answer(thread=thread, author=UserFactory(), body=f"Beamforming off, take {number}.")

    return make


def test_the_search_page_runs_the_same_queries_for_few_and_many_answered_threads(
    client, threads_answered_in, django_assert_num_queries, settings
):
    settings.PAGE_CACHE = False  # the page's own queries: kept parts would spare the second request some
    from tests.forum.test_query_counts import count_queries

    threads_answered_in(2, answers=1)
    few = count_queries(client, "/search/?q=beamforming")
    threads_answered_in(28, answers=4)
    with django_assert_num_queries(few):
        response = client.get("/search/?q=beamforming")
    html = response.content.decode()
    assert html.count("In an answer</a>") == html.count('<li class="thread-row') > 2


def test_only_the_newest_matches_are_ranked_counted_and_paged(client, asker, monkeypatch):
    """Ranking every match of a common word would read half the forum: the latest
    MAX_RESULTS matches are ranked, and the page says that more matched."""
    monkeypatch.setattr(search, "MAX_RESULTS", 2)
    oldest = ask(asker, "Beamforming in the title")  # would rank first, but is the third newest
    middle = ask(asker, "Middle")
    make_answer(thread=middle, author=UserFactory(), body="Turn beamforming off.")
    newest = ask(asker, "Newest", body="Is beamforming on by default?")
    results = search_threads("beamforming")
    assert (results.count(), results.capped) == (2, True)
    assert [thread.pk for thread in results] == [newest.pk, middle.pk]
    assert [thread.pk for thread in search_threads("beamforming", sort="date")] == [newest.pk, middle.pk]
    assert oldest.pk in found("title")
    html = client.get(reverse("forum:search"), {"q": "beamforming"}).content.decode()
    assert "More than 2 results for “beamforming”; the latest 2 are shown." in html
    assert not search_threads("middle").capped


def test_the_window_is_the_same_whether_the_latest_threads_fill_it_or_not(asker, monkeypatch):
    """PostgreSQL looks among the RECENT_THREADS latest threads first and through all of
    them only when those hold too few matches; SQLite always looks through all."""
    monkeypatch.setattr(search, "MAX_RESULTS", 2)
    monkeypatch.setattr(search, "RECENT_THREADS", 3)
    old = [ask(asker, f"Beamforming question {index}") for index in range(2)]
    for index in range(3):
        ask(asker, f"Something else {index}")
    assert [thread.pk for thread in search_threads("beamforming")] == [old[1].pk, old[0].pk]
    assert not search_threads("beamforming").capped
    latest = [ask(asker, f"Beamforming again {index}") for index in range(3)]
    results = search_threads("beamforming")
    assert [thread.pk for thread in results] == [latest[2].pk, latest[1].pk]
    assert results.capped


def test_a_page_of_results_is_a_slice_of_the_ranked_window(asker):
    threads = [ask(asker, f"Beamforming question {index}") for index in range(5)]
    results = search_threads("beamforming")
    assert len(results) == 5
    assert [thread.pk for thread in results[1:3]] == [threads[3].pk, threads[2].pk]
    assert results[0].pk == threads[4].pk
    assert results[10:20] == []
    with pytest.raises(IndexError):
        results[7]
