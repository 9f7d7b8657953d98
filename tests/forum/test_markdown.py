"""User content is Markdown rendered to HTML and sanitised: nothing executable survives."""

from html.parser import HTMLParser

import pytest

from forum.markdown import ALLOWED_TAGS, html_to_text, render_markdown
from tests.hostile_inputs import HOSTILE_INPUTS

SAFE_SCHEMES = ("http://", "https://", "mailto:")


class TagCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, {name: value or "" for name, value in attrs}))


def executable_content(html: str) -> list[str]:
    """Everything in `html` that could run script, style or load a non-https resource."""
    collector = TagCollector()
    collector.feed(html)
    problems = []
    for tag, attributes in collector.elements:
        if tag not in ALLOWED_TAGS:
            problems.append(f"tag <{tag}>")
        for name, value in attributes.items():
            if name.startswith("on") or name in {"style", "srcdoc", "formaction"}:
                problems.append(f"attribute {name} on <{tag}>")
            if name in {"href", "src"}:
                url = "".join(value.split()).lower()
                if not url.startswith(SAFE_SCHEMES):
                    problems.append(f"{name}={value!r} on <{tag}>")
                if name == "src" and not url.startswith("https://"):
                    problems.append(f"non-https image {value!r}")
        if tag == "a" and not {"nofollow", "ugc", "noopener"} <= set(attributes.get("rel", "").split()):
            problems.append(f"link without rel: {attributes}")
    return problems


def test_the_checker_itself_catches_executable_content():
    assert executable_content('<img src=x onerror="alert(1)">')
    assert executable_content("<script>alert(1)</script>")
    assert executable_content('<a href="javascript:alert(1)" rel="nofollow ugc noopener">x</a>')
    assert executable_content('<img src="http://example.com/a.png">')
    assert executable_content('<a href="https://ok.example">x</a>')  # missing rel


@pytest.mark.parametrize("source", HOSTILE_INPUTS)
def test_hostile_input_renders_with_no_executable_content(source):
    html = render_markdown(source)
    assert executable_content(html) == []
    assert "<script" not in html.lower()


def test_raw_html_typed_by_a_user_is_shown_as_text():
    assert render_markdown("<b>hi</b>") == "<p>&lt;b&gt;hi&lt;/b&gt;</p>\n"


def test_fenced_code_keeps_its_formatting_and_language():
    html = render_markdown("```python\ndef f():\n    return 1\n```")
    assert html == '<pre><code class="language-python">def f():\n    return 1\n</code></pre>\n'


def test_a_hostile_code_language_is_dropped():
    assert 'class="' not in render_markdown('```x" onclick="alert(1)\ncode\n```')


def test_ordinary_markdown_renders():
    html = render_markdown("**bold** and *it* and ~~gone~~\n\n- one\n- two")
    assert "<strong>bold</strong>" in html
    assert "<em>it</em>" in html
    assert "<s>gone</s>" in html or "<del>gone</del>" in html
    assert "<li>one</li>" in html


def test_links_get_nofollow_ugc_noopener():
    html = render_markdown("[docs](https://example.com/help)")
    assert html == '<p><a href="https://example.com/help" rel="nofollow ugc noopener">docs</a></p>\n'


def test_images_survive_only_over_https():
    assert '<img src="https://example.com/a.png" alt="a">' in render_markdown("![a](https://example.com/a.png)")
    assert "src=" not in render_markdown("![a](http://example.com/a.png)")


def test_headings_are_demoted_below_the_page_heading():
    assert render_markdown("# Big\n\n## Smaller") == "<h3>Big</h3>\n<h4>Smaller</h4>\n"


def test_tables_render():
    html = render_markdown("| a | b |\n|---|---|\n| 1 | 2 |")
    assert "<table>" in html
    assert "<td>1</td>" in html


def test_html_to_text_gives_plain_text():
    assert html_to_text(render_markdown("# Title\n\nSome **bold** &amp; `code`")) == "Title Some bold & code"
