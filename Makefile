# The two commands: `make run` starts the whole system, `make test` checks it. Both install what is missing.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml 2>/dev/null | cksum | cut -d' ' -f1)

.PHONY: install run test lint typecheck pytest bench lock clean openapi client

$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@rm -f $(VENV)/.installed-*
	@touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/secor run

test: install lint typecheck pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy shared gateway services launcher migrations bench tests

pytest: install
	$(BIN)/pytest $(PYTEST_ARGS)

bench: install
	$(BIN)/python -m bench.gateway
	$(BIN)/python -m bench.completions
	$(BIN)/python -m bench.eligibility
	$(BIN)/python -m bench.webhooks
	$(BIN)/python -m bench.intake
	$(BIN)/python -m bench.verification
	$(BIN)/python -m bench.mail
	$(BIN)/python -m bench.observability

# The public OpenAPI document (gateway/openapi/openapi.json) and the Python client (clients/python/), both
# generated from the code; commit what they write (a test fails while either is stale).
openapi: install
	$(BIN)/secor openapi --client clients/python

# The Python client as a wheel, in dist/ (pip fetches its build backend, pdm-backend, from the registry).
client: install
	$(BIN)/python -m pip wheel --quiet --disable-pip-version-check --no-deps -w dist clients/python

# Re-pin after changing pyproject.toml (needs uv: `pip install uv`).
lock:
	uv pip compile pyproject.toml --extra dev --universal --python-version 3.11 -o requirements.lock

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
