"""What beat runs and how often: the schedule config/settings.py takes as CELERY_BEAT_SCHEDULE.
The rules of each job live in its app (responses/conf.py, reminders/conf.py, forum/conf.py);
only the intervals, read from the environment, are here."""

from datetime import timedelta

from config.env import env_int

# How often beat runs the engine's jobs (responses/conf.py holds the engine's rules).
RESPONSE_CHECK_INTERVAL = timedelta(seconds=env_int("RESPONSE_CHECK_SECONDS", 60))
# How often beat runs the accept reminders and the weekly digests (reminders/conf.py holds
# their rules).
REMINDER_CHECK_INTERVAL = timedelta(seconds=env_int("REMINDER_CHECK_SECONDS", 3600))
# How often beat sweeps notification emails never sent: as often as they become due (the
# variable forum/conf.py reads as UNSENT_EMAIL_AFTER), no more often than the engine's checks.
UNSENT_EMAIL_CHECK_INTERVAL = max(timedelta(seconds=env_int("UNSENT_EMAIL_SECONDS", 300)), RESPONSE_CHECK_INTERVAL)


def _every(interval: timedelta, task: str) -> dict:
    return {"task": task, "schedule": interval.total_seconds()}


CELERY_BEAT_SCHEDULE = {
    "mark-overdue-threads": _every(RESPONSE_CHECK_INTERVAL, "responses.tasks.mark_overdue_threads_task"),
    "escalate-overdue-threads": _every(RESPONSE_CHECK_INTERVAL, "responses.tasks.escalate_overdue_threads_task"),
    "offer-unclaimed-threads": _every(RESPONSE_CHECK_INTERVAL, "responses.tasks.offer_unclaimed_threads_task"),
    "end-spikes": _every(RESPONSE_CHECK_INTERVAL, "responses.tasks.end_spikes_task"),
    "refresh-askers-standing": _every(RESPONSE_CHECK_INTERVAL, "responses.tasks.refresh_askers_standing_task"),
    "expire-announcements": _every(RESPONSE_CHECK_INTERVAL, "announcements.tasks.expire_pins_and_banners_task"),
    "remind-askers-to-accept": _every(REMINDER_CHECK_INTERVAL, "reminders.tasks.remind_askers_to_accept_task"),
    "send-weekly-digests": _every(REMINDER_CHECK_INTERVAL, "reminders.tasks.send_weekly_digests_task"),
    "send-unsent-notification-emails": _every(
        UNSENT_EMAIL_CHECK_INTERVAL, "forum.tasks.send_unsent_notification_emails"
    ),
    "deliver-due-webhooks": _every(RESPONSE_CHECK_INTERVAL, "webhooks.tasks.deliver_due_webhooks_task"),
}
