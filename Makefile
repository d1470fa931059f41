# Fucai — the two commands: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
LOCK := requirements/dev.lock
HOST ?= 127.0.0.1
PORT ?= 8000
export PYTHON
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run serve test preflight lint format lock bench backup restore vendor messages browser clean

## Every transitive dependency comes from the hashed lock; `make lock` regenerates it.
$(BIN)/.installed: $(LOCK) pyproject.toml
	@bin/preflight python
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --quiet --require-hashes -r $(LOCK)
	$(BIN)/pip install --quiet --quiet --no-deps --no-build-isolation -e .
	touch $@

## make lock: re-resolve requirements/dev.lock from pyproject.toml (hashes for every file).
lock: $(BIN)/.installed
	printf 'setuptools>=77\n' | $(BIN)/uv pip compile pyproject.toml - --extra dev \
		--generate-hashes --universal --python-version 3.11 \
		--custom-compile-command "make lock" --quiet -o $(LOCK)

var:
	mkdir -p var

## make run: set up, migrate, load the demo on an empty database, serve on HOST:PORT.
## runserver opens a thread per request, so it keeps no persistent connections.
run: $(BIN)/.installed | var
	DEBUG=1 $(BIN)/python manage.py migrate --no-input -v 0
	DEBUG=1 $(BIN)/python manage.py demo --if-empty
	@echo "Serving on http://$(HOST):$(PORT)/  (Ctrl-C to stop)"
	DEBUG=1 CONN_MAX_AGE=0 FUCAI_OIDC_DEMO=1 FUCAI_OIDC_DEMO_URL=http://$(HOST):$(PORT) \
		$(BIN)/python manage.py runserver $(HOST):$(PORT)

## make serve: production (DEBUG off) — migrate, collect static files, then gunicorn,
## a Celery worker and Celery beat under bin/serve. See README "Deploying".
serve: $(BIN)/.installed | var
	@for v in SECRET_KEY DATABASE_URL REDIS_URL FIELD_ENCRYPTION_KEY BLIND_INDEX_KEY; do \
		[ -n "$$(printenv $$v)" ] || { echo "make serve: set $$v (see README, Deploying)" >&2; exit 1; }; \
	done
	DEBUG=0 $(BIN)/python manage.py migrate --no-input -v 0
	DEBUG=0 $(BIN)/python manage.py collectstatic --no-input -v 0
	DEBUG=0 HOST=$(HOST) PORT=$(PORT) $(BIN)/python bin/serve

## make test: check the system, lint, then the whole suite (browser tests included), on
## every core (pytest-xdist; TEST_WORKERS=0 runs it in one process). A test file stays on
## one worker, so a module's demo is built once; each worker has its own test database.
TEST_WORKERS ?= auto
test: preflight
	$(MAKE) --no-print-directory lint
	FUCAI_TESTING=1 $(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile

preflight:
	@bin/preflight test

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	FUCAI_TESTING=1 $(BIN)/python manage.py check
	FUCAI_TESTING=1 $(BIN)/python manage.py makemigrations --check --dry-run

format: $(BIN)/.installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## make backup: database dump + uploaded files into var/backups/<timestamp>/.
backup: $(BIN)/.installed | var
	$(BIN)/python bin/backup create

## make restore BACKUP=var/backups/<timestamp>: replaces the database and uploaded files.
restore: $(BIN)/.installed
	@[ -n "$(BACKUP)" ] || { echo "make restore: say which, e.g. make restore BACKUP=var/backups/20250101T000000Z" >&2; exit 1; }
	$(BIN)/python bin/backup restore "$(BACKUP)"

## Benchmarks on PostgreSQL (own databases fucai_bench*); BENCH_YEARS / BENCH_STATIONS scale it.
## http_pages and screen share the demo in fucai_bench_http (loaded once, then reused).
bench: $(BIN)/.installed
	$(BIN)/python bench/run.py
	$(BIN)/python bench/http_pages.py
	$(BIN)/python bench/screen.py

## Browser tests drive Debian's chromium through Playwright (no browser download).
browser: preflight

## Front-end files come from the npm registry, pinned in static/vendor/packages.json.
vendor:
	python3 bin/vendor.py

messages: $(BIN)/.installed
	DEBUG=1 $(BIN)/python manage.py makemessages -l zh_Hans -l en --ignore ".venv/*" --ignore "var/*"
	DEBUG=1 $(BIN)/python manage.py compilemessages --ignore ".venv/*"

clean:
	rm -rf $(VENV) var/staticfiles
