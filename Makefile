# The two commands: `make run` (set up and start the product) and `make test` (run the tests).
SHELL := /bin/bash
PYTHON ?= python3
VENV := $(CURDIR)/.venv
BIN := $(VENV)/bin
MANAGE := cd backend && $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
DATA_DIR ?= $(CURDIR)/var
export HOST PORT DATA_DIR

.PHONY: run test install migrate seed check-deploy clean help prod-local prod-local-stop test-prod-local fuzz dev deploy \
	frontend test-frontend test-e2e dev-frontend

help:
	@echo "make run   - install, migrate, seed the demo and start web + worker + scheduler on $(HOST):$(PORT)"
	@echo "make test  - run the whole test suite (PostgreSQL + Redis when DATABASE_URL / REDIS_URL are set)"
	@echo "other targets: test-frontend, test-e2e, dev-frontend, prod-local, test-prod-local, fuzz, check-deploy, dev, deploy"

$(VENV)/.installed: backend/requirements.txt backend/requirements-dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r backend/requirements-dev.txt
	touch $@

install: $(VENV)/.installed

migrate: install
	$(MANAGE) migrate --noinput
	$(MANAGE) register_schedule

seed: migrate
	$(MANAGE) seed_demo

run: seed frontend
	$(MANAGE) collectstatic --noinput --verbosity 0
	$(MANAGE) run_stack --host $(HOST) --port $(PORT)

# The web app (frontend/): installed from its lock file, built once, rebuilt when a source changes.
# Node.js >= 20.19 with npm is the one thing the project cannot install for you.
NPM := cd frontend && npm --no-audit --no-fund --loglevel=error
FRONTEND_SOURCES := $(shell find frontend/src frontend/public -type f 2>/dev/null) \
	frontend/index.html frontend/vite.config.ts frontend/tsconfig.json
frontend/node_modules/.installed: frontend/package-lock.json
	@command -v npm >/dev/null || { echo "Node.js >= 20.19 and npm are needed for the web app: install them (https://nodejs.org)"; exit 1; }
	$(NPM) ci
	touch $@

# The build, then pre-compressed copies (.gz; .br when brotli is installed) that WhiteNoise serves.
frontend/dist/index.html: frontend/node_modules/.installed $(FRONTEND_SOURCES)
	$(NPM) run build
	$(BIN)/python -m whitenoise.compress --quiet frontend/dist
	touch $@

frontend: install frontend/dist/index.html

# Tests keep their own data directory, so they never touch the one `make run` uses.
test: install test-frontend
	cd backend && $(BIN)/ruff check . ../deploy && $(BIN)/ruff format --check . ../deploy
	cd backend && $(BIN)/mypy $$(ls -d */services.py */services */selectors.py)
	cd backend && DATA_DIR=$(CURDIR)/var/test $(BIN)/pytest $(PYTEST_ARGS)
	@$(MAKE) --no-print-directory test-e2e

# Type check, lint and unit tests (Vitest + Testing Library + MSW) of the web app.
test-frontend: frontend/node_modules/.installed
	$(NPM) run --silent types:check
	$(NPM) run typecheck
	$(NPM) run lint
	$(NPM) run --silent format:check
	$(NPM) test

# The browser tests: Debian's Chromium driven by playwright-core against the product started by
# the test (Gunicorn + a real Celery worker on a fresh embedded-default data directory).
CHROMIUM ?= /usr/bin/chromium
test-e2e: frontend
	$(NPM) run --silent size
	@if [ -x "$(CHROMIUM)" ]; then \
		cd frontend && CHROMIUM=$(CHROMIUM) PYTHON=$(BIN)/python npm run --silent e2e; \
	elif [ -n "$$P2P_REQUIRE_BROWSER" ]; then \
		echo "no Chromium at $(CHROMIUM), and P2P_REQUIRE_BROWSER is set"; exit 1; \
	else \
		echo "=== SKIPPED: the browser end-to-end tests: no Chromium at $(CHROMIUM) (apt-get install chromium) ==="; \
	fi

# Fuzz every API operation from the OpenAPI schema (schemathesis: examples, coverage, fuzzing and
# stateful phases, as requester, approver, procurement, finance and admin); fails on any 5xx, any
# response that does not match the schema, or fewer than FUZZ_MIN_REQUESTS (5000) requests sent.
fuzz: install
	cd backend && $(BIN)/python scripts/fuzz_api.py

# The production settings need SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL, REDIS_URL, SITE_URL and EMAIL_BACKEND
# from the environment (.ci/run passes them); prepare_data_dir makes the upload spool Django checks.
check-deploy: install
	cd backend && export DJANGO_SETTINGS_MODULE=config.settings.production && $(BIN)/python manage.py prepare_data_dir \
		&& $(BIN)/python manage.py check --deploy --fail-level WARNING

# The production topology on this machine without containers (deploy/prod_local.py):
# Nginx (TLS) -> 2 Gunicorn, 2 Celery workers, beat, PostgreSQL, Redis; on $(HOST):$(PROD_PORT).
PROD_PORT ?= 8080
prod-local: install frontend
	@command -v nginx >/dev/null || (apt-get update -q && apt-get install -y -q nginx-light)
	PORT=$(PROD_PORT) $(BIN)/python deploy/prod_local.py

# The end-to-end, fault and exposure tests against a prod-local of their own (needs DATABASE_URL).
test-prod-local: install frontend
	@command -v nginx >/dev/null || (apt-get update -q && apt-get install -y -q nginx-light)
	cd backend && $(BIN)/pytest -p no:django ../deploy/tests -v $(PYTEST_ARGS)

prod-local-stop:
	@if [ -f var/prod-local/supervisor.pid ]; then kill -TERM $$(cat var/prod-local/supervisor.pid) && echo "stopping prod-local"; else echo "prod-local is not running"; fi

# Hot reload without containers: Vite on :5173 proxying /api/ and /admin/ to `make run` on $(PORT).
dev-frontend: frontend/node_modules/.installed
	cd frontend && VITE_API_PROXY=http://$(HOST):$(PORT) npm run dev

# Docker Compose: development (hot reload) and production.
dev:
	docker compose -f deploy/docker-compose.yml up --build

deploy:
	docker compose -f deploy/docker-compose.prod.yml --env-file deploy/.env up -d --build
	docker compose -f deploy/docker-compose.prod.yml --env-file deploy/.env exec web python manage.py migrate --noinput
	docker compose -f deploy/docker-compose.prod.yml --env-file deploy/.env exec web python manage.py register_schedule

clean:
	rm -rf var backend/.pytest_cache frontend/dist artifacts
