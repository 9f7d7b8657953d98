"""The project's own settings for the page benchmark, plus one URL: a bare view behind the
project's whole middleware stack (/bench/hello/), the ceiling any page could reach."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
