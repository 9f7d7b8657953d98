"""User content: Markdown source in, safe HTML out, in two independent stages.

1. markdown-it-py renders CommonMark (plus tables and strikethrough) with raw HTML off, so
   anything a user types as HTML comes out as visible, escaped text.
2. nh3 (ammonia) then cleans the result against an allow-list of tags, attributes and URL
   schemes. Even if stage 1 had a bug, stage 2 guarantees no script, event handler, style
   or javascript:/data: URL survives. Links get rel="nofollow ugc noopener"; images are
   kept only over https; headings are demoted so that a post never competes with the
   page's own <h1>.
"""

import html
import re

import nh3
from markdown_it import MarkdownIt

from forum.markdown_guards import TooIntricate, as_typed, budgeted, harden, output_limit

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable(
    ["table", "strikethrough"]
)

harden(_markdown)  # worst inputs cost about what their length does (forum/markdown_guards.py)

ALLOWED_TAGS = {
    "p", "br", "hr", "h3", "h4", "h5", "h6", "strong", "em", "del", "s", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "img", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow ugc noopener"
_CODE_LANGUAGE = re.compile(r"^language-[A-Za-z0-9_+-]{1,30}$")
_HEADING = re.compile(r"<(/?)h([1-6])>")


def _filter_attribute(tag: str, name: str, value: str) -> str | None:
    if tag == "img" and name == "src" and not value.lower().startswith("https://"):
        return None  # images only over https: no mixed content, no tracking over http
    if tag == "code" and name == "class":
        return value if _CODE_LANGUAGE.match(value) else None
    return value


def _demote_headings(rendered: str) -> str:
    # markdown-it emits bare <hN> tags (no attributes), so a plain substitution is exact.
    return _HEADING.sub(lambda m: f"<{m.group(1)}h{min(int(m.group(2)) + 2, 6)}>", rendered)


# Relative URLs are dropped too: "java%09script:" and friends are relative URLs, and a
# link to the site itself can be pasted in full.
_cleaner = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    attributes={**ALLOWED_ATTRIBUTES, "code": {"class"}},
    attribute_filter=_filter_attribute,
    url_schemes=URL_SCHEMES,
    url_relative="deny",
    link_rel=LINK_REL,
    strip_comments=True,
)


def render_markdown(source: str) -> str:
    """Markdown source (untrusted) to sanitised HTML that may be shown as it is. Text that
    would cost more to format than its length allows, or grow too large, is shown as typed
    (forum/markdown_guards.py): the same text always renders the same way."""
    try:
        with budgeted(source):
            rendered = _markdown.render(source)
    except TooIntricate:
        rendered = as_typed(source)
    if len(rendered) > output_limit(source):
        rendered = as_typed(source)
    return _cleaner.clean(_demote_headings(rendered))


def html_to_text(sanitised_html: str) -> str:
    """Plain text of sanitised HTML, for search snippets and emails."""
    text = html.unescape(nh3.clean(sanitised_html, tags=set()))
    return re.sub(r"\s+", " ", text).strip()
