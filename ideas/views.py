"""Fetch, check, call one action, then redirect or render. No rules live here.

A form sent with a mistake comes back with its page, its message and everything typed
(status 400); a form that worked redirects to the thread it is about, with a message."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST, require_safe

from config import pagecache
from config.http import require_form_methods
from config.paging import open_ended_page
from forum import limits
from forum import permissions as forum_permissions
from forum.conf import conf as forum_conf
from forum.models import Thread
from ideas import actions, permissions
from ideas.forms import IdeaForm, IdeaListForm, LinkForm, StatusForm
from ideas.models import Idea, IdeaStatus

# --- The list ------------------------------------------------------------------------------


def _idea_rows(ids: list[int]):
    """A page's ideas as the forum's rows show threads, each with its Idea (its status)."""
    return Thread.objects.with_summary().select_related("idea").filter(pk__in=ids)


@require_safe
@pagecache.kept_page
def idea_list(request: HttpRequest) -> HttpResponse:
    form = IdeaListForm(request.GET)
    context = {"form": form, "sorts": IdeaListForm.SORTS.items(), "statuses": IdeaStatus.choices}
    if not form.is_valid():
        return render(request, "ideas/list.html", {**context, "sort": "votes", "status": ""}, status=400)
    sort, status = form.cleaned_data["sort"] or "votes", form.cleaned_data["status"]
    query = {key: value for key, value in (("sort", sort), ("status", status)) if value}

    def render_list() -> str:
        ideas = Idea.objects.listed().with_status(status)
        ordered = ideas.newest() if sort == "newest" else ideas.by_votes()
        page = open_ended_page(
            ordered, raw_number=request.GET.get("page"), per_page=forum_conf.THREADS_PER_PAGE, load=_idea_rows
        )
        return render_to_string("ideas/_idea_list.html", {"page": page, "query_string": urlencode(query)})

    # Nothing in a row depends on who reads it: rendered once per address and content version.
    idea_list = mark_safe(pagecache.fragment("idea-list", request.get_full_path(), render=render_list))  # our render
    context |= {
        "sort": sort,
        "status": status,
        "idea_list": idea_list,
        "counts": Idea.objects.listed().status_counts(),
    }
    return render(request, "ideas/list.html", context)


# --- Posting -------------------------------------------------------------------------------


@require_form_methods
@login_required
def new_idea(request: HttpRequest) -> HttpResponse:
    permissions.check_can_post_idea(request.user)
    can_create = forum_permissions.can_create_tags(request.user)
    form = IdeaForm(request.POST or None, can_create_tags=can_create)
    context = {"form": form, "can_create_tags": can_create}
    if request.method == "POST" and form.is_valid():
        if limit := limits.exceeded(request, "ask"):
            messages.error(request, limit.message)
            return render(request, "ideas/new.html", context, status=429)
        thread = actions.post_idea(
            author=request.user,
            title=form.cleaned_data["title"],
            body=form.cleaned_data["body"],
            tags=form.cleaned_data["tags"],
        )
        messages.success(request, "Your idea is posted. You will be told when it gets a status or an answer.")
        return redirect(thread)
    status = 400 if request.method == "POST" else 200
    return render(request, "ideas/new.html", context, status=status)


# --- The company's side --------------------------------------------------------------------


@require_form_methods
@login_required
def set_status(request: HttpRequest, thread_id: int) -> HttpResponse:
    """GET: the status form on a page of its own; POST: set it (from there or the idea's panel)."""
    # By the thread's own id: a number past the largest bigint is then no row (a 404), where
    # the one-to-one key would hand it to the database as it is (a 500 on SQLite).
    idea = get_object_or_404(Idea.objects.select_related("thread"), thread__pk=thread_id)
    permissions.check_can_set_idea_status(request.user, idea)
    form = StatusForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if limit := limits.exceeded(request, "official"):
            messages.error(request, limit.message)
            return render(request, "ideas/set_status.html", {"form": form, "idea": idea}, status=429)
        status = form.cleaned_data["status"]
        change = actions.set_idea_status(idea=idea, status=status, note=form.cleaned_data["note"], by=request.user)
        label = IdeaStatus(status).label.lower()
        if change is None:
            messages.info(request, f"Nothing changed: the idea is already {label}.")
        else:
            messages.success(request, f"The idea is now {label}; its followers are told.")
        return redirect(idea.thread)
    status = 400 if request.method == "POST" else 200
    return render(request, "ideas/set_status.html", {"form": form, "idea": idea}, status=status)


def _support_thread(request: HttpRequest, thread_id: int) -> Thread:
    thread = get_object_or_404(Thread.objects.select_related("idea_link__idea__thread"), pk=thread_id)
    permissions.check_can_link_to_idea(request.user, thread)
    return thread


def _linked_idea(thread: Thread) -> Idea | None:
    link = getattr(thread, "idea_link", None)  # a missing reverse one-to-one raises, getattr answers None
    return link.idea if link else None


@require_form_methods
@login_required
def link(request: HttpRequest, thread_id: int) -> HttpResponse:
    """GET: the link form on a page of its own; POST: link the thread (from there or its panel)."""
    thread = _support_thread(request, thread_id)
    form = LinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if limit := limits.exceeded(request, "official"):
            return limits.too_often(request, limit, back=thread)
        idea = form.cleaned_data["idea"]
        if actions.link_thread(thread=thread, idea=idea, by=request.user) is None:
            messages.info(request, f"Nothing changed: this thread was already linked to idea #{idea.pk}.")
        else:
            messages.success(request, f"Linked: this is idea #{idea.pk}, “{idea.thread.title}”.")
        return redirect(thread)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "thread": thread, "linked_idea": _linked_idea(thread)}
    return render(request, "ideas/link.html", context, status=status)


@require_POST
@login_required
def unlink(request: HttpRequest, thread_id: int) -> HttpResponse:
    thread = _support_thread(request, thread_id)
    if limit := limits.exceeded(request, "official"):
        return limits.too_often(request, limit, back=thread)
    if actions.unlink_thread(thread=thread, by=request.user):
        messages.success(request, "The link to the idea is taken away.")
    return redirect(thread)
