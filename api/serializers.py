"""What the API shows of each object: plain, read-only shapes over rows that the views
read with what they need (no serializer here makes a query of its own)."""

from rest_framework import serializers

from config.site import absolute_url
from forum.models import Thread
from responses.forms import QUEUE_VIEWS


class AuthorSerializer(serializers.Serializer):
    username = serializers.CharField()
    name = serializers.CharField()


class ThreadSerializer(serializers.Serializer):
    """A thread as a list row shows it (Thread.objects.for_list())."""

    id = serializers.IntegerField()
    title = serializers.CharField()
    url = serializers.SerializerMethodField()
    kind = serializers.CharField()
    status = serializers.CharField()
    tags = serializers.SerializerMethodField()
    author = AuthorSerializer()
    author_is_verified = serializers.BooleanField()
    answer_count = serializers.IntegerField()
    score = serializers.IntegerField()
    view_count = serializers.IntegerField()
    me_too_count = serializers.IntegerField()
    has_official_answer = serializers.BooleanField()
    accepted_post_id = serializers.IntegerField(allow_null=True)
    created_at = serializers.DateTimeField()
    last_activity_at = serializers.DateTimeField()
    first_response_at = serializers.DateTimeField(source="response_state.first_response_at", allow_null=True)
    first_official_at = serializers.DateTimeField(source="response_state.first_official_at", allow_null=True)

    def get_url(self, thread: Thread) -> str:
        return absolute_url(thread.get_absolute_url())

    def get_tags(self, thread: Thread) -> list[str]:
        return [tag.name for tag in thread.tags.all()]


class PostSerializer(serializers.Serializer):
    """A post the reader may read. `is_hidden` and `is_withdrawn` are only ever true for its
    author and the moderators: everyone else is not sent such a post at all."""

    id = serializers.IntegerField()
    is_question = serializers.BooleanField()
    reply_to = serializers.IntegerField(
        source="reply_to_id",
        allow_null=True,
        help_text="For a reply: the post it is under. Null for a question or an answer.",
    )
    author = AuthorSerializer()
    author_is_verified = serializers.BooleanField()
    body = serializers.CharField()
    body_html = serializers.CharField(help_text="Sanitised HTML rendered from the Markdown body.")
    score = serializers.IntegerField()
    is_official = serializers.BooleanField()
    is_accepted = serializers.BooleanField()
    is_hidden = serializers.BooleanField()
    is_withdrawn = serializers.BooleanField()
    viewer_vote = serializers.IntegerField(allow_null=True, help_text="Your vote: 1, -1 or null.")
    created_at = serializers.DateTimeField()
    edited_at = serializers.DateTimeField(allow_null=True)


class ThreadDetailSerializer(ThreadSerializer):
    posts = PostSerializer(
        many=True,
        help_text="The question first, then the answers in page order; each post's replies follow it, oldest first.",
    )


class SearchResultSerializer(ThreadSerializer):
    rank = serializers.FloatField()
    snippet_post_id = serializers.IntegerField(allow_null=True)


class TagSerializer(serializers.Serializer):
    name = serializers.CharField()
    slug = serializers.CharField()
    thread_count = serializers.IntegerField()
    description = serializers.SerializerMethodField()

    def get_description(self, tag) -> str:
        info = getattr(tag, "info", None)
        return getattr(info, "description", "") if info else ""


class TagReputationSerializer(serializers.Serializer):
    tag = serializers.CharField(source="tag.name")
    reputation = serializers.IntegerField()


class ProfileThreadSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    created_at = serializers.DateTimeField()


class ProfileAnswerSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    thread_id = serializers.IntegerField()
    thread_title = serializers.CharField(source="thread.title")
    score = serializers.IntegerField()
    created_at = serializers.DateTimeField()


class ReputationEventSerializer(serializers.Serializer):
    delta = serializers.IntegerField()
    reason = serializers.CharField()
    thread_id = serializers.IntegerField(allow_null=True)
    created_at = serializers.DateTimeField()


class ProfileSerializer(serializers.Serializer):
    username = serializers.CharField()
    name = serializers.CharField()
    is_verified = serializers.BooleanField()
    reputation = serializers.IntegerField()
    date_joined = serializers.DateTimeField()
    bio = serializers.CharField()
    tag_reputations = TagReputationSerializer(many=True)
    questions = ProfileThreadSerializer(many=True)
    answers = ProfileAnswerSerializer(many=True)
    history = ReputationEventSerializer(many=True)


