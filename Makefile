# Two commands do everything on a fresh machine with Python 3 and make:
#   make deck   build every decks/*.yaml into dist/*.apkg
#   make test   run the test suite
#   make preview  write dist/preview/<bank>.html: every card, front and back, light and night
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Marker files: the venv is (re)installed only when pyproject.toml changes.
RUNTIME := $(VENV)/.runtime-installed
TESTENV := $(VENV)/.test-installed
PREVIEWENV := $(VENV)/.preview-installed
# Anki desktop's reviewer page (reviewer.js, reviewer.css), from the aqt wheel
# of the installed anki's version; the browser tests show cards with it.
AQT_WEB := $(VENV)/aqt

BANKS := $(wildcard decks/*.yaml)
DECKS := $(patsubst decks/%.yaml,dist/%.apkg,$(BANKS))
GENERATOR := $(wildcard generator/*.py generator/templates/*)

.PHONY: deck test check lint preview clean

deck: $(DECKS)

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(RUNTIME): pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(TESTENV): pyproject.toml $(RUNTIME)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	rm -rf $(AQT_WEB)
	$(BIN)/python -m pip install --quiet --no-deps --target $(AQT_WEB) \
		"aqt==$$($(BIN)/python -c 'from importlib.metadata import version; print(version("anki"))')"
	touch $@

$(PREVIEWENV): pyproject.toml $(RUNTIME)
	$(BIN)/python -m pip install --quiet -e '.[preview]'
	touch $@

# A deck is rebuilt only when its bank, its lock file or the generator changed.
.SECONDEXPANSION:
dist/%.apkg: decks/%.yaml $$(wildcard decks/$$*.lock.json) $(GENERATOR) $(RUNTIME)
	$(BIN)/python -m generator build $< --out dist

check: $(RUNTIME)
	$(BIN)/python -m generator check $(BANKS)

test: $(TESTENV)
	$(BIN)/python -m pytest

preview: $(PREVIEWENV)
	$(BIN)/python -m generator preview $(BANKS) --out dist/preview

lint: $(TESTENV)
	$(BIN)/ruff check generator tests

clean:
	rm -rf dist .pytest_cache test-artifacts
