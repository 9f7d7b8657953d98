"""A thread's page, kept per reader (config/pagecache.py), and what renders it."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from config import pagecache
from config.client_ip import client_ip
from forum import actions, permissions
from forum.forms import AnswerForm, ReplyForm
from forum.models import MeToo, Post, Thread
from forum.words import words_for


@require_safe
def thread_short(request: HttpRequest, thread_id: int) -> HttpResponse:
    thread = get_object_or_404(Thread.objects.only("pk", "slug"), pk=thread_id)
    return redirect(thread, permanent=True)


@require_safe
@pagecache.kept_page(
    depends_on=lambda request, thread_id, slug: (f"thread:{thread_id}",),
    on_hit=lambda request, thread_id, slug: _count_view(request, thread_id),
)
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
    return get_object_or_404(Thread.objects.with_summary().select_related("duplicate_of"), pk=thread_id)


def _count_view(request: HttpRequest, thread_id: int) -> None:
    """A visitor served the page from the cache is still a view."""
    actions.record_view(thread=Thread(pk=thread_id), viewer_key=_viewer_key(request))


def render_thread(
    request: HttpRequest,
    thread: Thread | int,
    answer_form: AnswerForm,
    *,
    reply: tuple[int, ReplyForm] | None = None,
    status=200,
    keep=False,
):
    """The thread page, for a thread read with what its page shows or for its id. With
    `keep`, its body (everything but the layout) is rendered once per session and version
    of the thread: it holds this reader's votes, buttons and CSRF token, so it is never shared
    (config/pagecache.py). A body with a form's errors is never kept. `reply`: a refused
    reply's (parent post id, form), shown open under that post."""
    thread_id = thread if isinstance(thread, int) else thread.pk

    def render_body() -> tuple[str, str]:
        nonlocal thread
        thread = _thread_for_page(thread_id) if isinstance(thread, int) else thread
        context = _thread_context(request, thread, answer_form)
        context["reply_to"], context["reply_form"] = reply or (None, ReplyForm())
        withdrawn_to_reader = thread.is_withdrawn and not permissions.can_read_post(request.user, context["question"])
        title = "A withdrawn question" if withdrawn_to_reader else thread.title
        return title, render_to_string("forum/_thread_body.html", context, request=request)

    if keep:
        key = ("thread-body", thread_id, bool(request.htmx))
        title, body = pagecache.for_this_reader(
            request, *key, depends_on=("site", f"thread:{thread_id}"), render=render_body
        )
    else:
        title, body = render_body()
    # The body is our own rendering, escaped as templates escape.
    context = {"page_title": title, "body": mark_safe(body)}
    return render(request, "forum/thread.html", context, status=status)


def _thread_context(request: HttpRequest, thread: Thread, answer_form: AnswerForm) -> dict:
    user = request.user
    question = Post.objects.question_of(thread).with_author().with_new_member_mark().with_viewer_vote(user).get()
    answers = list(Post.objects.for_thread_page(thread).with_viewer_vote(user))
    # Every reply on the page in one query, put under its post.
    replies = list(Post.objects.replies().filter(thread=thread).with_author().with_viewer_vote(user))
    under: dict[int, list[Post]] = {}
    for post in replies:
        under.setdefault(post.reply_to_id, []).append(post)
    for post in (question, *answers, *replies):
        post.thread = thread  # the permission checks read it; no query per post
    for post in (question, *answers):
        post.reply_list = under.get(post.pk, [])
    me_too = user.is_authenticated and MeToo.objects.filter(user=user, thread=thread).exists()
    following = user.is_authenticated and thread.follows.filter(user=user).exists()
    words = words_for(thread)
    answer_form.fields["body"].label = words["your_answer"]
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
        "words": words,
    }


def _viewer_key(request: HttpRequest) -> str:
    if request.user.is_authenticated:
        return f"u{request.user.pk}"
    if request.session.session_key:
        return f"s{request.session.session_key}"
    return f"ip{client_ip(request)}"
