PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
POSTGRES_APT := postgresql
OCR_APT := tesseract-ocr tesseract-ocr-rus tesseract-ocr-kaz
APT_PACKAGES := $(POSTGRES_APT) $(OCR_APT)

.PHONY: demo test install install-test system-deps bench clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip "setuptools>=77,<82" wheel

install: $(BIN)/python
	$(BIN)/pip install -q -e .

install-test: $(BIN)/python
	$(BIN)/pip install -q -e ".[test]"

# System packages some tests need (PostgreSQL server; tesseract with Russian and Kazakh data
# for OCR). Installed through apt when missing; tests that need them skip with a reason if this
# was not possible.
system-deps:
	@missing=""; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$(POSTGRES_APT)"; \
	if ! command -v tesseract >/dev/null 2>&1 \
	   || ! tesseract --list-langs 2>/dev/null | grep -qx rus \
	   || ! tesseract --list-langs 2>/dev/null | grep -qx kaz; then \
	  missing="$$missing $(OCR_APT)"; \
	fi; \
	if [ -n "$$missing" ]; then \
	  if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null) \
	      || echo "warning: apt could not install$$missing; PostgreSQL/OCR tests will skip"; \
	  else echo "note: no root/apt to install$$missing; PostgreSQL/OCR tests will skip"; fi; \
	fi

demo: install
	$(BIN)/warcases demo

test: install-test system-deps
	$(BIN)/python -m pytest

bench: install-test
	$(BIN)/python benchmarks/bench_extract.py
	$(BIN)/python benchmarks/bench_link.py --skip-dedup
	$(BIN)/python benchmarks/bench_ocr.py

clean:
	rm -rf $(VENV) demo.db
