#!/usr/bin/env bash
# Set everything up, then run the lint checks and the whole test suite (offscreen).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/ruff check app tests bench
.venv/bin/lint-imports
exec .venv/bin/python -m pytest "$@"
