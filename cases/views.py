"""Private cases: fetch, check, call one action, then redirect or render.

To anyone but the customer and the reps team, every case URL answers 404, whatever the id
(cases/permissions.py), after the same work as for an id that does not exist. None of these
pages is kept by the page cache, nor, by `never_cache` (no-store, private), by a browser or
a proxy: each is rendered for its reader alone.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from accounts.permissions import carries_verified_badge
from cases import actions, permissions
from cases.conf import conf
from cases.forms import AcceptForm, MessageForm, OpenCaseForm, ResolveForm, UpdateForm
from cases.models import Case, CaseMessage
from config.http import require_form_methods
from forum import limits
from forum import permissions as forum_permissions
from forum.models import Post, Thread

ACCEPTABLE_ANSWERS_SHOWN = 20


def _case(request: HttpRequest, case_id: int) -> Case:
    """The case, if this reader may read it; otherwise the same 404 as for no such case."""
    readable = permissions.readable_cases(request.user)
    related = ("thread__author", "customer", "handled_by", "resolved_by", "invitation", "follows")
    return get_object_or_404(readable.select_related(*related).with_current_handler(), pk=case_id)


# --- Reading --------------------------------------------------------------------------------


@never_cache
@require_safe
@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    """A member's own cases; for the team, the open cases oldest first with who handles each
    (or, on the Resolved tab, the latest resolved first)."""
    user = request.user
    on_the_team = permissions.is_on_the_team(user)
    resolved = on_the_team and request.GET.get("status") == "resolved"
    if resolved:
        cases = Case.objects.resolved_latest_first()
    else:
        cases = Case.objects.for_team() if on_the_team else Case.objects.of_customer(user)
    page = Paginator(cases.for_list(), conf.CASES_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "on_the_team": on_the_team,
        "resolved": resolved,
        "query_string": "status=resolved" if resolved else "",
    }
    return render(request, "cases/list.html", context)


@never_cache
@require_safe
def case_page(request: HttpRequest, case_id: int) -> HttpResponse:
    return _render_case(request, _case(request, case_id))


def _render_case(
    request: HttpRequest,
    case: Case,
    *,
    message_form: MessageForm | None = None,
    resolve_form: ResolveForm | None = None,
    update_form: UpdateForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    conversation = (
        CaseMessage.objects.filter(case=case)
        .select_related("author")
        .annotate(author_is_verified=carries_verified_badge("author_id"))
    )
    invited = permissions.can_answer_invitation(user, case)
    # Only the invitation offers to edit the question: read it only for the invited asker.
    question = Post.objects.question_of(case.thread).select_related("thread").get() if invited else None
    can_accept = invited and forum_permissions.can_accept(user, case.thread)
    answers = (
        Post.objects.visible()
        .answers()
        .filter(thread=case.thread)
        .select_related("author")
        .annotate(author_is_verified=carries_verified_badge("author_id"))
        .order_by("-score", "created_at", "pk")[:ACCEPTABLE_ANSWERS_SHOWN]
        if can_accept
        else []
    )
    context = {
        "case": case,
        "thread": case.thread,
        "conversation": conversation,
        "on_the_team": permissions.is_on_the_team(user),
        "can_write": permissions.can_write_in_case(user, case),
        "can_handle": permissions.can_handle_case(user, case),
        "invited": invited,
        "can_accept": can_accept,
        "can_update": invited and forum_permissions.can_answer(user, case.thread),
        "can_reopen": permissions.can_reopen_case(user, case),
        "question": question,
        "can_edit_question": question is not None and forum_permissions.can_edit(user, question),
        "answers": answers,
        "message_form": message_form or MessageForm(),
        "resolve_form": resolve_form or ResolveForm(),
        "update_form": update_form or UpdateForm(),
    }
    return render(request, "cases/case.html", context, status=status)


# --- Opening and the conversation -----------------------------------------------------------


@never_cache
@require_form_methods
def open_case(request: HttpRequest, thread_id: int) -> HttpResponse:
    """GET: the first message's form (or the thread's open case); POST: open the case."""
    permissions.check_can_see_cases(request.user)
    thread = get_object_or_404(Thread.objects.select_related("author"), pk=thread_id)
    existing = Case.objects.open().filter(thread=thread).first()
    if existing:
        messages.info(request, "This thread has an open case already: here it is.")
        return redirect(existing)
    permissions.check_can_open_case(request.user, thread)
    form = OpenCaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if limit := limits.exceeded(request, "case_message"):
            messages.error(request, limit.message)
            return render(request, "cases/open.html", {"thread": thread, "form": form}, status=429)
        case, created = actions.open_case(thread=thread, by=request.user, message=form.cleaned_data["body"])
        if created:
            messages.success(
                request,
                f"Case opened. {thread.author.name} is told by a notification and an email; the thread now "
                f"says a {settings.COMPANY_NAME} representative reached out privately.",
            )
        return redirect(case)
    status = 400 if request.method == "POST" else 200
    return render(request, "cases/open.html", {"thread": thread, "form": form}, status=status)


@never_cache
@require_POST
def reply(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case(request, case_id)
    permissions.check_can_write_in_case(request.user, case)
    form = MessageForm(request.POST)
    if not form.is_valid():
        return _render_case(request, case, message_form=form, status=400)
    if limit := limits.exceeded(request, "case_message"):
        messages.error(request, limit.message)
        return _render_case(request, case, message_form=form, status=429)
    message = actions.post_case_message(case=case, author=request.user, body=form.cleaned_data["body"])
    return redirect(f"{case.get_absolute_url()}#message-{message.pk}")


@never_cache
@require_POST
def take(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case(request, case_id)
    permissions.check_can_handle_case(request.user, case)
    if limit := limits.exceeded(request, "official"):
        return limits.too_often(request, limit)
    if actions.take_case(case=case, by=request.user):
        messages.success(request, "You look after this case now.")
    return redirect(case)


@never_cache
@require_POST
def resolve(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case(request, case_id)
    permissions.check_can_handle_case(request.user, case)
    form = ResolveForm(request.POST)
    if not form.is_valid():
        return _render_case(request, case, resolve_form=form, status=400)
    if limit := limits.exceeded(request, "official"):
        messages.error(request, limit.message)
        return _render_case(request, case, resolve_form=form, status=429)
    actions.resolve_case(case=case, by=request.user, **form.cleaned_data)
    messages.success(
        request,
        f"Resolved. Your note is on the thread and sent to everyone following it; {case.customer.name} is "
        "invited, once, to accept an answer, post an update or edit their question.",
    )
    return redirect(case)


@never_cache
@require_POST
def reopen(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case(request, case_id)
    permissions.check_can_reopen_case(request.user, case)
    if limit := limits.exceeded(request, "case_message"):
        messages.error(request, limit.message)
        return _render_case(request, case, status=429)
    actions.reopen_case(case=case, by=request.user)
    messages.success(request, "Reopened: write below, the conversation goes on in private.")
    return redirect(case)


# --- The invitation -------------------------------------------------------------------------


@never_cache
@require_POST
def accept_answer(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case(request, case_id)
    permissions.check_can_answer_invitation(request.user, case)
    forum_permissions.check_can_accept(request.user, case.thread)
    form = AcceptForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose the answer to accept.")
        return _render_case(request, case, status=400)
    post = Post.objects.visible().answers().filter(thread=case.thread, pk=form.cleaned_data["post"]).first()
    if post is None:
        raise Http404("That answer is not in this thread, or it is no longer shown.")
    post.thread = case.thread
    if limit := limits.exceeded(request, "accept"):
        return limits.too_often(request, limit)
    actions.accept_from_invitation(case=case, post=post, by=request.user)
    messages.success(request, "Thank you: the answer is accepted and the thread shows as solved.")
    return redirect(post.get_absolute_url())


@never_cache
@require_POST
def post_update(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case(request, case_id)
    permissions.check_can_answer_invitation(request.user, case)
    forum_permissions.check_can_answer(request.user, case.thread)
    form = UpdateForm(request.POST)
    if not form.is_valid():
        return _render_case(request, case, update_form=form, status=400)
    if limit := limits.exceeded(request, "answer"):
        messages.error(request, limit.message)
        return _render_case(request, case, update_form=form, status=429)
    post = actions.post_update_from_invitation(case=case, body=form.cleaned_data["body"], by=request.user)
    if post is None:
        return redirect(case)
    messages.success(request, "Thank you: your update is posted in the thread.")
    return redirect(post.get_absolute_url())


@never_cache
@require_POST
def dismiss_invitation(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case(request, case_id)
    permissions.check_can_answer_invitation(request.user, case)
    if limit := limits.exceeded(request, "accept"):
        return limits.too_often(request, limit)
    actions.dismiss_invitation(case=case)
    messages.success(request, "Dismissed. You will not be asked again; the thread stays as it is.")
    return redirect(case)
