"""Full-text search over threads: the title weighs most, then the question, then the accepted
and official answers, then every other answer.

Only what everyone may read is searched, ranked and quoted (Post.objects.visible(), the one
rule for hidden and withdrawn posts). PostgreSQL keeps a stored tsvector per thread
(GIN-indexed), computed from the visible posts alone by refresh_search_vector(), which every
action that changes what a thread says or shows calls (an answer, an edit, a hide, a
withdrawal or a restore, an accept, an official mark); a hidden question's words are then simply not in it,
so the search needs no rule of its own. SQLite matches every word of the query by substring
in the same places and ranks them in the same order.

Only the latest MAX_RESULTS matches are ranked, counted and paged through (SearchResults), so
that a common word costs what a rare one does. The snippet comes from the question when the
title and the question hold every word, and otherwise from the visible answer that holds the
most of them (accepted and official answers first, then the best scored, the oldest first),
with a link to it; one query chooses them for the whole page, so the page's query count does
not grow. Its highlighting is made here in Python on both databases, from text we
escape ourselves, so that the page never trusts HTML built from user input.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property, reduce
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
from django.db.models import (
    BooleanField,
    Case,
    Exists,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import Left, RowNumber
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from config.updates import OneRowUpdate
from forum.models import Post, Thread

SEARCH_CONFIG = "english"
SNIPPET_LENGTH = 220
MAX_TERMS = 8
# The latest matches (by id: the order threads were asked in) that are ranked, counted and
# paged through (SearchResults): 17 pages.
MAX_RESULTS = 500
# Where the latest matches are looked for first: the latest threads (SearchResults._window).
RECENT_THREADS = 40 * MAX_RESULTS
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
    accepted answer or an official mark, after the change, holding the thread's row lock
    (select_for_update() on the thread, or on the post with select_related("thread"), which
    locks both) taken before the change: then two changes to one thread refresh one after
    the other, the second reading the first's posts. An UPDATE that only waited for the row
    would compute from what it read before the wait."""
    if uses_postgresql():
        _REFRESH_ONE(thread_id)


def refresh_all_search_vectors() -> int:
    """Recompute every thread's stored vector in one UPDATE (bench/seed.py, after bulk
    inserts; a repair). Returns the number of threads, 0 on SQLite."""
    if not uses_postgresql():
        return 0
    return Thread.objects.update(search_vector=_stored_vector())


# One thread's vector: SQL compiled once, not on every write (13 ms of an answer's 54 ms).
_REFRESH_ONE = OneRowUpdate(Thread, lambda: {"search_vector": _stored_vector()})


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
    """The question of the thread at OuterRef("pk"), unless it is hidden or withdrawn."""
    return Post.objects.visible().filter(thread=OuterRef("pk"), is_question=True)


def _visible_answers() -> QuerySet[Post]:
    """The visible answers and replies of the thread at OuterRef("pk"), each with `endorsed`
    (a reply never is: its words weigh as an ordinary answer's)."""
    return Post.objects.visible().answers_and_replies().filter(thread=OuterRef("pk")).annotate(endorsed=_endorsed())


def _endorsed() -> Case:
    """1 for an answer its thread's asker accepted or that a rep made official, else 0 (read
    through the post's own thread, so that it serves in a subquery and on its own alike)."""
    return Case(When(Q(is_official=True) | Q(pk=F("thread__accepted_post_id")), then=Value(1)), default=Value(0))


def terms_of(query: str) -> list[str]:
    return re.findall(r"\w+", query.lower())[:MAX_TERMS]


def search_threads(query: str, *, tag: str | None = None, sort: str = "relevance") -> "SearchResults":
    """Threads matching every word of `query` in their title, question or visible answers:
    the latest MAX_RESULTS of them, best first (or newest first with sort="date").

    Each thread carries `rank`; `question_text`, the text to quote (the question's, or the
    answer's when the words are found in an answer rather than in the title and question;
    None when there is nothing to quote); and `snippet_post_id`, that answer, or None.
    """
    return SearchResults(terms=terms_of(query), tag=tag, sort=sort)


