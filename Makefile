# Developer and CI entry points. Everything runs from the project's own virtualenv (.venv).
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV ?= .venv
PORT ?= 8000
BIN := $(VENV)/bin
# Every dependency, dev tools included, pinned with hashes (pip-tools: see `make lock`).
LOCK := requirements.lock
# pip is only re-run when the lock or pyproject.toml changes, so `make run`/`make test` stay
# quick.
STAMP := $(VENV)/.installed
# pip-tools lives in its own throwaway venv: it is needed only to write the lock, never to
# install from it (plain pip does that).
LOCK_VENV ?= $(VENV)-lock
# `make lock` upgrades everything; `make lock LOCK_UPGRADE=--upgrade-package=babel` one
# package; `make lock LOCK_UPGRADE=` only adds what pyproject.toml gained, keeping every pin.
LOCK_UPGRADE ?= --upgrade
WORKERS ?= 2

.PHONY: help install lock run serve worker test test-fast lint bench

help:
	@echo "make install    create $(VENV) and install the exact versions in $(LOCK), then the project"
	@echo "make lock       upgrade the pins in $(LOCK) deliberately (pip-compile --upgrade, hashes)"
	@echo "make run        migrate, load every installed region pack and the demo data, start a worker"
	@echo "                and the dev server on http://127.0.0.1:$(PORT)/admin/ (PORT=...)"
	@echo "make serve      production stack: migrate, collectstatic, gunicorn, Celery workers and one"
	@echo "                beat (WORKERS=$(WORKERS); needs DATABASE_URL, CELERY_BROKER_URL, ...)"
	@echo "make worker     a Celery worker in the foreground"
	@echo "make test       the whole test suite, slow, browser and fuzz tests included"
	@echo "                (the fuzzing prints its seed; replay: SCHEMATHESIS_SEED=<seed> make test)"
	@echo "make test-fast  the suite without slow tests (no worker processes, no browser, no fuzzing)"
	@echo "make lint       ruff check, then lint-imports (import boundaries in pyproject.toml)"
	@echo "make bench      every bench/*.py: localization, translation, compliance, ..."

install: $(STAMP)

# The locked dependencies first (hash-checked: a fresh clone gets exactly what CI gets), then
# the project itself, editable and with --no-deps so pip cannot resolve anything on its own.
$(STAMP): $(LOCK) pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r $(LOCK)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $@

lock:
	@test -x $(LOCK_VENV)/bin/pip-compile || { $(PYTHON) -m venv $(LOCK_VENV) && \
		$(LOCK_VENV)/bin/python -m pip install --quiet --disable-pip-version-check pip-tools; }
	CUSTOM_COMPILE_COMMAND="make lock" $(LOCK_VENV)/bin/pip-compile --quiet $(LOCK_UPGRADE) \
		--generate-hashes --extra dev --strip-extras --allow-unsafe --no-emit-find-links \
		--no-emit-index-url --output-file $(LOCK) pyproject.toml

run: install
	PORT=$(PORT) VENV=$(VENV) bash bin/run

serve: install
	WORKERS=$(WORKERS) PORT=$(PORT) VENV=$(VENV) bash bin/serve

worker: install
	$(BIN)/celery -A marketplace worker --loglevel=INFO --concurrency=2

test: install
	$(BIN)/python manage.py compile_translations
	$(BIN)/pytest

test-fast: install
	$(BIN)/python manage.py compile_translations
	$(BIN)/pytest -m "not slow and not fuzz"

lint: install
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-cache

bench: install
	@set -e; for script in bench/*.py; do echo "== $$script"; $(BIN)/python $$script; done
