#!/usr/bin/env bash
# Set everything up, then run the lint checks and the whole test suite (offscreen, on every core).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/ruff check app tests bench
.venv/bin/lint-imports
# One test process per core (pytest-xdist), each test module kept on one worker so that its fixtures are built once.
exec .venv/bin/python -m pytest -n auto --dist loadscope "$@"
