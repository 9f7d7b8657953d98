# Helpcircle: `make run` starts the whole site, `make test` runs every test.
# Both set themselves up on a fresh machine (virtualenv, requirements, database).

VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
export PATH := $(CURDIR)/$(VENV)/bin:$(PATH)

.PHONY: run test lint format bench reliability bench-small clean

$(INSTALLED): requirements.txt requirements-dev.txt
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(INSTALLED)

# Local development settings (DEBUG=1, a generated SECRET_KEY), read by config/settings.py
# and by honcho; written once, never committed.
.env:
	@scripts/write-dev-env .env

# honcho runs web, worker and beat (Procfile). exec makes it make's own child: a plain
# `kill` of make is passed on to it, Ctrl-C reaches it through the terminal, and either
# way it stops all three before it exits. `--env /dev/null`: settings read .env themselves,
# and there the environment wins over the file (honcho's own loading would reverse that).
run: .env $(INSTALLED)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo --if-empty
	exec honcho start --env /dev/null

test: $(INSTALLED)
	@scripts/install-chromium || echo "Chromium is not installed: browser tests will be skipped."
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(INSTALLED)
	ruff check .
	ruff format --check .

format: $(INSTALLED)
	ruff check --fix .
	ruff format .

# Every benchmark (bench/README.md), about 35 minutes on 2 cores. Needs PostgreSQL and Redis
# on this machine; builds its own databases (bench/seed.py: 100,000 threads, 1,000,000 posts,
# kept between runs) and writes its figures into docs/performance.md.
bench: $(INSTALLED)
	scripts/install-wrk
	$(PY) -m bench.pages
	$(PY) -m bench.search
	$(PY) -m bench.overdue
	$(PY) -m bench.queue_order
	$(PY) -m bench.idle_cache
	$(PY) -m bench.writes
	$(PY) -m bench.writes_http
	$(PY) -m bench.worst_day

# Issue 15's worst day (bench/README.md), about 15 minutes on 2 cores: the crowd on one thread,
# two workers and one beat on Redis and RabbitMQ, and every fault (workers killed, broker,
# cache and database stopped); figures into docs/reliability.md. Needs PostgreSQL, Redis and
# RabbitMQ on this machine; the faults start their own redis-server and PostgreSQL cluster.
reliability: $(INSTALLED)
	DEBUG=1 $(PY) -m bench.concurrency
	DEBUG=1 $(PY) -m bench.scale_out
	DEBUG=1 $(PY) -m bench.faults all

# Every benchmark and fault script in a small, fast form (a few hundred threads, three minutes of
# engine time, one broker for the worker kills; figures printed, docs left alone), so that none
# can rot unnoticed between full runs: CI runs it (.ci/run). Needs what `make bench` and
# `make reliability` need; about 4-5 minutes on 2 cores.
SMALL_DB := postgres://postgres@127.0.0.1:5432/helpcircle_bench_small
bench-small: $(INSTALLED)
	scripts/install-wrk
	$(PY) -m bench.pages --database-url $(SMALL_DB) --reseed --seed-threads 300 --seconds 1 --no-docs
	$(PY) -m bench.search --database-url $(SMALL_DB) --queries 5 --no-docs
	$(PY) -m bench.profile / --database-url $(SMALL_DB) --repeat 2 >/dev/null
	$(PY) -m bench.writes --database-url $(SMALL_DB)_writes --template $(SMALL_DB) --repeats 3 --no-docs
	$(PY) -m bench.writes_http --database-url $(SMALL_DB)_writes_http --template $(SMALL_DB) --seconds 1 --no-docs
	$(PY) -m bench.worst_day --database-url $(SMALL_DB)_worst_day --template $(SMALL_DB) --seconds 5 --connections 20 \
		--think-ms 100 --beat-seconds 2 --no-docs
	$(PY) -m bench.overdue --database-url $(SMALL_DB)_overdue --threads 2000 --repeats 1 --no-docs
	$(PY) -m bench.queue_order --database-url $(SMALL_DB)_queue --threads 2000 --repeats 3 --no-docs
	$(PY) -m bench.idle_cache --database-url $(SMALL_DB)_idle --seed-threads 300 --minutes 3 --no-docs
	DEBUG=1 $(PY) -m bench.concurrency --voters 10 --answerers 4 --workers 2 --no-docs
	DEBUG=1 $(PY) -m bench.scale_out --minutes 3 --speed 60 --no-docs
	DEBUG=1 $(PY) -m bench.faults all --brokers rabbitmq --clients 4 --seconds 2 --no-docs

clean:
	rm -rf var/ staticfiles/ .pytest_cache
