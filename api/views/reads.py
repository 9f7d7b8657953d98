"""Reads: the same querysets as the pages, with the same filters, for anyone the page
serves (the queue and the dashboard for reps and leads)."""

from dataclasses import asdict

from django.db.models import Count
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from taggit.models import Tag

from accounts.models import User
from accounts.permissions import has_verified_badge
from api import inputs
from api import serializers as shapes
from api.pagination import ListCursorPagination, OffsetCursor
from api.permissions import LoggedIn
from api.views.base import ApiView
from forum import permissions as forum_permissions
from forum import search
from forum.forms import SearchForm
from forum.models import Post, Thread
from forum.panels import member_activity
from forum.querysets import LIST_TABS, TAG_FILTER_REFUSED, TAG_SLUG
from responses import dashboard as stats
from responses import permissions as queue_permissions
from responses.forms import QUEUE_PAGE_LENGTH, QueueViewForm
from responses.models import QueueThread, RepTag


def _invalid(field: str, message: str) -> exceptions.ValidationError:
    return exceptions.ValidationError({field: [message]})


def _tag_filter(request) -> str | None:
    tag = request.query_params.get("tag") or None
    if tag is not None and not TAG_SLUG.fullmatch(tag):
        raise _invalid("tag", TAG_FILTER_REFUSED)
    return tag


class ThreadList(ApiView):
    """Threads, as the home page lists them: a tab and a tag filter."""

    pagination_class = ListCursorPagination

    @extend_schema(
        parameters=[
            OpenApiParameter("tab", inputs.LIST_TAB, description="As on the home page; newest by default."),
            OpenApiParameter("tag", inputs.LIST_TAG),
            *inputs.PAGING,
        ],
        responses=shapes.ThreadSerializer(many=True),
    )
    def get(self, request):
        tab = request.query_params.get("tab", "newest")
        if tab not in LIST_TABS:
            raise _invalid("tab", f"Choose one of: {', '.join(LIST_TABS)}.")
        threads = LIST_TABS[tab][1](Thread.objects.for_list().tagged(_tag_filter(request)))
        self.cursor_ordering = tuple(threads.query.order_by)  # the tab's own order
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(threads, request, view=self)
        return paginator.get_paginated_response(
            shapes.ThreadSerializer(page, many=True, context={"request": request}).data
        )


def readable_posts(request, thread: Thread) -> list[Post]:
    """The question and the answers in page order, each followed by its replies, leaving out
    what the page shows this reader only as a tombstone (hidden, withdrawn)."""
    user = request.user
    question = Post.objects.question_of(thread).with_author().with_viewer_vote(user).get()
    answers = list(Post.objects.for_thread_page(thread).with_viewer_vote(user))
    under: dict[int, list[Post]] = {}
    for reply in Post.objects.replies().filter(thread=thread).with_author().with_viewer_vote(user):
        reply.is_accepted = False
        under.setdefault(reply.reply_to_id, []).append(reply)
    question.is_accepted = False
    posts = []
    for post in (question, *answers):
        for shown in (post, *under.get(post.pk, ())):
            shown.thread = thread  # can_read_post reads it; no query per post
            if forum_permissions.can_read_post(user, shown):
                posts.append(shown)
    return posts


class ThreadDetail(ApiView):
    @extend_schema(responses=shapes.ThreadDetailSerializer)
    def get(self, request, thread_id: int):
        thread = get_object_or_404(Thread.objects.with_summary(), pk=thread_id)
        posts = readable_posts(request, thread)
        if thread.is_withdrawn and not (posts and posts[0].is_question):
            # Its asker took it back: the page shows "A withdrawn question", the API nothing.
            raise exceptions.NotFound("This thread's question was withdrawn by its author.")
        data = shapes.ThreadSerializer(thread, context={"request": request}).data
        # A hidden question is left out like any hidden post; its thread and answers stay.
        data["posts"] = shapes.PostSerializer(posts, many=True).data
        return Response(data)


class TagList(ApiView):
    pagination_class = ListCursorPagination
    cursor_ordering = ("name",)

    @extend_schema(parameters=inputs.PAGING, responses=shapes.TagSerializer(many=True))
    def get(self, request):
        tags = Tag.objects.annotate(thread_count=Count("taggit_taggeditem_items")).select_related("info")
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(tags, request, view=self)
        return paginator.get_paginated_response(shapes.TagSerializer(page, many=True).data)


class Profile(ApiView):
    """A member's public profile: what /u/<username>/ shows."""

    @extend_schema(
        parameters=[OpenApiParameter("username", inputs.USERNAME, OpenApiParameter.PATH)],
        responses=shapes.ProfileSerializer,
    )
    def get(self, request, username: str):
        longest = User._meta.get_field("username").max_length
        if len(username) > longest or not User.username_validator.regex.search(username):
            raise exceptions.NotFound("No member has that name.")
        person = get_object_or_404(User, username=username, is_active=True)
        activity = member_activity(person)
        data = {
            "username": person.username,
            "name": person.name,
            "is_verified": has_verified_badge(person),
            "reputation": person.reputation,
            "date_joined": person.date_joined,
            "bio": person.bio,
            "tag_reputations": activity["tag_reputations"],
            "questions": activity["questions"],
            "answers": activity["answers"],
            "history": activity["history"],
        }
        return Response(shapes.ProfileSerializer(data).data)


