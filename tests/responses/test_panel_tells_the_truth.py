"""The rep panel and the thread's facts say what applies now (issue 27): no case suggestion or
request line once the company has replied, the customer sees who is looking at their thread,
and linking to an idea is folded away."""

import pytest

from forum import actions as forum_actions
from responses import actions
from tests.factories import UserFactory, make_thread

pytestmark = pytest.mark.django_db

FURIOUS = "Terrible, awful, useless. I hate this and I am so angry. This is a disgrace and a scam!"


@pytest.fixture
def furious(db):
    return make_thread(author=UserFactory(), title="This is the worst service, I am furious and fed up", body=FURIOUS)


def page(client, user, thread) -> str:
    client.force_login(user)
    return client.get(thread.get_absolute_url()).content.decode()


def test_after_an_official_reply_the_panel_neither_suggests_a_case_nor_lists_old_requests(client, furious, rep):
    member = UserFactory()
    forum_actions.set_me_too(user=member, thread=furious, on=True)
    actions.request_official_response(thread=furious, by=member)
    before = page(client, rep, furious)
    assert 'data-testid="case-suggestion"' in before
    assert 'data-testid="official-requests"' in before
    forum_actions.post_answer(author=rep, thread=furious, body="We are sorry: here is what happened.", official=True)
    after = page(client, rep, furious)
    assert 'data-testid="case-suggestion"' not in after
    assert 'data-testid="official-requests"' not in after
    # The customer's follow-up makes it owed again: the request line stays away (it was answered).
    forum_actions.post_answer(author=furious.author, thread=furious, body="That did not help at all, still down.")
    assert 'data-testid="case-suggestion"' in page(client, rep, furious)


def test_the_customer_sees_who_is_looking_at_their_thread(client, furious, rep):
    actions.claim_thread(thread=furious, by=rep)
    html = page(client, furious.author, furious)
    assert f'data-testid="looking-at-this">{rep.name} from Brightwave is looking at this' in html
    forum_actions.post_answer(author=rep, thread=furious, body="Here is the fix: replace the adapter.", official=True)
    assert 'data-testid="looking-at-this"' not in page(client, furious.author, furious)


def test_linking_to_an_idea_is_folded_away_for_reps(client, furious, rep):
    html = page(client, rep, furious)
    assert '<details class="idea-link__tools">' in html
    assert "<summary>Link to an idea</summary>" in html
    assert html.index('data-testid="rep-panel"') < html.index("idea-link__tools")


def test_an_assigned_thread_reads_as_the_reps_own_to_the_customer(client, furious, rep, lead):
    actions.assign_thread(thread=furious, rep=rep, by=lead)
    html = page(client, furious.author, furious)
    assert f"{rep.name} from Brightwave is looking at this (since" in html
    assert "assigned" not in html.split('data-testid="looking-at-this"', 1)[1].split("</span>", 1)[0]
    assert lead.name not in html
