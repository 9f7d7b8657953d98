"""The leads' writes to how the team works: the default lag and per-tag lags, tags (create,
rename, describe, merge) and who is a rep or a lead. Each is one transaction and writes one
TeamChange, the audit log that /team/log/ shows. Check team.permissions first."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag, TaggedItem

from accounts import roles
from accounts.models import User
from accounts.permissions import role_gives
from cases import actions as case_actions
from cases.models import Case
from config import pagecache
from forum import reputation
from forum.models import TagInfo, Thread
from forum.notifications import notify
from responses import actions as response_actions
from responses import second_look, waiting
from responses.lags import set_default_lag
from responses.models import LagPolicy, QueueClaim, QueueWeights, RepTag
from team.models import TeamChange

Action = TeamChange.Action

# The roles leads hand out, by the group that carries each (accounts/roles.py).
ROLE_GROUPS = {"rep": roles.REPS, "lead": roles.LEADS}
ROLE_NAMES = {"rep": "representative", "lead": "lead"}


def _record(
    *, by: User | None, action: str, subject: str = "", member: User | None = None, detail: str = ""
) -> TeamChange:
    """A change to a person names them by `member` (the log shows them as they are now), never
    by a copy of their name or email in `subject`."""
    return TeamChange.objects.create(
        actor=by, action=action, subject=subject[:200], member=member, detail=detail[:500], created_at=timezone.now()
    )


# --- Lags ------------------------------------------------------------------------------------


@transaction.atomic
def change_default_lag(*, minutes: int, by: User | None) -> None:
    set_default_lag(minutes)
    pagecache.changed("site")  # every waiting thread's promise and due time
    _record(by=by, action=Action.SET_DEFAULT_LAG, subject="every tag without its own lag", detail=f"{minutes} min")


@transaction.atomic
def change_queue_weights(
    *, heat_weight: float, velocity_weight: float, spike_me_toos: int, spike_minutes: int, by: User | None
) -> None:
    """The leads' weights for the queue's priority and what makes a spike (responses/priority.py)."""
    QueueWeights.objects.update_or_create(
        pk=1,
        defaults={
            "heat_weight": heat_weight,
            "velocity_weight": velocity_weight,
            "spike_me_toos": spike_me_toos,
            "spike_minutes": spike_minutes,
        },
    )
    pagecache.changed("queue")
    detail = f"heat {heat_weight:g}, velocity {velocity_weight:g}; spike: {spike_me_toos} in {spike_minutes} min"
    _record(by=by, action=Action.SET_QUEUE_WEIGHTS, subject="the queue's priority", detail=detail)


@transaction.atomic
def change_second_look(*, mode: str, by: User | None) -> None:
    """Off, suggested or required: a lead's second look at reps' official replies on hot
    threads (responses/second_look.py)."""
    second_look.set_policy(mode)
    _record(by=by, action=Action.SET_SECOND_LOOK, subject="official replies on hot threads", detail=mode)


@transaction.atomic
def set_tag_lag(*, tag: Tag, minutes: int, by: User | None) -> None:
    policy, created = LagPolicy.objects.get_or_create(tag=tag, defaults={"lag_minutes": minutes})
    if not created and policy.lag_minutes == minutes:
        return
    before = "" if created else f" (was {policy.lag_minutes} min)"
    if not created:
        policy.lag_minutes = minutes
        policy.save(update_fields=["lag_minutes"])
    pagecache.changed("site")
    _record(by=by, action=Action.SET_TAG_LAG, subject=tag.name, detail=f"{minutes} min{before}")


@transaction.atomic
def remove_tag_lag(*, tag: Tag, by: User) -> bool:
    policy = LagPolicy.objects.filter(tag=tag).first()
    if policy is None:
        return False
    policy.delete()
    pagecache.changed("site")
    _record(by=by, action=Action.REMOVE_TAG_LAG, subject=tag.name, detail=f"was {policy.lag_minutes} min")
    return True


# --- Tags ------------------------------------------------------------------------------------


@transaction.atomic
def create_tag(*, name: str, description: str = "", by: User | None) -> Tag:
    """A new tag members can ask under. `name` is a valid, unused tag name (forms.TagNameField)."""
    tag = Tag.objects.create(name=name, slug=slugify(name))
    if description:
        TagInfo.objects.create(tag=tag, description=description)
    pagecache.changed("tags")
    _record(by=by, action=Action.CREATE_TAG, subject=name, detail=description)
    return tag


@transaction.atomic
def rename_tag(*, tag: Tag, name: str, by: User) -> None:
    """Threads keep the tag under its new name; so do reputation earned in it, lags and the
    reps who look after it. `name` is a valid, unused tag name."""
    old = tag.name
    if name == old:
        return
    tag.name, tag.slug = name, slugify(name)
    tag.save(update_fields=["name", "slug"])
    reputation.relabel_tag(old=old, new=tag)
    pagecache.changed("site")  # every page that shows the tag
    _record(by=by, action=Action.RENAME_TAG, subject=name, detail=f"was {old}")


@transaction.atomic
def describe_tag(*, tag: Tag, description: str, by: User) -> None:
    info, _ = TagInfo.objects.get_or_create(tag=tag)
    if info.description == description:
        return
    info.description = description
    info.save(update_fields=["description"])
    pagecache.changed("tags")
    _record(by=by, action=Action.DESCRIBE_TAG, subject=tag.name, detail=description or "(description removed)")


@transaction.atomic
def merge_tags(*, source: Tag, into: Tag, by: User) -> int:
    """Fold `source` into `into`: its threads carry `into` (once), the reputation earned in
    it counts in `into`, reps who looked after it look after `into`; `into` keeps its own
    lag and description where it has them, else takes `source`'s. `source` is deleted.
    Returns how many threads moved."""
    thread_type = ContentType.objects.get_for_model(Thread)
    items = TaggedItem.objects.filter(tag=source, content_type=thread_type)
    has_target = TaggedItem.objects.filter(tag=into, content_type=thread_type).values("object_id")
    items.filter(object_id__in=has_target).delete()
    moved = items.update(tag=into)

    already_looking = RepTag.objects.filter(tag=into).values("rep_id")
    RepTag.objects.filter(tag=source).exclude(rep_id__in=already_looking).update(tag=into)
    if not LagPolicy.objects.filter(tag=into).exists():
        LagPolicy.objects.filter(tag=source).update(tag=into)
    source_info = TagInfo.objects.filter(tag=source).first()
    if source_info and source_info.description:
        info, _ = TagInfo.objects.get_or_create(tag=into)
        if not info.description:
            info.description = source_info.description
            info.save(update_fields=["description"])

    name = source.name
    source.delete()  # its remaining tagged items, lag, description, rep tags and caches go with it
    reputation.relabel_tag(old=name, new=into)
    # Its threads' lags are the engine's stored facts: they follow the tags they now carry.
    waiting.refresh_lags_of_tags([into.pk])
    pagecache.changed("site", "queue")
    _record(by=by, action=Action.MERGE_TAGS, subject=f"{name} into {into.name}", detail=f"{moved} threads moved")
    return moved


# --- Roles -----------------------------------------------------------------------------------


def team_members():
    """Everyone who holds a role leads hand out, with their groups for the people page."""
    return (
        User.objects.filter(groups__name__in=ROLE_GROUPS.values())
        .distinct()
        .prefetch_related("groups")
        .order_by("display_name", "username")
    )


def roles_of(user: User) -> set[str]:
    """Which of the roles leads hand out `user` holds ("rep", "lead"). Reads prefetched groups."""
    held = {group.name for group in user.groups.all()}
    return {role for role, group in ROLE_GROUPS.items() if group in held}


@transaction.atomic
def grant_role(*, user: User, role: str, by: User | None) -> bool:
    """Add `user` to the role's group and tell them. Returns False when they held it."""
    group = Group.objects.get(name=ROLE_GROUPS[role])
    if user.groups.filter(pk=group.pk).exists():
        return False
    user.groups.add(group)
    _record(by=by, action=Action.GRANT_ROLE, member=user, detail=ROLE_NAMES[role])
    notify(
        recipient_ids=[user.pk],
        text=f"You are now a {ROLE_NAMES[role]} on the forum",
        url=reverse("responses:official_queue"),
    )
    return True


