"""Writes: each reads its body with its input serializer (api/inputs.py, which only
translates) and calls the use case its page calls (forum/usecases.py, responses/usecases.py,
moderation/usecases.py), which looks up, checks, validates, counts the limit and acts, so
the API can do nothing the page refuses. Bodies are JSON or form-encoded."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.response import Response

from api import inputs
from api import serializers as shapes
from api.permissions import LoggedIn, LoggedInToWrite
from api.views.base import ApiView, limiter, sent
from api.views.reads import ThreadList, readable_posts
from forum import usecases as forum
from forum.engine import Held
from forum.models import Thread
from moderation import usecases as moderation
from responses import usecases as queue


def _thread_data(request, thread_id: int) -> dict:
    thread = get_object_or_404(Thread.objects.with_summary(), pk=thread_id)
    data = shapes.ThreadSerializer(thread, context={"request": request}).data
    data["posts"] = shapes.PostSerializer(readable_posts(request, thread), many=True).data
    return data


JSON = "application/json"  # the schema's bodies; a form's fields are read as well (docs/api.md)


class WriteView(ApiView):
    permission_classes = [*ApiView.permission_classes, LoggedIn]


class Threads(ThreadList):
    """GET lists threads (ThreadList); POST asks a question, as /ask/."""

    permission_classes = [*ApiView.permission_classes, LoggedInToWrite]

    @extend_schema(request={JSON: inputs.AskInput}, responses={201: shapes.ThreadDetailSerializer})
    def post(self, request):
        thread = forum.ask(request.user, **sent(request, inputs.AskInput), limiter=limiter(request))
        return Response(_thread_data(request, thread.pk), status=status.HTTP_201_CREATED)


def _answered(post) -> Response:
    if isinstance(post, Held):  # a rep's official reply on a hot thread, waiting for a lead
        body = {"held_for_review": True, "url": post.url, "message": post.message}
        return Response(body, status=status.HTTP_202_ACCEPTED)
    body = {"id": post.pk, "thread_id": post.thread_id, "is_official": post.is_official}
    return Response(body, status=status.HTTP_201_CREATED)


REPLIED = inline_serializer(
    "Replied",
    {
        "id": serializers.IntegerField(),
        "thread_id": serializers.IntegerField(),
        "reply_to": serializers.IntegerField(),
    },
)
HELD = inline_serializer(
    "HeldForReview",
    {
        "held_for_review": serializers.BooleanField(),
        "url": serializers.CharField(help_text="The held reply's page, for its author and the leads."),
        "message": serializers.CharField(),
    },
)

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

    @extend_schema(request={JSON: inputs.AnswerInput}, responses={201: ANSWERED, 202: HELD})
    def post(self, request, thread_id: int):
        typed = sent(request, inputs.AnswerInput)
        return _answered(forum.answer(request.user, thread_id, **typed, limiter=limiter(request)))


class Reply(WriteView):
    """As the thread page's reply form, under the question or an answer."""

    @extend_schema(request={JSON: inputs.ReplyInput}, responses={201: REPLIED})
    def post(self, request, post_id: int):
        typed = sent(request, inputs.ReplyInput)
        typed.setdefault("asks_customer", False)
        post = forum.reply(request.user, post_id, **typed, limiter=limiter(request))
        body = {"id": post.pk, "thread_id": post.thread_id, "reply_to": post.reply_to_id}
        return Response(body, status=status.HTTP_201_CREATED)


class OfficialReply(WriteView):
    """As replying from the official-response queue (responses/views.py reply)."""

    @extend_schema(request={JSON: inputs.OfficialReplyInput}, responses={201: ANSWERED, 202: HELD})
    def post(self, request, thread_id: int):
        typed = sent(request, inputs.OfficialReplyInput)
        return _answered(queue.reply(request.user, thread_id, **typed, limiter=limiter(request)))


class Vote(WriteView):
    @extend_schema(request={JSON: inputs.VoteInput}, responses=shapes.VoteResultSerializer)
    def post(self, request, post_id: int):
        value = sent(request, inputs.VoteInput)["value"]
        voted = forum.vote(request.user, post_id, value, limiter=limiter(request))
        return Response({"post_id": voted.post.pk, "value": voted.value, "score": voted.score})


class Accept(WriteView):
    @extend_schema(request=None, responses=shapes.DoneSerializer)
    def post(self, request, post_id: int):
        post = forum.accept(request.user, post_id, limiter=limiter(request))
        return Response({"thread_id": post.thread_id, "done": "accepted"})


class Claim(WriteView):
    @extend_schema(request=None, responses=shapes.DoneSerializer)
    def post(self, request, thread_id: int):
        thread = queue.claim(request.user, thread_id, limiter=limiter(request))
        return Response({"thread_id": thread.pk, "done": "claimed"})


class Dismiss(WriteView):
    @extend_schema(request={JSON: inputs.DismissInput}, responses=shapes.DoneSerializer)
    def post(self, request, thread_id: int):
        typed = sent(request, inputs.DismissInput)
        thread = queue.dismiss(request.user, thread_id, **typed, limiter=limiter(request))
        return Response({"thread_id": thread.pk, "done": "dismissed"})


class FlagPost(WriteView):
    @extend_schema(
        request={JSON: inputs.FlagInput},
        responses={
            201: inline_serializer(
                "Flagged", {"flag_id": serializers.IntegerField(), "post_id": serializers.IntegerField()}
            )
        },
    )
    def post(self, request, post_id: int):
        typed = sent(request, inputs.FlagInput)
        flag = moderation.flag(request.user, post_id, **typed, limiter=limiter(request))
        return Response({"flag_id": flag.pk, "post_id": post_id}, status=status.HTTP_201_CREATED)
