"""The leads' pages at /team/: lags, tags, people and the audit log. Fetch, check, act.

A form sent with a mistake comes back with the page, its message and everything typed
(status 400); a form that worked redirects, with a message, to the page it came from."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe
from taggit.models import Tag

from accounts.models import User
from responses import second_look
from responses.lags import default_lag
from responses.models import LagPolicy, SecondLook
from team import actions, permissions
from team.forms import (
    DefaultLagForm,
    GrantRoleForm,
    RevokeRoleForm,
    SecondLookForm,
    TagCreateForm,
    TagDescribeForm,
    TagLagForm,
    TagMergeForm,
    TagRenameForm,
)
from team.models import TeamChange

RECENT_CHANGES = 10
TAGS_PAGE_LENGTH = 50
LOG_PAGE_LENGTH = 50


def _minutes(lag) -> int:
    return int(lag.total_seconds() // 60)


# --- Lags (the overview) --------------------------------------------------------------------


def _overview(request: HttpRequest, *, status: int = 200, **forms) -> HttpResponse:
    context = {
        "default_minutes": _minutes(default_lag()),
        "default_form": forms.get("default_form") or DefaultLagForm(initial={"minutes": _minutes(default_lag())}),
        "tag_lag_form": forms.get("tag_lag_form") or TagLagForm(),
        "second_look_form": forms.get("second_look_form") or SecondLookForm(initial={"mode": second_look.policy()}),
        "policies": LagPolicy.objects.select_related("tag").order_by("tag__name"),
        "recent": TeamChange.objects.select_related("actor", "member")[:RECENT_CHANGES],
    }
    return render(request, "team/overview.html", context, status=status)


@require_safe
@login_required
def overview(request: HttpRequest) -> HttpResponse:
    permissions.check_can_manage_team(request.user)
    return _overview(request)


@require_POST
@login_required
def default_lag_view(request: HttpRequest) -> HttpResponse:
    permissions.check_can_manage_team(request.user)
    form = DefaultLagForm(request.POST)
    if not form.is_valid():
        return _overview(request, status=400, default_form=form)
    actions.change_default_lag(minutes=form.cleaned_data["minutes"], by=request.user)
    messages.success(request, f"The default lag is now {form.cleaned_data['minutes']} minutes.")
    return redirect("team:overview")


@require_POST
@login_required
def second_look_view(request: HttpRequest) -> HttpResponse:
    permissions.check_can_manage_team(request.user)
    form = SecondLookForm(request.POST)
    if not form.is_valid():
        return _overview(request, status=400, second_look_form=form)
    actions.change_second_look(mode=form.cleaned_data["mode"], by=request.user)
    chosen = dict(SecondLook.choices)[form.cleaned_data["mode"]]
    messages.success(request, f"Second look on hot threads: {chosen}.")
    return redirect("team:overview")


@require_POST
@login_required
def tag_lag(request: HttpRequest) -> HttpResponse:
    permissions.check_can_manage_team(request.user)
    form = TagLagForm(request.POST)
    if not form.is_valid():
        return _overview(request, status=400, tag_lag_form=form)
    tag, minutes = form.cleaned_data["tag"], form.cleaned_data["minutes"]
    actions.set_tag_lag(tag=tag, minutes=minutes, by=request.user)
    messages.success(request, f"Threads tagged “{tag.name}” are overdue after {minutes} minutes.")
    return redirect("team:overview")


@require_POST
@login_required
def remove_tag_lag(request: HttpRequest, tag_id: int) -> HttpResponse:
    permissions.check_can_manage_team(request.user)
    tag = get_object_or_404(Tag, pk=tag_id)
    if actions.remove_tag_lag(tag=tag, by=request.user):
        messages.success(request, f"“{tag.name}” follows the default lag again.")
    return redirect("team:overview")


# --- Tags ------------------------------------------------------------------------------------


def _tags(request: HttpRequest, *, status: int = 200, create_form=None) -> HttpResponse:
    tags = (
        Tag.objects.annotate(thread_count=Count("taggit_taggeditem_items"))
        .select_related("info", "lag_policy")
        .order_by("name")
    )
    context = {
        "page": Paginator(tags, TAGS_PAGE_LENGTH).get_page(request.GET.get("page")),
        "create_form": create_form or TagCreateForm(),
    }
    return render(request, "team/tags.html", context, status=status)


@require_safe
@login_required
def tags(request: HttpRequest) -> HttpResponse:
    permissions.check_can_manage_team(request.user)
    return _tags(request)


@require_POST
@login_required
def create_tag(request: HttpRequest) -> HttpResponse:
    permissions.check_can_manage_team(request.user)
    form = TagCreateForm(request.POST)
    if not form.is_valid():
        return _tags(request, status=400, create_form=form)
    tag = actions.create_tag(
        name=form.cleaned_data["name"], description=form.cleaned_data["description"], by=request.user
    )
    messages.success(request, f"Members can now ask under “{tag.name}”.")
    return redirect("team:tags")


def _tag(request: HttpRequest, tag: Tag, *, status: int = 200, **forms) -> HttpResponse:
    description = getattr(getattr(tag, "info", None), "description", "")
    context = {
        "tag": tag,
        "thread_count": tag.taggit_taggeditem_items.count(),
        "rename_form": forms.get("rename_form") or TagRenameForm(tag=tag),
        "describe_form": forms.get("describe_form") or TagDescribeForm(initial={"description": description}),
        "merge_form": forms.get("merge_form") or TagMergeForm(tag=tag),
    }
    return render(request, "team/tag.html", context, status=status)


def _get_tag(tag_id: int) -> Tag:
    return get_object_or_404(Tag.objects.select_related("info", "lag_policy"), pk=tag_id)


@require_safe
@login_required
def tag(request: HttpRequest, tag_id: int) -> HttpResponse:
    permissions.check_can_manage_team(request.user)
    return _tag(request, _get_tag(tag_id))


@require_POST
@login_required
def rename_tag(request: HttpRequest, tag_id: int) -> HttpResponse:
    permissions.check_can_manage_team(request.user)
    tag = _get_tag(tag_id)
    form = TagRenameForm(request.POST, tag=tag)
    if not form.is_valid():
        return _tag(request, tag, status=400, rename_form=form)
    old = tag.name
    actions.rename_tag(tag=tag, name=form.cleaned_data["name"], by=request.user)
    messages.success(request, f"“{old}” is now “{tag.name}”, on every thread that had it.")
    return redirect("team:tag", tag_id=tag.pk)


@require_POST
@login_required
def describe_tag(request: HttpRequest, tag_id: int) -> HttpResponse:
    permissions.check_can_manage_team(request.user)
    tag = _get_tag(tag_id)
    form = TagDescribeForm(request.POST)
    if not form.is_valid():
        return _tag(request, tag, status=400, describe_form=form)
    actions.describe_tag(tag=tag, description=form.cleaned_data["description"], by=request.user)
    messages.success(request, f"The description of “{tag.name}” is saved.")
    return redirect("team:tag", tag_id=tag.pk)


@require_POST
@login_required
def merge_tag(request: HttpRequest, tag_id: int) -> HttpResponse:
    permissions.check_can_manage_team(request.user)
    tag = _get_tag(tag_id)
    form = TagMergeForm(request.POST, tag=tag)
    if not form.is_valid():
        return _tag(request, tag, status=400, merge_form=form)
    name, into = tag.name, form.cleaned_data["into"]
    moved = actions.merge_tags(source=tag, into=into, by=request.user)
    messages.success(request, f"“{name}” is merged into “{into.name}” ({moved} threads moved).")
    return redirect("team:tag", tag_id=into.pk)


# --- People ----------------------------------------------------------------------------------


def _people(request: HttpRequest, *, status: int = 200, grant_form=None) -> HttpResponse:
    members = list(actions.team_members())
    rows = [
        {
            "person": person,
            "roles": [
                {
                    "role": role,
                    "name": actions.ROLE_NAMES[role],
                    "refusal": permissions.revoke_refusal(request.user, person, role),
                }
                for role in sorted(actions.roles_of(person), reverse=True)
            ],
        }
        for person in members
    ]
    context = {"rows": rows, "grant_form": grant_form or GrantRoleForm()}
    return render(request, "team/people.html", context, status=status)


@require_safe
@login_required
def people(request: HttpRequest) -> HttpResponse:
    permissions.check_can_manage_team(request.user)
    return _people(request)


@require_POST
@login_required
def grant_role(request: HttpRequest) -> HttpResponse:
    permissions.check_can_manage_team(request.user)
    form = GrantRoleForm(request.POST)
    if not form.is_valid():
        return _people(request, status=400, grant_form=form)
    member, role = form.cleaned_data["member"], form.cleaned_data["role"]
    if actions.grant_role(user=member, role=role, by=request.user):
        messages.success(request, f"{member.name} is now a {actions.ROLE_NAMES[role]}, and has been told.")
    else:
        messages.info(request, f"{member.name} is already a {actions.ROLE_NAMES[role]}.")
    return redirect("team:people")


@require_POST
@login_required
def revoke_role(request: HttpRequest, user_id: int) -> HttpResponse:
    permissions.check_can_manage_team(request.user)
    person = get_object_or_404(User, pk=user_id)
    form = RevokeRoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose the role to revoke.")
        return redirect("team:people")
    role = form.cleaned_data["role"]
    permissions.check_can_revoke_role(request.user, person, role)
    if not form.cleaned_data["confirmed"]:
        context = {"person": person, "role": role, "role_name": actions.ROLE_NAMES[role], **actions.gives_back(person)}
        return render(request, "team/confirm_revoke.html", context)
    if actions.revoke_role(user=person, role=role, by=request.user):
        messages.success(request, f"{person.name} is no longer a {actions.ROLE_NAMES[role]}.")
    return redirect("team:people")


# --- The audit log ---------------------------------------------------------------------------


@require_safe
@login_required
def log(request: HttpRequest) -> HttpResponse:
    permissions.check_can_manage_team(request.user)
    changes = TeamChange.objects.select_related("actor", "member")
    page = Paginator(changes, LOG_PAGE_LENGTH).get_page(request.GET.get("page"))
    return render(request, "team/log.html", {"page": page})
