"""Full-text search over threads: the title weighs most, then the question, then the accepted
and official answers, then every other answer.

Only what everyone may read is searched, ranked and quoted (Post.objects.visible(), the one
rule for hidden and withdrawn posts). PostgreSQL keeps a stored tsvector per thread
(GIN-indexed), computed from the visible posts alone by refresh_search_vector(), which every
action that changes what a thread says or shows calls (an answer, an edit, a hide or a
restore, an accept, an official mark); a hidden question's words are then simply not in it,
so the search needs no rule of its own. SQLite matches every word of the query by substring
in the same places and ranks them in the same order.

The snippet comes from the question when the title and the question hold every word, and
otherwise from the visible answer that holds the most of them (accepted and official answers
first, then the best scored, the oldest first), with a link to it. It is chosen in the
page's own query, one subquery per row of the page, so the page's query count does not grow.
Its highlighting is made here in Python on both databases, from text we escape ourselves, so
that the page never trusts HTML built from user input.
"""

import re
from dataclasses import dataclass
from functools import reduce
from operator import add, and_, or_

from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVector,
    SearchVectorExact,
    SearchVectorField,
)
from django.db import connection
from django.db.models import Case, Exists, F, Func, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce, Left
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from forum.models import Post, Thread

SEARCH_CONFIG = "english"
SNIPPET_LENGTH = 220
MAX_TERMS = 8
# How much answer text one thread's vector holds, per weight: a tsvector's words may not
# exceed 1 MB together, and a thread with more text than that must still take answers (the
# refresh runs in the answer's transaction). Past it, the best scored answers, then the
# oldest, are the ones indexed.
MAX_ANSWER_TEXT = {"C": 50_000, "D": 100_000}
# SQLite's ranking: points per word for where it is found, in the order of PostgreSQL's
# weights (A 1.0, B 0.4, C 0.2, D 0.1). A word in the title outranks it everywhere else.
SQLITE_POINTS = {"title": 8, "question": 4, "endorsed": 2, "answer": 1}


def uses_postgresql() -> bool:
    return connection.vendor == "postgresql"


# --- The stored vector (PostgreSQL) --------------------------------------------------------


def refresh_search_vector(*, thread_id: int) -> None:
    """Recompute one thread's stored vector from its visible posts, in one UPDATE
    (PostgreSQL only; SQLite searches live).

    Call inside the transaction that changed the thread's title, one of its posts, its
    accepted answer or an official mark, after the change. The callers hold the thread's or
    the post's row lock, and the UPDATE takes the thread's: two changes to one thread write
    their vectors one after the other."""
    if uses_postgresql():
        Thread.objects.filter(pk=thread_id).update(search_vector=_stored_vector())


def refresh_all_search_vectors() -> int:
    """Recompute every thread's stored vector in one UPDATE (bench/seed.py, after bulk
    inserts; a repair). Returns the number of threads, 0 on SQLite."""
    if not uses_postgresql():
        return 0
    return Thread.objects.update(search_vector=_stored_vector())


def _stored_vector() -> SearchVector:
    """The vector of the thread at OuterRef("pk"): title A, visible question B, visible
    accepted and official answers C, every other visible answer D."""
    answers = _visible_answers()
    parts = {
        "A": F("title"),
        "B": Subquery(_visible_question().values("body_text")[:1]),
        "C": _text_of(answers.filter(endorsed=1), limit=MAX_ANSWER_TEXT["C"]),
        "D": _text_of(answers.filter(endorsed=0), limit=MAX_ANSWER_TEXT["D"]),
    }
    vectors = [SearchVector(text, weight=weight, config=SEARCH_CONFIG) for weight, text in parts.items()]
    return reduce(add, vectors)


def _text_of(answers: QuerySet[Post], *, limit: int) -> Subquery:
    """The answers' text run together, best scored first, cut at `limit` characters."""
    joined = StringAgg("body_text", " ", order_by=("-score", "created_at", "pk"))
    return Subquery(answers.order_by().values("thread").annotate(text=Left(joined, limit)).values("text"))


# --- Reads ---------------------------------------------------------------------------------


def _visible_question() -> QuerySet[Post]:
    """The question of the thread at OuterRef("pk"), unless a moderator has hidden it."""
    return Post.objects.visible().filter(thread=OuterRef("pk"), is_question=True)


def _visible_answers() -> QuerySet[Post]:
    """The visible answers of the thread at OuterRef("pk"), each with `endorsed`: 1 for the
    accepted answer and official answers, else 0. (Read through the post's own thread, not
    OuterRef: SQLite cannot order a subquery by a column of the outer query.)"""
    endorsed = Q(is_official=True) | Q(pk=F("thread__accepted_post_id"))
    return (
        Post.objects.visible()
        .filter(thread=OuterRef("pk"), is_question=False)
        .annotate(endorsed=Case(When(endorsed, then=Value(1)), default=Value(0)))
    )


def terms_of(query: str) -> list[str]:
    return re.findall(r"\w+", query.lower())[:MAX_TERMS]


