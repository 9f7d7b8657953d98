"""Writes: each fetches as its page's view does, checks the same permissions.py predicate,
validates with the same form, counts the same abuse limit and calls the same action, so
the API can do nothing the page refuses. Bodies are JSON or form-encoded."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response

from api import inputs
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


def _form_data(
    request, form_class=None, *, text: tuple[str, ...] = (), flags: tuple[str, ...] = (), tags: bool = False
):
    """The body as the page's form reads it. A form's fields are strings already. A JSON
    object's fields are checked against the schema's types (api/inputs.py) and given to the
    form as a browser would send them: text as it is, true as "1", a list of tags as
    "a, b". Fields the form does not know are left alone, as a form leaves them."""
    data = request.data
    if hasattr(data, "getlist"):
        return data
    if not isinstance(data, dict):
        raise exceptions.ParseError("Send a JSON object or a form.")
    fields, refused = {}, {}
    for key in (*text, *flags, *(("tags",) if tags else ())):
        if key not in data:
            continue
        value = data[key]
        if key in flags and isinstance(value, bool):
            fields[key] = "1" if value else ""
        elif key == "tags" and tags and isinstance(value, str | list):
            if refusal := inputs.tags_refusal(value):
                refused[key] = [refusal]
            fields[key] = value if isinstance(value, str) else ", ".join(map(str, value))
        elif key not in flags and isinstance(value, str):
            fields[key] = value
        else:
            refused[key] = [FLAG_REFUSED if key in flags else TAGS_REFUSED if key == "tags" else TEXT_REFUSED]
    if form_class is not None:
        refused = {**inputs.too_long(form_class, fields, (*text, *(("tags",) if tags else ()))), **refused}
    if refused:
        raise exceptions.ValidationError(refused)
    return fields


TEXT_REFUSED = "Send text here."
FLAG_REFUSED = "Send true or false."
TAGS_REFUSED = "Send the tags as text (“wifi, billing”) or as a list of tags' names."


def _thread_data(request, thread_id: int) -> dict:
    thread = get_object_or_404(Thread.objects.with_summary(), pk=thread_id)
    data = shapes.ThreadSerializer(thread, context={"request": request}).data
    data["posts"] = shapes.PostSerializer(readable_posts(request, thread), many=True).data
    return data


JSON = "application/json"  # the schema's bodies; a form's fields are read as well (docs/api.md)
CREATE_TAGS = "create_tags"  # forum.forms.AskForm's code for a new tag without the privilege


class WriteView(ApiView):
    permission_classes = [*ApiView.permission_classes, LoggedIn]


class Threads(ThreadList):
    """GET lists threads (ThreadList); POST asks a question, as /ask/."""

    permission_classes = [*ApiView.permission_classes, LoggedInToWrite]

    @extend_schema(request={JSON: inputs.AskInput}, responses={201: shapes.ThreadDetailSerializer})
    def post(self, request):
        forum_permissions.check_can_ask(request.user)
        can_create = forum_permissions.can_create_tags(request.user)
        form = AskForm(_form_data(request, AskForm, text=("title", "body"), tags=True), can_create_tags=can_create)
        if not form.is_valid() and form.errors.keys() == {"tags"} and form.has_error("tags", CREATE_TAGS):
            # Well formed, but a new tag needs a privilege this member lacks, as voting does.
            raise exceptions.PermissionDenied(form.errors["tags"][0])
        cleaned = _valid(form)
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

    @extend_schema(request={JSON: inputs.AnswerInput}, responses={201: ANSWERED})
    def post(self, request, thread_id: int):
        thread = get_object_or_404(Thread.objects.with_summary(), pk=thread_id)
        forum_permissions.check_can_answer(request.user, thread)
        data = _form_data(request, AnswerForm, text=("body",), flags=("official",))
        cleaned = _valid(AnswerForm(data))
        check_action_limit(request, "answer")
        official = data.get("official") in ("1", "true", "True")
        if official:
            forum_permissions.check_can_post_official(request.user)
        return _answered(request, thread, body=cleaned["body"], official=official)


class OfficialReply(WriteView):
    """As replying from the official-response queue (responses/views.py reply)."""

    @extend_schema(request={JSON: inputs.OfficialReplyInput}, responses={201: ANSWERED})
    def post(self, request, thread_id: int):
        thread = get_object_or_404(Thread, pk=thread_id)
        queue_permissions.check_can_reply_from_queue(request.user, thread)
        cleaned = _valid(AnswerForm(_form_data(request, AnswerForm, text=("body",))))
        check_action_limit(request, "answer")
        return _answered(request, thread, body=cleaned["body"], official=True)


class Vote(WriteView):
    @extend_schema(request={JSON: inputs.VoteInput}, responses=shapes.VoteResultSerializer)
    def post(self, request, post_id: int):
        post = get_object_or_404(Post.objects.select_related("thread"), pk=post_id)
        value = VOTE_VALUES.get(_form_data(request, text=("value",)).get("value", ""))
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
        check_action_limit(request, "accept")
        forum_actions.accept_answer(post=post, by=request.user)
        return Response({"thread_id": post.thread_id, "done": "accepted"})


class Claim(WriteView):
    @extend_schema(request=None, responses=shapes.DoneSerializer)
    def post(self, request, thread_id: int):
        thread = get_object_or_404(Thread, pk=thread_id)
        queue_permissions.check_can_claim(request.user, thread)
        check_action_limit(request, "official")
        queue_actions.claim_thread(thread=thread, by=request.user)
        return Response({"thread_id": thread.pk, "done": "claimed"})


class Dismiss(WriteView):
    @extend_schema(request={JSON: inputs.DismissInput}, responses=shapes.DoneSerializer)
    def post(self, request, thread_id: int):
        thread = get_object_or_404(Thread, pk=thread_id)
        queue_permissions.check_can_dismiss(request.user, thread)
        cleaned = _valid(DismissForm(_form_data(request, DismissForm, text=("reason",))))
        check_action_limit(request, "official")
        queue_actions.dismiss_thread(thread=thread, by=request.user, reason=cleaned["reason"])
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
        post = get_object_or_404(Post.objects.select_related("thread", "author"), pk=post_id)
        moderation_permissions.check_can_flag(request.user, post)
        cleaned = _valid(FlagForm(_form_data(request, FlagForm, text=("reason", "note"))))
        moderation_permissions.check_can_flag_as(request.user, post, cleaned["reason"])
        check_action_limit(request, "flag")
        try:
            flag = moderation_actions.flag_post(
                post=post, flagger=request.user, reason=cleaned["reason"], note=cleaned["note"]
            )
        except queue_actions.RequestLimitReached as limit:
            raise ActionLimited(wait=86400, detail=str(limit)) from None
        return Response({"flag_id": flag.pk, "post_id": post.pk}, status=status.HTTP_201_CREATED)