def gives_back(user: User) -> dict:
    """What revoking a role may take from `user`, for the lead's confirmation: the queue items
    they hold and the open private cases they look after (released when no role they keep
    still gives them the power)."""
    return {
        "claims": QueueClaim.objects.filter(claimed_by=user).count(),
        "cases": Case.objects.open().filter(handled_by=user).count(),
    }


@transaction.atomic
def revoke_role(*, user: User, role: str, by: User) -> bool:
    """Take the role's group away. Someone who no longer works the queue gives back their
    claims (recorded on each thread) and their tags; someone who no longer handles cases
    gives back the open cases they look after (recorded on each thread too). What they keep
    depends on the roles left, not on a suspension that pauses them. Returns False when they
    did not hold it. Check permissions.check_can_revoke_role first (nobody revokes their own
    lead role, and the last lead stays)."""
    group = Group.objects.get(name=ROLE_GROUPS[role])
    if not user.groups.filter(pk=group.pk).exists():
        return False
    user.groups.remove(group)
    if not role_gives(user, "work_official_queue"):
        for claim in QueueClaim.objects.filter(claimed_by=user).select_related("thread"):
            response_actions.release_thread(thread=claim.thread, by=by)
        response_actions.set_rep_tags(rep=user, tag_ids=[])
    if not role_gives(user, "open_case"):
        case_actions.release_cases(rep=user, by=by, note="no longer holds a representative's role")
    _record(by=by, action=Action.REVOKE_ROLE, member=user, detail=ROLE_NAMES[role])
    notify(recipient_ids=[user.pk], text=f"{by.name} revoked your {ROLE_NAMES[role]} role", url=user.get_absolute_url())
    return True
