from datetime import timedelta

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.models import User
from accounts.roles import sync_role_groups

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")
    display_name = factory.LazyAttribute(lambda user: user.username.title())
    password = factory.django.Password(PASSWORD)
    # Members who joined a while ago, each on a day of their own, as on a forum with a past:
    # so that one factory member's votes count towards another's standing to flag
    # (moderation/standing.py). A test of new accounts, or accounts made together, says so.
    date_joined = factory.Sequence(lambda n: timezone.now() - timedelta(days=30 + 2 * n))

    @factory.post_generation
    def groups(self, create, names, **kwargs):
        if create and names:
            if Group.objects.filter(name__in=names).count() < len(names):
                sync_role_groups()  # a transactional test flushed the migration's groups
            self.groups.add(*Group.objects.filter(name__in=names))

    @factory.post_generation
    def verified(self, create, value, **kwargs):
        # Every factory user can log in, as a member who confirmed their email could.
        if create and value is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


def make_thread(
    *, author, title: str = "How do I reset my Brightwave hub?", body: str | None = None, tags=("wifi",), now=None
):
    """A thread made the way members make them: through forum/actions/posts.py."""
    from forum import actions

    body = body or "I have tried turning it off and on again and nothing changed at all."
    return actions.ask_question(author=author, title=title, body=body, tags=list(tags), now=now)


def post_thread(*, author, title: str, body: str, tags, kind: str, now=None):
    """A thread of any kind, through the verb that posts that kind: an idea through
    ideas.actions.post_idea (which gives it its status), the others through ask_question."""
    from forum import actions
    from forum.models import Thread

    if kind == Thread.Kind.IDEA:
        from ideas.actions import post_idea

        return post_idea(author=author, title=title, body=body, tags=list(tags), now=now)
    return actions.ask_question(author=author, title=title, body=body, tags=list(tags), kind=kind, now=now)


def make_answer(*, thread, author, body: str = "Hold the reset button for ten seconds, then wait.", now=None):
    from forum import actions

    return actions.post_answer(author=author, thread=thread, body=body, now=now)


def set_reputation(user, value: int) -> None:
    """Bring a user to `value` reputation through the ledger (an adjustment), so that the
    caches still agree with it."""
    from forum import reputation

    user.refresh_from_db()
    reputation.adjust(user_id=user.pk, delta=value - user.reputation)
    user.refresh_from_db()


def backdate(thread, created_at) -> None:
    """Move a thread's creation back in time, as if it had been asked then: the engine's
    stored deadline (ResponseState.due_at) follows."""
    from forum.models import Thread
    from responses import waiting
    from responses.models import ResponseState

    Thread.objects.filter(pk=thread.pk).update(created_at=created_at)
    ResponseState.objects.filter(pk=thread.pk).update(asked_at=created_at)  # the recorder's copy
    waiting.refresh_lags(ResponseState.objects.filter(pk=thread.pk))


def set_state(threads, **values) -> None:
    """Set the engine's state of `threads` (a Thread queryset) directly, as if the engine had
    recorded it, and let the recorder settle what follows from it (in the queue or not)."""
    from responses import derived
    from responses.models import ResponseState

    states = ResponseState.objects.filter(pk__in=list(threads.values_list("pk", flat=True)))
    states.update(**values)
    derived.settle(states)


def give_a_flagging_record(user, *, upheld: int | None = None, dismissed: int = 0) -> None:
    """Decided flags for `user`, as if moderators had ruled on them: by default enough upheld
    ones (FLAG_ACCURACY_MIN_DECIDED) to make them a proven flagger, whose spam flags count
    towards an automatic hide (moderation/actions/flags.py)."""
    from moderation.conf import conf
    from moderation.models import Flag

    upheld = conf.FLAG_ACCURACY_MIN_DECIDED if upheld is None else upheld
    author = UserFactory()
    post = make_answer(thread=make_thread(author=author, tags=("record",)), author=author, body="Long ago, decided.")
    statuses = [Flag.Status.UPHELD] * upheld + [Flag.Status.DISMISSED] * dismissed
    Flag.objects.bulk_create([Flag(post=post, flagger=user, reason="spam", weight=1, status=s) for s in statuses])
