# Fucai — the two commands: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run test lint format bench vendor messages browser clean

$(BIN)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

var:
	mkdir -p var

## make run: set up, migrate, load the demo on an empty database, serve on HOST:PORT.
run: $(BIN)/.installed | var
	DEBUG=1 $(BIN)/python manage.py migrate --no-input -v 0
	DEBUG=1 $(BIN)/python manage.py demo --if-empty
	@echo "Serving on http://$(HOST):$(PORT)/  (Ctrl-C to stop)"
	DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

## make test: lint, then the whole suite (browser tests included).
test: lint browser
	FUCAI_TESTING=1 $(BIN)/python -m pytest

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	FUCAI_TESTING=1 $(BIN)/python manage.py check
	FUCAI_TESTING=1 $(BIN)/python manage.py makemigrations --check --dry-run

format: $(BIN)/.installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## Benchmarks on PostgreSQL (own database fucai_bench); BENCH_YEARS / BENCH_STATIONS scale it.
bench: $(BIN)/.installed
	$(BIN)/python bench/run.py
	$(BIN)/python bench/http_pages.py

## Browser tests drive Debian's chromium through Playwright (no browser download).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "Installing Debian's chromium for the browser tests"; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null; }

## Front-end files come from the npm registry, pinned in static/vendor/packages.json.
vendor:
	python3 bin/vendor.py

messages: $(BIN)/.installed
	DEBUG=1 $(BIN)/python manage.py makemessages -l zh_Hans -l en --ignore ".venv/*" --ignore "var/*"
	DEBUG=1 $(BIN)/python manage.py compilemessages --ignore ".venv/*"

clean:
	rm -rf $(VENV) var/staticfiles
