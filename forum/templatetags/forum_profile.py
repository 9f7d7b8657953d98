"""The forum's part of a member's profile: reputation by tag, questions, answers and the
reputation history. accounts' profile page loads it, so accounts imports nothing from the
forum (the forum is built on accounts, not the other way round)."""

from django import template

from forum.models import Post, ReputationEvent, TagReputation, Thread

register = template.Library()

PROFILE_LIST_LENGTH = 10
HISTORY_LENGTH = 30


@register.inclusion_tag("forum/_member_activity.html")
def member_activity(person) -> dict:
    return {
        "tag_reputations": TagReputation.objects.filter(user=person, reputation__gt=0)
        .select_related("tag")
        .order_by("-reputation")[:PROFILE_LIST_LENGTH],
        "questions": Thread.objects.listed().filter(author=person).order_by("-created_at")[:PROFILE_LIST_LENGTH],
        "answers": Post.objects.visible()
        .filter(author=person, is_question=False)
        .select_related("thread")
        .order_by("-created_at")[:PROFILE_LIST_LENGTH],
        "history": ReputationEvent.objects.filter(user=person)
        .select_related("thread")
        .order_by("-created_at", "-pk")[:HISTORY_LENGTH],
    }
