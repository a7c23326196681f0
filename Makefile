# Developer and CI entry points. Everything runs from the project's own virtualenv (.venv).
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV ?= .venv
PORT ?= 8000
BIN := $(VENV)/bin
# pip is only re-run when pyproject.toml changes, so `make run`/`make test` stay quick.
STAMP := $(VENV)/.installed

.PHONY: help install run worker test test-fast lint bench

help:
	@echo "make install    create $(VENV) and install the project with its dev extras"
	@echo "make run        migrate, load every installed region pack and the demo data, start a worker"
	@echo "                and the dev server on http://127.0.0.1:$(PORT)/admin/ (PORT=...)"
	@echo "make worker     a Celery worker in the foreground"
	@echo "make test       the whole test suite, slow and browser tests included"
	@echo "make test-fast  the suite without slow tests (no worker processes, no browser)"
	@echo "make lint       ruff check, then lint-imports (import boundaries in pyproject.toml)"
	@echo "make bench      every bench/*.py: localization, translation, compliance, ..."

install: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $@

run: install
	PORT=$(PORT) VENV=$(VENV) bash bin/run

worker: install
	$(BIN)/celery -A marketplace worker --loglevel=INFO --concurrency=2

test: install
	$(BIN)/python manage.py compile_translations
	$(BIN)/pytest

test-fast: install
	$(BIN)/python manage.py compile_translations
	$(BIN)/pytest -m "not slow"

lint: install
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-cache

bench: install
	@set -e; for script in bench/*.py; do echo "== $$script"; $(BIN)/python $$script; done
