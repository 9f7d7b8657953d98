"""Who may do what in the forum. `can_*` answer for templates and views; `check_*` raise
PermissionDenied with a message the member can act on. Every rule lives here once."""

from datetime import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.timezone import localtime

from accounts.models import User
from accounts.permissions import check_member
from forum.conf import conf
from forum.models import Post, Revision, Thread


def _reputation_needed(user: User, privilege: str, doing: str) -> None:
    needed = conf.PRIVILEGES[privilege]
    if user.reputation < needed:
        raise PermissionDenied(f"You need {needed} reputation to {doing}.")


def check_can_ask(user: User) -> None:
    check_member(user)


def can_create_tags(user: User) -> bool:
    return user.is_authenticated and user.reputation >= conf.PRIVILEGES["create_tags"]


def check_open(thread: Thread) -> None:
    """One closed-thread rule for every member action: locked and duplicate threads are
    read-only, and so is a thread whose question its author withdrew (Thread.is_open)."""
    if thread.is_withdrawn:
        raise PermissionDenied("Its author withdrew this question: the thread takes no more changes.")
    if thread.is_closed:
        raise PermissionDenied(f"This thread is {thread.get_status_display().lower()}: it takes no more changes.")


def check_takes_comments(thread: Thread) -> None:
    """An announcement whose comments are off takes neither answers nor replies."""
    if thread.comments_closed:
        raise PermissionDenied("Comments are off for this announcement.")


def check_can_answer(user: User, thread: Thread) -> None:
    check_member(user)
    check_open(thread)
    check_takes_comments(thread)


def can_answer(user: User, thread: Thread) -> bool:
    return allowed(check_can_answer, user, thread)


def check_can_reply(user: User, post: Post) -> None:
    """A reply under the question or an answer (issue 27): whoever may answer, under a post
    everyone may read."""
    check_member(user)
    check_open(post.thread)
    check_takes_comments(post.thread)
    if not post.is_visible:
        raise PermissionDenied("This post is hidden or withdrawn: it takes no replies.")


def can_reply(user: User, post: Post) -> bool:
    return allowed(check_can_reply, user, post)


def check_can_vote(user: User, post: Post, value: int) -> None:
    """value: +1 up, -1 down, 0 undo."""
    check_member(user)
    if post.author_id == user.pk:
        raise PermissionDenied("You cannot vote on your own post.")
    check_open(post.thread)
    if post.is_hidden:
        raise PermissionDenied("This post is hidden by a moderator.")
    # Undoing a vote too: what the post earned was taken back with the withdrawal.
    check_not_withdrawn(post)
    if value > 0:
        _reputation_needed(user, "vote_up", "vote up")
    elif value < 0:
        _reputation_needed(user, "vote_down", "vote down")


def can_vote(user: User, post: Post) -> bool:
    """Whether to show the vote buttons (the reputation needed is checked on the click)."""
    return user.is_authenticated and post.author_id != user.pk and post.thread.is_open and not post.is_withdrawn


def check_can_accept(user: User, thread: Thread) -> None:
    check_member(user)
    check_question(thread)
    if thread.author_id != user.pk and not user.has_perm("accounts.accept_any_answer"):
        raise PermissionDenied("Only the person who asked can accept an answer.")
    check_open(thread)


def can_accept(user: User, thread: Thread) -> bool:
    return allowed(check_can_accept, user, thread)


def check_can_me_too(user: User, thread: Thread) -> None:
    check_member(user)
    check_question(thread)
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
      reputation: criticism is answered, never rewritten;
    - an announcement (its question post) is edited by reps and leads only, its author
      included only while they hold the role: the banner links to it, and moderators hide
      the company's words, they do not rewrite them."""
    check_member(user)
    if post.is_question and post.thread.kind == Thread.Kind.ANNOUNCEMENT:
        _check_can_edit_announcement(user, post)
        return
    is_moderator = user.has_perm("accounts.edit_any_post")
    if post.thread.is_closed and not is_moderator:
        check_open(post.thread)
    if post.author_id == user.pk:
        return
    if not can_read_post(user, post):
        raise PermissionDenied(tombstone_text(post))
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


def _check_can_edit_announcement(user: User, post: Post) -> None:
    if not user.has_perm("accounts.post_announcement"):
        raise PermissionDenied(
            f"Only {settings.COMPANY_NAME} representatives and leads edit an announcement: it speaks for the company."
        )
    check_open(post.thread)


def can_edit(user: User, post: Post) -> bool:
    return allowed(check_can_edit, user, post)


def can_read_post(user: User, post: Post) -> bool:
    """A hidden or withdrawn post is a tombstone for everyone but its author, who may still
    read and edit it (and restore a withdrawn one), and the moderators."""
    if post.is_visible:
        return True
    return user.is_authenticated and (post.author_id == user.pk or user.has_perm("accounts.moderate"))


# The name templates and other apps used before posts could be withdrawn.
can_read_hidden = can_read_post


