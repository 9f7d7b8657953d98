# Helpcircle: `make run` starts the whole site, `make test` runs every test.
# Both set themselves up on a fresh machine (virtualenv, requirements, database).

VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
export PATH := $(CURDIR)/$(VENV)/bin:$(PATH)

.PHONY: run test lint format bench clean

$(INSTALLED): requirements.txt requirements-dev.txt
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(INSTALLED)

# Local development: DEBUG on unless the environment says otherwise.
run: export DEBUG ?= 1
run: $(INSTALLED)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo --if-empty
	@$(PY) manage.py demo_banner
	honcho start

test: $(INSTALLED)
	@scripts/install-chromium || echo "Chromium is not installed: browser tests will be skipped."
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(INSTALLED)
	ruff check .
	ruff format --check .

format: $(INSTALLED)
	ruff check --fix .
	ruff format .

# Needs PostgreSQL (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/helpcircle_bench).
bench: $(INSTALLED)
	$(PY) -m bench.flagging

clean:
	rm -rf var/ staticfiles/ .pytest_cache
