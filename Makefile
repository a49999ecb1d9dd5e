# The two commands a newcomer needs: `make run` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app aarhus
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
CATALOGS := $(wildcard aarhus/translations/*/LC_MESSAGES/messages.po)
COMPILED := $(CATALOGS:.po=.mo)

.PHONY: all run test test-postgres lint lock system-packages translations translate-extract bench bench-postgres clean

all: $(STAMP) translations

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

# Every dependency (the test tools too) at the version pinned in requirements.lock, then the project itself: the
# same versions on every machine (the holidays package moves legal deadlines between releases). A pin moves only
# by a deliberate commit of the lock: `make lock` after editing pyproject.toml, or
# `bash scripts/lock.sh --upgrade-package NAME` (README, "Dependencies").
$(STAMP): pyproject.toml requirements.lock | $(BIN)/python
	$(BIN)/pip install -q -r requirements.lock
	$(BIN)/pip install -q --no-deps -e .
	touch $@

$(TEST_STAMP): $(STAMP)
	touch $@

# Recompute requirements.lock after a change of pyproject.toml, keeping every pin that still fits.
lock:
	bash scripts/lock.sh

translations: $(COMPILED)

%.mo: %.po | $(STAMP)
	$(BIN)/pybabel compile -f -i $< -o $@

# Debian packages the project needs (pango and fonts for WeasyPrint, poppler for PDF
# text checks, chromium for browser tests, PostgreSQL for the second test database).
system-packages:
	bash scripts/system-packages.sh

# The site and, beside it, a job worker for report builds and imports (stopped with the site).
run: system-packages $(STAMP) translations
	$(FLASK) db upgrade
	$(FLASK) demo
	$(FLASK) jobs work & worker=$$!; trap 'kill $$worker' EXIT INT TERM; \
	$(FLASK) run --host 127.0.0.1 --port 5000

lint: $(TEST_STAMP)
	$(BIN)/ruff check aarhus tests bench scripts

# axe-core for the accessibility checks of the browser tests (pinned in package-lock.json).
AXE := node_modules/axe-core/axe.min.js
$(AXE): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

test: system-packages $(TEST_STAMP) translations lint $(AXE)
	$(BIN)/pytest

# The same suite on a local PostgreSQL (Debian's package, started by the script).
test-postgres: system-packages $(TEST_STAMP) translations $(AXE)
	AARHUS_TEST_DATABASE_URL=$$(bash scripts/postgres-test-db.sh | tail -n 1) $(BIN)/pytest

bench: $(TEST_STAMP) translations
	$(BIN)/python bench/run.py

# The figures of issue 19 on the local PostgreSQL (empties the database AARHUS_PG_DATABASE, default aarhus_bench).
# Scale: BENCH_HEARINGS, BENCH_REQUESTS, BENCH_COMMENTS (10000, 10000, 100000); BENCH_SECONDS per page (5);
# BENCH_WRITE_SECONDS for the comments POSTed (30).
bench-postgres: system-packages $(TEST_STAMP) translations
	$(BIN)/python bench/postgres.py

# Refresh the catalogs after adding strings: extract, then merge into kk, ru, en.
translate-extract: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -o aarhus/translations/messages.pot --no-wrap .
	$(BIN)/pybabel update -i aarhus/translations/messages.pot -d aarhus/translations --no-fuzzy-matching --no-wrap

clean:
	rm -rf $(VENV) instance test-output
