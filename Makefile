# OpenQSSE — `make run` serves the demo, `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON_VERSION := $(shell cat .python-version)
export UV_PYTHON_DOWNLOADS := never
export UV_PYTHON := $(PYTHON_VERSION)
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test setup system-packages deps assets messages chromium db demo bench lint clean

run: setup db demo ## Set everything up, load the demo organisation and serve on http://127.0.0.1:8000 (HOST, PORT)
	$(MANAGE) print_demo_logins --url http://$(HOST):$(PORT)
	$(MANAGE) runserver $(HOST):$(PORT)

test: setup chromium ## The whole suite: unit, integration and browser tests
	$(MANAGE) makemigrations --check --dry-run > /dev/null || (echo "Missing migrations: run makemigrations" && exit 1)
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(VENV)/bin/pytest $(PYTEST_ARGS)

setup: system-packages deps assets messages
	@mkdir -p var

APT_INSTALL = if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	$$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q
system-packages: ## gettext (compiled translations) and Node.js/npm (front-end packages), from Debian
	@command -v msgfmt >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || { $(APT_INSTALL) gettext nodejs npm; }

deps: $(VENV)/.synced
$(VENV)/.synced: pyproject.toml uv.lock
	@command -v uv >/dev/null 2>&1 || python3 -m pip install --quiet uv
	uv sync --frozen
	@touch $@

assets: node_modules/.installed
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

messages: deps
	$(MANAGE) compilemessages --ignore=.venv --ignore=node_modules > /dev/null

chromium: ## Debian's Chromium for the browser tests (never a downloaded browser build)
	@command -v chromium >/dev/null 2>&1 || { $(APT_INSTALL) chromium fonts-dejavu-core; }

db: setup
	@mkdir -p var
	$(MANAGE) migrate --no-input

demo: db
	$(MANAGE) seed_demo

bench: setup ## Seed 100k NCs, 300k actions, 1M measurements, a 5,000-line FMEA, a 1M-row upload, 5,000 requirements × 10 sites; time the pages; write docs/benchmarks.md
	$(PY) -m qsse.demo.bench $(BENCH_ARGS)

lint:
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

clean:
	rm -rf var/openqsse.sqlite3* var/media var/staticfiles
