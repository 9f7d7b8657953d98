"""The mix bench/worst_day.py sends (issue 29's worst day): its pages, read by visitors and by
members, reps and a moderator with their own sessions, and its ten writes, every one a different
write (bench/writes_http_requests.py plans them, each on threads of its own), written as the
lines bench/worst_day.lua reads. Each line carries a label that the Lua script sends as a
header and gunicorn's access log records, so that every page and write is counted and timed
on its own."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from bench.writes_http_requests import Browser, Request, in_turn

VISITOR, MEMBER, REP, MODERATOR = "visitor", "member", "rep", "moderator"
# Writes prepared over what the clients could send at most: better left over than run out.
MARGIN = 1.25
# The most requests a second the mix could be answered at on 2 cores when clients do not pause
# (bench/pages.py's fastest page does about 700): what sizes the writes when THINK_MS is 0.
CEILING = 800


@dataclass(frozen=True)
class Page:
    name: str  # "home", "thread-50": the label's middle
    path: str
    viewer: str  # VISITOR, MEMBER, REP or MODERATOR


@dataclass(frozen=True)
class Read:
    label: str
    path: str
    cookie: str  # "" for a visitor

    def line(self) -> str:
        return f"{self.label}\tGET\t{self.path}\t{self.cookie}\t"


def pages(*, five: str, fifty: str, reports: str) -> list[Page]:
    """Issue 29's pages: each list and thread page as a visitor and as a member, the rep's queue
    and the moderators' reports queue. `five` and `fifty`: the seeded threads' own addresses
    (/t/<id>/ alone answers with a redirect to them); `reports`: moderation:reports."""
    shared = [("home", "/"), ("thread-5", five), ("thread-50", fifty), ("tag-wifi", "/tags/wifi/")]
    shared.append(("search-router", "/search/?q=router"))
    return [
        *(Page(name, path, viewer) for name, path in shared for viewer in (VISITOR, MEMBER)),
        Page("official-queue", "/official/", REP),
        Page("reports-queue", reports, MODERATOR),
    ]


def slug(name: str) -> str:
    """ "hide-moderator" for "hide (moderator)": no spaces, so that the access log splits."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def label(kind: str, name: str, *rest: object) -> str:
    """ "read:home:member", "write:official-reply:17"."""
    return ":".join([kind, slug(name), *(str(part) for part in rest)])


def reads(page_list: list[Page], browsers: dict[str, list[Browser]], *, rounds: int) -> list[Read]:
    """Every page in turn, `rounds` times, each time with the next browser of its viewer: one
    member's reads are spread over many sessions, as many members' would be."""
    lines = []
    for turn in range(rounds):
        for page in page_list:
            people = browsers.get(page.viewer, [])
            cookie = people[turn % len(people)].cookie if people else ""
            lines.append(Read(label("read", page.name, page.viewer), page.path, cookie))
    return lines


def write_lines(planned: dict[str, list[Request]]) -> list[str]:
    """Each write's requests, one of each write in turn, so that the writes interleave."""
    rows = [(name, index, request) for name, requests in planned.items() for index, request in enumerate(requests)]
    interleaved = in_turn(rows, key=lambda row: row[0])
    return [f"{label('write', name, index)}\t{request.line()}" for name, index, request in interleaved]


def split(requests: list[Request], reserved: int) -> tuple[Request, list[Request], list[Request]]:
    """A write's first request (sent before the load, checked), those for the load, and up to
    `reserved` kept back for the profile (never more than the load gets)."""
    kept = min(reserved, (len(requests) - 1) // 2)
    return requests[0], requests[1 : len(requests) - kept], requests[len(requests) - kept :]


def per_write(*, seconds: int, connections: int, think_ms: float, every: int, kinds: int) -> int:
    """Requests to prepare for each write: one in `every` of the most the clients could send,
    pausing `think_ms` on average between requests (CEILING when they do not pause)."""
    most = min(connections * 1000 / think_ms, CEILING) if think_ms else CEILING
    return math.ceil(most * seconds / every / kinds * MARGIN)


def kind_of(label_text: str) -> tuple[str, str]:
    """("read", "home:member") or ("write", "answer") from a label; ("", "") for a request the
    run sent itself (its checks before the load carry no label: the log shows "-")."""
    parts = label_text.split(":")
    if parts[0] == "read" and len(parts) == 3:
        return "read", f"{parts[1]}:{parts[2]}"
    if parts[0] == "write" and len(parts) == 3:
        return "write", parts[1]
    return "", ""