class QueueItemSerializer(ThreadSerializer):
    """A queue row: the thread, its priority and the parts it is made of."""

    has_official_answer = None  # the queue's threads wait for one (or for a reply to a follow-up)

    priority = serializers.FloatField()
    waiting = serializers.FloatField()
    relative_influence = serializers.FloatField()
    absolute_influence = serializers.FloatField()
    community = serializers.FloatField()
    velocity = serializers.FloatField()
    escalation = serializers.FloatField()
    heat_points = serializers.FloatField()
    lag_minutes = serializers.FloatField()
    waited_minutes = serializers.FloatField()
    escalation_level = serializers.IntegerField(source="response_state.escalation_level")
    offered_to_all = serializers.BooleanField()
    claimed_by = serializers.SerializerMethodField()

    def get_claimed_by(self, thread: Thread) -> str | None:
        claim = getattr(thread, "queue_claim", None)
        return claim.claimed_by.username if claim else None


class QueuePageSerializer(serializers.Serializer):
    show = serializers.ChoiceField(choices=QUEUE_VIEWS, help_text="The view given: the one asked for, or the default.")
    results = QueueItemSerializer(many=True)


# --- The dashboard --------------------------------------------------------------------------


class FiguresSerializer(serializers.Serializer):
    """Response times in minutes, for threads asked in a window (responses/dashboard.py)."""

    threads = serializers.IntegerField()
    first_response_p50_minutes = serializers.FloatField(allow_null=True)
    first_response_p90_minutes = serializers.FloatField(allow_null=True)
    first_official_p50_minutes = serializers.FloatField(allow_null=True)
    first_official_p90_minutes = serializers.FloatField(allow_null=True)
    due = serializers.IntegerField(help_text="Threads whose lag has passed or that were answered.")
    within_lag = serializers.IntegerField()
    share_within_lag = serializers.FloatField(allow_null=True)


class BandFiguresSerializer(FiguresSerializer):
    band = serializers.CharField()


class WindowSerializer(serializers.Serializer):
    days = serializers.IntegerField()
    overall = FiguresSerializer()
    per_tag = serializers.DictField(child=FiguresSerializer(), help_text="By tag's name.")
    per_band = BandFiguresSerializer(many=True, help_text="By the asker's reputation, smallest voices first.")


class QueueStateSerializer(serializers.Serializer):
    size = serializers.IntegerField()
    oldest_minutes = serializers.FloatField(allow_null=True)


class DayFiguresSerializer(serializers.Serializer):
    day = serializers.DateField()
    median_minutes = serializers.FloatField(allow_null=True)
    threads = serializers.IntegerField()


class CaseResolutionSerializer(serializers.Serializer):
    days = serializers.IntegerField()
    opened = serializers.IntegerField()
    resolved = serializers.IntegerField()
    p50_minutes = serializers.FloatField(allow_null=True)
    p90_minutes = serializers.FloatField(allow_null=True)


class OpenCasesSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    oldest_minutes = serializers.FloatField(allow_null=True)


class DashboardSerializer(serializers.Serializer):
    windows = WindowSerializer(many=True)
    queue = QueueStateSerializer()
    daily_first_response = DayFiguresSerializer(many=True)
    cases = CaseResolutionSerializer(many=True)
    cases_open = OpenCasesSerializer()


# --- Writes: what they return ---------------------------------------------------------------


class VoteResultSerializer(serializers.Serializer):
    post_id = serializers.IntegerField()
    value = serializers.IntegerField()
    score = serializers.IntegerField()


class DoneSerializer(serializers.Serializer):
    thread_id = serializers.IntegerField()
    done = serializers.CharField()


# --- Errors ----------------------------------------------------------------------------------

ERROR_CODES = [
    "invalid",
    "parse_error",
    "not_authenticated",
    "authentication_failed",
    "permission_denied",
    "token_scope",
    "csrf_failed",
    "not_found",
    "method_not_allowed",
    "not_acceptable",
    "unsupported_media_type",
    "throttled",
    "rate_limited",
    "server_error",
    "unavailable",
]


class ErrorDetailSerializer(serializers.Serializer):
    code = serializers.ChoiceField(choices=ERROR_CODES)
    message = serializers.CharField(help_text="For people: what went wrong and what to do.")
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="With `invalid`: each field's messages (`non_field_errors` for the whole body).",
    )


class ErrorSerializer(serializers.Serializer):
    """Every error the API answers (api/errors.py)."""

    error = ErrorDetailSerializer()
