"""The leads' webhooks pages at /team/webhooks/. Fetch, check, act.

A refused form comes back with the page, its message and everything typed (status 400);
every POST that worked redirects, with a message, to the page it came from."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from webhooks import actions, addresses, permissions
from webhooks.forms import SubscriptionForm
from webhooks.models import Delivery, Subscription

SUBSCRIPTIONS_PAGE_LENGTH = 50
DELIVERIES_PAGE_LENGTH = 50


def _list(request: HttpRequest, *, form: SubscriptionForm | None = None, status: int = 200) -> HttpResponse:
    subscriptions = (
        Subscription.objects.select_related("created_by")
        .annotate(pending=Count("deliveries", filter=Q(deliveries__status=Delivery.Status.PENDING)))
        .order_by("-created_at", "-pk")
    )
    context = {
        "form": form or SubscriptionForm(),
        "page": Paginator(subscriptions, SUBSCRIPTIONS_PAGE_LENGTH).get_page(request.GET.get("page")),
        "section": "webhooks",
    }
    return render(request, "webhooks/list.html", context, status=status)


@require_safe
@login_required
def subscription_list(request: HttpRequest) -> HttpResponse:
    permissions.check_can_manage_webhooks(request.user)
    return _list(request)


@require_POST
@login_required
def create(request: HttpRequest) -> HttpResponse:
    permissions.check_can_manage_webhooks(request.user)
    form = SubscriptionForm(request.POST)
    if form.is_valid():
        try:
            subscription = actions.create_subscription(
                url=form.cleaned_data["url"], events=form.cleaned_data["events"], by=request.user
            )
        except addresses.RefusedURL as refusal:
            form.add_error("url", str(refusal))
        else:
            messages.success(request, "Subscribed. Give the receiver the secret below to check signatures.")
            return redirect(subscription)
    return _list(request, form=form, status=400)


def _subscription(request: HttpRequest, subscription_id: int) -> Subscription:
    permissions.check_can_manage_webhooks(request.user)
    return get_object_or_404(Subscription.objects.select_related("created_by", "disabled_by"), pk=subscription_id)


@require_safe
@never_cache  # it shows the secret: no cache, not even the browser's, may keep it
@login_required
def detail(request: HttpRequest, subscription_id: int) -> HttpResponse:
    subscription = _subscription(request, subscription_id)
    deliveries = Delivery.objects.filter(subscription=subscription).order_by("-created_at", "-pk")
    context = {
        "subscription": subscription,
        "page": Paginator(deliveries, DELIVERIES_PAGE_LENGTH).get_page(request.GET.get("page")),
        "section": "webhooks",
    }
    return render(request, "webhooks/detail.html", context)


@require_POST
@login_required
def rotate_secret(request: HttpRequest, subscription_id: int) -> HttpResponse:
    subscription = _subscription(request, subscription_id)
    actions.rotate_secret(subscription=subscription)
    messages.success(request, "A new secret is in use from now on: give it to the receiver.")
    return redirect(subscription)


@require_POST
@login_required
def send_test(request: HttpRequest, subscription_id: int) -> HttpResponse:
    subscription = _subscription(request, subscription_id)
    delivery = actions.send_test_event(subscription=subscription, by=request.user)
    if delivery.status == Delivery.Status.DELIVERED:
        messages.success(
            request, f"The test event arrived: HTTP {delivery.response_code} in {delivery.duration_ms} ms."
        )
    else:
        messages.error(request, f"The test event did not arrive: {delivery.error}")
    return redirect(subscription)


@require_POST
@login_required
def disable(request: HttpRequest, subscription_id: int) -> HttpResponse:
    subscription = _subscription(request, subscription_id)
    if actions.disable_subscription(subscription=subscription, by=request.user):
        messages.success(request, "Disabled: events wait, undelivered, until you enable it again.")
    return redirect(subscription)


@require_POST
@login_required
def enable(request: HttpRequest, subscription_id: int) -> HttpResponse:
    subscription = _subscription(request, subscription_id)
    if actions.enable_subscription(subscription=subscription):
        messages.success(request, "Enabled: waiting events go out within a minute.")
    return redirect(subscription)


@require_POST
@login_required
def delete(request: HttpRequest, subscription_id: int) -> HttpResponse:
    subscription = _subscription(request, subscription_id)
    actions.delete_subscription(subscription=subscription)
    messages.success(request, f"The webhook to {subscription.url} is deleted, with its delivery log.")
    return redirect("webhooks:list")