def search_threads(query: str, *, tag: str | None = None, sort: str = "relevance") -> QuerySet[Thread]:
    """Threads matching every word of `query` in their title, question or visible answers,
    best first (or newest first with sort="date").

    Each carries `rank`; `question_text`, the text to quote (the question's, or the answer's
    when the words are found in an answer rather than in the title and question; None when
    there is nothing to quote); and `snippet_post_id`, that answer, or None.
    """
    terms = terms_of(query)
    if not terms:
        return Thread.objects.none()
    threads = Thread.objects.for_list().tagged(tag)
    if uses_postgresql():
        threads, title_and_question_hold_all = _postgresql_match(threads, terms)
    else:
        threads, title_and_question_hold_all = _sqlite_match(threads, terms)
    threads = _with_snippet(threads, title_and_question_hold_all, [_stem(term) for term in terms])
    if sort == "date":
        return threads.order_by("-created_at", "-pk")
    return threads.order_by("-rank", "-created_at", "-pk")


class _TitleAndQuestion(Func):
    """The title's and the question's part of a stored vector (its weights A and B)."""

    function = "ts_filter"
    template = "%(function)s(%(expressions)s, '{a,b}')"
    output_field = SearchVectorField()


def _postgresql_match(threads: QuerySet[Thread], terms: list[str]) -> tuple[QuerySet[Thread], Q]:
    """The GIN-indexed stored vector finds the matches (it holds visible posts only);
    ts_rank weighs each word by where it is found."""
    search_query = SearchQuery(" ".join(terms), search_type="plain", config=SEARCH_CONFIG)
    threads = threads.filter(search_vector=search_query).annotate(rank=SearchRank(F("search_vector"), search_query))
    return threads, Q(SearchVectorExact(_TitleAndQuestion(F("search_vector")), search_query))


def _sqlite_match(threads: QuerySet[Thread], terms: list[str]) -> tuple[QuerySet[Thread], Q]:
    """Every term must appear in the title, the visible question or a visible answer; each
    counts SQLITE_POINTS for where it appears."""
    rank = Value(0, output_field=IntegerField())
    in_title_or_question = []
    for term in terms:
        places = {
            "title": Q(title__icontains=term),
            "question": Q(Exists(_visible_question().filter(body_text__icontains=term))),
            "endorsed": Q(Exists(_visible_answers().filter(endorsed=1, body_text__icontains=term))),
            "answer": Q(Exists(_visible_answers().filter(endorsed=0, body_text__icontains=term))),
        }
        threads = threads.filter(reduce(or_, places.values()))
        in_title_or_question.append(places["title"] | places["question"])
        for place, condition in places.items():
            rank = rank + Case(When(condition, then=Value(SQLITE_POINTS[place])), default=Value(0))
    return threads.annotate(rank=rank), reduce(and_, in_title_or_question)


def _with_snippet(threads: QuerySet[Thread], title_and_question_hold_all: Q, stems: list[str]) -> QuerySet[Thread]:
    """Annotate what to quote: the question when the title and question hold every word;
    otherwise the visible answer holding the most words (by the stems the highlighter
    marks), accepted and official answers first, then by score, the oldest first; the
    question again when no answer holds one.

    Subqueries in the page's SELECT list, so PostgreSQL computes them for the page's rows
    only (it evaluates expensive output columns after ORDER BY ... LIMIT)."""
    holds = [Q(body_text__icontains=stem) for stem in stems]
    best_answer = (
        _visible_answers()
        .filter(reduce(or_, holds))
        .annotate(held=sum((Case(When(hold, then=Value(1)), default=Value(0)) for hold in holds), Value(0)))
        .order_by("-held", "-endorsed", "-score", "created_at", "pk")
    )
    question_text = Subquery(_visible_question().values("body_text")[:1])
    return threads.annotate(
        snippet_post_id=Case(
            When(title_and_question_hold_all, then=Value(None)),
            default=Subquery(best_answer.values("pk")[:1]),
        ),
        question_text=Case(
            When(title_and_question_hold_all, then=question_text),
            default=Coalesce(Subquery(best_answer.values("body_text")[:1]), question_text),
        ),
    )


# --- Snippets ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Highlighted:
    title: SafeString
    snippet: SafeString


def highlight(*, title: str, text: str, query: str) -> Highlighted:
    stems = [_stem(term) for term in terms_of(query)]
    return Highlighted(title=_mark(title, stems), snippet=_mark(_window(text, stems), stems))


def _stem(term: str) -> str:
    # A crude English stem, so that "routers" highlights "router" as PostgreSQL matches it.
    for suffix in ("ing", "es", "s"):
        if term.endswith(suffix) and len(term) - len(suffix) >= 3:
            return term[: -len(suffix)]
    return term


def _window(text: str, stems: list[str]) -> str:
    lowered = text.lower()
    hits = [lowered.find(stem) for stem in stems if stem and lowered.find(stem) >= 0]
    start = max(0, min(hits) - SNIPPET_LENGTH // 3) if hits else 0
    window = text[start : start + SNIPPET_LENGTH]
    return ("…" if start else "") + window + ("…" if start + SNIPPET_LENGTH < len(text) else "")


def _mark(text: str, stems: list[str]) -> SafeString:
    """Escape `text`, wrapping each word that starts with a stem in <mark>."""
    stems = [stem for stem in stems if stem]
    if not stems:
        return escape(text)
    pattern = re.compile(r"\b(" + "|".join(re.escape(stem) for stem in stems) + r")\w*", re.IGNORECASE)
    pieces, last = [], 0
    for match in pattern.finditer(text):
        pieces.append(escape(text[last : match.start()]))
        pieces.append(f"<mark>{escape(match.group(0))}</mark>")
        last = match.end()
    pieces.append(escape(text[last:]))
    # Safe: every piece of user text above went through escape().
    return mark_safe("".join(pieces))
