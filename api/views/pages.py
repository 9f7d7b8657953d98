"""The member's API tokens at /settings/api-tokens/: list, create (the token is shown once,
in the response to the POST that made it, and kept nowhere), revoke."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts.permissions import check_member
from api import throttles, tokens
from api.conf import conf
from api.forms import RevokeForm, TokenForm
from api.models import ApiToken
from config.http import require_form_methods


def _list(request: HttpRequest, form: TokenForm, *, status: int = 200) -> HttpResponse:
    context = {
        "tokens": ApiToken.objects.filter(user=request.user),
        "form": form,
        # A suspended member may still see and revoke their tokens, not make new ones.
        "may_create": not request.user.is_suspended(),
        "live_count": tokens.live_token_count(request.user),
        "most_tokens": conf.API_TOKENS_PER_MEMBER,
    }
    return render(request, "api/tokens.html", context, status=status)


@never_cache
@require_form_methods
@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _list(request, TokenForm())
    check_member(request.user)  # making a token is writing: a suspended member does not
    form = TokenForm(request.POST)
    if not form.is_valid():
        return _list(request, form, status=400)
    try:
        throttles.check_token_creation_limit(request.user)
        row, token = tokens.create_token(
            user=request.user, name=form.cleaned_data["name"], scope=form.cleaned_data["scope"]
        )
    except throttles.TokenCreationLimited as limited:
        form.add_error(None, str(limited))  # the form keeps what was typed
        response = _list(request, form, status=429)
        response["Retry-After"] = str(limited.retry_after)
        return response
    except tokens.TooManyTokens as refused:
        form.add_error(None, str(refused))
        return _list(request, form, status=400)
    # Rendered once, in this response, which no cache may keep (never_cache).
    return render(request, "api/token_created.html", {"row": row, "token": token})


@require_POST
@login_required
def revoke(request: HttpRequest) -> HttpResponse:
    """Revoking is never refused to the token's owner (a suspended member too)."""
    form = RevokeForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a token to revoke from the list.")
        return redirect("api_tokens:list")
    # Another member's token is not found, so ids tell nothing.
    row = get_object_or_404(ApiToken, pk=form.cleaned_data["token"], user=request.user)
    if tokens.revoke_token(token=row):
        messages.success(request, f"“{row.name}” is revoked: requests with it are refused from now on.")
    return redirect("api_tokens:list")
