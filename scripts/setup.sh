#!/usr/bin/env bash
# Set up everything the editor and the tests need, idempotently:
# the OS libraries Qt loads (installed when run as root, else the command is
# printed), a project-local virtual environment in .venv, and the project
# installed into it in editable mode with its test tools.
set -euo pipefail
cd "$(dirname "$0")/.."

# Qt's offscreen and xcb platforms load these; a minimal Debian/Ubuntu lacks some.
os_packages=(libgl1 libegl1 libxkbcommon0 libglib2.0-0 libfontconfig1 libdbus-1-3 fonts-dejavu-core
             libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0
             libxcb-render-util0 libxcb-shape0 libxcb-randr0 libxcb-xinerama0 libxcb-xkb1
             xvfb xauth  # a real X server for the tests that need one (keys, screens, the display check)
             # TrueType fallbacks the PDF embeds where DejaVu Sans has no glyph (~9 MB): Chinese, Japanese and
             # Korean, Thai, Devanagari, emoji outlines (Noto CJK is CFF, which reportlab cannot embed)
             fonts-wqy-microhei fonts-tlwg-garuda-ttf fonts-lohit-deva fonts-symbola
             poppler-utils)  # pdftotext, pdftoppm, pdffonts: the tests read the PDFs as a reader's viewer does
if command -v dpkg-query >/dev/null 2>&1; then
  missing=()
  for package in "${os_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
      || missing+=("$package")
  done
  if ((${#missing[@]})); then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      echo "Installing OS libraries for Qt: ${missing[*]}"
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    else
      echo "Qt needs OS libraries that are missing. Install them with:" >&2
      echo "  sudo apt-get install -y ${missing[*]}" >&2
      exit 1
    fi
  fi
fi

python=${PYTHON:-python3}
if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "Python 3.11 or newer is needed (found: $("$python" --version 2>&1))." >&2
  exit 1
fi
if [ ! -x .venv/bin/python ]; then
  if ! "$python" -m venv .venv 2>/dev/null; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
      rm -rf .venv && "$python" -m venv .venv
    else
      echo "Python's venv module is missing. Install it with: sudo apt-get install -y python3-venv" >&2
      exit 1
    fi
  fi
fi

# Reinstall only when the project's dependencies changed.
stamp=.venv/.journeymap-installed
wanted=$(sha256sum pyproject.toml | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip "setuptools>=69" wheel
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".[test]"
  echo "$wanted" > "$stamp"
fi
# The compiled translation catalogues (.mo) beside their .po files; git keeps only the .po.
.venv/bin/python scripts/catalogue.py compile >/dev/null

# The pinned Node servers the live-session interop tests start: the reference Yjs server (tools/yjs-server)
# and Hocuspocus with its Redis extension (tools/hocuspocus-server). Each is reinstalled only when its lock
# file changed (the stamp lives in node_modules, so a removed node_modules reinstalls too).
if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
  for node_dir in tools/yjs-server tools/hocuspocus-server; do
    node_stamp=$node_dir/node_modules/.journeymap-installed
    node_wanted=$(sha256sum "$node_dir/package-lock.json" | cut -d' ' -f1)
    if [ "$(cat "$node_stamp" 2>/dev/null)" != "$node_wanted" ]; then
      if ! npm ci --prefix "$node_dir" --no-audit --no-fund; then
        echo "Installing the Node server in $node_dir failed (npm ci there); see npm's message above." >&2
        exit 1
      fi
      echo "$node_wanted" > "$node_stamp"
    fi
  done
else
  echo "Node.js (node, npm) not found: the live-session interop tests with the reference Yjs server and" \
       "Hocuspocus will be skipped."
fi

# redis-server, for the test of two Hocuspocus nodes sharing a room (it starts a throwaway one on a loopback
# port): installed when run as root, as the OS libraries above; without it that one test is skipped.
if ! command -v redis-server >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing redis-server (for the several-nodes Hocuspocus test)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends redis-server >/dev/null
  else
    echo "redis-server not found: the test of two Hocuspocus nodes on one Redis will be skipped" \
         "(sudo apt-get install -y redis-server)."
  fi
fi
