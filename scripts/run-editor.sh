#!/usr/bin/env bash
# Set everything up, then open the editor on a sample map (or on the files given).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if [ "$#" -eq 0 ]; then
  set -- sample_maps/fitness-watch.json
fi
exec .venv/bin/journeymap "$@"
