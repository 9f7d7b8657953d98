"""The response-time engine's domain settings: lags, escalation, the queue's priority weights,
heat, velocity, fairness bands and routing (docs/design.md, "The response-time engine").

Each may be overridden by a Django setting of the same name (config/appsettings.py). How
often beat runs the engine's jobs (RESPONSE_CHECK_INTERVAL) stays in config/settings.py, with
the beat schedule that reads it.
"""

from datetime import timedelta

from config.appsettings import AppSettings
from config.env import env_int


class ResponsesSettings(AppSettings):
    UNANSWERED_LAG = timedelta(minutes=env_int("UNANSWERED_LAG_MINUTES", 60))
    ESCALATION_LAG_MULTIPLE = 4  # level 1: no official reply after 4 lags
    ESCALATION_LEVEL_2_AFTER = timedelta(hours=env_int("ESCALATION_LEVEL_2_HOURS", 24))
    # How many official answers one member may ask for in 24 hours.
    OFFICIAL_REQUESTS_PER_DAY = env_int("OFFICIAL_REQUESTS_PER_DAY", 5)
    # "Due soon": threads in the last quarter of their lag that nobody has answered yet.
    DUE_SOON_FRACTION = 0.75
    # The queue's priority (responses/priority.py): the two parts the leads weigh on /team/
    # (QueueWeights), 0 to 15 points each, until they choose.
    QUEUE_WEIGHTS = {"heat_weight": 12.0, "velocity_weight": 12.0}
    # A spike (responses/spikes.py): this many "me too"s on one thread within SPIKE_MINUTES tells
    # the reps and leads once; leads change both on /team/.
    SPIKE_ME_TOOS = 5
    SPIKE_MINUTES = 30
    # Heat (forum/heat.py): one clearly negative sentence scores about 0.5, two about 0.75, a
    # furious question 0.9 and more: the "Hot" filter lists the unhappy (0.5), the rep panel
    # suggests a private case for the upset (0.75), not for a single cross sentence.
    HEAT_SUGGESTS_CASE = 0.75
    HEAT_HOT = 0.5  # the queue's "Hot" filter: threads at least this negative, hottest first
    # A rep's official reply on a hot thread waits for a lead (responses/second_look.py): "off",
    # "suggested" (the rep's choice, asked by default) or "required". Leads change it on /team/.
    SECOND_LOOK = "suggested"
    # Velocity: recent interest ("me too"s and votes, halving every INTEREST_HALF_LIFE) is its own
    # part of the priority, so what is going viral now rises (responses/velocity.py).
    INTEREST_HALF_LIFE = timedelta(hours=env_int("INTEREST_HALF_LIFE_HOURS", 6))
    # Fairness on the dashboard: response times by the asker's reputation, (key, label, lowest
    # reputation in the band). Newcomers cannot vote yet; top contributors are trusted flaggers.
    FAIRNESS_BANDS = (
        ("newcomers", "Newcomers", 1),
        ("regulars", "Regulars", 15),  # forum.conf's PRIVILEGES["vote_up"]
        ("top", "Top contributors", 500),  # forum.conf's PRIVILEGES["trusted_flagger"]
    )
    # Routing: an unclaimed queue item is offered to every rep, not only its tags' owners, once
    # it has waited this share of its lag.
    OFFER_TO_ALL_FRACTION = 0.5


conf = ResponsesSettings()
