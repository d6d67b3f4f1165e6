# Masthead — see README.md. Every target installs what it needs first.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check -q

.PHONY: run test bench audit serve-prod install install-test lint clean-db

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --upgrade pip
	$(PIP) install -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(PIP) install -e ".[test]"
	@# espeak-ng, the fallback narration engine; its tests skip where it cannot be installed.
	command -v espeak-ng >/dev/null || ! command -v apt-get >/dev/null || \
		apt-get install -y -q espeak-ng >/dev/null 2>&1 || echo "espeak-ng not installed"
	touch $@

install: $(VENV)/.installed

# The Nu HTML Checker (vnu-jar, run with java) for make test and Lighthouse for make audit,
# pinned in package-lock.json. --ignore-scripts: vnu-jar's install script would fetch a
# Java runtime; the machine's java runs it.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $@

install-test: $(VENV)/.installed-test node_modules/.installed

## make run: install, migrate the embedded SQLite database, load the demo newsroom if
## it is empty, then serve the site and its task worker on http://127.0.0.1:$${PORT:-8000}.
run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo --if-empty
	$(PY) manage.py narrate_articles --newest 10 --if-none
	$(PY) manage.py serve

## make test: the quality gate — format, lint, Django checks, migrations, the suite.
test: install-test
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py check
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest $(PYTEST_ARGS)

## make audit: the reader-experience audit of the reading pages on a private, production-like
## server (tools/audit.py): Lighthouse scores and LCP, axe-core, vnu and page weight.
audit: install-test
	$(PY) tools/audit.py

## make bench: benchmarks; each prints what it measured and how.
bench: install-test
	$(PY) bench/render.py
	$(PY) bench/narration.py
	$(PY) bench/traffic.py
	$(PY) bench/distribution.py
	$(PY) bench/livefeed.py
	$(PY) bench/search.py
	$(PY) bench/newsletter_send.py

## make serve-prod: the production topology on 127.0.0.1 (nginx -> granian for the pages and
## uvicorn for the news feed stream, PostgreSQL, Redis, a task worker), as docs/deploy.md
## describes. Needs nginx (apt-get install nginx-light).
serve-prod: install-test
	$(PY) tools/serve_prod.py

lint: install-test
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .
