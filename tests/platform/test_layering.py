"""The apps are layered and no app imports one above it, so no import circle between apps can
come back: accounts at the bottom, then forum, cases (private cases: the engine counts them
as official responses and its dashboard reads them, so they sit below it), responses,
moderation, team, and the apps that only build on the forum: ideas, announcements and
reminders.

Every module of every app is parsed with `ast` (imports inside functions count too, and so
do `apps.get_model("app", ...)` look-ups, which are imports by another name, and relations
to "app.Model" in a ForeignKey, OneToOneField or ManyToManyField: a table that points up is
a dependency too). config is
two things: helpers every app may use (config/http.py, config/text.py, ...), which import
no app at all, and the composition root (urls, the demo, its management commands), which
may import anything and which no app imports.

Templates are layered the same way: a template of an app may not `{% load %}` a tag library
of an app above it, nor `{% include %}` or `{% extends %}` one of its templates (both run the
upper app's code and read its data while the lower app's page renders), and no module names
an upper app's template. A page shows what apps above it add through its slots
(config/panels.py). A link is allowed: `href="{% url 'moderation:log' %}"` runs no code of
the app above and reads none of its data, and the URLconf that resolves it is the
composition root; any other `{% url %}` into an app above (a form's action, an htmx post, a
name kept `as` a variable) is a control of that app, and fails. The project's templates/
(base.html, the header) is the composition root and may load anything. There is no list of
exceptions for templates.
"""

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.template.base import DebugLexer, TokenType

PROJECT = Path(__file__).resolve().parents[2]

# Lowest first: an app may import itself and the apps before it, never one after it.
LAYERS = [
    "accounts",
    "forum",
    "cases",
    "responses",
    "moderation",
    "team",
    "ideas",
    "announcements",
    "reminders",
    # The outside world's doors: they hear the others' events (config/events.py) and call
    # their actions; nothing below imports them.
    "webhooks",
    "api",
]

# The deliberate exceptions, each with its reason (the README's layout section says why):
# None left: the thread page's "New member" mark, the last, asks moderation through its port
# (forum/moderation_port.py, awaiting_first_look).
EXCEPTIONS: set[tuple[str, str]] = set()


@dataclass(frozen=True)
class Import:
    module: Path  # the importing file, relative to the project
    line: int
    target: str  # "responses.querysets", or "moderation.FirstLook" for a look-up or a relation
    lookup: bool = False  # apps.get_model() or a relation: no module is imported, so no module circle

    @property
    def app(self) -> str:
        return self.module.parts[0]

    @property
    def target_app(self) -> str:
        return self.target.split(".")[0]

    def is_excepted(self) -> bool:
        return any(
            self.module.as_posix() == module and (self.target == target or self.target.startswith(f"{target}."))
            for module, target in EXCEPTIONS
        )

    def __str__(self) -> str:
        return f"{self.module}:{self.line} imports {self.target}"


def imports_of(path: Path) -> list[Import]:
    return imports_in(path.read_text(), module=path.relative_to(PROJECT))


RELATIONS = {"ForeignKey", "OneToOneField", "ManyToManyField"}


def _relation_target(node: ast.Call) -> str | None:
    """The "app.Model" a relation field points to, when it is written as a string."""
    name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)
    if name not in RELATIONS:
        return None
    targets = node.args[:1] + [keyword.value for keyword in node.keywords if keyword.arg == "to"]
    for target in targets:
        if isinstance(target, ast.Constant) and isinstance(target.value, str) and "." in target.value:
            return target.value
    return None


