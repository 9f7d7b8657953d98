"""The queue row's priority parts in words (issue 28): "angry", "about 12 people lately",
"waited 3.2 lags", so that a rep reads why a thread is where it is."""

from django import template

from responses.conf import conf

register = template.Library()


@register.filter
def heat_in_words(heat: float | None) -> str:
    heat = heat or 0
    if heat >= conf.HEAT_SUGGESTS_CASE:
        return "angry"
    if heat >= conf.HEAT_HOT:
        return "unhappy"
    return "a little negative" if heat >= 0.2 else "calm"


@register.filter
def people_lately(recent: float | None) -> str:
    count = round(recent or 0)
    if count < 1:
        return "nobody lately"
    return f"about {count} {'person' if count == 1 else 'people'} lately"


@register.filter
def lags(value: float | None) -> str:
    value = value or 0
    return f"waited {value:.1f} lag{'' if round(value, 1) == 1 else 's'}"
