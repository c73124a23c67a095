# prevex — the two commands are `make demo` and `make test` (see README).
SHELL := /bin/bash
PY := .venv/bin/python
UV := .uv/bin/uv
UV_VERSION := 0.13.9
export UV_PROJECT_ENVIRONMENT := .venv
# Debian packages: wait for another install (make demo and make test run side by side)
# instead of failing on the dpkg lock.
APT := DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600

.PHONY: demo test quality bench install browser pdf redis screenshots serve

.venv/.installed: pyproject.toml uv.lock
	test -x $(UV) || (python3 -m venv .uv && .uv/bin/pip install -q "uv==$(UV_VERSION)")
	$(UV) sync --frozen
	touch $@

install: .venv/.installed

## Everything for the demo: venv, database, demo département and accounts, then the web
## server and the job consumer, started and stopped together (scripts/serve.py).
demo: install pdf
	mkdir -p var
	DJANGO_SETTINGS_MODULE=prevex.settings.dev $(PY) manage.py migrate --noinput
	DJANGO_SETTINGS_MODULE=prevex.settings.dev $(PY) manage.py demo_setup
	DJANGO_SETTINGS_MODULE=prevex.settings.dev $(PY) scripts/serve.py \
	  -- $(PY) manage.py runserver 127.0.0.1:8000 --noreload \
	  -- $(PY) manage.py run_huey

## Debian's Chromium for the browser tests and the screenshots.
browser:
	@command -v chromium >/dev/null || ($(APT) update -qq && $(APT) install -y -qq chromium >/dev/null)

## Redis for the job queue's test (a throwaway server when none runs; Debian's package).
redis:
	@command -v redis-server >/dev/null || ($(APT) update -qq && $(APT) install -y -qq redis-server >/dev/null)

## Pango, which WeasyPrint needs for the PDFs (DSF, commission summaries; Debian's packages;
## fonts are vendored), and poppler-utils (pdftoppm, pdftotext) to read them back in the tests.
pdf:
	@ldconfig -p | grep -q libpangoft2-1.0 || ($(APT) update -qq && $(APT) install -y -qq libpango-1.0-0 libpangoft2-1.0-0 >/dev/null)
	@command -v pdftoppm >/dev/null || ($(APT) update -qq && $(APT) install -y -qq poppler-utils >/dev/null)

quality: install
	$(PY) -m ruff format --check .
	$(PY) -m ruff check .
	$(PY) -m djlint --lint prevex/
	.venv/bin/lint-imports
	DJANGO_SETTINGS_MODULE=prevex.settings.test $(PY) manage.py makemigrations --check --dry-run

## Quality checks, then the whole suite on SQLite, and on PostgreSQL when PREVEX_TEST_POSTGRES is set.
## Each engine's run is spread over the machine's cores (pytest-xdist; PREVEX_TEST_WORKERS
## overrides: 0 runs in one process).
TEST_WORKERS ?= $(or $(PREVEX_TEST_WORKERS),auto)
PYTEST := $(PY) -m pytest -q -p randomly -n $(TEST_WORKERS)
test: quality browser pdf redis
	mkdir -p var
	@engines="sqlite"; \
	$(PYTEST) || exit $$?; \
	if [ -n "$$PREVEX_TEST_POSTGRES" ]; then \
	  $(PY) scripts/check_postgres.py "$$PREVEX_TEST_POSTGRES" || exit 1; \
	  PREVEX_TEST_DATABASE_URL="$$PREVEX_TEST_POSTGRES" $(PYTEST) || exit $$?; \
	  engines="sqlite postgresql"; \
	fi; \
	echo "Moteurs de base de données testés : $$engines"

bench: install browser
	$(UV) sync --frozen --all-groups --inexact
	$(PY) bench/run_all.py

screenshots: install browser
	$(PY) scripts/screenshots.py
