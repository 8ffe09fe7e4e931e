# Two commands matter: `make run` (set up, load the demo, serve) and `make test` (set up, lint, test).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test lint format messages bench bench-leveling clean browser

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	$(BIN)/python -m compileall -q src/actionplan >/dev/null  # bytecode even where PYTHONDONTWRITEBYTECODE is set
	touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/actionplan init
	$(BIN)/actionplan demo --host $(HOST) --port $(PORT)
	$(BIN)/actionplan serve --host $(HOST) --port $(PORT)

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

format: install
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

# Debian's Chromium and its driver, for the browser test (tests/integration/test_browser.py).
browser:
	@if ! command -v chromedriver >/dev/null || ! test -x /usr/bin/chromium; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver; \
	fi

# The whole suite on SQLite; the integration tests again on PostgreSQL when TEST_DATABASE_URL is set.
test: lint browser
	ACTIONPLAN_TESTING=1 DATABASE_URL= $(BIN)/python -m django makemigrations --check --dry-run --settings=actionplan.settings
	ACTIONPLAN_TESTING=1 DATABASE_URL= $(BIN)/python -m pytest
	@if [ -n "$$TEST_DATABASE_URL" ]; then \
		echo "== integration tests on $$TEST_DATABASE_URL"; \
		ACTIONPLAN_TESTING=1 DATABASE_URL="$$TEST_DATABASE_URL" $(BIN)/python -m pytest tests/integration; \
	fi

# Recompile the Vietnamese catalogue after editing src/actionplan/locale/vi/LC_MESSAGES/django.po.
messages: install
	cd src/actionplan && ../../$(BIN)/django-admin makemessages -l vi --keyword=N_ --settings=actionplan.settings
	cd src/actionplan && ../../$(BIN)/django-admin compilemessages --settings=actionplan.settings

bench: install
	$(BIN)/python bench/bench_import.py
	$(BIN)/python bench/bench_timeframes.py
	$(BIN)/python bench/bench_review.py

# Our forecast next to TaskJuggler 3 (Debian's tj3) at 1,000 and 5,000 steps. Not part of `bench`:
# tj3 takes minutes. Reads ../shared/bench (genplan.py, tj3run.py); ARGS="--big" adds 100,000 steps.
bench-leveling: install
	@command -v tj3 >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tj3; }
	$(BIN)/python bench/bench_leveling.py $(ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis
