"""Announcements' pages: the public list, the reps' form, and the pin and banner controls of
an announcement's page. Fetch, check, act, then redirect or render.

A form sent with a mistake comes back with its page, its messages and everything typed
(status 400); the controls on a thread page post here, so a mistake there comes back on a
page of its own with the same form."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.views.decorators.http import require_POST, require_safe

from announcements import actions, permissions, querysets
from announcements.forms import AnnouncementForm, BannerForm, PinForm
from announcements.models import IncidentBanner, Pin
from config import pagecache
from config.http import require_form_methods
from config.paging import open_ended_page
from forum import limits
from forum import permissions as forum_permissions
from forum.conf import conf as forum_conf
from forum.models import Thread


def _when(moment) -> str:
    return date_format(localtime(moment), "j M Y, H:i T")


# --- The list ------------------------------------------------------------------------------


@require_safe
@pagecache.kept_page(depends_on=lambda request: ("threads",))
def announcement_list(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    page = open_ended_page(
        querysets.announcements(),
        raw_number=request.GET.get("page"),
        per_page=forum_conf.THREADS_PER_PAGE,
        load=lambda ids: querysets.with_live_pin(Thread.objects.with_summary().filter(pk__in=ids), now=now),
    )
    context = {"page": page, "can_post": permissions.can_post_announcement(request.user)}
    return render(request, "announcements/list.html", context)


# --- A new announcement --------------------------------------------------------------------


@require_form_methods
@login_required
def new(request: HttpRequest) -> HttpResponse:
    permissions.check_can_post_announcement(request.user)
    now = timezone.now()
    can_create = forum_permissions.can_create_tags(request.user)
    # ?tags= from the queue's "speak first" line, when several threads of a tag spike at once.
    initial = {"tags": request.GET.get("tags", "")[:200]}
    form = AnnouncementForm(request.POST or None, can_create_tags=can_create, now=now, initial=initial)
    if request.method == "POST" and form.is_valid():
        if limit := limits.exceeded(request, "official"):
            messages.error(request, limit.message)
            context = {"form": form, "can_create_tags": can_create}
            return render(request, "announcements/new.html", context, status=429)
        data = form.cleaned_data
        banner = (
            actions.BannerRequest(text=data["banner_text"], clears_at=data["banner_clears_at"])
            if data["banner_clears_at"]
            else None
        )
        thread = actions.post_announcement(
            author=request.user,
            title=data["title"],
            body=data["body"],
            tags=data["tags"],
            pinned_until=data["pinned_until"],
            banner=banner,
            comments_allowed=data["comments_allowed"],
            now=now,
        )
        said = ["Your announcement is posted"]
        if data["pinned_until"]:
            said.append(f"pinned until {_when(data['pinned_until'])}")
        if banner:
            said.append(f"with the incident banner on every page until {_when(banner.clears_at)}")
        messages.success(request, ", ".join(said) + ".")
        return redirect(thread)
    status = 400 if request.method == "POST" else 200
    return render(request, "announcements/new.html", {"form": form, "can_create_tags": can_create}, status=status)


# --- Pins ----------------------------------------------------------------------------------


def _announcement(thread_id: int) -> Thread:
    return get_object_or_404(Thread.objects.only("pk", "slug", "title", "kind", "withdrawn_at"), pk=thread_id)


@require_form_methods
@login_required
def pin(request: HttpRequest, thread_id: int) -> HttpResponse:
    """GET: the pin form on a page of its own (the thread page has it too); POST: pin."""
    thread = _announcement(thread_id)
    permissions.check_can_feature(request.user, thread)
    now = timezone.now()
    form = PinForm(request.POST or None, now=now)
    if request.method == "POST" and form.is_valid():
        if limit := limits.exceeded(request, "official"):
            return limits.too_often(request, limit, back=thread)
        until = form.cleaned_data["pinned_until"]
        actions.pin_announcement(thread=thread, until=until, by=request.user, now=now)
        messages.success(request, f"Pinned at the top of the lists until {_when(until)}.")
        return redirect(thread)
    current = Pin.objects.live(now).filter(thread=thread).first()
    status = 400 if request.method == "POST" else 200
    return render(request, "announcements/pin.html", {"form": form, "thread": thread, "pin": current}, status=status)


@require_POST
@login_required
def unpin(request: HttpRequest, thread_id: int) -> HttpResponse:
    thread = _announcement(thread_id)
    permissions.check_can_feature(request.user, thread)
    if limit := limits.exceeded(request, "official"):
        return limits.too_often(request, limit, back=thread)
    if actions.unpin_announcement(thread=thread, by=request.user):
        messages.success(request, "Unpinned: it is no longer shown above the questions.")
    else:
        messages.info(request, "It was not pinned.")
    return redirect(thread)


@require_POST
@login_required
def comments(request: HttpRequest, thread_id: int) -> HttpResponse:
    """Turn comments on (`allowed=1`) or off (anything else); reversible, so no confirmation."""
    thread = _announcement(thread_id)
    permissions.check_can_feature(request.user, thread)
    if limit := limits.exceeded(request, "official"):
        return limits.too_often(request, limit, back=thread)
    allowed = request.POST.get("allowed") == "1"
    actions.set_comments(thread=thread, allowed=allowed)
    if allowed:
        messages.success(request, "Comments are on: members may answer and reply.")
    else:
        messages.success(request, "Comments are off: what was said stays; you can turn them on again here.")
    return redirect(thread)


# --- The incident banner -------------------------------------------------------------------


@require_form_methods
@login_required
def raise_banner(request: HttpRequest, thread_id: int) -> HttpResponse:
    """GET: the banner form on a page of its own (the thread page has it too); POST: raise it."""
    thread = _announcement(thread_id)
    permissions.check_can_feature(request.user, thread)
    now = timezone.now()
    form = BannerForm(request.POST or None, now=now)
    if request.method == "POST" and form.is_valid():
        if limit := limits.exceeded(request, "official"):
            messages.error(request, limit.message)
            showing = IncidentBanner.objects.showing(now).select_related("thread").first()
            context = {"form": form, "thread": thread, "showing": showing}
            return render(request, "announcements/banner.html", context, status=429)
        clears_at = form.cleaned_data["banner_clears_at"]
        actions.raise_banner(
            thread=thread, text=form.cleaned_data["banner_text"], clears_at=clears_at, by=request.user, now=now
        )
        messages.success(request, f"The incident banner is on every page until {_when(clears_at)}.")
        return redirect(thread)
    showing = IncidentBanner.objects.showing(now).select_related("thread").first()
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "thread": thread, "showing": showing}
    return render(request, "announcements/banner.html", context, status=status)


@require_POST
@login_required
def clear_banner(request: HttpRequest, banner_id: int) -> HttpResponse:
    banner = get_object_or_404(IncidentBanner.objects.select_related("thread"), pk=banner_id)
    permissions.check_can_clear_banner(request.user)
    if limit := limits.exceeded(request, "official"):
        return limits.too_often(request, limit, back=banner.thread)
    if actions.clear_banner(banner=banner, by=request.user):
        messages.success(request, "The incident banner is cleared.")
    else:
        messages.info(request, "That banner was already cleared.")
    return redirect(banner.thread)
