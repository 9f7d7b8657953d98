"""The slots forum's pages leave for the apps above it (config/panels.py), and forum's own
panel on accounts' profile page. forum names none of the apps that fill its slots: who fills
which is in each filler's <app>/panels.py (docs/architecture.md, "Apps and layers")."""

from django.template import Context

from accounts.models import User
from accounts.panels import PROFILE_ACTIVITY
from config.panels import declare
from forum.models import Post, ReputationEvent, TagReputation, Thread

# The thread page (forum/templates/forum/_thread_body.html), in the order they appear.
# Among the question's facts, after its views: the engine's clock and promise.
THREAD_META = declare("forum.thread.meta", arguments=("thread",))
# Between the header and the question: notes and tools about the whole thread.
THREAD_BEFORE_QUESTION = declare("forum.thread.before_question", arguments=("thread",))
# Under the question, between "me too" and "follow".
THREAD_ACTIONS = declare("forum.thread.actions", arguments=("thread",))
# Above the answer form, for whoever may answer: the reps' saved replies (team/panels.py).
ANSWER_FORM_TOOLS = declare("forum.answer_form.tools", arguments=("thread",))
# Inside the answer form, after its own fields, for whoever may answer: the engine's choice of
# a lead's second look on a hot thread (responses/panels.py).
ANSWER_FORM_FIELDS = declare("forum.answer_form.fields", arguments=("thread",))
# In each post's footer (forum/_post.html), after its author's own buttons. Rendered once
# per post: a panel here must read nothing per post, or the page's queries grow with it.
POST_ACTIONS = declare("forum.post.actions", arguments=("post",))
# After a hidden post's tombstone: where the decision can be read (moderation's public log).
# Rendered per hidden post, so it reads nothing.
POST_TOMBSTONE = declare("forum.post.tombstone", arguments=("post",))

# Above the list of questions: on the home page (`tag`: the tag filter's slug, or None) and
# on a tag's page (`tag`: the Tag).
HOME_ABOVE_LIST = declare("forum.home.above_list", arguments=("tag",))
TAG_ABOVE_LIST = declare("forum.tag.above_list", arguments=("tag",))

PROFILE_LIST_LENGTH = 10
HISTORY_LENGTH = 30


def member_activity(person: User) -> dict:
    """A member's reputation by tag, questions, answers and reputation history: on their
    profile page, and in the API's member read (api/views/reads.py)."""
    return {
        "tag_reputations": TagReputation.objects.filter(user=person, reputation__gt=0)
        .select_related("tag")
        .order_by("-reputation")[:PROFILE_LIST_LENGTH],
        "questions": Thread.objects.listed().filter(author=person).order_by("-created_at")[:PROFILE_LIST_LENGTH],
        "answers": Post.objects.visible()
        .answers()
        .filter(author=person)
        .select_related("thread")
        .order_by("-created_at")[:PROFILE_LIST_LENGTH],
        "history": ReputationEvent.objects.filter(user=person)
        .select_related("thread")
        .order_by("-created_at", "-pk")[:HISTORY_LENGTH],
    }


def _member_activity(page: Context, *, person: User) -> dict:
    return member_activity(person)


def register() -> None:
    PROFILE_ACTIVITY.register(
        "forum.member_activity", template="forum/_member_activity.html", build=_member_activity, order=10
    )
