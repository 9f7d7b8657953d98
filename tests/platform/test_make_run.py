"""`make run` as a newcomer uses it: it starts web, worker and beat, prints no demo email,
stops all three whether it is interrupted (Ctrl-C) or killed (a plain `kill`), and leaves
nothing behind that `git status` shows."""

import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
import uuid
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]
STARTUP_SECONDS = 120


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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
    """Start `make run` in a session of its own (as a terminal would) and wait until the site
    answers and the worker has started its pool. Returns the process and its output's file."""
    log = Path(env["VAR_DIR"]) / f"make-run-{time.monotonic_ns()}.log"
    with log.open("w") as output:
        # `-o .env`: use the environment above, never write a .env into the checkout.
        make = subprocess.Popen(
            ["make", "--no-print-directory", "-o", ".env", "run"],
            cwd=PROJECT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{env['WEB_PORT']}/healthz"
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        assert make.poll() is None, log.read_text()
        workers = [pid for pid in descendants(make.pid) if "celery" in command_line(pid)]
        if len(workers) >= 2:  # beat and the worker
            try:
                with urllib.request.urlopen(url, timeout=2) as response:
                    if response.status == 200:
                        return make, log
            except OSError:
                pass
        # Polling, bounded by the deadline: make run is another process tree that announces
        # nothing when it is ready (worker and beat log only warnings, so that the demo's
        # banner stays the last thing a newcomer reads), so /proc and /healthz are all there
        # is to look at. Nothing here orders the test's own steps.
        time.sleep(0.2)
    make.kill()
    pytest.fail(f"make run did not come up within {STARTUP_SECONDS}s:\n{log.read_text()}")


def stop_and_collect(make: subprocess.Popen, stop) -> list[str]:
    """Send the stop, wait for make to exit, and return the processes it left running."""
    started = descendants(make.pid)
    assert any("runserver" in command_line(pid) for pid in started)
    stop(make)
    try:
        make.wait(timeout=60)
    finally:
        survivors = [pid for pid in started if alive(pid)]
        for pid in survivors:
            os.kill(pid, signal.SIGKILL)
    return [command_line(pid) for pid in survivors]


@pytest.mark.services
def test_a_plain_kill_of_make_run_stops_web_worker_and_beat(run_environment):
    make, _log = start_make_run(run_environment)
    assert stop_and_collect(make, lambda process: process.send_signal(signal.SIGTERM)) == []


@pytest.mark.services
def test_the_banner_is_the_last_thing_printed_before_the_web_servers_own_lines(run_environment):
    make, log = start_make_run(run_environment)
    stop_and_collect(make, lambda process: process.send_signal(signal.SIGTERM))
    lines = log.read_text().splitlines()
    banner = next(i for i, line in enumerate(lines) if "Helpcircle is starting on" in line)
    stopping = next(i for i, line in enumerate(lines) if "SIGTERM received" in line)
    # Between the banner and the stop: the web server's own lines only, no worker or beat
    # chatter (demo notifications are never emailed, and both log warnings only).
    after = [line for line in lines[banner:stopping] if "| " in line]
    assert after, lines
    assert all(" web.1 " in line for line in after), "\n".join(after)
    assert "Subject:" not in log.read_text()


@pytest.mark.services
def test_ctrl_c_on_make_run_stops_web_worker_and_beat(run_environment):
    make, _log = start_make_run(run_environment)
    # Ctrl-C in a terminal signals the whole foreground process group.
    assert stop_and_collect(make, lambda process: os.killpg(process.pid, signal.SIGINT)) == []


@pytest.mark.services
def test_make_run_adds_nothing_to_git_status(run_environment, checkout):
    before = checkout.status()
    make, _log = start_make_run(run_environment)
    assert stop_and_collect(make, lambda process: process.send_signal(signal.SIGTERM)) == []
    assert checkout.new_since(before) == []
    # What the run wrote under var/ (database, broker, beat's schedule, its log): all ignored.
    written = [path for path in Path(run_environment["VAR_DIR"]).rglob("*") if path.is_file()]
    names = {path.name for path in written}
    assert "helpcircle.sqlite3" in names
    assert any(name.startswith("celerybeat-schedule") for name in names)
    assert checkout.shown(written) == []
