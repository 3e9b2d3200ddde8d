# Two commands do everything on a fresh machine with Python 3 and make:
#   make deck   build every decks/*.yaml into dist/*.apkg
#   make test   run the test suite
#   make schema rewrite schema/bank.schema.json from the bank format
#   make code-css  rewrite generator/templates/code.css, the code colours, from Pygments
#   make preview  write dist/preview/<bank>.html: every card, front and back, light and night
#   make push   build every bank and import it into the running Anki (AnkiConnect)
#   make watch  rebuild deck and preview on every save (make watch PUSH=1: push too)
#   make bench  time and measure the tool against the bare script and raw genanki (slow: see benchmarks/README.md)
#   make lexer-survey  measure every Pygments lexer on hostile code; rewrite generator/lexers.json (slow)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Marker files: the venv is (re)installed only when pyproject.toml changes.
RUNTIME := $(VENV)/.runtime-installed
TESTENV := $(VENV)/.test-installed
PREVIEWENV := $(VENV)/.preview-installed
BYTECODE := $(VENV)/.bytecode-compiled
# Debian packages the browser tests (Chromium) and the desktop tests (Anki under
# Xvfb, real input with xdotool, and the X, GL and NSS libraries Qt WebEngine
# loads: read from a running Anki's memory maps) need.
TEST_DEBIAN_PACKAGES := chromium xvfb xdotool libnss3 libasound2 libegl1 libgl1 \
	libgbm1 libfontconfig1 libx11-xcb1 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 \
	libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-shape0 \
	libxcomposite1 libxdamage1 libxkbfile1 libxrandr2 libxtst6

# Banks are decks/*.yaml and decks/*.yml. make splits names at spaces and reads
# `:`, `%`, `$` and `;` in them (a `%` even makes it delete the bank's lock file
# as an intermediate), and the shell reads quotes and the like, so a bank whose
# file name has one is refused by name (see banks-named-well) and left out.
BANK_FILES = find decks -maxdepth 1 \( -name '*.yaml' -o -name '*.yml' \) 2>/dev/null
ODD_NAMES = grep -E "[][:space:]:%;*?()&|<>{}'\"\`\\\$$]"
ODD_BANKS := $(shell $(BANK_FILES) | $(ODD_NAMES))
NAMED_WELL := $(filter-out $(ODD_BANKS),$(wildcard decks/*.yaml decks/*.yml))
# A decks/x.yaml beside a decks/x.yml would share one lock file and one package:
# both are refused by name too, and left out.
TWIN_BANKS := $(filter $(basename $(filter %.yml,$(NAMED_WELL))),$(basename $(filter %.yaml,$(NAMED_WELL))))
BANKS := $(filter-out $(addsuffix .yaml,$(TWIN_BANKS)) $(addsuffix .yml,$(TWIN_BANKS)),$(NAMED_WELL))
DECKS := $(patsubst decks/%.yml,dist/%.apkg,$(patsubst decks/%.yaml,dist/%.apkg,$(BANKS)))
GENERATOR := $(wildcard generator/*.py generator/*/*.py generator/*.json generator/templates/* \
	generator/wordlists/*)
# Stamp of the last check of all banks together (no two may share a deck id or note GUIDs).
CHECKED := dist/.banks-checked

.PHONY: deck test check lint preview push watch clean schema code-css bench bench-quick bench-watch \
	banks-named-well lexer-survey text-growth \
	test-system-packages

deck: banks-named-well $(DECKS)

banks-named-well:
ifneq ($(ODD_BANKS),)
	@echo "error: make cannot build a bank whose file name has a space, quote or one of :%\$$;*?()&|<>{}[]\\; rename it with - instead:" >&2
	@$(BANK_FILES) | $(ODD_NAMES) | sed 's/^/  /' >&2
	@exit 2
endif
ifneq ($(TWIN_BANKS),)
	@echo "error: two banks share one name, and would share one lock file and one package; rename or remove one of each pair:" >&2
	@$(foreach twin,$(TWIN_BANKS),echo "  $(twin).yaml and $(twin).yml" >&2;)
	@exit 2
endif

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(RUNTIME): pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(TESTENV): pyproject.toml $(RUNTIME)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

$(PREVIEWENV): pyproject.toml $(RUNTIME)
	$(BIN)/python -m pip install --quiet -e '.[preview]'
	touch $@

# The generator's bytecode, compiled when its source changes rather than at
# every start: where PYTHONDONTWRITEBYTECODE is set (as on this team's
# machines) Python never caches it, and compiling the source cost about 35 ms
# a run, more than the rest of a small bank's build. (pip compiles the
# libraries' bytecode when it installs them; this does the same for ours.)
$(BYTECODE): $(GENERATOR) $(wildcard benchmarks/*.py) $(RUNTIME)
	$(BIN)/python -m compileall -q generator benchmarks
	touch $@

# Any bank's change re-checks every bank against the others. The stamp is an
# order-only prerequisite of the decks, so it is brought up to date first but
# does not make every deck rebuild.
$(CHECKED): $(BANKS) $(GENERATOR) $(RUNTIME) | banks-named-well $(BYTECODE)
	$(BIN)/python -m generator check $(BANKS)
	@mkdir -p $(@D) && touch $@

# A deck is rebuilt only when its bank, its lock file or the generator changed,
# or when its lock file is missing (the empty rule below makes a missing lock
# count as just changed). A build puts a new lock in place just before its
# package, so a build stopped between the two leaves the lock the newer: the
# next `make deck` builds again. A deck is rebuilt too when an image or sound
# it uses changed: each build writes dist/<bank>.d, the rule naming its media
# files (`build --make-deps`), which make reads below.
dist/%.apkg: decks/%.yaml decks/%.lock.json $(GENERATOR) $(RUNTIME) | $(CHECKED) $(BYTECODE)
	$(BIN)/python -m generator build $< --out dist --make-deps

dist/%.apkg: decks/%.yml decks/%.lock.json $(GENERATOR) $(RUNTIME) | $(CHECKED) $(BYTECODE)
	$(BIN)/python -m generator build $< --out dist --make-deps

-include $(wildcard dist/*.d)

# Named one by one, so make never takes a lock file for an intermediate it may delete.
$(addsuffix .lock.json,$(basename $(BANKS))): ;

check: banks-named-well $(RUNTIME) $(BYTECODE)
	$(BIN)/python -m generator check $(BANKS)

schema: $(RUNTIME)
	$(BIN)/python -m generator schema

# Pygments' token colours for code on cards, kept as a file (see generator/notetype.py).
code-css: $(RUNTIME)
	$(BIN)/python -c "from generator.notetype import CODE_CSS, TEMPLATES, code_css; \
		(TEMPLATES / CODE_CSS).write_text(code_css(), encoding='utf-8')"

test: lint test-system-packages
	$(BIN)/python -m pytest

# As root (CI), install the missing Debian packages; otherwise name the command
# that does, and the tests that need them skip (pytest's summary counts them).
test-system-packages:
	@command -v dpkg-query >/dev/null || { echo "make test: not Debian: the browser and desktop tests need $(TEST_DEBIAN_PACKAGES)"; exit 0; }; \
	missing=$$(for package in $(TEST_DEBIAN_PACKAGES); do \
		dpkg-query -W -f='$${Status}\n' $$package 2>/dev/null | grep -q ' installed$$' || echo $$package; \
	done); \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then \
		apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y $$missing; \
	else \
		echo "make test: Debian packages missing: the browser and desktop tests that need them are skipped. Install them with:"; \
		echo "  sudo apt-get install -y" $$missing; \
	fi

preview: banks-named-well $(PREVIEWENV) $(BYTECODE)
	$(BIN)/python -m generator preview $(BANKS) --out dist/preview

# Both reach the running Anki through AnkiConnect at ANKI_CONNECT_URL (default
# http://127.0.0.1:8765), with ANKI_CONNECT_KEY if its config has an apiKey.
push: banks-named-well $(RUNTIME) $(BYTECODE)
	$(BIN)/python -m generator push $(BANKS)

watch: banks-named-well $(PREVIEWENV) $(BYTECODE)
	$(BIN)/python -m generator watch $(BANKS) $(if $(PUSH),--push)

# ruff, then the import layers (pyproject.toml, [tool.importlinter]).
lint: $(TESTENV)
	$(BIN)/ruff check generator tests benchmarks
	$(BIN)/lint-imports

# Sizes and rounds: BENCH_SIZES=1000,10000 BENCH_ROUNDS=5 make bench
bench: $(RUNTIME) $(BYTECODE)
	$(BIN)/python -m benchmarks.run

# Save to preview and save to Anki (through the AnkiConnect stand-in) of `watch`.
bench-watch: $(TESTENV) $(BYTECODE)
	$(BIN)/python -m benchmarks.watch_latency

# Which lexers may colour a card's code, and up to what size: about half an hour
# on two cores; run after upgrading Pygments (a test fails until it is).
lexer-survey: $(RUNTIME)
	$(BIN)/python -m benchmarks.lexer_survey

# Hostile texts of 10 KB, 100 KB and 1 MB: the work grows linearly (slow).
text-growth: $(RUNTIME) $(BYTECODE)
	$(BIN)/python -m benchmarks.text_growth

# Two small sizes, one round: checks the benchmark's plumbing in a minute.
bench-quick: $(RUNTIME) $(BYTECODE)
	$(BIN)/python -m benchmarks.run --quick

clean:
	rm -rf dist .pytest_cache test-artifacts
