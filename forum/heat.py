"""Heat: how upset a question sounds, from 0 (calm) to 1 (furious), scored when it is saved.

The scorer is VADER (the `vaderSentiment` package): a lexicon of about 7,500 rated words and
rules for negation, boosters ("very"), capitals and exclamation marks. Its lexicon ships
inside the package and is read from disk once per process; it downloads nothing and needs
no network (only the package's own `__main__` demo does).

Three choices make it fit a support forum:

- **Naming the fault is not anger.** Nearly every question says "error", "failed", "broken"
  or "no signal"; VADER rates those words as negative, so a calm report of a fault would
  read as upset. They count as neutral here (FAULT_WORDS), and so does "support", the
  company's department, which would otherwise cool "your support is useless".
- **Praise does not cool a complaint.** VADER sums a text, so "thanks in advance" or a
  sarcastic "great, just great" would cancel the angry sentence beside it. Each sentence
  is scored on its own (VADER is made for sentences), and only the negative ones count:
  each adds its share of what is left, 1 - (1 - a)(1 - b)..., so that more anger is hotter
  but never above 1.
- **The customer's words, not the machine's**: code blocks and inline code (pasted logs,
  stack traces) are left out.

Sarcasm without a negative word ("Thanks, Brightwave, another lovely evening offline")
still reads as calm: a lexicon cannot hear tone. The queue's priority therefore weighs heat
by community interest and caps it (responses/querysets.py), and a rep reads the question.
"""

import re
from functools import cache

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from forum.conf import conf
from forum.markdown import html_to_text
from forum.models import Thread

# Words that describe what went wrong, or what the customer did ("ticked the box", "the spam
# folder"), rather than how they feel about it.
FAULT_WORDS = frozenset(
    """
    error errors problem problems fail fails failed failing failure failures broke broken
    crash stuck lost lose loses loss drop warning warnings trouble troubles fault faults faulty
    missing miss delay delayed low block blocks blocked blocking limited dead die died weak
    kill kills killed damage damaged no wrong unstable offline denied deny denies reject
    rejected refuse refused cancel cancelled panic critical fatal severe emergency alarm lag
    lagging freeze freezes stop stops stopped stopping leak noisy empty charged restricted
    restriction isolated conflict conflicts shortage lack cut cuts dump suspend suspended spam
    accidentally ticked support
    """.split()  # noqa: SIM905 (eighty words read better as words than as a list literal)
)

# VADER's rules look across a sentence for every rated word; a run-on "sentence" of
# thousands of words is cut into pieces so that scoring stays linear in the text's length.
MAX_WORDS_PER_SENTENCE = 60

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
_CODE = re.compile(r"<pre\b.*?</pre>|<code\b.*?</code>", re.DOTALL | re.IGNORECASE)


@cache
def _analyzer() -> SentimentIntensityAnalyzer:
    """One analyser per process: building it reads and parses the lexicon (about 10 ms)."""
    analyzer = SentimentIntensityAnalyzer()
    for word in FAULT_WORDS:
        analyzer.lexicon.pop(word, None)
    return analyzer


def _sentences(text: str):
    for sentence in _SENTENCE_END.split(text):
        words = sentence.split()
        for start in range(0, len(words), MAX_WORDS_PER_SENTENCE):
            yield " ".join(words[start : start + MAX_WORDS_PER_SENTENCE])


def sentence_scores(text: str) -> list[tuple[str, float]]:
    """Each sentence of `text` (plain text) with its VADER compound score, -1 to 1 (fault
    words neutral): what negativity() sums, and what moderation/criticism.py reads."""
    analyzer = _analyzer()
    return [(sentence, analyzer.polarity_scores(sentence)["compound"]) for sentence in _sentences(text)]


def negativity(text: str) -> float:
    """How negative `text` (plain text) sounds: 0 when no sentence is negative, towards 1 as
    more and angrier sentences are; rounded to 3 places."""
    analyzer = _analyzer()
    calm = 1.0
    for sentence in _sentences(text):
        compound = analyzer.polarity_scores(sentence)["compound"]
        if compound < 0:
            calm *= 1.0 + compound
    return round(1.0 - calm, 3)


def question_heat(*, title: str, body_html: str) -> float:
    """The heat of a question: its title and its body (sanitised HTML, as stored in
    Post.body_html) as plain text, without code. The renderer puts every block (paragraph,
    list item, heading) on its own line, so a line ends a sentence, stop or not."""
    lines = _CODE.sub(" ", body_html).splitlines()
    return negativity("\n".join([title, *(html_to_text(line) for line in lines)]))


def thread_heat(*, kind: str, title: str, body_html: str) -> float:
    """The heat a thread keeps (Thread.heat): its question's. Ideas and announcements keep 0:
    the response-time engine does not weigh them, and an announcement is the company's voice."""
    return question_heat(title=title, body_html=body_html) if kind == Thread.Kind.QUESTION else 0.0


def draft_tone(body_html: str) -> tuple[str, float]:
    """How a rep's draft reads before it goes out officially (issue 27: never reply in
    anger): ("angry" | "sharp" | "", its heat), by the question's own scorer and
    DRAFT_HEAT_ANGRY / DRAFT_HEAT_WARNING."""
    heat = question_heat(title="", body_html=body_html)
    if heat >= conf.DRAFT_HEAT_ANGRY:
        return "angry", heat
    if heat >= conf.DRAFT_HEAT_WARNING:
        return "sharp", heat
    return "", heat