def imports_in(source: str, *, module: Path) -> list[Import]:
    """Every absolute import in `source`, every apps.get_model("app", "Model") call and every
    relation field to "app.Model" (a relation to a class imports it, which counts already)."""
    found = []
    for node in ast.walk(ast.parse(source, filename=str(module))):
        if isinstance(node, ast.Import):
            found += [Import(module, node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append(Import(module, node.lineno, node.module))
            # `from forum import actions` imports forum.actions.
            found += [Import(module, node.lineno, f"{node.module}.{alias.name}") for alias in node.names]
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "get_model"
            and len(node.args) == 2
            and all(isinstance(arg, ast.Constant) and isinstance(arg.value, str) for arg in node.args)
        ):
            found.append(Import(module, node.lineno, f"{node.args[0].value}.{node.args[1].value}", lookup=True))
        elif isinstance(node, ast.Call) and (target := _relation_target(node)):
            found.append(Import(module, node.lineno, target, lookup=True))
    return found


def upward(imports: list[Import]) -> list[str]:
    """The imports of an app by one below it, but for the listed exceptions."""
    return [
        str(found)
        for found in imports
        if found.app in LAYERS
        and found.target_app in LAYERS
        and LAYERS.index(found.target_app) > LAYERS.index(found.app)
        and not found.is_excepted()
    ]


def python_files(folder: str) -> list[Path]:
    return sorted((PROJECT / folder).rglob("*.py"))


def all_imports(folders) -> list[Import]:
    return [found for folder in folders for path in python_files(folder) for found in imports_of(path)]


def module_path(dotted: str) -> Path | None:
    """The file of a project module ("responses.querysets" -> responses/querysets.py)."""
    for candidate in (PROJECT / f"{dotted.replace('.', '/')}.py", PROJECT / dotted.replace(".", "/") / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def test_every_app_is_in_a_layer():
    apps = {path.parent.name for path in PROJECT.glob("*/apps.py")} - {"config"}
    assert apps == set(LAYERS)


def test_no_app_imports_an_app_above_it():
    assert upward(all_imports(LAYERS)) == []


@pytest.mark.parametrize(
    "source",
    [
        "from moderation.models import Flag",
        "import team.views",
        "def later():\n    from responses import actions",
        "from django.apps import apps\nFlag = apps.get_model('moderation', 'Flag')",
        "from django.db import models\nflag = models.ForeignKey('moderation.Flag', on_delete=models.CASCADE)",
        "from django.db import models\nflag = models.OneToOneField(to='moderation.Flag', on_delete=models.CASCADE)",
        "from django.db.models import ManyToManyField\nflags = ManyToManyField('moderation.Flag')",
    ],
)
def test_the_check_catches_an_upward_import_wherever_it_is_written(source):
    assert upward(imports_in(source, module=Path("forum/probe.py"))) != []
    assert upward(imports_in(source, module=Path("team/probe.py"))) == []


def test_every_exception_is_still_needed():
    """An exception nobody uses any more is taken off the list, so it cannot be reused."""
    used = {(found.module.as_posix(), found.target) for found in all_imports(LAYERS)}
    assert used >= EXCEPTIONS


def test_no_model_points_to_a_model_of_an_app_above_it():
    """The relations as Django resolved them (strings, classes, "self"), from the registry."""
    from django.apps import apps

    upward_relations = []
    for model in apps.get_models(include_auto_created=True):
        app = model._meta.app_label
        for field in model._meta.get_fields(include_hidden=True):
            if not field.is_relation or field.auto_created or field.related_model is None:
                continue
            target = field.related_model._meta.app_label
            if app in LAYERS and target in LAYERS and LAYERS.index(target) > LAYERS.index(app):
                upward_relations.append(f"{model._meta.label}.{field.name} -> {field.related_model._meta.label}")
    assert upward_relations == []


def test_apps_use_only_configs_helpers_and_those_import_no_app():
    """config/urls.py, config/demo.py and config's commands compose the apps; apps may not
    import them, and the config modules apps do import stand below every app."""
    helpers = {found.target for found in all_imports(LAYERS) if found.target_app == "config"}
    helpers = {dotted for dotted in helpers if module_path(dotted) is not None}
    assert helpers, "apps use config's helpers (config.http, config.text, ...)"
    for dotted in sorted(helpers):
        composing = [str(found) for found in imports_of(module_path(dotted)) if found.target_app in LAYERS]
        assert composing == [], f"{dotted} is imported by an app, so it must import no app"


# --- Templates -------------------------------------------------------------------------


def templates_of(app: str) -> dict[str, Path]:
    """An app's templates by the name they are found by ("moderation/_post_tools.html")."""
    folder = PROJECT / app / "templates"
    return {path.relative_to(folder).as_posix(): path for path in sorted(folder.rglob("*")) if path.is_file()}


def owners() -> dict[str, dict[str, str]]:
    """Which app owns each tag library, template name and URL namespace."""
    libraries = {path.stem: path.parts[-3] for path in PROJECT.glob("*/templatetags/*.py") if path.stem != "__init__"}
    templates = {name: app for app in LAYERS for name in templates_of(app)}
    namespaces = {}
    for path in PROJECT.glob("*/*urls.py"):
        found = re.search(r"^app_name = [\"'](\w+)[\"']", path.read_text(), re.MULTILINE)
        if found:
            namespaces[found.group(1)] = path.parent.name
    return {"load": libraries, "include": templates, "extends": templates, "url": namespaces}


@dataclass(frozen=True)
class TemplateUse:
    template: Path  # relative to the project
    line: int
    kind: str  # load, include, extends, url
    target: str  # the library, template or URL name, as written

    @property
    def app(self) -> str:
        return self.template.parts[0]

    def __str__(self) -> str:
        return f"{self.template}:{self.line} {self.kind}s {self.target}"


def uses_in(source: str, *, template: Path) -> list[TemplateUse]:
    """Every library loaded, template included or extended, and URL named in `source`,
    except URLs that are the whole start of a link (`href="{% url ... %}`), which are
    allowed (module docstring). Comments are skipped."""
    found, in_comment = [], False
    for token in DebugLexer(source).tokenize():
        if token.token_type != TokenType.BLOCK:
            continue
        bits = token.split_contents()
        in_comment = (in_comment or bits[0] == "comment") and bits[0] != "endcomment"
        if in_comment or bits[0] not in ("load", "include", "extends", "url") or len(bits) < 2:
            continue
        if bits[0] == "load":
            libraries = bits[bits.index("from") + 1 :] if "from" in bits else bits[1:]
            found += [TemplateUse(template, token.lineno, "load", library) for library in libraries]
        elif bits[0] == "url" and source[: token.position[0]].endswith('href="') and "as" not in bits:
            continue
        else:
            found.append(TemplateUse(template, token.lineno, bits[0], bits[1]))
    return found


def upward_in_templates(uses: list[TemplateUse]) -> list[str]:
    """The uses of an app above the template's own. A name that is not written out (a
    variable) cannot be checked, so it fails too."""
    owned, upward_uses = owners(), []
    for use in uses:
        name = use.target
        if use.kind != "load":
            if name[:1] not in "\"'" or name[-1:] != name[:1]:
                upward_uses.append(f"{use}: write the name out, so that its layer can be checked")
                continue
            name = name[1:-1]
        if use.kind == "url":
            name = name.split(":")[0] if ":" in name else ""
        owner = owned[use.kind].get(name)
        if owner in LAYERS and LAYERS.index(owner) > LAYERS.index(use.app):
            upward_uses.append(f"{use} of {owner}")
    return upward_uses


def all_template_uses() -> list[TemplateUse]:
    return [
        use
        for app in LAYERS
        for path in templates_of(app).values()
        for use in uses_in(path.read_text(), template=path.relative_to(PROJECT))
    ]


def test_no_template_loads_includes_or_extends_anything_of_an_app_above_it():
    assert upward_in_templates(all_template_uses()) == []


def test_the_template_check_reads_every_apps_templates():
    uses = all_template_uses()
    assert {use.app for use in uses} >= {"accounts", "forum", "moderation", "responses"}
    assert {use.kind for use in uses} == {"load", "include", "extends", "url"}


@pytest.mark.parametrize(
    "source",
    [
        "{% load moderation_tags %}",
        "{% load people humanize response_time %}",
        "{% load can_moderate from moderation_tags %}",
        '{% include "moderation/_post_tools.html" %}',
        "{% include 'responses/_rep_panel.html' with thread=thread %}",
        '{% extends "moderation/reports.html" %}',
        # A control of an app above, not a link to its page.
        '<form action="{% url \'moderation:lock\' thread.pk %}" method="post">',
        "{% url 'moderation:lock' thread.pk as action %}<form action=\"{{ action }}\">",
        "<button hx-post=\"{% url 'responses:claim' thread.pk %}\">",
    ],
)
def test_the_template_check_catches_a_use_of_an_app_above(source):
    assert upward_in_templates(uses_in(source, template=Path("forum/templates/forum/probe.html"))) != []
    assert upward_in_templates(uses_in(source, template=Path("reminders/templates/reminders/probe.html"))) == []


@pytest.mark.parametrize("source", ["{% include panel_template %}", "{% extends layout %}", "{% url name as link %}"])
def test_a_template_or_url_named_by_a_variable_fails_in_any_app(source):
    assert upward_in_templates(uses_in(source, template=Path("reminders/templates/reminders/probe.html"))) != []


@pytest.mark.parametrize(
    "source",
    [
        "<a href=\"{% url 'moderation:log' %}?action=redact_revision\">moderation log</a>",
        "{% load people humanize forum_extras panels %}",
        '{% include "forum/_post.html" %}{% include "_field.html" %}{% extends "base.html" %}',
        "{# {% load moderation_tags %} #}{% comment %}{% load response_time %}{% endcomment %}",
        "<form action=\"{% url 'forum:answer' thread.pk %}\">",
    ],
)
def test_links_to_pages_above_and_uses_of_its_own_and_lower_apps_pass(source):
    assert upward_in_templates(uses_in(source, template=Path("forum/templates/forum/probe.html"))) == []


def test_no_module_names_a_template_of_an_app_above_it():
    """render_to_string("moderation/...") in forum would reach up as an include does."""
    owned, found = owners()["include"], []
    for app in LAYERS:
        for path in python_files(app):
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in owned:
                    owner = owned[node.value]
                    if LAYERS.index(owner) > LAYERS.index(app):
                        found.append(f"{path.relative_to(PROJECT)}:{node.lineno} names {node.value} of {owner}")
    assert found == []
