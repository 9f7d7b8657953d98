"""Full-text search over threads: the title weighs most, then the question's body.

PostgreSQL keeps a stored tsvector per thread (GIN-indexed) and ranks with ts_rank; SQLite
matches every word of the query by substring and ranks title hits above body hits. The
snippet and its highlighting are made here in Python on both, from text we escape
ourselves, so that the page never trusts HTML built from user input.

A question a moderator has hidden is not searched, shown or ranked (Post.objects.visible(),
the one rule for hidden posts): its thread is found by its title alone. The stored vector
keeps the question's words, so that a restore needs no rebuild; the search reads past them
while the question is hidden.
"""

import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector, SearchVectorField
from django.db import connection
from django.db.models import Case, Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from forum.models import Post, Thread

SEARCH_CONFIG = "english"
SNIPPET_LENGTH = 220
MAX_TERMS = 8


def uses_postgresql() -> bool:
    return connection.vendor == "postgresql"


def refresh_search_vector(*, thread_id: int, question: Post) -> None:
    """Recompute a thread's stored search vector (PostgreSQL only; SQLite searches live)."""
    if not uses_postgresql():
        return
    Thread.objects.filter(pk=thread_id).update(
        search_vector=SearchVector("title", weight="A", config=SEARCH_CONFIG)
        + SearchVector(Value(question.body_text), weight="B", config=SEARCH_CONFIG)
    )


def terms_of(query: str) -> list[str]:
    return re.findall(r"\w+", query.lower())[:MAX_TERMS]


def search_threads(query: str, *, tag: str | None = None, sort: str = "relevance") -> QuerySet[Thread]:
    """Threads matching every word of `query`, best first (or newest first with sort="date").

    Each carries `rank` and `question_text` (for the snippet).
    """
    terms = terms_of(query)
    if not terms:
        return Thread.objects.none()
    threads = Thread.objects.for_list().tagged(tag)
    threads = (_postgresql_match if uses_postgresql() else _sqlite_match)(threads, terms)
    threads = threads.annotate(question_text=Subquery(_visible_question().values("body_text")[:1]))
    if sort == "date":
        return threads.order_by("-created_at", "-pk")
    return threads.order_by("-rank", "-created_at", "-pk")


def _visible_question() -> QuerySet[Post]:
    """The question of the thread at OuterRef("pk"), unless a moderator has hidden it."""
    return Post.objects.visible().filter(thread=OuterRef("pk"), is_question=True)


def _postgresql_match(threads: QuerySet[Thread], terms: list[str]) -> QuerySet[Thread]:
    """The GIN-indexed stored vector finds the candidates; a thread whose question is hidden
    must then match on its title alone, and is ranked on it."""
    search_query = SearchQuery(" ".join(terms), search_type="plain", config=SEARCH_CONFIG)
    readable = Case(
        When(Exists(_visible_question()), then=F("search_vector")),
        default=SearchVector("title", weight="A", config=SEARCH_CONFIG),
        output_field=SearchVectorField(),
    )
    return (
        threads.filter(search_vector=search_query)
        .annotate(readable_vector=readable)
        .filter(readable_vector=search_query)
        .annotate(rank=SearchRank(F("readable_vector"), search_query))
    )


def _sqlite_match(threads: QuerySet[Thread], terms: list[str]) -> QuerySet[Thread]:
    """Every term must appear in the title or the (visible) question; title hits rank higher."""
    rank = Value(0, output_field=IntegerField())
    for term in terms:
        in_title = Q(title__icontains=term)
        in_body = Exists(_visible_question().filter(body_text__icontains=term))
        threads = threads.filter(in_title | in_body)
        rank = (
            rank
            + Case(When(in_title, then=Value(4)), default=Value(0))
            + Case(When(in_body, then=Value(1)), default=Value(0))
        )
    return threads.annotate(rank=rank)


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
