# The two commands a new machine needs: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
export FLASK_APP := wsgi

.PHONY: install install-dev run console test test-py test-fast test-miniprogram test-console walkthroughs fuzz lint fmt worker migrate bench deploy-check

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements-dev.txt $(VENV)/.installed
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.dev-installed

run: install
	VENV=$(VENV) scripts/run.sh

# The web console (console/): npm ci + vite build into console/dist, skipped when up to date.
console:
	scripts/build-console.sh

test: test-py test-miniprogram test-console

# The whole suite on MariaDB, then again on the embedded default's SQLite (tests marked mariadb,
# which need real concurrency or MariaDB's SQL, are left out there).
SQLITE_TEST_DB ?= $(CURDIR)/instance/test-suite.sqlite
test-py: install-dev
	$(BIN)/python -m pytest --ignore=tests/console_e2e $(PYTEST_ARGS)
	mkdir -p $(dir $(SQLITE_TEST_DB)) && rm -f $(SQLITE_TEST_DB)*
	TEST_DATABASE_URL=sqlite:///$(SQLITE_TEST_DB) $(BIN)/python -m pytest $(PYTEST_ARGS)

# The edit-run loop: both engines, without the long race and fault tests.
test-fast:
	$(MAKE) test-py PYTEST_ARGS="-m 'not slow' $(PYTEST_ARGS)"

# The unit/page tests, then the end-to-end walks against the real API (MariaDB + Redis, as for
# test-py; the server gets TEST_DATABASE_URL / TEST_REDIS_URL, default test_e2e and Redis db 11).
test-miniprogram: install-dev
	@if [ -f miniprogram/package.json ]; then \
	  cd miniprogram && (npm ci --no-audit --no-fund --loglevel=error || npm install --no-audit --no-fund) && npm test \
	    && E2E_PYTHON=$(abspath $(BIN))/python npm run test:e2e; \
	else echo "miniprogram: no package.json yet"; fi

# The console's unit tests (vitest), then its browser end-to-end run in Debian's headless
# Chromium against a real server on MariaDB + Redis + the WeChat stand-in (tests/console_e2e).
test-console: install-dev console
	cd console && npx vitest run
	$(BIN)/python -m pytest tests/console_e2e -p no:cacheprovider $(PYTEST_ARGS)

# The README's Quick start and Walk-throughs blocks against a fresh `make run` of the embedded
# default (PORT 5401 and STANDIN_PORT 5455 unless set, so it runs beside your own `make run`).
walkthroughs: install
	VENV=$(VENV) scripts/walkthroughs.sh

# The property-based contract pass (scripts/fuzz.sh): schemathesis over every operation as a
# resident and as the union admin, on MariaDB (database `fuzz`) + Redis (db 12); non-zero on any
# failure. FUZZ_DATABASE, FUZZ_REDIS_URL and the other FUZZ_* settings override the defaults.
fuzz: install-dev
	VENV=$(VENV) scripts/fuzz.sh

# deploy/ checked by the real tools (nginx -t, systemd-analyze verify, promtool, logrotate -d);
# needs Debian's nginx, systemd, prometheus and logrotate packages (.ci/run installs them).
deploy-check:
	scripts/deploy_check.sh

# Every error code the server raises (scripts/error_codes.py), for the mini-program's check.
ERROR_CODES_JSON ?= $(CURDIR)/instance/error-codes.json
lint: install-dev
	mkdir -p $(dir $(ERROR_CODES_JSON))
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/python scripts/check_transactions.py
	$(BIN)/python scripts/error_codes.py > $(ERROR_CODES_JSON)
	node miniprogram/scripts/check-error-codes.js $(ERROR_CODES_JSON)

fmt: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

worker: install
	$(BIN)/flask rq worker

migrate: install
	$(BIN)/flask db upgrade

bench: install-dev
	$(MAKE) -C bench all VENV=$(abspath $(VENV))
