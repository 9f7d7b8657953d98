"""allauth's signup form (ACCOUNT_FORMS["signup"]), doing the same work for every address."""

from allauth.account.forms import SignupForm as AllauthSignupForm
from django.contrib.auth.hashers import make_password


class SignupForm(AllauthSignupForm):
    def try_save(self, request):
        """A free address creates an account, whose password is hashed: hundreds of
        milliseconds by design. A taken one (allauth's enumeration prevention) creates
        nothing and only sends "you already have an account", so it answered in a tenth of
        the time, and the time told which addresses have accounts. It hashes the password
        too, as Django's login does for an unknown user; the hash is thrown away."""
        if self.account_already_exists:
            make_password(self.cleaned_data.get("password1"))
        return super().try_save(request)
