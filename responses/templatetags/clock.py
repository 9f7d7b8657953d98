from django import template

register = template.Library()


@register.filter
def minutes(value: float | None) -> str:
    """42.7 -> "43 min", 130 -> "2 h 10 min", 3000 -> "2 d 2 h"."""
    if value is None:
        return "–"
    total = round(value)
    days, rest = divmod(total, 1440)
    hours, mins = divmod(rest, 60)
    if days:
        return f"{days} d {hours} h"
    if hours:
        return f"{hours} h {mins} min"
    return f"{mins} min"


@register.filter
def points(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


@register.filter
def percent(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.0f}%"


@register.filter
def in_words(value: float | None) -> str:
    """A lag in minutes as a promise reads it: 30 -> "30 minutes", 60 -> "1 hour",
    90 -> "1 hour 30 minutes", 2880 -> "2 days"."""
    if value is None:
        return ""
    days, rest = divmod(round(value), 1440)
    hours, mins = divmod(rest, 60)
    parts = [(days, "day"), (hours, "hour"), (mins, "minute")]
    return " ".join(f"{count} {unit}{'' if count == 1 else 's'}" for count, unit in parts if count) or "0 minutes"
