# The README's commands. `make demo` and `make test` work on a fresh clone: they create
# .venv and install the package first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: demo serve test install bench docs clean

$(STAMP): pyproject.toml setup.py src/tinnhiem/_ctext.c
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/tinnhiem demo --output demo-output

serve: $(STAMP)
	$(BIN)/tinnhiem serve --output demo-output

test: $(STAMP)
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_pipeline.py

docs: $(STAMP)
	$(BIN)/python -m tinnhiem.docs

clean:
	rm -rf demo-output var .pytest_cache
