"""Slots: the places a lower app's page leaves open for the apps above it to fill.

No app imports, loads or includes anything of an app above it (tests/platform/
test_layering.py), yet forum's thread page shows the engine's clock and moderation's tools.
So the lower app declares named slots (forum/panels.py, accounts/panels.py) and its templates
render them, `{% load panels %}{% panels "forum.thread.actions" thread=thread %}`; an app
above registers, from its AppConfig.ready(), a panel into a slot: its own template and a
function that builds that template's context. The page names no app above it, and each panel
is rendered by its owner's code with its owner's tag libraries.

A registry filled at start-up, not signals: a slot's panels are rendered in a fixed order
(each panel's `order`), and what a panel shows is its context function's return value, which
a signal's receivers could not give in order. Not a context processor: a panel's reads run
only on the pages that have its slot, and only when the slot is rendered (a kept page's body
is not rendered again: config/pagecache.py).

Imports no app: every app may use it.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from django.core.exceptions import ImproperlyConfigured
from django.template import Context, TemplateSyntaxError

# (the page's template context, **the slot's arguments) -> the panel template's context, or
# None to show nothing. The page's context holds `user`, `request` and `csrf_token`.
BuildContext = Callable[..., Mapping | None]


@dataclass(frozen=True)
class Panel:
    name: str  # "responses.rep_panel": the app that owns it, then what it is
    template: str  # rendered with the context `build` returns, and the page's csrf_token
    build: BuildContext
    order: int  # lowest first


@dataclass
class Slot:
    name: str  # "forum.thread.actions": the app that declares it, then where it is
    arguments: frozenset[str]  # what the page passes (thread, post, tag, person)
    panels: list[Panel] = field(default_factory=list)

    def register(self, name: str, *, template: str, build: BuildContext, order: int) -> None:
        """Add a panel; call from the owning app's AppConfig.ready(). Two panels may not share
        a name or an order: the order of a slot's panels is fixed, not left to app order."""
        for panel in self.panels:
            if panel.name == name or panel.order == order:
                raise ImproperlyConfigured(f"slot {self.name}: {name} (order {order}) clashes with {panel.name}")
        self.panels.append(Panel(name=name, template=template, build=build, order=order))
        self.panels.sort(key=lambda panel: panel.order)

    def render(self, page: Context, **arguments: object) -> str:
        """Every panel in order, each from its own template, like an inclusion tag: with only
        its own context and the page's csrf_token."""
        if set(arguments) != self.arguments:
            raise TemplateSyntaxError(f"slot {self.name} takes {sorted(self.arguments)}, not {sorted(arguments)}")
        rendered = []
        for panel in self.panels:
            values = panel.build(page, **arguments)
            if values is None:
                continue
            own = page.new(values)
            if page.get("csrf_token") is not None:
                own["csrf_token"] = page["csrf_token"]
            rendered.append(page.template.engine.get_template(panel.template).render(own))
        return "\n".join(rendered)


_slots: dict[str, Slot] = {}


def declare(name: str, *, arguments: tuple[str, ...] = ()) -> Slot:
    """A slot of the declaring app's pages; declared once, when its module is imported."""
    if name in _slots:
        raise ImproperlyConfigured(f"slot {name} is declared twice")
    _slots[name] = Slot(name=name, arguments=frozenset(arguments))
    return _slots[name]


def slot(name: str) -> Slot:
    try:
        return _slots[name]
    except KeyError:
        raise TemplateSyntaxError(f"no slot named {name!r}: its app declares its slots in <app>/panels.py") from None


def slots() -> list[Slot]:
    return sorted(_slots.values(), key=lambda declared: declared.name)
