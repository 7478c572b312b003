# The two commands a new user needs: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: setup run test check typecheck bench eval clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	touch $@

# Serve the API and its docs on 127.0.0.1:8000 with the embedded defaults and demo data (a queue of demo drafts).
run: setup
	DRAFTER_DEMO_DRAFTS=$${DRAFTER_DEMO_DRAFTS:-true} $(BIN)/drafter serve

# The whole test suite (installs what the browser and service tests need first), after the style checks.
test: setup check
	bash scripts/test-deps.sh
	$(BIN)/python -m pytest

# Lint, formatting and types, configured in pyproject.toml.
check: setup
	$(BIN)/ruff check drafter tests scripts eval
	$(BIN)/ruff format --check drafter tests scripts eval
	$(BIN)/mypy

typecheck: setup
	$(BIN)/mypy

bench: setup
	$(BIN)/drafter bench

eval: setup
	$(BIN)/drafter eval --out eval/out

clean:
	rm -rf $(VENV) var
