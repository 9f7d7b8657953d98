"""Signup timing (issue 24): how long allauth's signup POST takes for an address that has an
account and for one that has none. The difference once told which addresses have accounts
(60-200 ms against 600-970 ms); both paths now do the same work (accounts/forms.py).

    .venv/bin/python -m bench.signup_timing [--runs 20]

In-process, through Django's test client and allauth's real views, with the production
password hasher (PBKDF2) and email kept in memory, on a throwaway SQLite database under a
temporary VAR_DIR (or DATABASE_URL, when set). Taken and free addresses alternate, so that
a noisy neighbour slows both alike. Prints one JSON line: milliseconds per path (median,
10th and 90th percentile) and the ratio of the medians.
"""

import argparse
import json
import os
import statistics
import tempfile
import time


def setup() -> None:
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("VAR_DIR", tempfile.mkdtemp(prefix="signup-timing-"))
    os.environ["RATE_LIMITS"] = "0"  # every signup here comes from one address
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    setup()

    from allauth.account.models import EmailAddress
    from django.core import mail
    from django.test import Client
    from django.urls import reverse

    from accounts.models import User

    taken = "taken@example.com"
    owner = User.objects.create_user(username="owner", email=taken, password="an-old-password-9")
    EmailAddress.objects.create(user=owner, email=taken, verified=True, primary=True)

    def sign_up(email: str, username: str) -> float:
        data = {
            "email": email,
            "username": username,
            "password1": "a-new-password-42",
            "password2": "a-new-password-42",
        }
        client = Client(HTTP_HOST="127.0.0.1")
        started = time.perf_counter()
        response = client.post(reverse("account_signup"), data)
        elapsed = (time.perf_counter() - started) * 1000
        assert response.status_code == 302, response.status_code
        return elapsed

    mail.outbox = []
    timings: dict[str, list[float]] = {"taken": [], "free": []}
    for number in range(args.runs + 2):  # the first two of each warm up (templates, password lists)
        taken_ms = sign_up(taken, f"again-{number}")
        free_ms = sign_up(f"new-{number}@example.com", f"new-{number}")
        if number >= 2:
            timings["taken"].append(taken_ms)
            timings["free"].append(free_ms)
    figures = {
        path: {
            "median_ms": round(statistics.median(values), 1),
            "p10_ms": round(percentile(values, 0.1), 1),
            "p90_ms": round(percentile(values, 0.9), 1),
        }
        for path, values in timings.items()
    }
    figures["free_over_taken"] = round(figures["free"]["median_ms"] / figures["taken"]["median_ms"], 2)
    figures["emails"] = len(mail.outbox)
    figures["runs"] = args.runs
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
