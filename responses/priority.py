"""The official-response queue's priority (issue 28), in one sentence: **how long the thread has
waited, counted in its lags (steeply up to four lags, so that nothing waits for ever, then
slowly), plus how angry it reads and how fast people are joining it now, plus a little for the
crowd, the asker's standing and each escalation.**

| part | points | at most |
|---|---|---|
| waiting | 10 a lag up to 1 lag; then up to STARVATION_POINTS at 4 lags; then + TAIL_POINTS a doubling | - |
| heat | the leads' heat weight x how negative the question reads (0 to 1) | HEAT_WEIGHT_MAX |
| velocity | the leads' velocity weight x log2(1 + recent interest) / 4 (responses/velocity.py) | VELOCITY_WEIGHT_MAX |
| community | 2 x log10(1 + me too + votes + views / 100), all time | COMMUNITY_MAX |
| influence | 1.5 x log10(1 + reputation in the tags) + 0.5 x log10(1 + reputation) | RELATIVE_MAX + ABSOLUTE_MAX |
| escalation | 5 a level | - |

No starvation: STARVATION_POINTS is more than one lag's waiting plus every other part at its
most (at the leads' highest weights), so a thread that has waited four lags outranks every
thread that has waited less than one, whatever the leads choose. Past four lags the tail grows
slowly, so that an angry or fast-growing thread can still lead a calm old one.

The leads weigh heat and velocity on /team/ (QueueWeights, read here as subqueries: no query
of its own), with a preview of the queue's order before they save.
"""

from django.db.models import Case, F, FloatField, Subquery, When
from django.db.models.functions import Coalesce, Greatest, Least
from django.db.models.lookups import LessThanOrEqual

from responses.conf import conf
from responses.expressions import Float, Log10, log10_1p

S = "response_state__"
LOG10_2 = 0.30103

WAITING_POINTS_PER_LAG = 10.0  # up to one lag
HEAT_WEIGHT_MAX = 15.0
VELOCITY_WEIGHT_MAX = 15.0
COMMUNITY_MAX = 4.0
RELATIVE_MAX = 3.0
ABSOLUTE_MAX = 1.5
STARVATION_LAGS = 4.0
# One lag's waiting, every other part at its most, and one point more (escalation is 0 before
# four lags: ESCALATION_LAG_MULTIPLE).
STARVATION_POINTS = (
    WAITING_POINTS_PER_LAG + HEAT_WEIGHT_MAX + VELOCITY_WEIGHT_MAX + COMMUNITY_MAX + RELATIVE_MAX + ABSOLUTE_MAX + 1
)
TAIL_POINTS = 2.0  # a doubling of the wait past four lags: among the overdue, anger and pace lead
VELOCITY_SATURATES = 15.0  # recent interest at which velocity gives its whole weight (log2(16) = 4)


def weight_expression(name: str):
    """The leads' weight `name` ("heat_weight", "velocity_weight"), else conf's default, as an
    expression: pages read it in the query that orders the queue."""
    from responses.models import QueueWeights  # models load after this module

    stored = QueueWeights.objects.filter(pk=1).values(name)[:1]
    default = conf.QUEUE_WEIGHTS[name]
    return Coalesce(Subquery(stored, output_field=FloatField()), Float(default))


def current_weights() -> dict:
    """The leads' weights (one query), for pages that show them."""
    from responses.models import QueueWeights

    chosen = QueueWeights.objects.filter(pk=1).values("heat_weight", "velocity_weight").first()
    return chosen or dict(conf.QUEUE_WEIGHTS)


def waiting_points(lags):
    """`lags`: time waited / the thread's lag, an expression."""
    ramp = (STARVATION_POINTS - WAITING_POINTS_PER_LAG) / (STARVATION_LAGS - 1)
    tail = Float(TAIL_POINTS / LOG10_2) * Log10(lags / Float(STARVATION_LAGS))
    return Case(
        When(LessThanOrEqual(lags, Float(1.0)), then=Float(WAITING_POINTS_PER_LAG) * lags),
        When(
            LessThanOrEqual(lags, Float(STARVATION_LAGS)),
            then=Float(WAITING_POINTS_PER_LAG) + Float(ramp) * (lags - Float(1.0)),
        ),
        default=Float(STARVATION_POINTS) + tail,
        output_field=FloatField(),
    )


def heat_points(weights: dict | None = None):
    weight = Float(weights["heat_weight"]) if weights else weight_expression("heat_weight")
    return Least(Float(HEAT_WEIGHT_MAX), weight * F(S + "heat"))


def velocity_points(recent, weights: dict | None = None):
    """`recent`: the recent interest decayed to now (responses/velocity.py)."""
    weight = Float(weights["velocity_weight"]) if weights else weight_expression("velocity_weight")
    share = Least(Float(1.0), Log10(Float(1.0) + Greatest(recent, Float(0.0))) / Float(LOG10_2 * 4))
    return Least(Float(VELOCITY_WEIGHT_MAX), weight * share)


def community_points(totals):
    return Least(Float(COMMUNITY_MAX), Float(2.0) * log10_1p(totals))


def relative_influence_points(reputation):
    return Least(Float(RELATIVE_MAX), Float(1.5) * log10_1p(reputation))


def absolute_influence_points(reputation):
    return Least(Float(ABSOLUTE_MAX), Float(0.5) * log10_1p(reputation))


def escalation_points():
    return Float(5.0) * F(S + "escalation_level")
