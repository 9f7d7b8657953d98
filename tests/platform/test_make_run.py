"""`make run` as a newcomer uses it: it starts web, worker and beat, prints no demo email,
stops all three whether it is interrupted (Ctrl-C) or killed (a plain `kill`), and leaves
nothing behind that `git status` shows."""

import os
import select
import shutil
import signal
import subprocess
import threading
import time
import urllib.request
import uuid
from pathlib import Path

import pytest

from bench.server import free_port

# The same run in both of CI's passes: its own SQLite database and filesystem broker.
pytestmark = pytest.mark.own_site

PROJECT = Path(__file__).resolve().parents[2]
STARTUP_SECONDS = 120


def descendants(pid: int) -> set[int]:
    """Every live process below `pid`, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[0] != "Z":
            children.setdefault(int(fields[1]), []).append(int(entry.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.fixture(scope="module")
def run_environment():
    """A throwaway site: its own SQLite database, filesystem broker and port, so that the
    test touches neither a developer's `make run` nor CI's PostgreSQL. Its runtime folder is
    a fresh one under the checkout's var/, where `make run` keeps its own, so that the test
    also shows git ignoring what a run writes there."""
    if not Path("/proc").is_dir():
        pytest.fail("these tests read /proc (Linux)")
    var_dir = PROJECT / "var" / f"test-make-run-{uuid.uuid4().hex[:12]}"
    var_dir.mkdir(parents=True)
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in {"DATABASE_URL", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND", "REDIS_URL", "CELERY_QUEUE"}
        and not name.startswith(("DJANGO_", "PYTEST_", "MAKE"))
    }
    env.update(
        DEBUG="1",
        SECRET_KEY="make-run-test-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        VAR_DIR=str(var_dir),
        WEB_PORT=str(free_port()),
        RESPONSE_CHECK_SECONDS="1",
    )
    yield env
    shutil.rmtree(var_dir, ignore_errors=True)


def start_make_run(env: dict[str, str]) -> tuple[subprocess.Popen, Path]:
    """Start `make run` in a session of its own (as a terminal would) and wait until the web
    server says it is serving and the worker and beat say they are ready. Returns the process
    and its output's file.

    Nothing is polled: the worker and beat announce themselves on a named pipe
    (config/celery.py, HELPCIRCLE_READY_PIPE), which `select` waits on, and the web server's
    own "Quit the server" line arrives through make's output, which a thread copies to the
    log file."""
    run_dir = Path(env["VAR_DIR"])
    log = run_dir / f"make-run-{time.monotonic_ns()}.log"
    pipe_path = run_dir / f"ready-{time.monotonic_ns()}.pipe"
    os.mkfifo(pipe_path)
    # Our own write end keeps the pipe open between the processes' writes, so that `select`
    # blocks until one writes instead of seeing end-of-file.
    ready = os.open(pipe_path, os.O_RDONLY | os.O_NONBLOCK)
    keep_open = os.open(pipe_path, os.O_WRONLY)
    # `-o .env`: use the environment above, never write a .env into the checkout.
    make = subprocess.Popen(
        ["make", "--no-print-directory", "-o", ".env", "run"],
        cwd=PROJECT,
        env={**env, "HELPCIRCLE_READY_PIPE": str(pipe_path)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        text=True,
    )
    serving = threading.Event()

    def copy_output() -> None:
        with log.open("w") as output:
            for line in make.stdout:
                output.write(line)
                output.flush()
                if "Quit the server with" in line:
                    serving.set()

    make.output_copier = threading.Thread(target=copy_output, daemon=True)
    make.output_copier.start()
    announced, deadline = "", time.monotonic() + STARTUP_SECONDS
    try:
        while not {"worker", "beat"} <= set(announced.split()):
            remaining = deadline - time.monotonic()
            readable, _, _ = select.select([ready], [], [], max(remaining, 0))
            if not readable:
                break
            announced += os.read(ready, 1024).decode()
        if {"worker", "beat"} <= set(announced.split()) and serving.wait(max(deadline - time.monotonic(), 0)):
            assert make.poll() is None, log.read_text()
            with urllib.request.urlopen(f"http://127.0.0.1:{env['WEB_PORT']}/healthz", timeout=10) as response:
                assert response.status == 200
            return make, log
    finally:
        os.close(ready)
        os.close(keep_open)
    make.kill()
    make.output_copier.join(timeout=10)
    pytest.fail(f"make run did not come up within {STARTUP_SECONDS}s (announced: {announced!r}):\n{log.read_text()}")


def stop_and_collect(make: subprocess.Popen, stop) -> list[str]:
    """Send the stop, wait for make to exit, and return the processes it left running."""
    started = descendants(make.pid)
    assert any("runserver" in command_line(pid) for pid in started)
    stop(make)
    try:
        make.wait(timeout=60)
        make.output_copier.join(timeout=60)  # the log holds everything make printed
    finally:
        survivors = [pid for pid in started if alive(pid)]
        for pid in survivors:
            os.kill(pid, signal.SIGKILL)
    return [command_line(pid) for pid in survivors]


# One run serves the checks on a plain kill (nothing left running, the banner last before the
# web server's lines, nothing new in git status): starting `make run` is most of each.
@pytest.mark.services
def test_a_plain_kill_of_make_run_stops_everything_after_a_quiet_banner_and_leaves_git_status_alone(
    run_environment, checkout
):
    before = checkout.status()
    make, log = start_make_run(run_environment)
    assert stop_and_collect(make, lambda process: process.send_signal(signal.SIGTERM)) == []

    lines = log.read_text().splitlines()
    banner = next(i for i, line in enumerate(lines) if "Helpcircle is starting on" in line)
    stopping = next(i for i, line in enumerate(lines) if "SIGTERM received" in line)
    # Between the banner and the stop: the web server's own lines only, no worker or beat
    # chatter (demo notifications are never emailed, and both log warnings only).
    after = [line for line in lines[banner:stopping] if "| " in line]
    assert after, lines
    assert all(" web.1 " in line for line in after), "\n".join(after)
    assert "Subject:" not in log.read_text()

    assert checkout.new_since(before) == []
    # What the run wrote under var/ (database, broker, beat's schedule, its log): all ignored.
    written = [path for path in Path(run_environment["VAR_DIR"]).rglob("*") if path.is_file()]
    names = {path.name for path in written}
    assert "helpcircle.sqlite3" in names
    assert any(name.startswith("celerybeat-schedule") for name in names)
    assert checkout.shown(written) == []


@pytest.mark.services
def test_ctrl_c_on_make_run_stops_web_worker_and_beat(run_environment):
    make, _log = start_make_run(run_environment)
    # Ctrl-C in a terminal signals the whole foreground process group.
    assert stop_and_collect(make, lambda process: os.killpg(process.pid, signal.SIGINT)) == []
