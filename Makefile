# Masthead — see README.md. Every target installs what it needs first.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check -q

.PHONY: run dev test bench audit serve-prod install install-test lint clean-db

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

## make run: install, collect the static files, migrate the embedded SQLite database, load
## the demo newsroom if it is empty, then serve it production-grade (granian, several
## processes, DEBUG off; config/settings/embedded.py) with its two task workers (the
## default queue and narration) on http://$${HOST:-127.0.0.1}:$${PORT:-8000}. Ctrl-C stops all.
run: install
	@echo "Preparing the newsroom (static files, database, demo content)…"
	@DJANGO_SETTINGS_MODULE=config.settings.embedded $(PY) manage.py collectstatic --noinput -v 0
	@DJANGO_SETTINGS_MODULE=config.settings.embedded $(PY) manage.py migrate --noinput -v 0
	@DJANGO_SETTINGS_MODULE=config.settings.embedded LOG_LEVEL=WARNING $(PY) manage.py load_demo --if-empty
	@DJANGO_SETTINGS_MODULE=config.settings.embedded $(PY) manage.py narrate_articles --newest 10 --if-none
	@DJANGO_SETTINGS_MODULE=config.settings.embedded exec $(PY) manage.py serve

## make dev: the same newsroom on Django's development server (auto-reload, DEBUG on,
## config/settings/dev.py) with the same two task workers.
dev: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo --if-empty
	$(PY) manage.py narrate_articles --newest 10 --if-none
	$(PY) manage.py serve --dev

## make test: the quality gate — format, lint, security lint, Django checks, migrations, the suite.
test: install-test
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	@# Security lint at medium severity and up (docs/security.md); bandit's notes on each
	@# "# nosec" go to stderr, shown only when it fails.
	$(VENV)/bin/bandit -r masthead config -ll -q 2>/dev/null || $(VENV)/bin/bandit -r masthead config -ll -q
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
	@# Home's Lighthouse performance, every one of five runs (issue #20's target: 100 each).
	-$(PY) tools/audit.py --pages home --runs 5 --lighthouse-only
	$(PY) bench/embedded.py
	$(PY) bench/readers.py
	$(PY) bench/distribution.py
	$(PY) bench/members.py
	$(PY) bench/funding.py
	$(PY) bench/livefeed.py
	$(PY) bench/search.py
	$(PY) bench/newsletter_send.py
	$(PY) bench/newsletter_admin.py
	$(PY) bench/comments.py
	$(PY) bench/analytics.py

## make serve-prod: the production topology on 127.0.0.1 (nginx -> granian for the pages and
## uvicorn for the news feed stream, PostgreSQL, Redis, a task worker), as docs/deploy.md
## describes, with the pages the page cache stores served by nginx as files. Needs nginx
## (apt-get install nginx-light libnginx-mod-http-brotli-static). ARTICLES=10000 tops the
## archive up to that many articles and waits for their index tasks before it says ready.
serve-prod: install-test
	$(PY) tools/serve_prod.py $(if $(ARTICLES),--articles $(ARTICLES))

lint: install-test
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .
