"""Template filters that ask forum/permissions.py (templates never decide permissions), and
the form-field rendering that templates/_field.html builds on."""

from django import template
from django.forms import BoundField

from forum import permissions

register = template.Library()


@register.filter
def can_edit(user, post) -> bool:
    return permissions.can_edit(user, post)


@register.filter
def can_reply(user, post) -> bool:
    return permissions.can_reply(user, post)


@register.filter
def can_read_hidden(user, post) -> bool:
    return permissions.can_read_hidden(user, post)


@register.filter
def can_read_post(user, post) -> bool:
    return permissions.can_read_post(user, post)


@register.filter
def tombstone(post) -> str:
    """What stands in place of a hidden or withdrawn post for those who may not read it."""
    return permissions.tombstone_text(post)


@register.filter
def can_withdraw(user, post) -> bool:
    return permissions.can_withdraw(user, post)


@register.filter
def can_restore_withdrawn(user, post) -> bool:
    return permissions.can_restore_withdrawn(user, post)


@register.filter
def can_vote(user, post) -> bool:
    return permissions.can_vote(user, post)


@register.simple_tag
def refusal(check_name: str, *args) -> str:
    """Why forum.permissions.<check_name> refuses these arguments, or "":
    `{% refusal "check_can_vote" user post 1 as up_refusal %}`. The template names the
    check; the rule stays in forum/permissions.py."""
    check = getattr(permissions, check_name, None) if check_name.startswith("check_") else None
    if not callable(check):
        raise template.TemplateSyntaxError(f"refusal: forum.permissions has no check named {check_name!r}")
    return permissions.refusal(check, *args)


@register.simple_tag
def field_id(field: BoundField, *, suffix: object = "") -> str:
    """The id of the field's input: the form's own ("id_body"), or with a suffix when one
    form is rendered once per row of a list ("id_body-42"), so ids stay unique."""
    if suffix in ("", None):
        return field.id_for_label
    return f"{field.id_for_label}-{suffix}"


@register.simple_tag
def field_widget(
    field: BoundField,
    *,
    input_id: str = "",
    help_text: str = "",
    note: str = "",
    describedby: str = "",
    **attrs: object,
) -> str:
    """The form's own widget for `field`, so maxlength, minlength and required come from the
    form field, tied to the "<id>-help" (shown when there is help text or a note) and
    "<id>-errors" elements that templates/_field.html renders. Other keyword arguments
    become attributes, underscores turned into hyphens (hx_get="/x/" -> hx-get="/x/");
    empty ones are left out."""
    input_id = input_id or field.id_for_label
    described = [f"{input_id}-help"] if help_text or note else []
    if field.errors:
        described.append(f"{input_id}-errors")
    described += describedby.split()
    widget_attrs = {name.replace("_", "-"): value for name, value in attrs.items() if value not in ("", None)}
    widget_attrs["id"] = input_id
    if described:
        # Given explicitly, this also replaces Django's own "<id>_helptext" wiring.
        widget_attrs["aria-describedby"] = " ".join(described)
    if field.errors:
        widget_attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=widget_attrs)
