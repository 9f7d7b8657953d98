"""The project's own settings for the page and write benchmarks, plus two URLs behind the
project's whole middleware stack: a bare view (/bench/hello/), the ceiling any page could
reach, and one row inserted in a transaction (/bench/insert/<thread id>/), the writes' baseline."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
