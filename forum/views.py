"""Fetch, check, call one action, then redirect or render. No rules live here."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Max
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import mark_safe
from django.utils.timezone import localtime
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from taggit.models import Tag

from accounts.permissions import carries_verified_badge
from config import pagecache
from config.client_ip import client_ip
from config.htmx_refusals import plain_refusal
from config.http import require_form_methods
from config.paging import open_ended_page
from forum import actions, limits, permissions, search
from forum import notifications as notices
from forum.diff import revision_diffs
from forum.forms import BODY_MAX, VOTE_VALUES, AnswerForm, AskForm, EditPostForm, SearchForm, parse_tags
from forum.markdown import render_markdown
from forum.models import MeToo, Notification, Post, Revision, Thread
from forum.permissions import answer_to_act_on
from forum.querysets import LIST_TABS, TAG_FILTER_REFUSED, TAG_SLUG


def _page(request: HttpRequest, items, per_page: int | None = None):
    return Paginator(items, per_page or settings.THREADS_PER_PAGE).get_page(request.GET.get("page"))


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
        per_page=settings.THREADS_PER_PAGE,
        load=lambda ids: Thread.objects.with_summary().filter(pk__in=ids),
    )


# --- Lists ---------------------------------------------------------------------------------


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
    return render(request, "forum/tags.html", {"page": _page(request, all_tags, per_page=60)})


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


# --- A thread ------------------------------------------------------------------------------


@require_safe
def thread_short(request: HttpRequest, thread_id: int) -> HttpResponse:
    thread = get_object_or_404(Thread.objects.only("pk", "slug"), pk=thread_id)
    return redirect(thread, permanent=True)


@require_safe
@pagecache.kept_page(on_hit=lambda request, thread_id, slug: _count_view(request, thread_id))
def thread(request: HttpRequest, thread_id: int, slug: str) -> HttpResponse:
    # Only what the address needs: the whole thread is read when its body is rendered, which
    # a member's kept body spares (config/pagecache.py).
    found = get_object_or_404(Thread.objects.only("slug", "title"), pk=thread_id)
    if slug != found.slug:
        return redirect(found, permanent=True)
    actions.record_view(thread=found, viewer_key=_viewer_key(request))
    return render_thread(request, thread_id, AnswerForm(), keep=True)


def _thread_for_page(thread_id: int) -> Thread:
    # with_summary(), not for_list(): a withdrawn question's thread still has its page (its tombstone).
    return get_object_or_404(
        Thread.objects.with_summary().for_thread_page().select_related("duplicate_of"), pk=thread_id
    )


def _count_view(request: HttpRequest, thread_id: int) -> None:
    """A visitor served the page from the cache is still a view."""
    actions.record_view(thread=Thread(pk=thread_id), viewer_key=_viewer_key(request))


def render_thread(request: HttpRequest, thread: Thread | int, answer_form: AnswerForm, *, status=200, keep=False):
    """The thread page, for a thread read with what its page shows or for its id. With
    `keep`, its body (everything but the layout) is rendered once per session and content
    version: it holds this reader's votes, buttons and CSRF token, so it is never shared
    (config/pagecache.py). A body with a form's errors is never kept."""
    thread_id = thread if isinstance(thread, int) else thread.pk

    def render_body() -> tuple[str, str]:
        nonlocal thread
        thread = _thread_for_page(thread_id) if isinstance(thread, int) else thread
        context = _thread_context(request, thread, answer_form)
        withdrawn_to_reader = thread.is_withdrawn and not permissions.can_read_post(request.user, context["question"])
        title = "A withdrawn question" if withdrawn_to_reader else thread.title
        return title, render_to_string("forum/_thread_body.html", context, request=request)

    if keep:
        key = ("thread-body", thread_id, bool(request.htmx))
        title, body = pagecache.for_this_reader(request, *key, render=render_body)
    else:
        title, body = render_body()
    # The body is our own rendering, escaped as templates escape.
    context = {"page_title": title, "body": mark_safe(body)}
    return render(request, "forum/thread.html", context, status=status)


