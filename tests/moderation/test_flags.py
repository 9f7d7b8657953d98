"""Members' flags (issue 10): weight, accuracy, auto-hide pending review, one open flag."""

import pytest

from forum.conf import conf as forum_conf
from forum.models import Notification, Post
from moderation import actions, querysets
from moderation.models import Flag, LogEntry
from responses.models import OfficialRequest, QueueThread

pytestmark = pytest.mark.django_db


def test_one_open_flag_per_member_and_post(spam, make_flagger):
    flagger = make_flagger()
    first = actions.flag_post(post=spam, flagger=flagger, reason=Flag.Reason.SPAM)
    again = actions.flag_post(post=spam, flagger=flagger, reason=Flag.Reason.ABUSE)
    assert again.pk == first.pk
    assert Flag.objects.count() == 1


def test_proven_flaggers_spam_flags_reach_the_threshold_and_hide_the_post_pending_review(spam, make_flagger):
    actions.flag_post(post=spam, flagger=make_flagger(50, proven=True), reason=Flag.Reason.SPAM)
    assert not Post.objects.get(pk=spam.pk).is_hidden  # weight 2 of 3
    actions.flag_post(post=spam, flagger=make_flagger(50, proven=True), reason=Flag.Reason.SPAM)
    hidden = Post.objects.get(pk=spam.pk)
    assert (hidden.is_hidden, hidden.hidden_by, hidden.hidden_reason) == (True, Post.HiddenBy.FLAGS, "spam")
    assert LogEntry.objects.get().action == LogEntry.Action.AUTO_HIDE
    assert Notification.objects.filter(recipient=spam.author, text__contains="members flagged it as spam").exists()
    spam.author.refresh_from_db()
    assert spam.author.reputation == 11  # nothing taken until a moderator decides


def test_spam_flags_of_members_with_no_record_never_hide_however_many(spam, make_flagger):
    for _ in range(5):
        actions.flag_post(post=spam, flagger=make_flagger(forum_conf.PRIVILEGES["trusted_flagger"]), reason="spam")
    assert not Post.objects.get(pk=spam.pk).is_hidden
    assert [post.pk for post in querysets.flagged_posts()] == [spam.pk]  # it waits for a moderator


@pytest.mark.parametrize("reason", [Flag.Reason.ABUSE, Flag.Reason.RUDE])
def test_proven_flaggers_abuse_or_rude_flags_go_to_the_moderators_and_the_post_stays_up(spam, make_flagger, reason):
    for _ in range(4):
        actions.flag_post(post=spam, flagger=make_flagger(1000, proven=True), reason=reason)
    assert not Post.objects.get(pk=spam.pk).is_hidden
    assert [post.pk for post in querysets.flagged_posts()] == [spam.pk]


@pytest.mark.parametrize("reason", [Flag.Reason.OFF_TOPIC, Flag.Reason.OTHER])
def test_off_topic_and_other_flags_never_hide_a_post(spam, make_flagger, reason):
    for _ in range(5):
        actions.flag_post(post=spam, flagger=make_flagger(1000), reason=reason, note="I do not like this")
    assert not Post.objects.get(pk=spam.pk).is_hidden


def decided(flagger, *, upheld: int, dismissed: int, post) -> None:
    for status, count in ((Flag.Status.UPHELD, upheld), (Flag.Status.DISMISSED, dismissed)):
        for _ in range(count):
            Flag.objects.create(post=post, flagger=flagger, reason="spam", weight=1, status=status)


def test_accurate_flaggers_gain_weight_and_inaccurate_ones_lose_it(spam, make_flagger):
    accurate, sloppy, new = make_flagger(), make_flagger(), make_flagger()
    decided(accurate, upheld=9, dismissed=1, post=spam)
    decided(sloppy, upheld=1, dismissed=9, post=spam)
    assert (actions.flag_weight(accurate), actions.flag_weight(sloppy), actions.flag_weight(new)) == (2, 0, 1)
    assert actions.flagger_accuracy(accurate) == (9, 10)


def test_mixed_weights_and_accuracies_hide_at_the_threshold(spam, make_flagger):
    sloppy, accurate = make_flagger(), make_flagger()
    decided(sloppy, upheld=0, dismissed=6, post=spam)
    decided(accurate, upheld=6, dismissed=0, post=spam)
    actions.flag_post(post=spam, flagger=sloppy, reason=Flag.Reason.SPAM)  # weight 0, not proven
    actions.flag_post(post=spam, flagger=make_flagger(), reason=Flag.Reason.OFF_TOPIC)  # never hides
    actions.flag_post(post=spam, flagger=make_flagger(), reason=Flag.Reason.SPAM)  # weight 1, no record
    assert not Post.objects.get(pk=spam.pk).is_hidden
    actions.flag_post(post=spam, flagger=accurate, reason=Flag.Reason.SPAM)  # weight 2, proven: 2 < 3
    assert not Post.objects.get(pk=spam.pk).is_hidden
    actions.flag_post(post=spam, flagger=make_flagger(proven=True), reason=Flag.Reason.SPAM)  # 4
    assert Post.objects.get(pk=spam.pk).hidden_by == Post.HiddenBy.FLAGS


def test_needs_an_official_response_sends_the_thread_to_the_official_queue_not_the_reports(spam, make_flagger):

    flagger = make_flagger()
    flag = actions.flag_post(post=spam, flagger=flagger, reason=Flag.Reason.NEEDS_OFFICIAL)
    assert flag.status == Flag.Status.ROUTED
    assert OfficialRequest.objects.filter(thread=spam.thread, requested_by=flagger).exists()
    assert QueueThread.objects.awaiting_official().filter(pk=spam.thread_id).exists()


def test_a_withdrawn_post_cannot_be_flagged(client, spam, make_flagger):
    from forum import actions as forum_actions
    from moderation import permissions

    forum_actions.withdraw_post(post=spam, by=spam.author)
    spam.refresh_from_db()
    flagger = make_flagger()
    assert not permissions.can_flag(flagger, spam)
    client.force_login(flagger)
    response = client.post(f"/moderation/p/{spam.pk}/flag/", {"reason": "spam"})
    assert response.status_code == 403
    assert not Flag.objects.exists()
