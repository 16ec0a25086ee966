# Stödkollen: `make run` sets up and starts everything, `make test` runs every test.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
# Rasa 3.6 runs on Python 3.10 and nothing newer: take pyenv's 3.10, else python3.10 on PATH.
PY310 ?= $(shell for candidate in "$$(pyenv root 2>/dev/null)"/versions/3.10*/bin/python3.10 python3.10; do \
	command -v "$$candidate" >/dev/null 2>&1 && { command -v "$$candidate"; break; }; done)

.PHONY: corpus run test test-fast install locales locales-update train lint rules-doc benchmark benchmark-load benchmark-compare fuzz fault-drills clean browser-deps scale-out-deps

run: install locales train
	$(BIN)/stodkollen run

test: install locales browser-deps scale-out-deps
	$(BIN)/python -m pytest

# The unit tests not marked slow (tests/conftest.py): no stack, no browser, no child Rasa;
# for a quick answer while working (1.5 min here). `make test` runs everything.
test-fast: install locales
	$(BIN)/python -m pytest -m "unit and not slow" -q

install: $(VENV)/.installed

# pip runs quietly and takes minutes on a fresh machine: say so first (in plain Swedish, as
# locales/ needs the environment being built here).
$(VENV)/.installed: pyproject.toml constraints.txt
	@test -n "$(PY310)" || { echo "Python 3.10 is needed (Rasa 3.6.21 runs on nothing newer)."; \
		echo "Install it with 'pyenv install 3.10.13' or your package manager, then run make again."; exit 1; }
	test -x $(BIN)/python || $(PY310) -m venv $(VENV)
	@echo "Installerar beroenden (Rasa, FastAPI …) i $(VENV). Första gången tar det några minuter."
	$(BIN)/python -m pip install --quiet --upgrade "pip<27" wheel "setuptools<71"
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[dev]"
	touch $@

# Compile the gettext catalogs (.po → .mo). The app also compiles them in memory if needed.
locales: install
	$(BIN)/python -m stodkollen.catalogs compile

# After adding or changing messages in code: extract ids, merge them into both catalogs.
locales-update: install
	$(BIN)/python -m stodkollen.catalogs all

# Debian's chromium and axe-core for the widget's browser tests (Playwright never downloads one).
browser-deps:
	bash web_widget/tests/install-browser-deps.sh

# Debian's PostgreSQL and Redis servers for the scale-out test (it starts its own instances).
scale-out-deps:
	bash tests/e2e/install-scale-out-deps.sh

train: install
	$(BIN)/stodkollen train

lint: install
	$(BIN)/ruff check .

# docs/rules.md from the checks' code and docstrings, the rulesets and the parameters
# (tests/test_rules_doc.py fails when it is out of date).
rules-doc: install
	$(BIN)/python -m stodkollen.rules_doc

benchmark: install
	$(BIN)/python benchmarks/rules_engine.py

# The whole stack under 1, 10 and 50 simulated shop owners, then with no waiting (~15 min).
benchmark-load: install locales train
	$(BIN)/python benchmarks/load.py

# Issue 18's table: four levels on Stödkollen, each then on a plain `rasa init` bot (trained
# once, ~/.cache/stodkollen-baseline), with the ratios (~12 min); one turn at N and 4N events.
benchmark-compare: install locales train
	$(BIN)/python benchmarks/load.py --baseline --duration 60
	$(BIN)/python benchmarks/turn_cost.py

# The full fuzz run: 10 000 cases a route instead of CI's few hundred (long).
fuzz: install locales browser-deps
	STODKOLLEN_FUZZ_EXAMPLES=10000 $(BIN)/python -m pytest tests/test_fuzz_api.py tests/e2e/test_fuzz_chat.py

# The fault drills that take minutes (every process killed in turn under a conversation and
# started again by the supervisor), besides the quicker ones `make test` runs; figures in the README.
fault-drills: install locales train browser-deps
	STODKOLLEN_FAULT_DRILLS=1 $(BIN)/python -m pytest -s tests/e2e/test_faults.py

# The whole development corpus (../shared/corpus) through a stack of its own; writes the figures
# to tests/corpus/figures.md (quoted in the README). make test runs a stratified sample.
corpus: install locales train
	$(BIN)/python -m tests.corpus.run

clean:
	rm -rf $(VENV) bot/models .pytest_cache
