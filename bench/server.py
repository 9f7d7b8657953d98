"""The real web stack for the benchmarks: gunicorn on a free port, and logged-in sessions
made server-side (a benchmark cannot type a password into a form through wrk)."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve(*, environment: dict, workers: int, settings_module: str) -> tuple[subprocess.Popen, int]:
    """Start gunicorn on a free port with `environment` (added to this process's); returns
    once /healthz answers (with any status: a 503 is an answer)."""
    port = free_port()
    process = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "config.wsgi:application",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env={**os.environ, **environment, "DJANGO_SETTINGS_MODULE": settings_module},
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            status, _body, _headers = request(port, "GET", "/healthz", timeout=5)
            if status:
                return process, port
        except OSError:
            if process.poll() is not None:
                raise RuntimeError(f"gunicorn ({settings_module}) exited with {process.returncode}") from None
            time.sleep(0.1)  # waiting for a server to listen, not synchronising a test
    stop(process)
    raise RuntimeError(f"gunicorn ({settings_module}) did not answer on {port} within 60 s")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=30)


def worker_pids(process: subprocess.Popen) -> set[int]:
    """gunicorn's workers (the master's children): a restarted worker has a new pid."""
    found = subprocess.run(["pgrep", "-P", str(process.pid)], capture_output=True, text=True)
    return {int(pid) for pid in found.stdout.split()}


def request(
    port: int,
    method: str,
    path: str,
    *,
    cookie: str = "",
    body: str = "",
    timeout: float = 120,
    user_agent: str = "bench",
) -> tuple[int, str, list[tuple[str, str]]]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    headers = {"User-Agent": user_agent, "Host": "127.0.0.1"}
    if cookie:
        headers["Cookie"] = cookie
    if method == "POST":
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        connection.request(method, path, body=body.encode() if body else None, headers=headers)
        response = connection.getresponse()
        return response.status, response.read().decode(errors="replace"), response.getheaders()
    finally:
        connection.close()


def session_cookie(user) -> str:
    """A real logged-in session, made the way django.contrib.auth.login makes one."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.utils.module_loading import import_string

    store = import_string(f"{settings.SESSION_ENGINE}.SessionStore")()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.save()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"
