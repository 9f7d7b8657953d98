from allauth.core import ratelimit
from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_safe

from accounts import actions, permissions
from accounts.models import User
from accounts.names import check_name_is_not_impersonation
from config import limits, pagecache
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
        fields = ["display_name", "bio", "email_notifications", "weekly_digest"]
        # The digest's tags are followed from their pages and listed below the form (reminders/).
        labels = {"weekly_digest": "Weekly digest of unanswered questions"}

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
        if limit := limits.exceeded(request, "settings"):
            messages.error(request, limit.message)
            return render(request, "accounts/settings.html", {"form": form}, status=429)
        form.save()
        # Their profile and header; a new name is on every page that shows it ("site": rare).
        pagecache.changed(f"member:{request.user.pk}", *(("site",) if "display_name" in form.changed_data else ()))
        messages.success(request, "Your settings are saved.")
        return redirect("accounts:settings")
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/settings.html", {"form": form}, status=status)


class DeleteAccountForm(forms.Form):
    """The confirmation step: the member's password (or, for an account without one, its
    email address), and a tick that they understand."""

    password = forms.CharField(label="Your password", strip=False, widget=forms.PasswordInput, required=False)
    email = forms.CharField(label="Your email address", max_length=254, required=False)
    understood = forms.BooleanField(
        label="I understand: my account and personal data are erased for good; my posts stay, under “a former member”.",
        error_messages={"required": "Tick the box to say you understand what deleting your account does."},
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if user.has_usable_password():
            del self.fields["email"]
            self.fields["password"].required = True
            self.fields["password"].error_messages["required"] = "Type your password to delete your account."
        else:
            del self.fields["password"]
            self.fields["email"].required = True
            self.fields["email"].help_text = "Your account has no password: type its email address instead."

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your password.")
        return password

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip()
        if email.casefold() != self.user.email.casefold():
            raise forms.ValidationError("That is not your account's email address.")
        return email


@require_form_methods
@login_required
def delete_account(request: HttpRequest) -> HttpResponse:
    """/settings/delete/: the member deletes their own account, after a confirmation step."""
    permissions.check_can_delete_account(request.user, request.user)
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST":
        # allauth's limit on password re-entry (10 a minute per user), so that a borrowed
        # session cannot be used to guess the password here.
        if not ratelimit.consume(request, action="reauthenticate", user=request.user):
            return render(
                request,
                "accounts/delete_account.html",
                {"form": form, "limited": "Too many attempts: wait a minute and try again."},
                status=429,
            )
        if form.is_valid():
            actions.delete_account(member=request.user, by=request.user)
            logout(request)
            messages.success(request, "Your account is deleted and your personal data erased. Goodbye, and thank you.")
            return redirect("forum:home")
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/delete_account.html", {"form": form}, status=status)
