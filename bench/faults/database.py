"""The database stopped and started: under one process (db-restart), and under load with the
whole stack running (db-restart-load, bench/db_restart_load.py)."""

import shutil
import subprocess
from pathlib import Path

from bench.faults.common import emails, wait_for

PRIVATE_PG_PORT = 5440
PRIVATE_PG_DIR = Path("/tmp/helpcircle-faults-pg")
PRIVATE_PG_URL = f"postgres://postgres@127.0.0.1:{PRIVATE_PG_PORT}/helpcircle_faults"


def pg_ctl(*args: str) -> None:
    """The private cluster (initdb'd here, owned by the postgres user), never the shared one."""
    binaries = Path("/usr/lib/postgresql/15/bin")
    if not (PRIVATE_PG_DIR / "PG_VERSION").exists():
        PRIVATE_PG_DIR.mkdir(exist_ok=True)
        shutil.chown(PRIVATE_PG_DIR, "postgres")
        subprocess.run(
            [
                "runuser",
                "-u",
                "postgres",
                "--",
                binaries / "initdb",
                "-D",
                PRIVATE_PG_DIR,
                "-A",
                "trust",
                "-U",
                "postgres",
            ],
            check=True,
            capture_output=True,
        )
    options = f"-p {PRIVATE_PG_PORT} -k /tmp -c listen_addresses=127.0.0.1"
    subprocess.run(
        [
            "runuser",
            "-u",
            "postgres",
            "--",
            binaries / "pg_ctl",
            "-D",
            PRIVATE_PG_DIR,
            "-o",
            options,
            "-l",
            PRIVATE_PG_DIR / "log",
            "-w",
            *args,
        ],
        check=True,
        capture_output=True,
    )


def db_restart(args) -> dict:
    """The database (a private PostgreSQL) stopped and started again under a running process."""
    from django.conf import settings
    from django.db import close_old_connections
    from django.test import Client

    from bench.scale_out import create_people
    from forum.actions.posts import ask_question

    settings.DEBUG = False  # the 500 page users see, not the debug page
    askers = create_people(old_threads=0)
    thread = ask_question(
        author=askers[0], title="Database down: my hub blinks red", body="It blinks.", tags=["printer"]
    )
    anonymous, member = (Client(raise_request_exception=False, HTTP_HOST="localhost") for _ in range(2))
    member.force_login(askers[1])
    pages = ["/", thread.get_absolute_url(), "/tags/"]

    def sweep():
        from config import health

        health.forget_last_check()  # /healthz keeps its answer 5 s; each sweep asks afresh
        out = []
        for client in (anonymous, member):
            for page in pages:
                # What Django's WSGI handler does around every request and the test client
                # leaves out (request_started/finished): drop a connection that is broken.
                close_old_connections()
                response = client.get(page)
                out.append(
                    (response.status_code, b"Something went wrong" in response.content, b"<nav" in response.content)
                )
        close_old_connections()
        out.append((anonymous.get("/healthz").status_code, False, False))
        return out

    before = sweep()
    pg_ctl("stop", "-m", "fast")
    try:
        during = sweep()
    finally:
        pg_ctl("start")
    after = sweep()  # the same process: no restart
    pages_during = during[:-1]
    result = {
        "before": sorted({s for s, _, _ in before}),
        "during": sorted({s for s, _, _ in during}),
        "during_pages_with_error_page_in_layout": sum(1 for s, text, nav in pages_during if s >= 500 and text and nav),
        "during_pages": len(pages_during),
        "healthz_during": during[-1][0],
        "after": sorted({s for s, _, _ in after}),
        "after_each": [s for s, _, _ in after],
    }
    result["ok"] = (
        result["during_pages_with_error_page_in_layout"] == len(pages_during)
        and result["healthz_during"] == 503
        and all(s in (200, 302) for s, _, _ in after[:-1])
        and after[-1][0] == 200
    )
    return result


def db_restart_load(args) -> dict:
    from bench import db_restart_load

    return db_restart_load.run(
        args, pg_ctl=pg_ctl, database_url=args.database_url, work=args.work, wait_for=wait_for, emails=emails
    )
