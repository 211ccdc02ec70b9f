# ParVaiPret: `make run` serves the site with the bundled real Saeima sample; `make test` runs the suite.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000
DEV := DEBUG=1

.PHONY: install run test test-fast lint format browser migrate sample messages clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade "pip>=25"
	$(BIN)/python -m pip install -q -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(DEV) $(BIN)/python manage.py migrate --noinput

sample: migrate
	$(DEV) $(BIN)/python manage.py load_sample

run: sample
	@echo "ParVaiPret on http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/)"
	$(DEV) $(BIN)/python manage.py runserver $(HOST):$(PORT)

# Debian's chromium for the page tests (Playwright cannot download its own browser here).
browser:
	@test -x /usr/bin/chromium || { \
	  echo "installing Debian chromium for the browser tests"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) \
	    || { echo "could not install chromium: run 'sudo apt-get install chromium'"; exit 1; }; }

test: install browser
	$(BIN)/pytest

test-fast: install
	$(BIN)/pytest -m "not browser and not slow" -x -q

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages: install
	cd parvaipret && ../$(BIN)/django-admin makemessages -l lv -l en -l ru --no-obsolete \
	  --ignore "*/migrations/*"
	cd parvaipret && ../$(BIN)/django-admin compilemessages

clean:
	rm -rf $(VENV) var *.egg-info

# The production shape on this machine (docs/deployment.md): gunicorn, a Celery worker and Celery
# beat on PostgreSQL and Redis at 127.0.0.1, started if down; Ctrl-C stops all. The -bg/-stop
# pair is for scripts (pid files and logs under var/). `make load-test` starts the shape if it is
# not up, runs the bounded loopback load test and prints its summary (docs/performance.md).
.PHONY: serve-prod serve-prod-bg serve-prod-stop load-test
serve-prod: install
	HOST=$(HOST) PORT=$(PORT) $(BIN)/python -m config.serve_prod

serve-prod-bg: install
	HOST=$(HOST) PORT=$(PORT) $(BIN)/python -m config.serve_prod --background

serve-prod-stop:
	HOST=$(HOST) PORT=$(PORT) $(BIN)/python -m config.serve_prod --stop

load-test: install
	HOST=$(HOST) PORT=$(PORT) $(BIN)/python -m benchmarks.load.run $(LOAD_ARGS)
