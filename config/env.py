"""Reading the environment: the `.env` file of local development, and typed variables.

config/settings.py reads framework settings with these; each app's conf.py reads its own
domain settings (config/appsettings.py) with them too, so both see the same environment.
"""

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

# Local development reads `.env` (written by `make run` on first use: DEBUG=1 and a
# generated SECRET_KEY), so that every manage.py command works without exporting anything.
# An environment that sets DEBUG or SECRET_KEY itself (production, CI, the tests) has been
# configured on purpose, and a stray .env must never change it: the file is then ignored.
# Variables set in the environment always win over the file. Loaded on import, whoever
# imports this first (the settings, or an app's conf.py in a script).
if "DEBUG" not in os.environ and "SECRET_KEY" not in os.environ:
    from dotenv import load_dotenv

    load_dotenv(os.environ.get("ENV_FILE", BASE_DIR / ".env"), override=False)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]