class SearchResults:
    """What the search page's paginator pages through, so that a page costs the same however
    many threads match.

    Ranking every match of a common word would read every matching vector (half the forum
    for "hub"), so only the latest MAX_RESULTS matches are ranked and paged through, and the
    count stops there too (`capped` says it did). One query (two when the latest threads hold
    too few matches) reads that window with each thread's rank, and is the count as well; a
    slice of it, sorted by rank here, takes one query for its rows (those threads with what
    a row shows), the tags' prefetch, and one for the answers it quotes."""

    def __init__(self, *, terms: list[str], tag: str | None, sort: str) -> None:
        self.terms, self.tag, self.sort = terms, tag, sort

    @cached_property
    def _window(self) -> tuple[list[tuple[int, float]], bool]:
        """(pk, rank) of the latest MAX_RESULTS matches in page order, and whether more match."""
        if not self.terms:
            return [], False
        # Equal ranks go latest first, by id as the window is drawn; the date sort reads dates.
        fields = ("pk", "rank", "created_at") if self.sort == "date" else ("pk", "rank")
        latest_first = self._matches().annotate(rank=self._rank()).order_by("-pk").values_list(*fields)
        rows = []
        if uses_postgresql():
            # A word that many threads hold fills the window from the latest threads alone:
            # look there first (the id range and the GIN index are intersected before any
            # row is read), and through every thread only when too few of them match.
            latest_id = Subquery(Thread.objects.order_by("-pk").values("pk")[:1])
            rows = list(latest_first.filter(pk__gt=latest_id - RECENT_THREADS)[: MAX_RESULTS + 1])
        if len(rows) <= MAX_RESULTS:
            rows = list(latest_first[: MAX_RESULTS + 1])
        capped, rows = len(rows) > MAX_RESULTS, rows[:MAX_RESULTS]
        if self.sort == "date":
            rows.sort(key=lambda row: (row[2], row[0]), reverse=True)
        else:
            rows.sort(key=lambda row: (row[1], row[0]), reverse=True)
        return [(row[0], row[1]) for row in rows], capped

    def count(self) -> int:
        return len(self._window[0])

    @property
    def capped(self) -> bool:
        """More threads match than are ranked and counted."""
        return self._window[1]

    def __len__(self) -> int:
        return self.count()

    def __iter__(self) -> Iterator[Thread]:
        return iter(self[:])

    def __getitem__(self, index: int | slice) -> Thread | list[Thread]:
        if not isinstance(index, slice):
            rows = self[index : index + 1]
            if not rows:
                raise IndexError(index)
            return rows[0]
        ranked = dict(self._window[0][index])
        if not ranked:
            return []
        threads = Thread.objects.for_list().filter(pk__in=list(ranked))
        threads = threads.annotate(
            question_text=Subquery(_visible_question().values("body_text")[:1]),
            quotes_question=ExpressionWrapper(self._title_and_question_hold_all(), output_field=BooleanField()),
        )
        by_pk = {thread.pk: thread for thread in threads}
        rows = [by_pk[pk] for pk in ranked if pk in by_pk]
        for thread in rows:
            thread.rank = ranked[thread.pk]
        _quote_answers(rows, [_stem(term) for term in self.terms])
        return rows

    def _matches(self) -> QuerySet[Thread]:
        # listed(): a thread whose question its author withdrew is not found, even by its title.
        threads = Thread.objects.listed().tagged(self.tag)
        if uses_postgresql():
            # The GIN-indexed stored vector, which holds visible posts only.
            return threads.filter(search_vector=self._search_query())
        return threads.filter(reduce(and_, [reduce(or_, _sqlite_places(term).values()) for term in self.terms]))

    def _search_query(self) -> SearchQuery:
        return SearchQuery(" ".join(self.terms), search_type="plain", config=SEARCH_CONFIG)

    def _rank(self):
        """PostgreSQL's ts_rank weighs each word by where it is found (its weights A 1.0,
        B 0.4, C 0.2, D 0.1); SQLite counts SQLITE_POINTS in the same order."""
        if uses_postgresql():
            return SearchRank(F("search_vector"), self._search_query())
        points = [
            Case(When(condition, then=Value(SQLITE_POINTS[place])), default=Value(0))
            for term in self.terms
            for place, condition in _sqlite_places(term).items()
        ]
        return reduce(add, points, Value(0, output_field=IntegerField()))

    def _title_and_question_hold_all(self) -> Q:
        if uses_postgresql():
            return Q(SearchVectorExact(_TitleAndQuestion(F("search_vector")), self._search_query()))
        return reduce(and_, [places["title"] | places["question"] for places in map(_sqlite_places, self.terms)])


class _TitleAndQuestion(Func):
    """The title's and the question's part of a stored vector (its weights A and B)."""

    function = "ts_filter"
    template = "%(function)s(%(expressions)s, '{a,b}')"
    output_field = SearchVectorField()


def _sqlite_places(term: str) -> dict[str, Q]:
    """Where SQLite finds a term in the thread at hand: by substring, in visible posts only."""
    return {
        "title": Q(title__icontains=term),
        "question": Q(Exists(_visible_question().filter(body_text__icontains=term))),
        "endorsed": Q(Exists(_visible_answers().filter(endorsed=1, body_text__icontains=term))),
        "answer": Q(Exists(_visible_answers().filter(endorsed=0, body_text__icontains=term))),
    }


def _quote_answers(threads: list[Thread], stems: list[str]) -> None:
    """Set each thread's `snippet_post_id`, and its `question_text` when it quotes an answer:
    a thread whose title and question do not hold every word quotes its visible answer that
    holds the most of them (by the stems the highlighter marks), accepted and official
    answers first, then by score, the oldest first; it keeps the question's text when no
    answer holds one. One query for the whole page, none when no thread needs it."""
    for thread in threads:
        thread.snippet_post_id = None
    needing = [thread.pk for thread in threads if not thread.quotes_question]
    if not needing:
        return
    holds = [Q(body_text__icontains=stem) for stem in stems]
    best_first = [F("held").desc(), F("endorsed").desc(), F("score").desc(), F("created_at").asc(), F("pk").asc()]
    answers = (
        Post.objects.visible()
        .answers_and_replies()
        .filter(thread_id__in=needing)
        .filter(reduce(or_, holds))
        .annotate(
            held=reduce(add, [Case(When(hold, then=Value(1)), default=Value(0)) for hold in holds]),
            endorsed=_endorsed(),
        )
        .annotate(place=Window(RowNumber(), partition_by=F("thread_id"), order_by=best_first))
        .filter(place=1)
    )
    quotes = {thread_id: (pk, text) for thread_id, pk, text in answers.values_list("thread_id", "pk", "body_text")}
    for thread in threads:
        if thread.pk in quotes:
            thread.snippet_post_id, thread.question_text = quotes[thread.pk]


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
