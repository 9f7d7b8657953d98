"""The forum's domain settings: reputation, privileges, pages and writing, unsent emails.

Each may be overridden by a Django setting of the same name (config/appsettings.py); the
ones a deployment tunes are read from the environment (README, "Configuration").
"""

from datetime import timedelta

from config.appsettings import AppSettings
from config.env import env_int


class ForumSettings(AppSettings):
    # Reputation: what each event is worth (design, Domain). forum/reputation.py applies them.
    REPUTATION_POINTS = {
        "question_upvoted": 5,
        "answer_upvoted": 10,
        "post_downvoted": -2,
        "downvote_given": -1,
        "answer_accepted": 15,
        "accepted_an_answer": 2,
        "answer_marked_official": 10,
        "post_hidden": -100,
        "adjustment": 0,  # an administrator's correction: the delta is given each time
        "post_withdrawn": 0,  # a withdrawal takes back what the post earned: the delta is given each time
    }
    REPUTATION_DAILY_VOTE_CAP = env_int("REPUTATION_DAILY_VOTE_CAP", 200)
    # A rep's draft that reads at least this negative (forum/heat.py) is said so in its preview
    # (issue 27: never reply in anger); at the second, "angry".
    DRAFT_HEAT_WARNING = 0.5
    DRAFT_HEAT_ANGRY = 0.75
    # Privileges by reputation, enforced in forum/permissions.py and, for members' flags
    # ("flag", "trusted_flagger": a heavier flag), moderation/permissions.py and
    # moderation/actions/flags.py.
    PRIVILEGES = {
        "vote_up": 15,
        "flag": 15,
        "vote_down": 125,
        "create_tags": 100,
        "trusted_flagger": 500,
        "edit_others": 2000,
    }
    # A post's score crossing one of these tells its author (forum/actions/votes.py).
    VOTE_MILESTONES = (10, 25, 50, 100, 250, 500, 1000)

    # Pages and writing.
    THREADS_PER_PAGE = 30
    MAX_TAGS_PER_THREAD = 5
    DUPLICATE_SUBMIT_WINDOW = timedelta(seconds=5)
    VIEW_COUNT_WINDOW = timedelta(hours=1)
    # An author may restore a post they withdrew for this long (forum/actions/withdrawing.py).
    WITHDRAWAL_RESTORE_WINDOW = timedelta(days=env_int("WITHDRAWAL_RESTORE_DAYS", 30))

    # Notification emails whose task never reached the broker (it was down) are sent by a
    # beat sweep (forum/notifications.py, send_unsent_emails) this long after they were
    # made, for a day; it runs as often (config/settings.py's CELERY_BEAT_SCHEDULE reads the
    # same variable), and an address that refuses mail is tried again at each sweep that day.
    UNSENT_EMAIL_AFTER = timedelta(seconds=env_int("UNSENT_EMAIL_SECONDS", 300))
    UNSENT_EMAIL_WINDOW = timedelta(days=1)
    UNSENT_EMAIL_BATCH = 500


conf = ForumSettings()
