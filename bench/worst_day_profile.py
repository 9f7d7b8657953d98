"""The slowest write of bench/worst_day.py's run, profiled with pyinstrument in this process,
after the load: Django's whole handler, middleware, session and CSRF check with the servers'
settings (as bench/profile.py profiles a page), each request a different write prepared before
the load and kept back from it."""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from bench.writes_http_requests import Request

ROOT = Path(__file__).resolve().parent.parent

INTERVAL = 0.0005  # seconds between samples, as bench/profile.py takes them
REDIRECT = 302


def wear(client, request: Request) -> None:
    """The request's browser's cookies on `client`, replacing the last one's. One client for
    every request: each new client would build the middleware chain again (WhiteNoise reads
    every static file's headers), which no server request pays."""
    client.cookies.clear()
    for pair in request.browser.cookie.split("; "):
        name, value = pair.split("=", 1)
        client.cookies[name] = value


def post(client, request: Request) -> None:
    response = client.post(request.path, data=request.body, content_type="application/x-www-form-urlencoded")
    if response.status_code != REDIRECT:
        raise RuntimeError(f"{request.path} answered {response.status_code} in process")


def profile_write(requests: list[Request]) -> tuple[str, float]:
    """The profile of `requests` after the first (which warms this process's imports and
    caches), as text, and the mean milliseconds a request took under the profiler."""
    from django.test import Client
    from pyinstrument import Profiler

    client = Client(HTTP_HOST="127.0.0.1", enforce_csrf_checks=True)  # CSRF checked, as the server does
    warm, *profiled = requests
    wear(client, warm)
    post(client, warm)
    profiler = Profiler(interval=INTERVAL)
    times = []
    with profiler:
        for request in profiled:
            wear(client, request)
            started = time.perf_counter()
            post(client, request)
            times.append((time.perf_counter() - started) * 1000)
    text = profiler.output_text(unicode=True, color=False).replace(f"{ROOT}/", "")  # paths as the repository has them
    return text, statistics.mean(times)
