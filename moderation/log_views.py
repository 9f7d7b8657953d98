"""The public moderation log and the moderators' lists beside it: the log (with its undo, for a
day) and the watched words that hold a new member's answer for a first look."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import urlencode
from django.views.decorators.http import require_POST, require_safe

from config.http import require_form_methods
from moderation import permissions, querysets, usecases
from moderation import undo as undo_rules
from moderation.forms import LogFilterForm, ReasonForm, WatchedWordForm, input_limits
from moderation.models import LogEntry, WatchedWord

LOG_PAGE_LENGTH = 50


@require_safe
def log(request: HttpRequest) -> HttpResponse:
    filters = LogFilterForm(request.GET)
    status = 200 if filters.is_valid() else 400
    action, moderator = filters.cleaned_data.get("action") or None, filters.cleaned_data.get("moderator") or None
    post = filters.cleaned_data.get("post") or None
    page = Paginator(querysets.log_entries(action=action, moderator=moderator, post=post), LOG_PAGE_LENGTH).get_page(
        request.GET.get("page")
    )
    query = {key: value for key, value in (("action", action), ("moderator", moderator), ("post", post)) if value}
    can_moderate = permissions.can_moderate(request.user)
    for entry in page:
        entry.undo_label = undo_rules.undo_label(entry) if can_moderate and undo_rules.can_undo(entry) else ""
    return render(
        request,
        "moderation/log.html",
        {
            "limits": input_limits(),
            "page": page,
            "filters": filters,
            "show_names": permissions.can_see_names_in_log(request.user),
            "query_string": urlencode(query),
        },
        status=status,
    )


@require_POST
@login_required
def undo(request: HttpRequest, entry_id: int) -> HttpResponse:
    permissions.check_can_moderate(request.user)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        target = get_object_or_404(LogEntry, pk=entry_id)
        return render(request, "moderation/decide.html", {"target": target, "form": form}, status=400)
    usecases.undo(request.user, entry_id, **form.cleaned_data)
    messages.success(request, "Undone: the log shows both decisions.")
    return redirect("moderation:log")


@require_form_methods
@login_required
def watched_words(request: HttpRequest) -> HttpResponse:
    """The words and link domains that hold a new member's answer for a first look."""
    permissions.check_can_moderate(request.user)
    form = WatchedWordForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            word = usecases.watch(request.user, **form.cleaned_data)
            messages.success(request, f"New members' answers with “{word.text}” now wait for a first look.")
            return redirect("moderation:watched_words")
        status = 400
    else:
        status = 200
    words = WatchedWord.objects.select_related("added_by")
    return render(request, "moderation/watched_words.html", {"form": form, "words": words}, status=status)


@require_POST
@login_required
def unwatch(request: HttpRequest, word_id: int) -> HttpResponse:
    word = usecases.unwatch(request.user, word_id)
    messages.success(request, f"“{word.text}” is no longer watched.")
    return redirect("moderation:watched_words")


# --- Members: flags and review requests --------------------------------------------------------
