# Everything CI runs: `make test`. The everyday loop: `make check`. The main job: `make build`.
# Both create .venv on first use with only python3 on the machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

# Bytecode caching on even where the environment turns it off: each pytest process would otherwise
# compile the package and rewrite the tests' assertions again (about 3 s of CPU a process).
unexport PYTHONDONTWRITEBYTECODE

.PHONY: build check test lint format rapper-check bench bench-large bench-stores mappings site release clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,fast,site,release]'
	touch $(STAMP)

build: $(STAMP)
	$(BIN)/isecg-kg build

# What needs no browser, JVM, Apache, Virtuoso, release or reference run of the whole graph
# (markers in pyproject.toml, given by tests/conftest.py and the test modules).
QUICK := not (slow or browser or jvm or apache or store or release)

check: $(STAMP) lint
	ISECG_KG_TEST_EXAMPLES=quick $(BIN)/python -m pytest -m "$(QUICK)"

test: $(STAMP) lint rapper-check
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests scripts
	$(BIN)/ruff format --check src tests scripts

format: $(STAMP)
	$(BIN)/ruff format src tests scripts
	$(BIN)/ruff check --fix src tests scripts

# An independent parser (Debian's raptor2-utils) must accept every Turtle file.
rapper-check:
	@if command -v rapper >/dev/null 2>&1; then \
	  for f in $$(find ontology data links shapes -name '*.ttl' 2>/dev/null | sort); do \
	    rapper -q -i turtle -c "$$f" >/dev/null || { echo "rapper: $$f does not parse" >&2; exit 1; }; \
	  done; echo "rapper: every Turtle file parses"; \
	elif [ -n "$$CI" ]; then echo "rapper (raptor2-utils) is required in CI" >&2; exit 1; \
	else echo "rapper not installed: skipping the independent-parser check"; fi

# The SSSOM tables are written from links/ and ontology/alignments.ttl; a test checks they are current.
mappings: $(STAMP)
	$(BIN)/isecg-kg mappings -o mappings

site: $(STAMP)
	$(BIN)/isecg-kg site -o build/site

release: $(STAMP)
	$(BIN)/isecg-kg release -o dist

# Speed is measured here, not in tests.
bench: $(STAMP)
	$(BIN)/python scripts/bench_queries.py
	$(BIN)/python scripts/bench.py --sizes 1000 10000 100000

# The fast engines at 300k and 1M triples (the plain ones take hours there).
bench-large: $(STAMP)
	$(BIN)/python scripts/bench.py --sizes 300000 1000000 --plain-max 0 --reasonable-max 0

# Virtuoso (Debian's virtuoso-opensource) and the Oxigraph server side by side on 1M triples.
bench-stores: $(STAMP)
	$(BIN)/python scripts/bench_stores.py --size 1000000

clean:
	rm -rf build dist .pytest_cache .ruff_cache
