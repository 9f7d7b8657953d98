"""Geometry for the dashboard's bar chart, drawn by the template as inline SVG: readable
without JavaScript, with labelled axes and a text alternative."""

from dataclasses import dataclass
from datetime import date

WIDTH, HEIGHT = 720, 260
LEFT, RIGHT, TOP, BOTTOM = 56, 12, 16, 44


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    day: date
    minutes: float | None
    threads: int


@dataclass(frozen=True)
class Tick:
    y: float
    label: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    left: int
    bottom_y: float
    right_x: float
    top: int
    bars: list[Bar]
    y_ticks: list[Tick]
    x_labels: list[tuple[float, str]]


def _nice_ceiling(value: float) -> float:
    for step in (5, 10, 15, 30, 60, 120, 240, 480, 720, 1440, 2880):
        if value <= step:
            return step
    return value


def bar_chart(daily: list[tuple[date, float | None, int]]) -> Chart:
    """Bars of median minutes to first response per day."""
    plot_width = WIDTH - LEFT - RIGHT
    plot_height = HEIGHT - TOP - BOTTOM
    top_value = _nice_ceiling(max([minutes or 0 for _day, minutes, _n in daily] + [1]))
    slot = plot_width / max(len(daily), 1)
    bars = []
    for index, (day, minutes, threads) in enumerate(daily):
        height = (minutes or 0) / top_value * plot_height
        bars.append(
            Bar(
                x=round(LEFT + index * slot + slot * 0.15, 1),
                y=round(TOP + plot_height - height, 1),
                width=round(slot * 0.7, 1),
                height=round(height, 1),
                day=day,
                minutes=minutes,
                threads=threads,
            )
        )
    ticks = [
        Tick(y=round(TOP + plot_height - plot_height * part / 4, 1), label=f"{top_value * part / 4:g}")
        for part in range(5)
    ]
    labels = [(bar.x + bar.width / 2, bar.day.strftime("%d %b")) for bar in bars[::5]]
    return Chart(WIDTH, HEIGHT, LEFT, TOP + plot_height, WIDTH - RIGHT, TOP, bars, ticks, labels)
