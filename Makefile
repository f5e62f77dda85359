# Kohtaamo: `make run` serves the demo, `make test` runs the suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
HOST ?= 127.0.0.1
PYTEST_ARGS ?=
# Two workers suit the 2-core machines this is built and checked on.
PYTEST_WORKERS ?= 2

# The settings default to production (DEBUG off, SECRET_KEY required); the laptop demo
# asks for debug explicitly. An operator's DEBUG=false in the environment still wins.
run serve: export DEBUG ?= true

.PHONY: run serve test test-services bench lint format messages audit clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@ $(VENV)/.installed

run: $(VENV)/.installed
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py collectstatic --no-input --verbosity 0
	@echo ""
	@echo "Kohtaamo is starting on http://$(HOST):$(PORT)/"
	@echo "  site:          http://$(HOST):$(PORT)/"
	@echo "  Wagtail admin: http://$(HOST):$(PORT)/admin/"
	@echo "  API docs:      http://$(HOST):$(PORT)/api/docs/"
	@echo "  health:        http://$(HOST):$(PORT)/healthz"
	@echo ""
	$(MAKE) --no-print-directory serve

# The worker (LRS forwarding, e-mail) runs beside uvicorn; Ctrl-C stops both.
serve: $(VENV)/.installed
	$(BIN)/python manage.py db_worker --backend worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/uvicorn cms.asgi:application --host $(HOST) --port $(PORT) --ws-max-size 1048576 --no-access-log

test: $(VENV)/.installed-dev
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

# The same suite against PostgreSQL and Redis (CI runs this after `make test`).
test-services: export DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/kohtaamo
test-services: export REDIS_URL ?= redis://127.0.0.1:6379/0
test-services: $(VENV)/.installed-dev
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

# `make bench BENCH_ARGS=--quick` for the short run; names pick some: `BENCH_ARGS="idle lesson"`.
BENCH_ARGS ?=
bench: $(VENV)/.installed-dev
	$(BIN)/python -m bench $(BENCH_ARGS)

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-logo

format: $(VENV)/.installed-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Lighthouse (pinned in tools/audit/package.json) on Debian's Chromium against a demo
# server it starts on AUDIT_PORT; fails below 100/100/95 (accessibility, best practices,
# SEO) on public pages. Not part of CI.
AUDIT_PORT ?= 8590
audit: export CHROME_PATH ?= /usr/bin/chromium
audit: $(VENV)/.installed
	cd tools/audit && npm install --no-audit --no-fund --silent
	$(BIN)/python -m tools.audit --port $(AUDIT_PORT)

# Needs GNU gettext; the compiled .mo files are committed so `make run` does not.
messages: $(VENV)/.installed-dev
	for app in cms people courses roleplay progress frontend lti demo; do \
		(cd $$app && ../$(BIN)/django-admin makemessages -l fi --no-obsolete \
			--settings=cms.settings.base --pythonpath=..); done
	$(BIN)/python manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) static db.sqlite3*
