# Bokvar: `make run` and `make test` are all a newcomer needs.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := BOKVAR_ENV=development $(BIN)/flask --app webapp
CHROMIUM ?= /usr/bin/chromium

.PHONY: run test bench lint install install-test translations chromium migrate seed clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test,dev]'
	touch $@

install: $(VENV)/.installed translations
install-test: $(VENV)/.installed-test translations

translations: $(VENV)/.installed
	@$(BIN)/python scripts/i18n.py build

migrate: install
	$(FLASK) db upgrade

seed: migrate
	$(FLASK) demo seed

run: seed
	@echo "Bokvar: http://127.0.0.1:5000"
	$(FLASK) run --host 127.0.0.1 --port 5000

# Debian's Chromium drives the browser tests; install it when missing and we are root.
chromium:
	@if [ ! -x "$(CHROMIUM)" ]; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	  else echo "Chromium missing: install Debian's 'chromium' package" >&2; exit 1; fi; \
	fi

test: install-test chromium
	CHROMIUM=$(CHROMIUM) $(BIN)/python -m pytest -q $(PYTEST_ARGS)

bench: install-test chromium
	CHROMIUM=$(CHROMIUM) $(BIN)/python -m bench

lint: install-test
	$(BIN)/ruff check core webapp sync tests bench scripts
	$(BIN)/mypy
	$(BIN)/lint-imports

clean:
	rm -rf $(VENV) instance .pytest_cache .hypothesis
