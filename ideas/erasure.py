"""Ideas' part of deleting an account (accounts/erasers.py, registered in apps.py, run in the
deletion's transaction): the record that the member was told an idea is done goes (it is about
them alone). The status changes, notes and links reps made stay as they wrote them, by "a former
member" when the rep is the one who left; the history is append-only, with no exception."""

from ideas.models import IdeaDoneNotice

ERASES = {"ideas.IdeaDoneNotice.user"}  # who was told an idea is done: about them alone
KEEPS = {
    "ideas.IdeaStatusChange.changed_by": "the idea's public history, its notes without their name",
    "ideas.IdeaLink.linked_by": "who linked a support thread, by id",
}


def erase_member(*, member, **kwargs) -> None:
    IdeaDoneNotice.objects.filter(user=member).delete()
