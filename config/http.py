"""HTTP method guards shared by every app's views."""

from django.views.decorators.http import require_http_methods

# A page with a form: shown on GET (and HEAD, for monitors and link checkers), sent by POST.
# PUT, PATCH and DELETE mean nothing here and get 405, not a form handled by accident.
require_form_methods = require_http_methods(["GET", "HEAD", "POST"])
