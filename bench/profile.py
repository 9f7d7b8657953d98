"""Profile one page on the benchmark database, in this process, with pyinstrument.

    .venv/bin/python -m bench.profile /official/ --as bench-rep [--repeat 20] [--no-page-cache] [--all-frames]

The request goes through Django's whole handler and middleware, with the settings the
page benchmark's servers run (bench/pages.py: PostgreSQL, Redis, DEBUG off), logged in as
`--as` through a real session. The page is requested once to warm up, then `--repeat`
times under the profiler, and the profile is printed (where the time goes, per call).
`--no-page-cache` renders every time (PAGE_CACHE=0): what a page costs after a write.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

from bench.db import DEFAULT_URL, setup_django


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("path")
    parser.add_argument("--as", dest="username", help="a user of the bench database (bench-member, bench-rep)")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--no-page-cache", action="store_true")
    parser.add_argument("--all-frames", action="store_true", help="show Django's and libraries' frames too")
    parser.add_argument("--database-url", default=DEFAULT_URL)
    arguments = parser.parse_args(argv)

    from bench.pages import server_environment, session_cookie

    os.environ.update(server_environment(arguments.database_url, "bench.settings"))
    if arguments.no_page_cache:
        os.environ["PAGE_CACHE"] = "0"
    setup_django(arguments.database_url, "bench.settings")
    from django.core.management import call_command
    from django.test import Client
    from pyinstrument import Profiler

    call_command("collectstatic", "--noinput", verbosity=0)  # production settings serve hashed names

    client = Client(HTTP_HOST="127.0.0.1")
    if arguments.username:
        name, value = session_cookie(arguments.username).split("=", 1)
        client.cookies[name] = value
    response = client.get(arguments.path)
    if response.status_code != 200:
        raise SystemExit(f"{arguments.path} answered {response.status_code}")

    profiler = Profiler(interval=0.0005)
    started = time.perf_counter()
    with profiler:
        for _ in range(arguments.repeat):
            client.get(arguments.path)
    each = (time.perf_counter() - started) / arguments.repeat * 1000
    print(profiler.output_text(unicode=True, color=False, show_all=arguments.all_frames))
    print(f"{arguments.path}: {each:.1f} ms a request under the profiler (mean of {arguments.repeat})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
