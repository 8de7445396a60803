PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
APT_PACKAGES := postgresql

.PHONY: demo test install install-test system-deps bench clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip "setuptools>=77,<82" wheel

install: $(BIN)/python
	$(BIN)/pip install -q -e .

install-test: $(BIN)/python
	$(BIN)/pip install -q -e ".[test]"

# System packages some tests need (PostgreSQL server). Installed through apt when missing;
# tests that need them skip with a reason if this was not possible.
system-deps:
	@if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
	  if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(APT_PACKAGES) >/dev/null) \
	      || echo "warning: apt could not install $(APT_PACKAGES); PostgreSQL tests will skip"; \
	  else echo "note: no root/apt; PostgreSQL tests will skip"; fi; \
	fi

demo: install
	$(BIN)/warcases demo

test: install-test system-deps
	$(BIN)/python -m pytest

bench: install
	$(BIN)/python benchmarks/bench_extract.py

clean:
	rm -rf $(VENV) demo.db
