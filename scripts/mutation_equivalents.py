"""Check that every mutant docs/mutation.md lists as equivalent is still the mutant that was looked at.

mutmut numbers a function's mutants in the order it makes them, so a change to a function renumbers them: a
name listed as equivalent may then name another mutant, which the report would leave out of the kill rate.
For each listed name this compares the mutant's change (the code and what it becomes) at the commit that first
listed the name with the change the same name makes in the working tree, and prints the names that differ with
the numbers the listed change has now. Run it after changing a function with listed mutants:

    .venv/bin/python scripts/mutation_equivalents.py [--since COMMIT]

A name is compared with the code at the first commit from which its entry (the bullet naming it, reason and
all) reads as it does now, or at ``--since`` when it read so before (default: the first commit of the list), so
that an entry renumbered by hand counts from its renumbering. Needs mutmut (``bash scripts/mutation.sh``
installs it) and the repository's history.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from functools import cache
from pathlib import Path

import libcst as cst
from mutmut.mutation.file_mutation import create_mutations

ROOT = Path(__file__).resolve().parent.parent
DOC = "docs/mutation.md"
NAME = re.compile(r"`(app\.[^`\s]+__mutmut_\d+)`")

#: (class or "", function) → {number: (code, mutated code)}
Mutants = dict[tuple[str, str], dict[int, tuple[str, str]]]


def git(*args: str) -> str:
    return subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True, check=True).stdout


def listed(text: str) -> dict[str, str]:
    """The names in the document's "Equivalent mutants" section, each with the text of the entry naming it."""
    if "## Equivalent mutants" not in text:
        return {}
    section = text.split("## Equivalent mutants", 1)[1].split("\n## ", 1)[0]
    return {name: entry for entry in re.split(r"\n- ", section) for name in NAME.findall(entry)}


@cache
def mutants(revision: str | None, path: str) -> Mutants:
    """mutmut's mutants of ``path`` at ``revision`` (None: the working tree), numbered per function as it does."""
    try:
        code = (ROOT / path).read_text("utf-8") if revision is None else git("show", f"{revision}:{path}")
    except (OSError, subprocess.CalledProcessError):
        return {}
    module, made, *_rest = create_mutations(path, code)
    owner = {id(item): node.name.value for node in module.body if isinstance(node, cst.ClassDef)
             for item in node.body.body if isinstance(item, cst.FunctionDef)}
    found: Mutants = {}
    for mutation in made:
        function = mutation.contained_by_top_level_function
        if isinstance(function, cst.FunctionDef):
            numbered = found.setdefault((owner.get(id(function), ""), function.name.value), {})
            numbered[len(numbered) + 1] = (module.code_for_node(mutation.original_node),
                                           module.code_for_node(mutation.mutated_node))
    return found


def locate(name: str) -> tuple[str, tuple[str, str], int]:
    """``app.export.pdf.xǁPosterPlannerǁpage__mutmut_7`` → ("app/export/pdf.py", ("PosterPlanner", "page"), 7)."""
    function, number = name.rsplit("__mutmut_", 1)
    if "ǁ" in function:
        module, owner, method = function.split(".xǁ", 1)[0], *function.split("ǁ")[1:3]
        key = (owner, method)
    else:
        module, plain = function.split(".x_", 1)
        key = ("", plain)
    return module.replace(".", "/") + ".py", key, int(number)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--since", help="compare names listed before this commit with the code at it")
    args = parser.parse_args(argv)
    history = git("log", "--reverse", "--format=%h", "--", DOC).split()
    since = args.since or history[0]
    names = listed((ROOT / DOC).read_text("utf-8"))
    # newest first: a name counts from the oldest commit after which its entry reads as now
    commits = [*reversed(git("log", "--reverse", "--format=%h", f"{since}..HEAD", "--", DOC).split()), since]
    listed_at: dict[str, str | None] = dict.fromkeys(names)
    unchanged = set(names)
    for commit in commits:
        then = listed(git("show", f"{commit}:{DOC}"))
        unchanged = {name for name in unchanged if then.get(name) == names[name]}
        for name in unchanged:
            listed_at[name] = commit
    moved = 0
    for name in sorted(names):
        path, function, number = locate(name)
        then = mutants(listed_at[name], path).get(function, {}).get(number)
        now = mutants(None, path).get(function, {})
        if now.get(number) != then:
            moved += 1
            numbers = [n for n, change in now.items() if change == then]
            print(f"{name}: listed as {then}; now {now.get(number)}; the listed change is now {numbers or 'gone'}")
    print(f"{len(names)} listed, {moved} no longer the mutant looked at", file=sys.stderr)
    return 1 if moved else 0


if __name__ == "__main__":
    sys.exit(main())