def tombstone_text(post: Post) -> str:
    """What stands in a post's place for those who may not read it: who hid it and why, in
    words a reader can trust (never "a moderator" for what members' flags did)."""
    if post.is_hidden:
        if post.hidden_by == Post.HiddenBy.FLAGS:
            return f"Hidden after members flagged it as {post.hidden_reason or 'spam'}; a moderator will review it."
        if post.hidden_by == Post.HiddenBy.PRIVACY:
            return "Held while a moderator checks it for personal data."
        if post.hidden_by == Post.HiddenBy.FIRST_LOOK:
            return "Waiting for a moderator's first look: a new member's answer is public once they have looked."
        return f"Hidden by a moderator: {post.hidden_reason}." if post.hidden_reason else "Hidden by a moderator."
    if post.is_withdrawn and not post.withdrawn_by_author:
        return "Withdrawn by a moderator with its author's account."
    return "Withdrawn by its author."


def answer_to_act_on(post_id: int) -> Post:
    """The answer an accept or an official mark acts on (the pages' and the API's): a 404 for
    a question, a reply or no post; refused on an idea or an announcement, or when withdrawn."""
    post = get_object_or_404(Post.objects.answers().select_related("thread"), pk=post_id)
    check_question(post.thread)
    check_not_withdrawn(post)
    return post


def check_question(thread: Thread) -> None:
    """Accepting, official marks and "me too" belong to questions (issue 27): an idea is voted
    on and commented on, an announcement commented on."""
    if thread.kind != Thread.Kind.QUESTION:
        raise PermissionDenied(
            f"This is {'an idea' if thread.kind == Thread.Kind.IDEA else 'an announcement'}: "
            "accepting, official marks and “me too” are for questions."
        )


def check_not_withdrawn(post: Post) -> None:
    """Nobody votes on, accepts or marks official a withdrawn post."""
    if post.is_withdrawn:
        raise PermissionDenied(f"{tombstone_text(post)} It takes no votes, accepts or official marks.")


def _question_has_answers(post: Post) -> bool:
    """Any answer not withdrawn, whoever wrote it and whether or not a moderator hid it (a
    hidden one may be restored): others' work hangs on the question."""
    return Post.objects.answers().filter(thread_id=post.thread_id, withdrawn_at=None).exists()


def check_can_withdraw(user: User, post: Post) -> None:
    """Only its author withdraws a post, suspended or not (taking your words back is never
    refused), with these exceptions:
    - a question with answers: others' work hangs on it, so it is edited instead;
    - a post a moderator hid: the hide, and any penalty, stand until a moderator decides;
    - a locked or duplicate thread is read-only for its members."""
    if not user.is_authenticated or not user.is_active or post.author_id != user.pk:
        raise PermissionDenied("Only its author can withdraw a post.")
    if post.is_withdrawn:
        raise PermissionDenied("You have already withdrawn this post.")
    if post.is_hidden:
        raise PermissionDenied("A moderator hid this post: you can still edit it or ask for a review, not withdraw it.")
    if post.thread.is_closed:
        check_open(post.thread)
    if post.is_question and _question_has_answers(post):
        raise PermissionDenied(
            "This question has answers: others' work hangs on it, so it cannot be withdrawn. You can still edit it."
        )


def can_withdraw(user: User, post: Post) -> bool:
    return allowed(check_can_withdraw, user, post)


def check_can_restore_withdrawn(user: User, post: Post, now: datetime | None = None) -> None:
    """Its author restores a post they withdrew, within WITHDRAWAL_RESTORE_WINDOW, unless a
    moderator has hidden it since, or the question it answers is withdrawn."""
    check_member(user)
    if post.author_id != user.pk:
        raise PermissionDenied("Only its author can restore a withdrawn post.")
    if not post.is_withdrawn:
        raise PermissionDenied("This post is not withdrawn.")
    if not post.withdrawn_by_author:
        raise PermissionDenied("A moderator withdrew this post; it cannot be restored.")
    if (now or timezone.now()) > post.restorable_until:
        days = conf.WITHDRAWAL_RESTORE_WINDOW.days
        raise PermissionDenied(
            f"A withdrawn post can be restored for {days} days; this one was withdrawn on "
            f"{date_format(localtime(post.withdrawn_at), 'DATE_FORMAT')}."
        )
    if post.is_hidden:
        raise PermissionDenied("A moderator hid this post: ask for a review instead.")
    if post.thread.is_closed:
        check_open(post.thread)
    if not post.is_question and post.thread.is_withdrawn:
        raise PermissionDenied("The question it answers is withdrawn: its author must restore that first.")


def can_restore_withdrawn(user: User, post: Post) -> bool:
    return allowed(check_can_restore_withdrawn, user, post)


def check_can_redact(user: User, revision: Revision, *, latest_number: int) -> None:
    """The post's author or a moderator redacts an earlier revision, suspended or not
    (taking personal data out is never refused). The current one (`latest_number`, the live
    text) is changed by editing, not redacting."""
    if not user.is_authenticated or not user.is_active:
        raise PermissionDenied("Log in first.")
    if revision.post.author_id != user.pk and not user.has_perm("accounts.moderate"):
        raise PermissionDenied("Only the post's author or a moderator can redact its history.")
    if revision.number >= latest_number:
        raise PermissionDenied("This is the current text: edit the post to change it.")
    if revision.is_redacted:
        raise PermissionDenied("This revision is already redacted.")


def can_redact(user: User, revision: Revision, *, latest_number: int) -> bool:
    try:
        check_can_redact(user, revision, latest_number=latest_number)
    except PermissionDenied:
        return False
    return True


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
