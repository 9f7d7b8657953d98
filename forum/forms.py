"""The pages' forms: they carry what a member typed (strings to values) and show the
messages; what a question or an answer must be is forum/validation.py's, checked by the use
cases (forum/usecases.py). No rules about who may do what (permissions.py)."""

import re

from django import forms

from config.text import OneLineField, strip_invisible
from config.usecases import Invalid
from forum import validation
from forum.conf import conf as forum_conf

# The rules live with the use cases (forum/validation.py); their names stay here for the
# forms of other apps (cases' bodies) and the templates' limits.
TITLE_MIN, TITLE_MAX = validation.TITLE_MIN, validation.TITLE_MAX
BODY_MIN, BODY_MAX, ANSWER_MIN = validation.BODY_MIN, validation.BODY_MAX, validation.ANSWER_MIN
TAG_NAME, TAG_MAX, VOTE_VALUES = validation.TAG_NAME, validation.TAG_MAX, validation.VOTE_VALUES
TAGS_BOX = 200  # what the tags box holds, as typed


def parse_tags(raw: str, *, most_words: int = 100) -> list[str]:
    """ "Wi-Fi, Billing router" -> ["wi-fi", "billing", "router"]: lower case, unique, in
    order, invisible characters removed.

    Reads the first `most_words` words only: the tags box's 200 characters hold 100, and
    /tag-suggestions/ passes its ?tags= here too, so that no input, however long, costs
    more than a full box's worth of work."""
    words = re.finditer(r"[^,\s]+", strip_invisible(raw).lower())
    names = dict.fromkeys(word.group().strip("#") for _, word in zip(range(most_words), words, strict=False))
    return [name for name in names if name]


class BodyField(forms.CharField):
    widget = forms.Textarea

    def __init__(self, *, min_length: int, label: str, **kwargs):
        super().__init__(
            min_length=min_length,
            max_length=BODY_MAX,
            strip=True,
            label=label,
            error_messages={
                "min_length": f"Say a little more: at least {min_length} characters (you have %(show_value)d).",
                "max_length": f"That is too long: at most {BODY_MAX:,} characters (you have %(show_value)d).",
                "required": "Write something first.",
            },
            **kwargs,
        )


class AskForm(forms.Form):
    """What the ask page sends, as forum.usecases.ask takes it (the tags as a list of
    names); the rules are forum/validation.py's, checked by the use case."""

    title = validation.TITLE.form_field(help_text="One sentence a customer with the same problem would search for.")
    body = validation.QUESTION_BODY.form_field(
        widget=forms.Textarea,
        label="Details",
        help_text="What you tried, what happened, what you expected. Markdown works: **bold**, `code`, lists.",
    )
    tags = forms.CharField(
        max_length=TAGS_BOX,
        required=False,
        widget=forms.TextInput(attrs={"required": True}),
        help_text=f"1 to {forum_conf.MAX_TAGS_PER_THREAD} tags, separated by spaces or commas.",
    )

    def clean_tags(self) -> list[str]:
        return parse_tags(self.cleaned_data["tags"])


class QuestionForm(AskForm):
    """A question checked by its form, with the same rules (forum/validation.py), for the
    doors with no forum use case behind them: ideas and announcements are questions of
    their own kinds, whose apps' views call their own actions (they subclass this, and say
    the rules in their words: title_rule, no_tags)."""

    title_rule = validation.TITLE
    no_tags = validation.NO_TAGS

    def __init__(self, *args, can_create_tags: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.can_create_tags = can_create_tags

    def clean(self):
        cleaned = super().clean()
        sent = {field: cleaned[field] for field in ("title", "body", "tags") if field in cleaned}
        try:
            cleaned.update(
                validation.question(
                    title=sent.get("title", ""),
                    body=sent.get("body", ""),
                    tags=sent.get("tags", []),
                    can_create_tags=self.can_create_tags,
                    title_rule=self.title_rule,
                    no_tags=self.no_tags,
                )
            )
        except Invalid as invalid:
            # Only beside what was read: a field its own field refused says so already.
            Invalid({field: said for field, said in invalid.errors.items() if field in sent}).show_on(self)
        return cleaned


class AnswerForm(forms.Form):
    """An answer's text, as forum.usecases.answer takes it."""

    body = validation.ANSWER_BODY.form_field(widget=forms.Textarea, label="Your answer")


class ReplyForm(forms.Form):
    """A reply's text, as forum.usecases.reply takes it; `asks_customer` is a rep's."""

    body = validation.REPLY_BODY.form_field(widget=forms.Textarea(attrs={"rows": 3}), label="Your reply")
    asks_customer = forms.BooleanField(
        required=False, label="This asks the customer for something: the thread waits on them until they reply"
    )


class EditPostForm(forms.Form):
    title = OneLineField(min_length=TITLE_MIN, max_length=TITLE_MAX, strip=True, required=False)
    body = BodyField(min_length=ANSWER_MIN, label="Text")
    # Editing someone else's post: why, shown on the post, told to the author, and in the
    # public log for a moderator (forum.actions.edit_post). Not offered to the author.
    reason = OneLineField(
        min_length=3,
        max_length=300,
        strip=True,
        label="Why you are changing their words (shown on the post and sent to its author)",
        error_messages={"required": "Say why you are editing someone else's post: its author and readers see it."},
    )

    def __init__(self, *args, is_question: bool, is_reply: bool = False, by_author: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if by_author:
            del self.fields["reason"]
        if is_reply:
            self.fields["body"] = validation.REPLY_BODY.form_field(widget=forms.Textarea, label="Your reply")
        if is_question:
            self.fields["title"].required = True
            self.fields["body"] = BodyField(min_length=BODY_MIN, label="Details")
        else:
            del self.fields["title"]


class SearchForm(forms.Form):
    q = forms.CharField(max_length=200, required=False, label="Search")
    tag = forms.SlugField(
        max_length=50,
        required=False,
        error_messages={
            "invalid": "A tag is letters, digits and hyphens.",
            "max_length": "A tag is at most 50 characters.",
        },
    )
    sort = forms.ChoiceField(
        choices=[("relevance", "Relevance"), ("date", "Newest")],
        required=False,
        label="Sort by",
        error_messages={"invalid_choice": "Sort by relevance or date (newest first)."},
    )