def _thread_context(request: HttpRequest, thread: Thread, answer_form: AnswerForm) -> dict:
    user = request.user
    question = Post.objects.question_of(thread).with_author().with_new_member_mark().with_viewer_vote(user).get()
    answers = list(Post.objects.for_thread_page(thread).with_viewer_vote(user))
    for post in (question, *answers):
        post.thread = thread  # the permission checks read it; no query per post
    me_too = user.is_authenticated and MeToo.objects.filter(user=user, thread=thread).exists()
    following = user.is_authenticated and thread.follows.filter(user=user).exists()
    return {
        "can_post_official": permissions.can_post_official(user),
        "thread": thread,
        "question": question,
        "answers": answers,
        "answer_form": answer_form,
        "me_too": me_too,
        "following": following,
        "can_answer": permissions.can_answer(user, thread),
        "can_accept": permissions.can_accept(user, thread),
        "can_me_too": permissions.can_me_too(user, thread),
        "can_follow": permissions.can_follow(user),
    }


def _viewer_key(request: HttpRequest) -> str:
    if request.user.is_authenticated:
        return f"u{request.user.pk}"
    if request.session.session_key:
        return f"s{request.session.session_key}"
    return f"ip{client_ip(request)}"


# --- Writing -------------------------------------------------------------------------------


@require_form_methods
@login_required
def ask(request: HttpRequest) -> HttpResponse:
    permissions.check_can_ask(request.user)
    can_create = permissions.can_create_tags(request.user)
    form = AskForm(request.POST or None, can_create_tags=can_create)
    if request.method == "POST" and form.is_valid():
        if limit := limits.exceeded(request, "ask"):
            messages.error(request, limit.message)
            return render(request, "forum/ask.html", {"form": form, "can_create_tags": can_create}, status=429)
        thread = actions.ask_question(
            author=request.user,
            title=form.cleaned_data["title"],
            body=form.cleaned_data["body"],
            tags=form.cleaned_data["tags"],
        )
        messages.success(request, "Your question is posted. You will be told when somebody answers.")
        return redirect(thread)
    status = 400 if request.method == "POST" else 200
    return render(request, "forum/ask.html", {"form": form, "can_create_tags": can_create}, status=status)


@require_safe
def similar_threads(request: HttpRequest) -> HttpResponse:
    """htmx: threads like the title being typed, so that duplicates are found first."""
    title = request.GET.get("title", "")[:150]
    threads = Thread.objects.similar_to(title) if len(title) >= 8 else Thread.objects.none()
    return render(request, "forum/_similar_threads.html", {"threads": threads})


@require_POST
@login_required
def preview(request: HttpRequest) -> HttpResponse:
    """htmx: the Markdown being written, through the same pipeline as a saved post. Only
    for members (who are the only ones with something to post), as often as the "preview"
    limit allows and as long as a post may be: it makes the server work for every pause in
    typing."""
    body = request.POST.get("body", "")
    if len(body) > BODY_MAX:
        return plain_refusal(PREVIEW_TOO_LONG.format(most=BODY_MAX, typed=len(body)), status=400)
    if limit := limits.exceeded(request, "preview"):
        return plain_refusal(limit.message, status=429)
    # Sanitised by the same allow-list as a saved post, so it may be shown as HTML.
    return render(request, "forum/_preview.html", {"html": mark_safe(render_markdown(body))})


PREVIEW_TOO_LONG = "Too long to preview: a post holds at most {most:,} characters (you have {typed:,})."


@require_POST
@login_required
def answer(request: HttpRequest, thread_id: int) -> HttpResponse:
    thread = get_object_or_404(Thread.objects.with_summary().for_thread_page(), pk=thread_id)
    permissions.check_can_answer(request.user, thread)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        return render_thread(request, thread, form, status=400)
    if limit := limits.exceeded(request, "answer"):
        messages.error(request, limit.message)
        return render_thread(request, thread, form, status=429)
    official = request.POST.get("official") == "1"
    if official:
        permissions.check_can_post_official(request.user)
    post = actions.post_answer(author=request.user, thread=thread, body=form.cleaned_data["body"], official=official)
    return redirect(post.get_absolute_url())


@require_POST
@login_required
def mark_official(request: HttpRequest, post_id: int) -> HttpResponse:
    post = answer_to_act_on(post_id)
    permissions.check_can_post_official(request.user)
    if limit := limits.exceeded(request, "official"):
        return limits.too_often(request, limit, back=post.thread)
    actions.mark_official(post=post, by=request.user)
    return redirect(post.get_absolute_url())


