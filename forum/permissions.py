"""Who may do what in the forum. `can_*` answer for templates and views; `check_*` raise
PermissionDenied with a message the member can act on. Every rule lives here once."""

from django.conf import settings
from django.core.exceptions import PermissionDenied

from accounts.models import User
from accounts.permissions import check_member
from forum.models import Post, Thread


def _reputation_needed(user: User, privilege: str, doing: str) -> None:
    needed = settings.PRIVILEGES[privilege]
    if user.reputation < needed:
        raise PermissionDenied(f"You need {needed} reputation to {doing}.")


def check_can_ask(user: User) -> None:
    check_member(user)


def can_create_tags(user: User) -> bool:
    return user.is_authenticated and user.reputation >= settings.PRIVILEGES["create_tags"]


def check_open(thread: Thread) -> None:
    """One closed-thread rule for every member action: locked and duplicate threads are read-only."""
    if thread.is_closed:
        raise PermissionDenied(f"This thread is {thread.get_status_display().lower()}: it takes no more changes.")


def check_can_answer(user: User, thread: Thread) -> None:
    check_member(user)
    check_open(thread)


def can_answer(user: User, thread: Thread) -> bool:
    return allowed(check_can_answer, user, thread)


def check_can_vote(user: User, post: Post, value: int) -> None:
    """value: +1 up, -1 down, 0 undo."""
    check_member(user)
    if post.author_id == user.pk:
        raise PermissionDenied("You cannot vote on your own post.")
    check_open(post.thread)
    if post.is_hidden:
        raise PermissionDenied("This post is hidden by a moderator.")
    if value > 0:
        _reputation_needed(user, "vote_up", "vote up")
    elif value < 0:
        _reputation_needed(user, "vote_down", "vote down")


def can_vote(user: User, post: Post) -> bool:
    """Whether to show the vote buttons (the reputation needed is checked on the click)."""
    return user.is_authenticated and post.author_id != user.pk and not post.thread.is_closed


def check_can_accept(user: User, thread: Thread) -> None:
    check_member(user)
    if thread.author_id != user.pk and not user.has_perm("accounts.accept_any_answer"):
        raise PermissionDenied("Only the person who asked can accept an answer.")
    check_open(thread)


def can_accept(user: User, thread: Thread) -> bool:
    return allowed(check_can_accept, user, thread)


def check_can_me_too(user: User, thread: Thread) -> None:
    check_member(user)
    if thread.author_id == user.pk:
        raise PermissionDenied("This is your own question.")
    check_open(thread)


def can_me_too(user: User, thread: Thread) -> bool:
    return allowed(check_can_me_too, user, thread)


def speaks_for_the_company(user: User) -> bool:
    """A rep or a lead without the moderator role: they answer criticism, never suppress it
    (no editing others' posts, no weight towards hiding one)."""
    if not user.is_authenticated or user.has_perm("accounts.moderate"):
        return False
    return user.has_perm("accounts.work_official_queue") or user.has_perm("accounts.post_official")


def _is_a_reps_official_answer(post: Post) -> bool:
    """Official, in a rep's words: the rep's own official reply (marked by its author), or
    any official answer a rep wrote. A customer's answer that a rep endorsed is not."""
    return post.is_official and (
        post.official_marked_by_id == post.author_id or post.author.has_perm("accounts.post_official")
    )


def check_can_edit(user: User, post: Post) -> None:
    """Authors edit their own posts, moderators and trusted members anyone's, with these
    exceptions:
    - a closed thread is read-only for its members (moderators may still edit);
    - an official answer written by a rep can be changed by reps only (its badge vouches
      for every word);
    - a customer's answer that a rep marked official is edited by its author only, whose
      edit takes the mark away (actions.edit_post): the badge must not let a rep put words
      in a customer's mouth;
    - reps and leads without the moderator role edit nobody else's posts, whatever their
      reputation: criticism is answered, never rewritten."""
    check_member(user)
    is_moderator = user.has_perm("accounts.edit_any_post")
    if post.thread.is_closed and not is_moderator:
        check_open(post.thread)
    if post.author_id == user.pk:
        return
    if post.is_official:
        if not _is_a_reps_official_answer(post):
            raise PermissionDenied("Only its author can edit a customer's answer marked official.")
        if not user.has_perm("accounts.post_official"):
            raise PermissionDenied("Only company representatives can edit an official answer.")
        return
    if speaks_for_the_company(user):
        raise PermissionDenied("Company representatives do not edit other people's posts: answer it instead.")
    if is_moderator:
        return
    _reputation_needed(user, "edit_others", "edit other people's posts")


def can_edit(user: User, post: Post) -> bool:
    return allowed(check_can_edit, user, post)


def can_read_hidden(user: User, post: Post) -> bool:
    """A hidden post is a tombstone for everyone but its author, who may still read and
    edit it, and the moderators."""
    if not post.is_hidden:
        return True
    return user.is_authenticated and (post.author_id == user.pk or user.has_perm("accounts.moderate"))


def check_can_follow(user: User) -> None:
    check_member(user)


def can_follow(user: User) -> bool:
    return allowed(check_can_follow, user)


def check_can_post_official(user: User) -> None:
    """Posting an official reply, and marking or unmarking any answer official."""
    check_member(user)
    if not user.has_perm("accounts.post_official"):
        raise PermissionDenied("Only company representatives can give official answers.")


def can_post_official(user: User) -> bool:
    return allowed(check_can_post_official, user)


def refusal(check, *args) -> str:
    """Why the check_* function refuses these arguments, in its own words ("" when it
    passes): what a disabled control says, and what the server answers if it is used anyway."""
    try:
        check(*args)
    except PermissionDenied as denied:
        return str(denied) or "You are not allowed to do that."
    return ""


def allowed(check, *args) -> bool:
    """True when the check_* function passes for these arguments."""
    try:
        check(*args)
    except PermissionDenied:
        return False
    return True
