# Lan Tỏa — two set-up commands: `make run` and `make test`. Everything else is a helper.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/test

.PHONY: run test lint bench install install-dev assets messages document-deps system-test-deps db demo clean

$(VENV)/bin/activate:
	command -v $(PYTHON) >/dev/null || PYTHON=python3; $${PYTHON:-python3} -m venv $(VENV) || $(PYTHON) -m venv $(VENV)

$(VENV)/.installed: $(VENV)/bin/activate pyproject.toml constraints.txt
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -c constraints.txt -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(PIP) install -q -c constraints.txt -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.installed assets messages document-deps
install-dev: $(VENV)/.installed-dev assets messages document-deps system-test-deps

assets: node_modules/.installed

# Translations are compiled from the .po files (GNU gettext's msgfmt, from Debian).
messages:
	@command -v msgfmt >/dev/null || (apt-get update -qq && apt-get install -y -qq gettext >/dev/null)
	cd lantoa && ../$(PY) ../manage.py compilemessages -v0

# Official documents (docs/documents.md): WeasyPrint draws PDFs through Pango, with Liberation
# 2 fonts (1.07 lacks many Vietnamese letters and falls back to DejaVu).
document-deps:
	@(test -f /usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf && ldconfig -p | grep -q libpangoft2-1.0) \
		|| (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends fonts-liberation2 libpango-1.0-0 libpangoft2-1.0-0 >/dev/null)

# Browser tests drive Debian's Chromium through Playwright; no browser is ever downloaded.
system-test-deps:
	@test -x /usr/bin/chromium || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-liberation >/dev/null)
	@# pdftotext and pdftoppm read the documents' PDFs back in tests.
	@test -x /usr/bin/pdftotext || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null)

db: install
	$(MANAGE) migrate --noinput -v0

demo: db
	$(MANAGE) seed_demo --nominations
	$(MANAGE) seed_documents

# The web server, the task worker and the periodic-job scheduler (Procfile), one terminal.
run: demo
	@$(MANAGE) demo_logins
	WEB_ADDR=$(HOST):$(PORT) $(VENV)/bin/honcho start

test: install-dev
	LANTOA_ENV=test $(VENV)/bin/pytest $(PYTEST_ARGS)

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy --strict lantoa
	$(VENV)/bin/lint-imports --no-cache
	LANTOA_ENV=test $(MANAGE) makemigrations --check --dry-run

# The portal suite loads a gunicorn server with wrk (Debian's package), as Chromium above.
bench: install-dev
	@test -x /usr/bin/wrk || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null)
	LANTOA_ENV=test $(PY) -m bench.run --db sqlite
	LANTOA_ENV=test DATABASE_URL=$(PG_URL) $(PY) -m bench.run --db postgresql
	LANTOA_ENV=test $(PY) -m bench.documents

clean:
	rm -rf $(VENV) node_modules var