@require_POST
@login_required
def unmark_official(request: HttpRequest, post_id: int) -> HttpResponse:
    post = answer_to_act_on(post_id)
    permissions.check_can_post_official(request.user)
    if limit := limits.exceeded(request, "official"):
        return limits.too_often(request, limit, back=post.thread)
    actions.unmark_official(post=post, by=request.user)
    return redirect(post.get_absolute_url())


@require_form_methods
@login_required
def edit_post(request: HttpRequest, post_id: int) -> HttpResponse:
    post = get_object_or_404(Post.objects.select_related("thread"), pk=post_id)
    permissions.check_can_edit(request.user, post)
    initial = {"body": post.body, "title": post.thread.title}
    form = EditPostForm(request.POST or None, initial=initial, is_question=post.is_question)
    if request.method == "POST" and form.is_valid():
        if limit := limits.exceeded(request, "edit"):
            messages.error(request, limit.message)
            return render(request, "forum/edit_post.html", {"form": form, "post": post}, status=429)
        actions.edit_post(
            post=post, editor=request.user, body=form.cleaned_data["body"], title=form.cleaned_data.get("title")
        )
        messages.success(request, "Your edit is saved; the earlier text is kept in the revision history.")
        return redirect(post.get_absolute_url())
    status = 400 if request.method == "POST" else 200
    return render(request, "forum/edit_post.html", {"form": form, "post": post}, status=status)


@require_safe
def revisions(request: HttpRequest, post_id: int) -> HttpResponse:
    post = get_object_or_404(Post.objects.select_related("thread"), pk=post_id)
    # A post's history is its text too: a tombstone's is for those who may read the post.
    if not permissions.can_read_post(request.user, post):
        raise PermissionDenied(permissions.tombstone_text(post))
    history = list(
        Revision.objects.filter(post=post)
        .select_related("editor", "redacted_by")
        .annotate(editor_is_verified=carries_verified_badge("editor_id"))
        .order_by("number")
    )
    latest = history[-1].number if history else 0
    for revision in history:
        revision.post = post  # the permission reads it; no query per revision
        revision.can_redact = permissions.can_redact(request.user, revision, latest_number=latest)
    return render(request, "forum/revisions.html", {"post": post, "diffs": revision_diffs(history)})


@require_form_methods
@login_required
def redact_revision(request: HttpRequest, post_id: int, number: int) -> HttpResponse:
    """GET: what redacting this revision does, and the button; POST: redact it."""
    revision = get_object_or_404(
        Revision.objects.select_related("post__thread", "post__author", "editor"), post_id=post_id, number=number
    )
    latest = Revision.objects.filter(post_id=post_id).aggregate(latest=Max("number"))["latest"]
    permissions.check_can_redact(request.user, revision, latest_number=latest)
    if request.method == "POST":
        if limit := limits.exceeded(request, "edit"):
            return limits.too_often(request, limit, back=revision.post.thread)
        actions.redact_revision(revision=revision, by=request.user)
        messages.success(
            request, f"Revision {number} is redacted. The public moderation log records who did it and when."
        )
        return redirect("forum:revisions", post_id=post_id)
    return render(request, "forum/redact_revision.html", {"revision": revision, "post": revision.post})


@require_POST
@login_required
def withdraw(request: HttpRequest, post_id: int) -> HttpResponse:
    post = get_object_or_404(Post.objects.select_related("thread"), pk=post_id)
    permissions.check_can_withdraw(request.user, post)
    if limit := limits.exceeded(request, "edit"):
        return limits.too_often(request, limit, back=post.thread)
    actions.withdraw_post(post=post, by=request.user)
    post.refresh_from_db()
    until = date_format(localtime(post.restorable_until), "DATE_FORMAT")
    messages.success(
        request,
        f"Withdrawn: others see “withdrawn by its author” in its place, and what it earned is taken back. "
        f"You can restore it here until {until}.",
    )
    return redirect(post.get_absolute_url())


