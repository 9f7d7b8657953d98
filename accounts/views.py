from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_safe

from accounts import permissions
from accounts.models import User
from accounts.names import check_name_is_not_impersonation
from config.http import require_form_methods
from config.text import OneLineField


@require_safe
def profile(request: HttpRequest, username: str) -> HttpResponse:
    # A name no account can have (too long, or characters usernames never hold) is not
    # looked up: it cannot exist, and PostgreSQL would refuse some of it (a NUL) outright.
    longest = User._meta.get_field("username").max_length
    if len(username) > longest or not User.username_validator.regex.search(username):
        raise Http404("No member has that name.")
    person = get_object_or_404(User, username=username, is_active=True)
    return render(
        request,
        "accounts/profile.html",
        {
            "person": person,
            "person_is_verified": permissions.has_verified_badge(person),
        },
    )


class SettingsForm(forms.ModelForm):
    display_name = OneLineField(
        max_length=80,
        required=False,
        help_text="Shown instead of your username. Leave empty to use your username.",
    )

    class Meta:
        model = User
        fields = ["display_name", "bio", "email_notifications"]

    def clean_display_name(self) -> str:
        name = self.cleaned_data["display_name"]
        check_name_is_not_impersonation(name, user=self.instance)
        return name


@require_form_methods
@login_required
def account_settings(request: HttpRequest) -> HttpResponse:
    # A display name and a bio are writing too: a suspended member changes neither.
    permissions.check_member(request.user)
    form = SettingsForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your settings are saved.")
        return redirect("accounts:settings")
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/settings.html", {"form": form}, status=status)
