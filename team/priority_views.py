"""The leads' weights for the queue's priority (issue 28): how much anger and velocity count,
and what makes a spike, with a preview of the queue's new order on the real queue before
saving (responses/priority.py, responses/spikes.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from config.http import require_form_methods
from responses import priority, spikes
from responses.models import QueueThread
from team import actions, permissions
from team.forms import QueueWeightsForm

PREVIEW_LENGTH = 15


def _order(weights: dict | None) -> list[QueueThread]:
    """The whole queue's first rows, as the weights order them (the saved ones when None)."""
    return QueueThread.objects.official_queue(now=timezone.now(), weights=weights).head(PREVIEW_LENGTH)


def _saved() -> dict:
    number, window = spikes.threshold()
    return {**priority.current_weights(), "spike_me_toos": number, "spike_minutes": int(window.total_seconds() // 60)}


@require_form_methods
@login_required
def queue_weights(request: HttpRequest) -> HttpResponse:
    """GET: the form and the queue's order now. POST with action=preview: the order these
    weights would give, beside it, nothing saved; POST otherwise: save."""
    permissions.check_can_manage_team(request.user)
    form = QueueWeightsForm(request.POST if request.method == "POST" else None, initial=_saved())
    previewing = request.POST.get("action") == "preview"
    status = 200
    if request.method == "POST":
        if not form.is_valid():
            status = 400
        elif not previewing:
            actions.change_queue_weights(**form.cleaned_data, by=request.user)
            messages.success(request, "The queue's weights are saved: the queue is ordered by them now.")
            return redirect("team:queue_weights")
    proposed = _order(form.weights()) if previewing and status == 200 else None
    context = {"form": form, "current": _order(None), "proposed": proposed, "section": "priority"}
    return render(request, "team/queue_weights.html", context, status=status)