@require_POST
@login_required
def restore_withdrawn(request: HttpRequest, post_id: int) -> HttpResponse:
    post = get_object_or_404(Post.objects.select_related("thread"), pk=post_id)
    permissions.check_can_restore_withdrawn(request.user, post)
    if limit := limits.exceeded(request, "edit"):
        return limits.too_often(request, limit, back=post.thread)
    actions.restore_withdrawn_post(post=post, by=request.user)
    messages.success(request, "Restored, with the reputation its withdrawal took.")
    return redirect(post.get_absolute_url())


# --- Votes, accept, me too, follow ---------------------------------------------------------


@require_POST
@login_required
def vote(request: HttpRequest, post_id: int) -> HttpResponse:
    post = get_object_or_404(Post.objects.select_related("thread"), pk=post_id)
    value = VOTE_VALUES.get(request.POST.get("value", ""))
    if value is None:
        return HttpResponseBadRequest("value must be up, down or none")
    permissions.check_can_vote(request.user, post, value)
    if limit := limits.exceeded(request, "vote"):
        return limits.too_often(request, limit, back=post.thread)
    score = actions.cast_vote(voter=request.user, post=post, value=value)
    if request.htmx:
        post.score, post.viewer_vote = score, value
        return render(request, "forum/_vote.html", {"post": post})
    return redirect(post.get_absolute_url())


@require_POST
@login_required
def accept(request: HttpRequest, post_id: int) -> HttpResponse:
    post = answer_to_act_on(post_id)
    permissions.check_can_accept(request.user, post.thread)
    if limit := limits.exceeded(request, "accept"):
        return limits.too_often(request, limit, back=post.thread)
    actions.accept_answer(post=post, by=request.user)
    if request.htmx:
        return _thread_in_place(request, post.thread_id)
    return redirect(post.get_absolute_url())


@require_POST
@login_required
def unaccept(request: HttpRequest, post_id: int) -> HttpResponse:
    post = answer_to_act_on(post_id)
    permissions.check_can_accept(request.user, post.thread)
    if limit := limits.exceeded(request, "accept"):
        return limits.too_often(request, limit, back=post.thread)
    if post.thread.accepted_post_id == post.pk:
        actions.unaccept_answer(thread=post.thread, by=request.user)
    if request.htmx:
        return _thread_in_place(request, post.thread_id)
    return redirect(post.get_absolute_url())


def _thread_in_place(request: HttpRequest, thread_id: int) -> HttpResponse:
    """htmx: the thread as it is now (the accepted answer first, the solved mark), which the
    accept form swaps in for the thread on the page; no redirect, so no view is counted."""
    thread = get_object_or_404(Thread.objects.for_list().for_thread_page().select_related("duplicate_of"), pk=thread_id)
    return render_thread(request, thread, AnswerForm())


def _set_me_too(request: HttpRequest, thread_id: int, *, on: bool) -> HttpResponse:
    thread = get_object_or_404(Thread, pk=thread_id)
    permissions.check_can_me_too(request.user, thread)
    if limit := limits.exceeded(request, "me_too"):
        return limits.too_often(request, limit, back=thread)
    count = actions.set_me_too(user=request.user, thread=thread, on=on)
    if request.htmx:
        return render(request, "forum/_me_too.html", {"thread": thread, "me_too": on, "count": count})
    return redirect(thread)


@require_POST
@login_required
def me_too(request: HttpRequest, thread_id: int) -> HttpResponse:
    return _set_me_too(request, thread_id, on=True)


@require_POST
@login_required
def not_me_too(request: HttpRequest, thread_id: int) -> HttpResponse:
    return _set_me_too(request, thread_id, on=False)


@require_POST
@login_required
def follow(request: HttpRequest, thread_id: int) -> HttpResponse:
    thread = get_object_or_404(Thread, pk=thread_id)
    permissions.check_can_follow(request.user)
    if limit := limits.exceeded(request, "follow"):
        return limits.too_often(request, limit, back=thread)
    actions.follow_thread(user=request.user, thread=thread)
    if request.htmx:
        return render(request, "forum/_follow.html", {"thread": thread, "following": True})
    return redirect(thread)