class Search(ApiView):
    """Full-text search, as /search/: the latest 500 matches, ranked."""

    @extend_schema(
        parameters=[
            OpenApiParameter("q", inputs.SEARCH_Q, description="The words; none gives no results."),
            OpenApiParameter("tag", inputs.SLUG),
            OpenApiParameter("sort", inputs.SEARCH_SORT, description="Relevance by default."),
            OpenApiParameter("cursor", inputs.CURSOR),
        ],
        responses=inline_serializer(
            "SearchPage",
            {
                "next": serializers.URLField(allow_null=True),
                "previous": serializers.URLField(allow_null=True),
                "capped": serializers.BooleanField(),
                "results": shapes.SearchResultSerializer(many=True),
            },
        ),
    )
    def get(self, request):
        form = SearchForm(request.query_params)
        if not form.is_valid():
            raise exceptions.ValidationError(form.errors)
        if refused := inputs.too_long(SearchForm, request.query_params, ["q"]):
            raise exceptions.ValidationError(refused)
        query = form.cleaned_data["q"]
        if not query:  # as the page: no words, no results (and a cursor only to none)
            OffsetCursor(request, total=0)
            return Response({"next": None, "previous": None, "capped": False, "results": []})
        results = search.search_threads(
            query, tag=form.cleaned_data["tag"] or None, sort=form.cleaned_data["sort"] or "relevance"
        )
        cursor = OffsetCursor(request, total=results.count())
        rows = results[cursor.offset : cursor.offset + cursor.page_size]
        for thread in rows:
            thread.snippet_post_id = getattr(thread, "snippet_post_id", None)
        response = cursor.response(shapes.SearchResultSerializer(rows, many=True, context={"request": request}).data)
        response.data["capped"] = results.capped
        return response


class Queue(ApiView):
    """The official-response queue, highest priority first: its first 100 items, as the
    page shows them. Not paged by a cursor: priorities move with the clock."""

    permission_classes = [*ApiView.permission_classes, LoggedIn]

    @extend_schema(
        parameters=[
            OpenApiParameter("show", inputs.QUEUE_SHOW, description="For you by default to a rep with tags."),
            OpenApiParameter("tag", inputs.SLUG),
        ],
        responses=shapes.QueuePageSerializer,
    )
    def get(self, request):
        queue_permissions.check_can_work_queue(request.user)
        filters = QueueViewForm(request.query_params)
        if not filters.is_valid():
            raise exceptions.ValidationError(filters.errors)
        tag = filters.cleaned_data.get("tag") or None
        show = filters.chosen_view(looks_after_tags=RepTag.objects.filter(rep=request.user).exists())
        queue = QueueThread.objects.queue_view(show, rep=request.user, now=timezone.now(), tag=tag)
        items = queue.head(QUEUE_PAGE_LENGTH)
        data = shapes.QueueItemSerializer(items, many=True, context={"request": request}).data
        return Response({"show": show, "results": data})


def _figures(figures: stats.Figures) -> dict:
    return {
        "threads": figures.threads,
        "first_response_p50_minutes": figures.first_response_p50,
        "first_response_p90_minutes": figures.first_response_p90,
        "first_official_p50_minutes": figures.first_official_p50,
        "first_official_p90_minutes": figures.first_official_p90,
        "due": figures.due,
        "within_lag": figures.within_lag,
        "share_within_lag": figures.share_within_lag,
    }


class Dashboard(ApiView):
    """The response-time dashboard's figures, for reps and leads."""

    permission_classes = [*ApiView.permission_classes, LoggedIn]

    @extend_schema(responses=shapes.DashboardSerializer)
    def get(self, request):
        queue_permissions.check_can_view_dashboard(request.user)
        figures = stats.dashboard(now=timezone.now())
        return Response(
            shapes.DashboardSerializer(
                {
                    "windows": [
                        {
                            "days": window.days,
                            "overall": _figures(window.overall),
                            "per_tag": {tag: _figures(row) for tag, row in window.per_tag.items()},
                            "per_band": [{"band": label, **_figures(row)} for label, row in window.per_band],
                        }
                        for window in figures["windows"]
                    ],
                    "queue": figures["queue"],
                    "daily_first_response": [
                        {"day": day, "median_minutes": median, "threads": count}
                        for day, median, count in figures["daily"]
                    ],
                    "cases": [asdict(resolution) for resolution in figures["cases"]],
                    "cases_open": figures["cases_open"],
                }
            ).data
        )
