#!/usr/bin/env bash
# Mutation testing of the Qt-free layers and the undo commands (docs/mutation.md); not part of CI.
#
#   bash scripts/mutation.sh                   # every mutant (hours on one core; results are kept in mutants/)
#   bash scripts/mutation.sh 'app.model.*'     # only mutants whose names match these globs
#   bash scripts/mutation.sh --report          # only print the table of the last runs
#
# One worker process by default (the machine is shared); MUTATION_WORKERS=2 to use two.
# What is mutated and which tests run is configured in the [mutmut] section of setup.cfg.
# A mutant listed in docs/mutation.md under "Equivalent mutants" is left out of the kill rate.
set -euo pipefail
cd "$(dirname "$0")/.."

MUTMUT_VERSION=3.8.1
if [ ! -x .venv/bin/python ]; then
    bash scripts/setup.sh
fi
if [ "$(.venv/bin/python -c 'import importlib.metadata as m; print(m.version("mutmut"))' 2>/dev/null)" != "$MUTMUT_VERSION" ]; then
    .venv/bin/pip install --quiet "mutmut==$MUTMUT_VERSION"
fi

if [ "${1:-}" != "--report" ]; then
    export QT_QPA_PLATFORM=offscreen
    start=$(date +%s)
    .venv/bin/mutmut run --max-children "${MUTATION_WORKERS:-1}" "$@" \
        | tr '\r' '\n' | grep --line-buffered -v -E '^[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] ' || true
    echo "mutation run took $(( ($(date +%s) - start) / 60 )) min"
fi

exec .venv/bin/python - <<'EOF'
"""Kill rate per package from mutants/**/*.meta, equivalent mutants (docs/mutation.md) left out."""
import json
import re
from collections import defaultdict
from pathlib import Path

from mutmut.stats import status_by_exit_code

KILLED = {"killed", "timeout", "segfault", "caught by type check"}
PACKAGES = [  # (row, path prefix), the first match wins
    ("app/model", "app/model/"),
    ("app/operations", "app/operations/"),
    ("app/layout", "app/layout/"),
    ("app/export", "app/export/"),
    ("app/recovery.py", "app/recovery.py"),
    ("app/ui/commands.py", "app/ui/commands.py"),
]
doc = Path("docs/mutation.md")
equivalent: set[str] = set()
if doc.exists():
    text = doc.read_text("utf-8")
    section = text.split("## Equivalent mutants", 1)[1] if "## Equivalent mutants" in text else ""
    section = section.split("\n## ", 1)[0]
    equivalent = set(re.findall(r"`(app\.[^`\s]+__mutmut_\d+)`", section))

rows: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
files: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
survivors: list[str] = []
killed_listed: list[str] = []  # listed as equivalent, yet a test kills it: the list names another mutant now
for meta in sorted(Path("mutants").glob("app/**/*.py.meta")):
    source = str(meta.relative_to("mutants"))[: -len(".meta")]
    package = next((name for name, prefix in PACKAGES if source.startswith(prefix)), None)
    if package is None:
        continue
    for name, code in json.loads(meta.read_text())["exit_code_by_key"].items():
        status = status_by_exit_code[code]
        if name in equivalent and status in KILLED:
            killed_listed.append(name)
            status = "killed"
        elif name in equivalent:
            status = "equivalent"
        elif status in KILLED:
            status = "killed"
        elif status in ("survived", "no tests", "suspicious"):
            survivors.append(f"{status:9} {name}")
            status = "survived"
        for table in (rows[package], files[source]):
            table[status] += 1
            table["total"] += 1


def line(name: str, c: dict[str, int]) -> str:
    checked = c["killed"] + c["survived"]
    rate = f"{100 * c['killed'] / checked:5.1f} %" if checked else "    -  "
    return (f"| {name:32} | {c['killed']:6} | {c['survived']:8} | {c['equivalent']:10} | {c['not checked']:11} "
            f"| {c['total']:5} | {rate} |")


header = ("| package / file                   | killed | survived | equivalent | not checked | total | kill rate |\n"
          "|----------------------------------|-------:|---------:|-----------:|------------:|------:|----------:|")
if not rows:
    print("no results yet: run bash scripts/mutation.sh")
else:
    print("\nKill rate per package (killed / (killed + survived); equivalent and not-checked mutants left out)\n")
    print(header)
    for name, _prefix in PACKAGES:
        if name in rows:
            print(line(name, rows[name]))
    total: dict[str, int] = defaultdict(int)
    for counts in rows.values():
        for key, value in counts.items():
            total[key] += value
    print(line("all", total))
    print("\nPer file\n")
    print(header)
    for source in sorted(files):
        print(line(source, files[source]))
    if killed_listed:
        print(f"\n{len(killed_listed)} mutants listed as equivalent are killed (counted as killed; take them off the "
              "list, and run scripts/mutation_equivalents.py):\n  " + "\n  ".join(killed_listed))
    if survivors:
        Path("mutants/survivors.txt").write_text("\n".join(survivors) + "\n")
        print(f"\n{len(survivors)} surviving mutants listed in mutants/survivors.txt; "
              "see one with: .venv/bin/mutmut show NAME")
EOF
