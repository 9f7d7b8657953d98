"""What a question, an answer and a vote must be: the domain's rules, which forum/usecases.py
checks for every door (the pages' forms and the API's inputs only carry what was sent)."""

import re
from collections.abc import Sequence

from taggit.models import Tag

from config.text import TextRule
from config.usecases import check
from forum.conf import conf as forum_conf

TITLE_MIN, TITLE_MAX = 15, 150
BODY_MIN, BODY_MAX = 30, 30_000
ANSWER_MIN = 15

TITLE = TextRule(
    min=TITLE_MIN,
    max=TITLE_MAX,
    required="Give your question a title.",
    too_short="Make the title a full question: at least {min} characters (you have {n}).",
    too_long="Keep the title under {max} characters (you have {n}).",
    one_line=True,
)


def body_rule(minimum: int) -> TextRule:
    return TextRule(
        min=minimum,
        max=BODY_MAX,
        required="Write something first.",
        too_short="Say a little more: at least {min} characters (you have {n}).",
        too_long="That is too long: at most {max:,} characters (you have {n}).",
    )


QUESTION_BODY = body_rule(BODY_MIN)
ANSWER_BODY = body_rule(ANSWER_MIN)
# A reply is short: a clarification, a request for a detail, thanks (issue 27).
REPLY_MIN, REPLY_MAX = 2, 2_000
REPLY_BODY = TextRule(
    min=REPLY_MIN,
    max=REPLY_MAX,
    required="Write your reply first.",
    too_short="Say a little more: at least {min} characters (you have {n}).",
    too_long="A reply is short: at most {max:,} characters (you have {n}). A longer one can be an answer.",
)

# What a tag may be: the ask form's promise, "letters, digits and hyphens".
TAG_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
TAG_MAX = 32
NO_TAGS = "Add at least one tag so the right people find your question."
CREATE_TAGS = "create_tags"

# A vote as the vote buttons (and the API) send it.
VOTE_VALUES = {"up": 1, "down": -1, "none": 0}
VOTE_REFUSED = "value must be up, down or none"


def tag_errors(names: Sequence[str], *, no_tags: str = NO_TAGS) -> list[str]:
    """What is wrong with a question's tags' names (parsed: lower case, unique), but for
    the privilege to create new ones (new_tags_refusal)."""
    if not names:
        return [no_tags]
    if len(names) > forum_conf.MAX_TAGS_PER_THREAD:
        return [f"Use at most {forum_conf.MAX_TAGS_PER_THREAD} tags (you have {len(names)})."]
    for name in names:
        if len(name) > TAG_MAX or not TAG_NAME.fullmatch(name):
            return [
                f"“{name[:TAG_MAX]}” is not a usable tag: letters a-z, digits and single hyphens, "
                f"{TAG_MAX} characters at most."
            ]
    return []


def new_tags_refusal(names: Sequence[str]) -> str | None:
    """The refusal for tags that do not exist yet, for a member without the privilege."""
    existing = set(Tag.objects.filter(name__in=names).values_list("name", flat=True))
    new = [name for name in names if name not in existing]
    if not new:
        return None
    return (
        f"Creating new tags needs {forum_conf.PRIVILEGES['create_tags']} reputation; "
        f"choose existing tags instead of: {', '.join(new)}."
    )


def question(
    *,
    title: str,
    body: str,
    tags: Sequence[str],
    can_create_tags: bool,
    title_rule: TextRule = TITLE,
    no_tags: str = NO_TAGS,
) -> dict:
    """The question's cleaned fields, or Invalid with every field's messages. New tags
    without the privilege alone are `refused` (the API answers 403, as for a vote).
    `title_rule`, `no_tags`: the same rules in the words of an idea or an announcement."""
    errors = {
        "title": title_rule.errors(title),
        "body": QUESTION_BODY.errors(body),
        "tags": tag_errors(tags, no_tags=no_tags),
    }
    refused = False
    if not errors["tags"] and not can_create_tags and (refusal := new_tags_refusal(tags)):
        errors["tags"], refused = [refusal], not (errors["title"] or errors["body"])
    check(errors, refused=refused)
    return {"title": title_rule.cleaned(title), "body": QUESTION_BODY.cleaned(body), "tags": list(tags)}


def vote_value(value: str) -> int:
    number = VOTE_VALUES.get(value) if isinstance(value, str) else None
    if number is None:
        check({"value": [VOTE_REFUSED]})
    return number