@require_POST
@login_required
def unfollow(request: HttpRequest, thread_id: int) -> HttpResponse:
    thread = get_object_or_404(Thread, pk=thread_id)
    permissions.check_can_follow(request.user)
    if limit := limits.exceeded(request, "follow"):
        return limits.too_often(request, limit, back=thread)
    actions.unfollow_thread(user=request.user, thread=thread)
    if request.htmx:
        return render(request, "forum/_follow.html", {"thread": thread, "following": False})
    return redirect(thread)


# --- Search and notifications --------------------------------------------------------------


@require_safe
@pagecache.kept_page
def search_page(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    if not form.is_valid():
        return render(request, "forum/search.html", {"form": form, "page": None}, status=400)
    query, tag, sort = form.cleaned_data["q"], form.cleaned_data["tag"], form.cleaned_data["sort"] or "relevance"

    def render_results() -> str:
        page = _page(request, search.search_threads(query, tag=tag or None, sort=sort))
        for thread in page:
            thread.highlighted = search.highlight(title=thread.title, text=thread.question_text or "", query=query)
        params = {key: value for key, value in (("q", query), ("tag", tag), ("sort", sort)) if value}
        context = {"page": page, "query": query, "query_string": urlencode(params)}
        return render_to_string("forum/_search_results.html", context)

    # Nothing in the results depends on who reads them: rendered once per address and version.
    results = pagecache.fragment("search", request.get_full_path(), render=render_results) if query else ""
    return render(request, "forum/search.html", {"form": form, "query": query, "results": mark_safe(results)})


@require_safe
@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    page = _page(request, Notification.objects.filter(recipient=request.user).select_related("actor"))
    return render(request, "forum/notifications.html", {"page": page})


@require_POST
@login_required
def mark_notifications_read(request: HttpRequest) -> HttpResponse:
    if limit := limits.exceeded(request, "notifications"):
        return limits.too_often(request, limit)
    notices.mark_notifications_read(user=request.user)
    return redirect(reverse("forum:notifications"))


def _own_notification(request: HttpRequest, notification_id: int) -> Notification:
    """The member's own notification; anybody else's is not found, so ids tell nothing."""
    return get_object_or_404(Notification.objects.select_related("actor"), pk=notification_id, recipient=request.user)


def _site_path(request: HttpRequest, url: str) -> str | None:
    """`url` when it is a path on this site ("/t/1/slug/#post-2"), else None: a notification
    only ever sends its reader to the site's own pages."""
    if not url.startswith("/") or url.startswith(("//", "/\\")):
        return None
    return url if url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}) else None


# GET only, not HEAD: opening marks the notification read, which a link checker's or a mail
# scanner's HEAD must not do.
@require_http_methods(["GET"])
@login_required
def open_notification(request: HttpRequest, notification_id: int) -> HttpResponse:
    """A notification's link: marks it read and goes where it points."""
    notification = _own_notification(request, notification_id)
    notices.mark_notification_read(notification=notification)
    return redirect(_site_path(request, notification.url) or reverse("forum:notifications"))


def _marked(request: HttpRequest, notification: Notification) -> HttpResponse:
    page = request.POST.get("page", "")
    page = page if page.isdigit() and len(page) < 8 else ""  # the list page it was marked on
    if request.htmx:
        # The row in place, and the header's count out of band (one query: the count).
        context = {"notification": notification, "page_number": page}
        return render(request, "forum/_notification_marked.html", context)
    query = f"?page={page}" if page else ""
    return redirect(f"{reverse('forum:notifications')}{query}#notification-{notification.pk}")


@require_POST
@login_required
def mark_notification_read(request: HttpRequest, notification_id: int) -> HttpResponse:
    notification = _own_notification(request, notification_id)
    if limit := limits.exceeded(request, "notifications"):
        return limits.too_often(request, limit)
    notices.mark_notification_read(notification=notification)
    return _marked(request, notification)


@require_POST
@login_required
def mark_notification_unread(request: HttpRequest, notification_id: int) -> HttpResponse:
    notification = _own_notification(request, notification_id)
    if limit := limits.exceeded(request, "notifications"):
        return limits.too_often(request, limit)
    notices.mark_notification_unread(notification=notification)
    return _marked(request, notification)


@never_cache
@require_safe
@login_required
def notifications_count(request: HttpRequest) -> HttpResponse:
    """htmx, every minute: the header's inbox link with the unread count, alone."""
    return render(request, "forum/_notifications_link.html")
