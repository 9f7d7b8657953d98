"""One admin registration per model, in one place (issue 25): no app's admin module
unregisters another's and registers its own in its place. forum's and accounts' admins
(ThreadAdmin, PostAdmin, UserAdmin) are classes only; moderation, above both, registers their
subclasses with the moderators' decisions, the one registration of each. The one
replacement left is of a third party's: taggit's Tag admin, which forum replaces by a
read-only one (forum/admin.py says why)."""

import ast
from collections import Counter
from pathlib import Path

from django.contrib import admin
from taggit.models import Tag

from accounts.models import User
from forum.models import Post, Thread

PROJECT = Path(__file__).resolve().parents[2]
REPLACED_THIRD_PARTY = {"Tag"}


def registrations() -> tuple[Counter, list[str]]:
    """(how often each model name is registered across the project's admin modules, every
    unregister call as "module: Model")."""
    registered, unregistered = Counter(), []
    for path in sorted(PROJECT.glob("*/admin.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            names = [arg.id for arg in node.args if isinstance(arg, ast.Name)]
            if node.func.attr == "register":
                # admin.site.register(Model, ModelAdmin) names the admin too; @admin.register(A, B) only models.
                is_site = isinstance(node.func.value, ast.Attribute) and node.func.value.attr == "site"
                registered.update(names[:1] if is_site else names)
            elif node.func.attr == "unregister":
                unregistered += [f"{path.parent.name}: {name}" for name in names]
    return registered, unregistered


def test_each_model_is_registered_once_across_the_admin_modules():
    registered, _ = registrations()
    assert registered, "the walk found the admin modules' registrations"
    assert {name: count for name, count in registered.items() if count > 1} == {}


def test_no_admin_module_replaces_another_app_s_registration():
    _, unregistered = registrations()
    assert unregistered == [f"forum: {name}" for name in sorted(REPLACED_THIRD_PARTY)]


def test_thread_post_and_user_are_registered_by_moderation_with_their_apps_columns():
    from accounts.admin import UserAdmin
    from forum.admin import PostAdmin, ThreadAdmin

    for model, base in ((Thread, ThreadAdmin), (Post, PostAdmin), (User, UserAdmin)):
        registered = admin.site._registry[model]
        assert type(registered).__module__ == "moderation.admin", model
        assert isinstance(registered, base), model
    assert type(admin.site._registry[Tag]).__module__ == "forum.admin"
