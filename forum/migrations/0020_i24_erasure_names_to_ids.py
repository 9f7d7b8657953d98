"""Names copied into text become references by id (issue 24).

Notifications that began with a member's name ("Rita answered “…”", "Rita replied in the
private case about “…”", "Rita edited an answer you made official on “…”", "Rita assigned you
“…”") get that member as their actor and lose the name ("answered “…”"); Notification.message
puts the name, as it is when read, back in front. Thread events "assigned the thread" with
the note "to Rita" get Rita as their subject and an empty note.

A copy is converted only when it names exactly one member: a display name or username of one
user now, narrowed, when several share it, by what the row is about (who posted or edited in
the thread, the case's customer, who assigned it, who was told of the assignment). A copy
that matches nobody (the member renamed since, or an account deleted before issue 24, whose
copies already read "a former member") or several stays as it is: it reads as before.

Rows are read in batches by primary key and written with one prepared UPDATE per batch
(executemany), as 0018 does."""

from collections import defaultdict

from django.db import migrations
from django.db.models import Q

BATCH = 2000
FORMER_MEMBER = "a former member"
ANSWERED = " answered “"
REPLIED = " replied in the private case about “"
EDITED = " edited an answer you made official on “"
ASSIGNED = " assigned you “"
PHRASES = (ANSWERED, REPLIED, EDITED, ASSIGNED)


def users_called(User, names) -> dict[str, set[int]]:
    """Each name -> the ids of the users whose display name or username it is now."""
    found = defaultdict(set)
    names = set(names)
    for pk, display_name, username in User.objects.filter(
        Q(display_name__in=names) | Q(username__in=names)
    ).values_list("pk", "display_name", "username"):
        for name in {display_name, username} & names:
            found[name].add(pk)
    return found


def split_name(text: str):
    """(name, the rest) for a text that starts with a name and one of PHRASES, else None."""
    ends = [(text.find(phrase), phrase) for phrase in PHRASES if text.find(phrase) > 0]
    if not ends:
        return None
    end, phrase = min(ends)
    return text[:end], phrase, text[end + 1 :]


def narrowed(apps, ids: set[int], *, phrase: str, thread_id) -> set[int]:
    """Of several users with the same name, those the notification can be about: who posted
    in its thread, the thread's asker (a case's customer), who edited in it, who assigned it."""
    if thread_id is None:
        return ids
    if phrase == ANSWERED:
        posts = apps.get_model("forum", "Post").objects.filter(thread_id=thread_id, author_id__in=ids)
        return set(posts.values_list("author_id", flat=True))
    if phrase == REPLIED:
        threads = apps.get_model("forum", "Thread").objects.filter(pk=thread_id, author_id__in=ids)
        return set(threads.values_list("author_id", flat=True))
    if phrase == EDITED:
        revisions = apps.get_model("forum", "Revision").objects.filter(post__thread_id=thread_id, editor_id__in=ids)
        return set(revisions.values_list("editor_id", flat=True))
    events = apps.get_model("forum", "ThreadEvent").objects.filter(
        thread_id=thread_id, kind="assigned", actor_id__in=ids
    )
    return set(events.values_list("actor_id", flat=True))


def notifications_to_actors(apps, schema_editor):
    connection = schema_editor.connection
    Notification = apps.get_model("forum", "Notification")
    User = apps.get_model("accounts", "User")
    quote = connection.ops.quote_name
    update = (
        f"UPDATE {quote(Notification._meta.db_table)} SET {quote(Notification._meta.get_field('actor').column)} = %s,"
        f" {quote(Notification._meta.get_field('text').column)} = %s WHERE {quote(Notification._meta.pk.column)} = %s"
    )
    copies = Notification.objects.using(connection.alias).filter(
        Q(text__contains=ANSWERED) | Q(text__contains=REPLIED) | Q(text__contains=EDITED) | Q(text__contains=ASSIGNED),
        actor__isnull=True,
    )
    last = 0
    while True:
        # Whole batches by primary key: SQLite does not isolate a cursor from writes to its table.
        batch = list(copies.filter(pk__gt=last).order_by("pk").values_list("pk", "text", "thread_id")[:BATCH])
        if not batch:
            return
        last = batch[-1][0]
        split = [(pk, split_name(text), thread_id) for pk, text, thread_id in batch]
        called = users_called(User, {parts[0] for _pk, parts, _thread in split if parts})
        rows = []
        for pk, parts, thread_id in split:
            if not parts:
                continue
            name, phrase, rest = parts
            ids = called.get(name, set())
            if len(ids) > 1:
                ids = narrowed(apps, ids, phrase=phrase, thread_id=thread_id)
            if len(ids) == 1:
                rows.append((next(iter(ids)), rest, pk))
        if rows:
            with connection.cursor() as cursor:
                cursor.executemany(update, rows)


def assignments_to_subjects(apps, schema_editor):
    ThreadEvent = apps.get_model("forum", "ThreadEvent")
    Notification = apps.get_model("forum", "Notification")
    User = apps.get_model("accounts", "User")
    events = list(
        ThreadEvent.objects.filter(kind="assigned", subject__isnull=True, note__startswith="to ").values_list(
            "pk", "note", "thread_id"
        )
    )
    called = users_called(User, {note[3:] for _pk, note, _thread in events})
    for pk, note, thread_id in events:
        ids = called.get(note[3:], set())
        if len(ids) > 1:
            # Of those, the ones told on this thread that someone assigned it to them.
            told = Notification.objects.filter(thread_id=thread_id, recipient_id__in=ids, text__contains="assigned you")
            ids = set(told.values_list("recipient_id", flat=True))
        if len(ids) == 1:
            ThreadEvent.objects.filter(pk=pk).update(subject_id=next(iter(ids)), note="")


def name_of(user) -> str:
    if user is None or user.deleted_at is not None:
        return FORMER_MEMBER
    return user.display_name or user.username


def back_to_copies(apps, schema_editor):
    """Before issue 24 the names were in the text: put each one back, as it is now."""
    Notification = apps.get_model("forum", "Notification")
    ThreadEvent = apps.get_model("forum", "ThreadEvent")
    named = Notification.objects.filter(actor__isnull=False).select_related("actor").order_by("pk")
    while batch := list(named[:BATCH]):
        for notification in batch:
            Notification.objects.filter(pk=notification.pk).update(
                text=f"{name_of(notification.actor)} {notification.text}"[:300], actor=None
            )
    for event in list(ThreadEvent.objects.filter(subject__isnull=False).select_related("subject")):
        ThreadEvent.objects.filter(pk=event.pk).update(note=f"to {name_of(event.subject)}"[:500], subject=None)


def forwards(apps, schema_editor):
    notifications_to_actors(apps, schema_editor)
    assignments_to_subjects(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("forum", "0019_i24_erasure_actor_and_subject"),
        # The users' fields read here (deleted_at when going back) exist from then on.
        ("accounts", "0008_weekly_digest"),
    ]

    operations = [migrations.RunPython(forwards, back_to_copies, elidable=False)]
