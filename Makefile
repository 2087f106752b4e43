# rasd — the two set-up commands of the README, and helpers.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DEMO_DB ?= demo.db

.PHONY: demo test install install-test bench audit clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -e .

install-test: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'

## make demo: install, run the whole pipeline on the bundled demo corpus into demo.db, print the result
demo: install
	$(BIN)/rasd --db $(DEMO_DB) run examples/demo
	$(BIN)/rasd --db $(DEMO_DB) status
	$(BIN)/rasd --db $(DEMO_DB) stories
	$(BIN)/rasd --db $(DEMO_DB) events --limit 12

## make test: install with test extras (and Chromium for the browser tests), run the whole test suite, then
## audit the installed dependencies for known vulnerabilities (pip-audit; scripts/audit.sh)
test: install-test
	bash scripts/install-system-deps.sh
	$(BIN)/python -m pytest -q
	VENV=$(VENV) bash scripts/audit.sh

audit:
	VENV=$(VENV) bash scripts/audit.sh

bench: install
	$(BIN)/rasd bench ../shared/eval/ant/ant-v2.1.jsonl.gz --json

clean:
	rm -rf $(VENV) .venv-audit $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm .pytest_cache
