# The two commands of the README: `make run` and `make test`.

# The newest supported Python found, on PATH or among pyenv's versions, or the one given
# (`make run PYTHON=/path/to/python3.12`). Each candidate is run, not only looked up: a pyenv
# shim of a version that is not selected exists on PATH but fails when run. The versions are
# pyproject.toml's requires-python.
SUPPORTED_PYTHON := import sys; print("%d.%d.%d" % sys.version_info[:3]); \
	sys.exit(not (3, 11) <= sys.version_info[:2] <= (3, 13))
PYENV_ROOT ?= $(HOME)/.pyenv
PYTHON ?= $(shell for candidate in python3.13 python3.12 python3.11 python3 \
	$(wildcard $(PYENV_ROOT)/versions/3.*/bin/python3); do \
	version=$$($$candidate -c '$(SUPPORTED_PYTHON)' 2>/dev/null) && echo "$$version $$candidate"; \
	done | sort -s -V -k1,1 | tail -n 1 | cut -d " " -f 2)
VENV ?= .venv
BIN := $(VENV)/bin
# Runs a command and shows what it printed only if it fails (with its exit status kept).
QUIETLY := sh -c 'output=$$("$$@" 2>&1) || { status=$$?; printf "%s\n" "$$output" >&2; exit $$status; }' quietly
# Where `make run` serves: runserver's [address:]port, e.g. HOST=0.0.0.0:8000 or HOST=8001.
HOST ?= 127.0.0.1:8000

.PHONY: install run serve test lint

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	@if ! $(PYTHON) -c '$(SUPPORTED_PYTHON)' >/dev/null 2>&1; then \
		echo "Python 3.11, 3.12 or 3.13 is needed ($(or $(PYTHON),none found on PATH)):" \
		     "install one (as python3.13, python3.12, python3.11 or python3 on PATH, or with pyenv)," \
		     "or name it: make $(MAKECMDGOALS) PYTHON=/path/to/python3.x" >&2; exit 1; fi
	@echo "Installing into $(VENV) with $(PYTHON) (a few minutes the first time)..."
	@$(QUIETLY) $(PYTHON) -m venv $(VENV)
	@$(QUIETLY) $(BIN)/pip install --upgrade pip
	@$(QUIETLY) $(BIN)/pip install -e '.[dev]'
	@touch $@

# The setup is quiet, so that the last lines before the server's own are demo_token's: the token,
# the admin login, the links and a first request.
run: install
	@$(QUIETLY) $(BIN)/python manage.py migrate --noinput
	@$(QUIETLY) $(BIN)/python manage.py loaddata docs_examples
	@$(QUIETLY) $(BIN)/python manage.py collectstatic --noinput
	@$(BIN)/python manage.py demo_token --host $(HOST)
	@$(BIN)/python manage.py runserver $(HOST)

# Production: gunicorn on $$DATABASE_URL (see docs/production.md).
serve: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/gunicorn -c config/gunicorn.conf.py config.wsgi

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: install lint
	$(BIN)/python manage.py makemigrations --check --dry-run --settings tests.settings
	$(BIN)/pytest -n auto
