# Bokvar: `make run` and `make test` are all a newcomer needs.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := BOKVAR_ENV=development $(BIN)/flask --app webapp
CHROMIUM ?= /usr/bin/chromium

.PHONY: run serve test test-postgres bench lint install install-test translations chromium migrate seed clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test,dev,postgres]'
	touch $@

install: $(VENV)/.installed translations
install-test: $(VENV)/.installed-test translations

translations: $(VENV)/.installed
	@$(BIN)/python scripts/i18n.py build

migrate: install
	$(FLASK) db upgrade

seed: migrate
	$(FLASK) demo seed

PORT ?= 5000
run: seed
	@echo "Bokvar: http://127.0.0.1:$(PORT)"
	$(FLASK) run --host 127.0.0.1 --port $(PORT)

# Production: gunicorn, migrations applied on start (docs/deploy.md). Honours PORT
# (8000 unless given), DATABASE_URL, BOKVAR_SECRET_KEY, BOKVAR_INSTANCE, BOKVAR_WORKERS.
serve: install
	PORT=$${PORT:-8000} $(BIN)/python -m webapp.serve

# Debian's Chromium drives the browser tests; install it when missing and we are root.
chromium:
	@if [ ! -x "$(CHROMIUM)" ]; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	  else echo "Chromium missing: install Debian's 'chromium' package" >&2; exit 1; fi; \
	fi

test: install-test chromium
	CHROMIUM=$(CHROMIUM) $(BIN)/python -m pytest -q $(PYTEST_ARGS)

# The non-browser suite on a throw-away PostgreSQL cluster (Debian's pg_virtualenv,
# from the postgresql-common package); per-test databases via CREATE DATABASE ... TEMPLATE.
# fsync off: the cluster is dropped afterwards, durability is not what is tested.
test-postgres: install-test
	pg_virtualenv -t -o fsync=off -o synchronous_commit=off -o full_page_writes=off \
	  env DATABASE_URL=postgresql+psycopg:///postgres \
	  $(BIN)/python -m pytest -q -p no:cacheprovider --ignore=tests/browser $(PYTEST_ARGS)

bench: install-test chromium
	CHROMIUM=$(CHROMIUM) $(BIN)/python -m bench

lint: install-test
	$(BIN)/ruff check core webapp sync tests bench scripts
	$(BIN)/mypy
	$(BIN)/lint-imports

clean:
	rm -rf $(VENV) instance .pytest_cache .hypothesis
