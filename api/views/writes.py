"""Writes: each fetches as its page's view does, checks the same permissions.py predicate,
validates with the same form, counts the same abuse limit and calls the same action, so
the API can do nothing the page refuses. Bodies are JSON or form-encoded."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response

from api import serializers as shapes
from api.permissions import LoggedIn, LoggedInToWrite
from api.views.base import ActionLimited, ApiView, check_action_limit
from api.views.reads import ThreadList, readable_posts
from forum import actions as forum_actions
from forum import permissions as forum_permissions
from forum.forms import VOTE_VALUES, AnswerForm, AskForm
from forum.models import Post, Thread
from moderation import actions as moderation_actions
from moderation import permissions as moderation_permissions
from moderation.forms import FlagForm
from moderation.models import Flag
from responses import actions as queue_actions
from responses import permissions as queue_permissions
from responses.forms import DismissForm


def _valid(form) -> dict:
    """The page's form decides what is valid; its messages are the API's."""
    if not form.is_valid():
        errors = {
            "non_field_errors" if field == "__all__" else field: list(found) for field, found in form.errors.items()
        }
        raise exceptions.ValidationError(errors)
    return form.cleaned_data


def _form_data(request):
    """The body as a form reads it: a form's fields as they are, JSON values as the strings
    a browser would send (true is "1", a list of tags is "a, b")."""
    data = request.data
    if hasattr(data, "getlist"):
        return data
    if not isinstance(data, dict):
        raise exceptions.ParseError("Send a JSON object or a form.")
    return {key: _as_text(key, value) for key, value in data.items()}


def _as_text(key: str, value) -> str:
    if isinstance(value, bool):
        return "1" if value else ""
    if isinstance(value, str | int | float):
        return str(value)
    if value is None:
        return ""
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return ", ".join(value)  # tags as a list
    raise exceptions.ValidationError({key: ["Send text here (or, for tags, a list of words)."]})


def _thread_data(request, thread_id: int) -> dict:
    thread = get_object_or_404(Thread.objects.with_summary(), pk=thread_id)
    data = shapes.ThreadSerializer(thread, context={"request": request}).data
    data["posts"] = shapes.PostSerializer(readable_posts(request, thread), many=True).data
    return data


class WriteView(ApiView):
    permission_classes = [*ApiView.permission_classes, LoggedIn]


class Threads(ThreadList):
    """GET lists threads (ThreadList); POST asks a question, as /ask/."""

    permission_classes = [*ApiView.permission_classes, LoggedInToWrite]

    @extend_schema(
        request=inline_serializer(
            "Ask", {"title": serializers.CharField(), "body": serializers.CharField(), "tags": serializers.CharField()}
        ),
        responses={201: shapes.ThreadDetailSerializer},
    )
    def post(self, request):
        forum_permissions.check_can_ask(request.user)
        can_create = forum_permissions.can_create_tags(request.user)
        cleaned = _valid(AskForm(_form_data(request), can_create_tags=can_create))
        check_action_limit(request, "ask")
        thread = forum_actions.ask_question(
            author=request.user, title=cleaned["title"], body=cleaned["body"], tags=cleaned["tags"]
        )
        return Response(_thread_data(request, thread.pk), status=status.HTTP_201_CREATED)


def _answered(request, thread: Thread, *, body: str, official: bool) -> Response:
    post = forum_actions.post_answer(author=request.user, thread=thread, body=body, official=official)
    return Response({"id": post.pk, "thread_id": thread.pk, "is_official": official}, status=status.HTTP_201_CREATED)


ANSWERED = inline_serializer(
    "Answered",
    {
        "id": serializers.IntegerField(),
        "thread_id": serializers.IntegerField(),
        "is_official": serializers.BooleanField(),
    },
)


class Answer(WriteView):
    """As the thread page's answer form; `official: true` is a rep's official reply."""

    @extend_schema(
        request=inline_serializer(
            "Answer", {"body": serializers.CharField(), "official": serializers.BooleanField(required=False)}
        ),
        responses={201: ANSWERED},
    )
    def post(self, request, thread_id: int):
        thread = get_object_or_404(Thread.objects.with_summary().for_thread_page(), pk=thread_id)
        forum_permissions.check_can_answer(request.user, thread)
        data = _form_data(request)
        cleaned = _valid(AnswerForm(data))
        check_action_limit(request, "answer")
        official = data.get("official") in ("1", "true", "True")
        if official:
            forum_permissions.check_can_post_official(request.user)
        return _answered(request, thread, body=cleaned["body"], official=official)


class OfficialReply(WriteView):
    """As replying from the official-response queue (responses/views.py reply)."""

    @extend_schema(
        request=inline_serializer("OfficialReply", {"body": serializers.CharField()}), responses={201: ANSWERED}
    )
    def post(self, request, thread_id: int):
        thread = get_object_or_404(Thread, pk=thread_id)
        queue_permissions.check_can_reply_from_queue(request.user, thread)
        cleaned = _valid(AnswerForm(_form_data(request)))
        return _answered(request, thread, body=cleaned["body"], official=True)


class Vote(WriteView):
    @extend_schema(
        request=inline_serializer("Vote", {"value": serializers.ChoiceField(choices=list(VOTE_VALUES))}),
        responses=shapes.VoteResultSerializer,
    )
    def post(self, request, post_id: int):
        post = get_object_or_404(Post.objects.select_related("thread"), pk=post_id)
        value = VOTE_VALUES.get(str(_form_data(request).get("value", "")))
        if value is None:
            raise exceptions.ValidationError({"value": ["value must be up, down or none"]})
        forum_permissions.check_can_vote(request.user, post, value)
        check_action_limit(request, "vote")
        score = forum_actions.cast_vote(voter=request.user, post=post, value=value)
        return Response({"post_id": post.pk, "value": value, "score": score})


class Accept(WriteView):
    @extend_schema(request=None, responses=shapes.DoneSerializer)
    def post(self, request, post_id: int):
        post = forum_permissions.answer_to_act_on(post_id)
        forum_permissions.check_can_accept(request.user, post.thread)
        forum_actions.accept_answer(post=post, by=request.user)
        return Response({"thread_id": post.thread_id, "done": "accepted"})


class Claim(WriteView):
    @extend_schema(request=None, responses=shapes.DoneSerializer)
    def post(self, request, thread_id: int):
        thread = get_object_or_404(Thread, pk=thread_id)
        queue_permissions.check_can_claim(request.user, thread)
        queue_actions.claim_thread(thread=thread, by=request.user)
        return Response({"thread_id": thread.pk, "done": "claimed"})


class Dismiss(WriteView):
    @extend_schema(
        request=inline_serializer("Dismiss", {"reason": serializers.CharField()}), responses=shapes.DoneSerializer
    )
    def post(self, request, thread_id: int):
        thread = get_object_or_404(Thread, pk=thread_id)
        queue_permissions.check_can_dismiss(request.user, thread)
        cleaned = _valid(DismissForm(_form_data(request)))
        queue_actions.dismiss_thread(thread=thread, by=request.user, reason=cleaned["reason"])
        return Response({"thread_id": thread.pk, "done": "dismissed"})


class FlagPost(WriteView):
    @extend_schema(
        request=inline_serializer(
            "Flag",
            {
                "reason": serializers.ChoiceField(choices=Flag.Reason.choices),
                "note": serializers.CharField(required=False),
            },
        ),
        responses={
            201: inline_serializer(
                "Flagged", {"flag_id": serializers.IntegerField(), "post_id": serializers.IntegerField()}
            )
        },
    )
    def post(self, request, post_id: int):
        post = get_object_or_404(Post.objects.select_related("thread", "author"), pk=post_id)
        moderation_permissions.check_can_flag(request.user, post)
        cleaned = _valid(FlagForm(_form_data(request)))
        moderation_permissions.check_can_flag_as(request.user, post, cleaned["reason"])
        check_action_limit(request, "flag")
        try:
            flag = moderation_actions.flag_post(
                post=post, flagger=request.user, reason=cleaned["reason"], note=cleaned["note"]
            )
        except queue_actions.RequestLimitReached as limit:
            raise ActionLimited(wait=86400, detail=str(limit)) from None
        return Response({"flag_id": flag.pk, "post_id": post.pk}, status=status.HTTP_201_CREATED)
