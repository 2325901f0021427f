# Two commands set everything up from the project's own files:
#   make site   build the whole multilingual site into site/
#   make test   run the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: site test test-fast lint check serve chromium clean bench

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# Browser tests drive Debian's chromium through Playwright; never a downloaded browser.
chromium:
	@if ! command -v chromium >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing Debian chromium (browser tests need it)" >&2; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	      chromium chromium-driver fonts-noto-cjk fonts-noto-core >/dev/null; \
	  else \
	    echo "chromium is missing: sudo apt-get install chromium chromium-driver fonts-noto-cjk fonts-noto-core" >&2; \
	  fi; \
	fi
	@command -v msgfmt >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && apt-get install -y -qq gettext >/dev/null; } || true

check: $(STAMP)
	$(BIN)/guidekit check

site: $(STAMP) check
	$(BIN)/guidekit build
	@echo "Site built: open site/index.html (or run: $(BIN)/python -m http.server -d site 8000)"

serve: $(STAMP)
	$(BIN)/guidekit serve

test: $(STAMP) chromium lint
	$(BIN)/python -m pytest

# Local loop: everything but the browser tests (CI always runs `make test`).
test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not browser"

lint: $(STAMP)
	$(BIN)/ruff check tools tests bench
	$(BIN)/mypy

# Benchmarks against the peers (not part of `make test`): see bench/README.md.
# BENCH_ARGS=--quick for one run at N=50; BENCH_ARGS="--sizes 50,200,1000" for the linear-growth check.
bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python bench/run.py $(BENCH_ARGS)

clean:
	rm -rf site .pytest_cache
