"""The queue's priority rule (responses/priority.py) written again in plain Python, from its
docstring's table: the tests compare what the database computes with it."""

import math

from responses import priority as rule

DEFAULT_WEIGHTS = {"heat_weight": 12.0, "velocity_weight": 12.0}


def waiting(lags: float) -> float:
    if lags <= 1:
        return 10 * lags
    if lags <= 4:
        return 10 + (rule.STARVATION_POINTS - 10) / 3 * (lags - 1)
    return rule.STARVATION_POINTS + rule.TAIL_POINTS * math.log2(lags / 4)


def velocity(recent: float, weight: float = 12.0) -> float:
    return min(15.0, weight * min(1.0, math.log2(1 + recent) / 4))


def expected_parts(
    *, waited_lags, relative=0, absolute=1, me_too=0, score=0, views=0, level=0, heat=0.0, recent=0.0, weights=None
) -> dict:
    weights = weights or DEFAULT_WEIGHTS
    return {
        "waiting": waiting(waited_lags),
        "heat_points": min(15.0, weights["heat_weight"] * heat),
        "velocity": velocity(recent, weights["velocity_weight"]),
        "community": min(4.0, 2 * math.log10(1 + me_too + max(score, 0) + views / 100)),
        "relative_influence": min(3.0, 1.5 * math.log10(1 + relative)),
        "absolute_influence": min(1.5, 0.5 * math.log10(1 + absolute)),
        "escalation": 5 * level,
    }
