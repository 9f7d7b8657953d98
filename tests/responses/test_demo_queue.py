"""On the demo (`make run`), the queue puts Farid's furious outage thread first (issue 28): the
thread the seeds care about most, angry and drawing "me too"s, ahead of calm threads that have
waited far longer."""

import pytest
from django.utils import timezone

from accounts.models import User
from config import demo
from forum import notifications
from responses.forms import QueueViewForm
from responses.models import QueueThread, RepTag

pytestmark = pytest.mark.django_db

FARID = "Third outage this week and nobody from Brightwave answers, this is unacceptable"


def test_farids_thread_is_first_in_each_staff_members_default_view():
    with notifications.notifications_stay_on_site():
        demo.seed()
    now = timezone.now()
    for username in ("lena", "rita", "ravi"):
        person = User.objects.get(username=username)
        form = QueueViewForm({})
        form.is_valid()
        view = form.chosen_view(looks_after_tags=RepTag.objects.filter(rep=person).exists())
        rows = QueueThread.objects.queue_view(view, rep=person, now=now).head(5)
        assert rows[0].title == FARID, (username, view, [row.title for row in rows])
