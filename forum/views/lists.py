"""The thread lists: the home page's tabs, tags and a tag's threads."""

from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe
from taggit.models import Tag

from config import pagecache
from config.paging import open_ended_page
from forum.conf import conf
from forum.forms import AskForm, parse_tags
from forum.models import Thread
from forum.querysets import LIST_TABS, TAG_FILTER_REFUSED, TAG_SLUG


def paginate(request: HttpRequest, items, per_page: int | None = None):
    return Paginator(items, per_page or conf.THREADS_PER_PAGE).get_page(request.GET.get("page"))


HOME_EMPTY = "No questions here yet. Ask the first one."


def _thread_list(request: HttpRequest, ordered, *, query_string: str, empty_text: str | None) -> str:
    """A list page's rows and pagination, rendered once per address and content version and
    shared by every reader: nothing in a row depends on who reads it (config/pagecache.py).
    `ordered()` gives the list's threads in order; it is only built when the list is rendered."""

    def render_list() -> str:
        context = {"page": _thread_page(request, ordered()), "query_string": query_string, "empty_text": empty_text}
        return render_to_string("forum/_thread_list.html", context)

    return mark_safe(pagecache.fragment("thread-list", request.get_full_path(), render=render_list))  # our render


def _thread_page(request: HttpRequest, ordered):
    """A page of a thread list, uncounted (config/paging.py): the ids in the list's order,
    then the rows with what a row shows."""
    return open_ended_page(
        ordered,
        raw_number=request.GET.get("page"),
        per_page=conf.THREADS_PER_PAGE,
        load=lambda ids: Thread.objects.with_summary().filter(pk__in=ids),
    )


@require_safe
@pagecache.kept_page
def home(request: HttpRequest) -> HttpResponse:
    tab = request.GET.get("tab", "newest")
    if tab not in LIST_TABS:
        tab = "newest"
    tag = request.GET.get("tag") or None
    if tag is not None and not TAG_SLUG.fullmatch(tag):
        return HttpResponseBadRequest(TAG_FILTER_REFUSED)
    query = {key: value for key, value in (("tab", tab), ("tag", tag)) if value}
    thread_list = _thread_list(
        request,
        lambda: LIST_TABS[tab][1](Thread.objects.listed().tagged(tag)),
        query_string=urlencode(query),
        empty_text=HOME_EMPTY,
    )
    return render(
        request,
        "forum/home.html",
        {
            "thread_list": thread_list,
            "tabs": [(key, label) for key, (label, _order) in LIST_TABS.items()],
            "tab": tab,
            "tag": tag,
        },
    )


@require_safe
@pagecache.kept_page
def tags(request: HttpRequest) -> HttpResponse:
    all_tags = (
        Tag.objects.annotate(thread_count=Count("taggit_taggeditem_items"))
        .select_related("info")
        .order_by("-thread_count", "name")
    )
    return render(request, "forum/tags.html", {"page": paginate(request, all_tags, per_page=60)})


@require_safe
@pagecache.kept_page
def tag_detail(request: HttpRequest, slug: str) -> HttpResponse:
    tag = get_object_or_404(Tag.objects.select_related("info"), slug=slug)
    threads = Thread.objects.listed().tagged
    thread_list = _thread_list(request, lambda: threads(slug).active(), query_string="", empty_text=None)
    return render(request, "forum/tag_detail.html", {"tag": tag, "thread_list": thread_list})


@require_safe
def tag_suggestions(request: HttpRequest) -> HttpResponse:
    """htmx: existing tags starting with the last word typed in the tags box."""
    raw = request.GET.get("tags", "")
    most = AskForm.base_fields["tags"].max_length  # what the tags box itself accepts
    if len(raw) > most:
        return HttpResponseBadRequest(f"Too much typed: the tags box holds at most {most} characters.")
    typed = parse_tags(raw)
    prefix = typed[-1] if typed else ""
    # No tag is longer than 32 characters (AskForm.clean_tags), so a longer word matches none.
    matches = (
        Tag.objects.filter(name__istartswith=prefix).exclude(name__in=typed[:-1]).order_by("name")[:8]
        if prefix and len(prefix) <= 32
        else Tag.objects.none()
    )
    return render(request, "forum/_tag_suggestions.html", {"matches": matches, "typed": typed})
