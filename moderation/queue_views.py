"""The reports queue, and the one decision control its rows (and thread pages) use: a post's
decision, and one decision for a wave of flagged posts."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from forum import reputation
from moderation import permissions, querysets, queue, usecases
from moderation.actions.decisions import HIDE_REASONS
from moderation.forms import BulkDecisionForm, DecisionForm, ReportFilterForm, input_limits
from moderation.view_helpers import bad_form, confirm_hide, next_page

QUEUE_LENGTH = BulkDecisionForm.MAX_POSTS


@require_safe
@login_required
def reports(request: HttpRequest) -> HttpResponse:
    return _reports_page(request)


def _reports_page(request: HttpRequest, *, bulk: BulkDecisionForm | None = None) -> HttpResponse:
    """The queue; with `bulk`, a refused bulk decision shown again (400) over the posts it
    ticked."""
    permissions.check_can_moderate(request.user)
    filters = ReportFilterForm(request.GET)
    # A filter that makes no sense is said so (400) above every report, unfiltered.
    status = 200 if filters.is_valid() and bulk is None else 400
    chosen = {key: filters.cleaned_data.get(key) or None for key in ("reason", "tag", "age")}
    posts = list(querysets.flagged_posts(**chosen)[:QUEUE_LENGTH])
    reviews = list(querysets.open_review_requests()[:QUEUE_LENGTH])
    looks = list(querysets.pending_first_looks()[:QUEUE_LENGTH])
    # Each row's one control offers what its post's state allows: one query for them all.
    every_post = [*posts, *(review.post for review in reviews), *(look.post for look in looks)]
    standings = queue.standing_of(post.pk for post in every_post)
    for post in every_post:
        post.decisions = queue.offered(post, standings.get(post.pk, queue.Standing()))
    flagger_ids = {flag.flagger_id for post in posts for flag in post.open_flags}
    context = {
        "posts": posts,
        "accuracy": querysets.accuracy_by_user(flagger_ids),
        "upheld_against": querysets.upheld_against(post.author_id for post in posts),
        "voting_records": list(querysets.open_voting_records()[:QUEUE_LENGTH]),
        "first_looks": looks,
        "review_requests": reviews,
        "filters": filters,
        "bulk": bulk or BulkDecisionForm(),
        # A refused bulk decision keeps its ticks (the ids it was sent).
        "ticked": {int(value) for value, _ in bulk.fields["posts"].choices} if bulk is not None else set(),
        "limits": input_limits(),
    }
    return render(request, "moderation/reports.html", context, status=status)


@require_POST
@login_required
def decide(request: HttpRequest, post_id: int) -> HttpResponse:
    post = usecases.post_to_decide_on(request.user, post_id)  # who may, and which, before what was typed
    form = DecisionForm(request.POST)
    if not form.is_valid():
        standing = queue.standing_of([post.pk]).get(post.pk, queue.Standing())
        form.fields["decision"].choices = [("", "Choose a decision…"), *queue.offered(post, standing)]
        return bad_form(request, form, post)
    decision, reason = form.cleaned_data["decision"], form.cleaned_data["reason"]
    if queue.is_penalised(decision) and not form.cleaned_data["confirmed"]:
        return confirm_hide(request, post, rule=queue.hide_rule(decision), reason=reason)
    try:
        done = queue.decide(request.user, post, decision=decision, reason=reason)
    except queue.Stale as stale:
        messages.warning(request, str(stale))
    else:
        messages.success(request, done)
    return redirect(next_page(request, post.get_absolute_url()))


@require_POST
@login_required
def decide_many(request: HttpRequest) -> HttpResponse:
    """One decision for the flagged posts ticked in the queue: a spam wave in one go."""
    permissions.check_can_moderate(request.user)
    form = BulkDecisionForm(request.POST)
    if not form.is_valid():
        return _reports_page(request, bulk=form)
    decision, reason, ids = (form.cleaned_data[key] for key in ("decision", "reason", "posts"))
    if queue.is_penalised(decision) and not form.cleaned_data["confirmed"]:
        posts = list(querysets.posts_to_confirm(ids))
        context = {
            "posts": posts,
            "costs": reputation.hide_penalties(posts),
            "decision": decision,
            "label": HIDE_REASONS[queue.hide_rule(decision)],
            "reason": reason,
            "next": next_page(request, reverse("moderation:reports")),
        }
        return render(request, "moderation/confirm_bulk.html", context)
    result = queue.decide_many(request.user, ids, decision=decision, reason=reason)
    done = dict(queue.BULK_DECISIONS)[decision]
    said = f"{done}: {result.done} post{'s' if result.done != 1 else ''}."
    if result.skipped:
        said += f" {result.skipped} had been decided meanwhile, and were left as they are."
    messages.success(request, said)
    return redirect(next_page(request, reverse("moderation:reports")))
