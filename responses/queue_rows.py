"""What a queue row shows when a rep opens it ("Read and reply"): the question's excerpt, the
customer's latest message, and the answers so far. Read for every shown row at once, in a
fixed number of queries however many rows and follow-ups there are (one per part, each over
the shown threads' posts with a window per thread): tests/responses/test_queue_inline.py
counts them."""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, Exists, F, OuterRef, Q, Window
from django.db.models.functions import RowNumber, Substr

from accounts.permissions import carries_verified_badge
from forum.models import MeToo, Post, Thread

EXCERPT_LENGTH = 300  # characters of a post's text a row shows
NEWEST_ANSWERS = 2  # the answers a row shows, newest first
_READ = EXCERPT_LENGTH + 50  # what the database gives, for the template to cut at a word


@dataclass(frozen=True)
class Message:
    author: object  # accounts.User
    author_is_verified: bool  # the verified-staff badge beside the name
    at: datetime
    excerpt: str
    is_reply: bool = False
    is_official: bool = False


@dataclass
class Conversation:
    question: str = ""  # the question's excerpt ("" when it is hidden or withdrawn)
    latest_from_customer: Message | None = None  # the asker's or a "me too" member's
    answer_count: int = 0  # visible answers
    newest_answers: list[Message] = field(default_factory=list)


def _newest_first(*order):
    return Window(RowNumber(), partition_by=[F("thread_id")], order_by=[*order, F("pk").desc()])


def _message(post: Post) -> Message:
    return Message(
        author=post.author,
        author_is_verified=post.author_is_verified,
        at=post.created_at,
        excerpt=post.excerpt,
        is_reply=post.reply_to_id is not None,
        is_official=post.is_official,
    )


def _posts(thread_ids: list[int]):
    return (
        Post.objects.visible()
        .filter(thread_id__in=thread_ids)
        .annotate(excerpt=Substr("body_text", 1, _READ), author_is_verified=carries_verified_badge("author_id"))
        .defer("body", "body_html", "body_text")
    )


def conversations(threads: list[Thread]) -> dict[int, Conversation]:
    """Each thread's Conversation, by thread id: three queries, whatever the number of rows."""
    ids = [thread.pk for thread in threads]
    found = {pk: Conversation() for pk in ids}
    if not ids:
        return found
    for pk, excerpt in _posts(ids).filter(is_question=True).values_list("thread_id", "excerpt"):
        found[pk].question = excerpt
    # The customer: the asker, or a member who said "me too" (responses.waiting._is_customer).
    customer = Q(author_id=F("thread__author_id")) | Q(
        Exists(MeToo.objects.filter(thread_id=OuterRef("thread_id"), user_id=OuterRef("author_id")))
    )
    latest = (
        _posts(ids)
        .answers_and_replies()
        .filter(customer)
        .select_related("author")
        .annotate(newest=_newest_first(F("created_at").desc()))
        .filter(newest=1)
    )
    for post in latest:
        found[post.thread_id].latest_from_customer = _message(post)
    answers = (
        _posts(ids)
        .answers()
        .select_related("author")
        .annotate(
            newest=_newest_first(F("created_at").desc()),
            total=Window(Count("pk"), partition_by=[F("thread_id")]),
        )
        .filter(newest__lte=NEWEST_ANSWERS)
        .order_by("thread_id", "newest")
    )
    for post in answers:
        found[post.thread_id].answer_count = post.total
        found[post.thread_id].newest_answers.append(_message(post))
    return found


def attach_conversations(threads: list[Thread]) -> list[Thread]:
    """Give each row its `conversation` (for responses/_queue_row.html)."""
    read = conversations(threads)
    for thread in threads:
        thread.conversation = read[thread.pk]
    return threads
