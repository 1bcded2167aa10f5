# ketaclinic — two commands on a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
PYTHON_VERSION := $(shell cat .python-version)
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py

# The interpreter that builds the venv: pyenv's when present, else python3.13 on PATH.
BASE_PYTHON := $(shell pyenv which python 2>/dev/null || command -v python$(PYTHON_VERSION) || command -v python3)

.PHONY: run serve test bench bench-scale bench-export lint setup migrate browser clean worker prod-check

$(VENV)/.installed: requirements/lock.txt
	@test -x $(PY) || $(BASE_PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes --no-deps -r requirements/lock.txt
	@touch $@

setup: $(VENV)/.installed
	@mkdir -p var
	@bash scripts/compile-catalogues

migrate: setup
	$(MANAGE) migrate --noinput
	$(MANAGE) createcachetable
	$(MANAGE) schedule_periodic_tasks

# Serves http://127.0.0.1:8000 with the background worker alongside; Ctrl-C stops both.
run: migrate
	$(MANAGE) seed_demo
	@trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(MANAGE) worker & worker=$$!; \
	$(MANAGE) runserver 127.0.0.1:8000

# Production's way on one machine: granian with several workers, whitenoise's static
# files, the worker alongside, on DATABASE_URL and REDIS_URL (scripts/serve).
serve: setup
	@bash scripts/serve

worker: setup
	$(MANAGE) worker

# Chromium and axe-core for the browser tests (see tests/browser.py).
browser: setup
	@bash scripts/install-test-browser

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy .
	$(VENV)/bin/lint-imports

# BROWSER=0 leaves the browser tests out (CI's second database: they do not depend on it).
BROWSER ?= 1
# The tests run in one process for each core (pytest-xdist), each with its own test database;
# TEST_PROCESSES=0 runs them all in this one.
TEST_PROCESSES ?= auto
test: setup lint $(if $(filter 0,$(BROWSER)),,browser)
	@bash scripts/install-nginx  # nginx -t on deploy/ (tests/test_deploy.py)
	$(MANAGE) makemigrations --check --dry-run
	@# Live-server threads each open a connection; persistent ones would outlive the test database.
	DATABASE_CONN_MAX_AGE=0 $(VENV)/bin/pytest -n $(TEST_PROCESSES) $(if $(filter 0,$(BROWSER)),-m "not browser",) --cov --cov-report=
	$(PY) scripts/coverage_gate.py

# The section POST runs under granian on PostgreSQL and Redis when they answer locally
# (BENCH_DATABASE_URL, REDIS_URL to choose others), else on SQLite and the database cache.
bench: setup
	REDIS_URL=$${REDIS_URL:-$$(redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 && echo redis://127.0.0.1:6379/15)} \
	BENCH_DATABASE_URL=$${BENCH_DATABASE_URL:-$$(pg_isready -q -h 127.0.0.1 2>/dev/null && echo postgres://postgres@127.0.0.1:5432/ketaclinic_bench)} \
	$(PY) bench/run.py

# The practice as several hosts run it (docs/prod-check.md): a PostgreSQL primary and
# streaming replica, Redis, two app servers behind nginx, two workers; the journey through it.
prod-check: setup browser
	@bash scripts/install-nginx
	$(PY) scripts/prod_check.py

# A practice of N patients on PostgreSQL (its own database, dropped and recreated: see
# bench/scale_settings.py), then the clinician's and pharmacist's pages timed against it.
N ?= 10000
bench-scale: setup
	$(PY) bench/scale.py $(N)

# The practice export's peak memory at 1,000 and 10,000 patients (bench/export_memory.py).
bench-export: setup
	$(PY) bench/export_memory.py

clean:
	rm -rf $(VENV) var node_modules
