"""What a use case raises for its doors to translate (docs/architecture.md, "The request path"). A use case
(forum/usecases.py, responses/usecases.py, moderation/usecases.py) looks up, checks,
validates, counts the limit and acts, once for the page, the API and the admin; each door
answers its errors in its own way:

- django's PermissionDenied: 403; Http404: 404;
- Invalid: 400, the page showing the messages beside what was typed, the API in its error
  shape (docs/api.md); `refused` marks a rule about who may, said beside a field (a new
  tag without the privilege): the API answers it 403;
- config.limits.TooOften: 429 with the message (and Retry-After on the API)."""

from django.contrib import messages

from config.limits import TooOften


class Invalid(Exception):
    def __init__(self, errors: dict[str, list[str]], *, refused: bool = False):
        super().__init__(errors)
        self.errors, self.refused = errors, refused

    def show_on(self, form) -> None:
        """The messages beside the page form's fields ("__all__" above them)."""
        for field, said in self.errors.items():
            for message in said:
                form.add_error(None if field == "__all__" or field not in form.fields else field, message)


def check(errors: dict[str, list[str]], *, refused: bool = False) -> None:
    """Raise Invalid when any field has a message."""
    found = {field: messages for field, messages in errors.items() if messages}
    if found:
        raise Invalid(found, refused=refused)


def submit(request, form, act, *, refused_status: int = 400):
    """A page's form through its use case: (act(form.cleaned_data), 200), or (None, status)
    with the form keeping what was typed: its own refusals and Invalid's messages beside
    the fields (400, or `refused_status` for a rule about who may), TooOften above them (429)."""
    if not form.is_valid():
        return None, 400
    try:
        return act(form.cleaned_data), 200
    except Invalid as invalid:
        invalid.show_on(form)
        return None, refused_status if invalid.refused else 400
    except TooOften as refusal:
        messages.error(request, refusal.message)
        return None, 429
