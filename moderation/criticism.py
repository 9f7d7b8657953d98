"""Criticism of the company: a post that speaks ill of the company is answered, never hidden
automatically, whatever members flag it as (docs/design.md, "Moderation").

A post is criticism when it names the company (its name, or a word for its service or its
people: "support", "your staff") and complains: a negative sentence (the heat scorer's
lexicon, forum/heat.py, in which naming a fault is not anger) or words of being ignored or
kept waiting. "The router keeps dropping" is a fault; "Brightwave's support is the worst" and
"Brightwave support never calls back" are criticism. A lexicon cannot hear sarcasm, so a post
it misses still reaches a moderator: only spam flags can hide, and only proven flaggers'.
"""

import re

from django.conf import settings

from forum import heat
from forum.markdown import html_to_text
from forum.models import Post

# Words for the company's service and people, besides its name.
COMPANY_WORDS = (
    "support",
    "customer service",
    "service",
    "staff",
    "company",
    "agents?",
    "reps?",
    "representatives?",
    "management",
    "you guys",
    "you people",
    "your team",
    "helpdesk",
    "help desk",
)


def _company_pattern() -> re.Pattern:
    words = [re.escape(settings.COMPANY_NAME.casefold()), *COMPANY_WORDS]
    return re.compile(r"\b(?:" + "|".join(words) + r")\b", re.IGNORECASE)


# How a complaint about service reads when no word in it is angry: "never calls back",
# "three weeks without a line", "still waiting".
COMPLAINT = re.compile(
    r"\b(?:never|nobody|no one|not once|still|again|ignored|waiting|waited|promised|weeks?|months?|days)\b",
    re.IGNORECASE,
)


# A sentence at least this negative (VADER's compound, -1 to 1) complains: "Your support is
# useless" scores -0.42, "Brightwave's support is the worst" -0.27; an advert's "Why pay
# Brightwave prices?" -0.10 does not.
NEGATIVE = -0.2


def is_criticism(text: str) -> bool:
    """`text` (plain text) names the company and complains: some sentence of it is negative,
    or it speaks of being ignored or kept waiting. Generous on purpose: a false positive only
    leaves a post up for a moderator to decide, a false negative could let flags bury it."""
    if not _company_pattern().search(text):
        return False
    return bool(COMPLAINT.search(text)) or any(score <= NEGATIVE for _, score in heat.sentence_scores(text))


def criticises_the_company(post: Post) -> bool:
    """The post (the question with its thread's title) criticises the company."""
    text = html_to_text(post.body_html)
    if post.is_question:
        text = f"{post.thread.title}\n{text}"
    return is_criticism(text)
