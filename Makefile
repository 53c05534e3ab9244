# Hjemvej — the two commands a newcomer needs: `make demo` and `make test`.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
PG_URL ?= postgres://postgres@127.0.0.1:5432/hjemvej
APT_PACKAGES := chromium poppler-utils fonts-dejavu-core xmlsec1 postgresql-client ghostscript

.PHONY: setup demo run worker test test-sqlite test-postgres fuzz bench bench-scale lint format clean

setup: $(VENV)/.installed node_modules/.installed system-packages

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Debian's Chromium for the browser tests, poppler for reading PDFs back in tests, xmlsec1 for
# SAML signatures (pysaml2), pg_dump/pg_restore for `hjemvej backup` and `hjemvej restore`, and
# Ghostscript for archived cases as PDF/A.
system-packages:
	@missing=""; \
	[ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	command -v pg_dump >/dev/null || missing="$$missing postgresql-client"; \
	command -v pdftotext >/dev/null || missing="$$missing poppler-utils"; \
	[ -d /usr/share/fonts/truetype/dejavu ] || missing="$$missing fonts-dejavu-core"; \
	command -v xmlsec1 >/dev/null || missing="$$missing xmlsec1"; \
	command -v gs >/dev/null || missing="$$missing ghostscript"; \
	if [ -n "$$missing" ]; then \
	  echo "Installerer$$missing med apt-get"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

# Migrates, loads the demo municipalities, starts the background worker and serves the UI.
demo: setup
	$(BIN)/hjemvej demo
	@echo ""
	@echo "Hjemvej kører på http://127.0.0.1:8000  (stop med Ctrl+C)"
	@$(BIN)/hjemvej db_worker --no-reload --interval 2 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/hjemvej runserver 127.0.0.1:8000

run: setup
	$(BIN)/hjemvej runserver 127.0.0.1:8000

worker: setup
	$(BIN)/hjemvej db_worker

# The whole suite on SQLite, and again on PostgreSQL when a server answers on 127.0.0.1:5432
# (HJEMVEJ_TEST_POSTGRES=1 demands PostgreSQL and fails if it is not there).
test: setup
	$(MAKE) --no-print-directory test-sqlite
	@if [ "$$HJEMVEJ_TEST_POSTGRES" = "1" ] || $(BIN)/python -c "import socket; socket.create_connection(('127.0.0.1', 5432), 1)" 2>/dev/null; then \
	  $(MAKE) --no-print-directory test-postgres; \
	else \
	  echo "PostgreSQL svarer ikke på 127.0.0.1:5432 – testene er kun kørt på SQLite."; \
	fi

test-sqlite:
	@echo "== Tester på SQLite =="
	HJEMVEJ_DATABASE_URL= $(BIN)/pytest $(PYTEST_ARGS)

test-postgres:
	@echo "== Tester på PostgreSQL =="
	HJEMVEJ_DATABASE_URL=$(PG_URL) $(BIN)/pytest $(PYTEST_ARGS)

# Schemathesis against a running app (gunicorn on a free 127.0.0.1 port, its own demo database
# var/fuzz.sqlite3) as Ishøj's caseworker and manager, every check on (`--checks all`, positive
# and negative data); fails on any server error, schema violation or undocumented status. About
# five minutes in all; FUZZ_EXAMPLES (default 8) sets the examples per operation. See .ci/fuzz.
fuzz: setup
	BIN=$(BIN) .ci/fuzz

# Benchmarks of the hot paths (pytest-benchmark); not part of `make test`.
bench: setup
	$(BIN)/pytest benchmarks -p no:randomly --benchmark-columns=min,median,max,rounds

# National scale (issue 13): fills HJEMVEJ_SCALE_DATABASE_URL (default PostgreSQL database
# hjemvej_scale) with HJEMVEJ_SCALE_CITIZENS (100,000) citizens if it is empty, serves it with
# gunicorn and writes benchmarks/results/scale-<date>.md. Not part of `make test`.
bench-scale: setup
	$(BIN)/python benchmarks/scale.py

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy src/hjemvej
	$(BIN)/lint-imports
	HJEMVEJ_DATABASE_URL=sqlite:///$(CURDIR)/var/lint.sqlite3 $(BIN)/hjemvej makemigrations --check --dry-run

format:
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) node_modules var/*.sqlite3* test-artifacts
