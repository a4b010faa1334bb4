"""A random sample of the mutants no run has checked yet, and what it says about all of them.

A full mutation run of the export modules takes days on two cores: a mutant that survives runs every test
that covers it (up to minutes for a workbook function). A seeded random sample, spread over the files in
proportion to their unchecked mutants, measures the kill rate of the rest in an hour (docs/mutation.md):

    .venv/bin/python scripts/mutation_sample.py draw     # writes mutants/sample.json, prints the names
    bash scripts/mutation.sh $(.venv/bin/python scripts/mutation_sample.py names)
    .venv/bin/python scripts/mutation_sample.py freeze   # keeps each sampled mutant's first verdict
    .venv/bin/python scripts/mutation_sample.py report   # the estimate per package, from the first verdicts
    .venv/bin/python scripts/mutation_sample.py report --file mutants/sample.json --file mutants/sample2.json  # pooled

A further sample (``--file mutants/sample2.json --seed 13``) is drawn from the mutants still unchecked then.

The first verdicts are what the tests of the day found; a mutant killed later by a test written for it
counts as a survivor in the estimate, as it should: it measures the tests as they were.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
import sys
from collections import defaultdict
from pathlib import Path

MUTANTS = Path("mutants")
SAMPLE = MUTANTS / "sample.json"
DOC = Path("docs/mutation.md")
#: package -> how many of its unchecked mutants to draw (the operations, recovery and undo commands are
#: checked whole)
QUOTA = {"app/model/": 40, "app/layout/": 40, "app/export/": 240}
KILLED = {"killed", "timeout", "segfault", "caught by type check"}
SURVIVED = {"survived", "no tests", "suspicious"}


def _verdicts() -> dict[str, tuple[str, str]]:
    """Every mutant's (source file, status) from mutmut's meta files."""
    from mutmut.stats import status_by_exit_code

    found = {}
    for meta in sorted(MUTANTS.glob("app/**/*.py.meta")):
        source = str(meta.relative_to(MUTANTS))[: -len(".meta")]
        for name, code in json.loads(meta.read_text("utf-8"))["exit_code_by_key"].items():
            found[name] = (source, status_by_exit_code[code])
    return found


def _equivalent() -> set[str]:
    text = DOC.read_text("utf-8") if DOC.exists() else ""
    section = text.split("## Equivalent mutants", 1)[1].split("\n## ", 1)[0] if "## Equivalent mutants" in text else ""
    return set(re.findall(r"`(app\.[^`\s]+__mutmut_\d+)`", section))


def draw(seed: int) -> dict:
    """Each package's quota, shared out over its files by their unchecked mutants (largest remainder, at
    least one a file), drawn at random."""
    by_file: dict[str, list[str]] = defaultdict(list)
    for name, (source, status) in sorted(_verdicts().items()):
        if status == "not checked":
            by_file[source].append(name)
    rng = random.Random(seed)
    strata = {}
    for prefix, quota in QUOTA.items():
        files = {f: names for f, names in sorted(by_file.items()) if f.startswith(prefix)}
        total = sum(len(names) for names in files.values())
        if not total:
            continue
        shares = {f: max(1.0, quota * len(names) / total) for f, names in files.items()}
        counts = {f: int(share) for f, share in shares.items()}
        left = max(0, quota - sum(counts.values()))
        for f in sorted(shares, key=lambda f: shares[f] - counts[f], reverse=True)[:left]:
            counts[f] += 1
        for f, count in counts.items():
            strata[f] = {"unchecked": len(files[f]), "names": rng.sample(files[f], min(count, len(files[f])))}
    return {"seed": seed, "strata": strata, "first_verdicts": {}}


def pooled(samples: list[dict]) -> dict:
    """Several samples as one: each file's names and first verdicts together, weighed by the first sample's count
    of its unchecked mutants (the later ones were drawn from what the earlier left)."""
    strata: dict[str, dict] = {}
    first: dict[str, str] = {}
    for sample in samples:
        for source, stratum in sample["strata"].items():
            known = strata.setdefault(source, {"unchecked": stratum["unchecked"], "names": []})
            known["names"] = known["names"] + stratum["names"]
        first.update(sample["first_verdicts"])
    return {"strata": strata, "first_verdicts": first}


def wilson(killed: int, checked: int, z: float = 1.96) -> tuple[float, float]:
    """The 95 % Wilson interval of a kill rate."""
    if not checked:
        return 0.0, 1.0
    p = killed / checked
    centre = (p + z * z / (2 * checked)) / (1 + z * z / checked)
    half = z * math.sqrt(p * (1 - p) / checked + z * z / (4 * checked * checked)) / (1 + z * z / checked)
    return max(0.0, centre - half), min(1.0, centre + half)


def report(sample: dict) -> str:
    """Per package: the sample's first verdicts and the kill rate they estimate for every unchecked mutant.

    Each file is weighted by its unchecked mutants (a file's share of the sample is rounded, and every file
    gets one); the interval is Wilson's on the package's plain counts, which the near-proportional draw makes
    a fair approximation. A second table puts the estimate together with what runs have checked.
    """
    equivalent = _equivalent()
    first = sample["first_verdicts"]
    rows = ["| package | sampled | of unchecked | killed | survived | equivalent | not run | estimated kill rate "
            "| 95 % interval |", "|---|---:|---:|---:|---:|---:|---:|---:|---|"]
    estimates = {}
    for prefix in QUOTA:
        strata = {f: s for f, s in sample["strata"].items() if f.startswith(prefix)}
        if not strata:
            continue
        counts = defaultdict(int)
        weighted_killed = weighted_checked = 0.0
        for stratum in strata.values():
            k = s = 0
            for name in stratum["names"]:
                verdict = first.get(name, "not checked")
                if name in equivalent:
                    counts["equivalent"] += 1
                elif verdict in KILLED:
                    counts["killed"] += 1
                    k += 1
                elif verdict in SURVIVED:
                    counts["survived"] += 1
                    s += 1
                else:
                    counts["not run"] += 1
            weight = stratum["unchecked"] / len(stratum["names"])
            weighted_killed += weight * k
            weighted_checked += weight * (k + s)
        checked = counts["killed"] + counts["survived"]
        low, high = wilson(counts["killed"], checked)
        rate = f"{100 * weighted_killed / weighted_checked:.1f} %" if weighted_checked else "-"
        rows.append(f"| {prefix.rstrip('/')} | {sum(len(s['names']) for s in strata.values())} "
                    f"| {sum(s['unchecked'] for s in strata.values()):,} | {counts['killed']} | {counts['survived']} "
                    f"| {counts['equivalent']} | {counts['not run']} | {rate} | {100 * low:.1f}–{100 * high:.1f} % |")
        if weighted_checked:
            sampled = sum(counts.values()) - counts["not run"]
            estimates[prefix] = (weighted_killed / weighted_checked, low, high, counts["equivalent"] / sampled)
    return "\n".join(rows) + "\n\n" + whole_packages(estimates, equivalent)


def whole_packages(estimates: dict[str, tuple[float, float, float, float]], equivalent: set[str]) -> str:
    """Each package's kill rate, its checked mutants as the runs found them and its unchecked ones as estimated:
    (killed + rate × unchecked not equivalent) / (killed + survived + unchecked not equivalent), the unchecked
    ones' equivalent share taken from the sample. The interval carries the estimate's interval through."""
    totals: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for name, (source, status) in _verdicts().items():
        prefix = next((p for p in estimates if source.startswith(p)), None)
        if prefix is None or name in equivalent:
            continue
        kind = "killed" if status in KILLED else "survived" if status in SURVIVED else "unchecked"
        totals[prefix][kind] += 1
    rows = ["| package | killed | survived | unchecked | estimated kill rate of all its mutants | 95 % interval |",
            "|---|---:|---:|---:|---:|---|"]
    for prefix, (rate, low, high, equivalent_share) in estimates.items():
        counts = totals[prefix]
        unchecked = counts["unchecked"] * (1 - equivalent_share)
        whole = counts["killed"] + counts["survived"] + unchecked
        middle, least, most = (100 * (counts["killed"] + p * unchecked) / whole if whole else 0.0
                               for p in (rate, low, high))
        rows.append(f"| {prefix.rstrip('/')} | {counts['killed']:,} | {counts['survived']:,} | {counts['unchecked']:,} "
                    f"| {middle:.1f} % | {least:.1f}–{most:.1f} % |")
    return "\n".join(rows)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["draw", "names", "freeze", "report"])
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--force", action="store_true", help="draw or freeze again over an existing sample")
    parser.add_argument("--file", type=Path, action="append", help=f"the sample's file (default {SAMPLE}); another "
                        "file draws a further sample, from the mutants still unchecked; report pools every file given")
    args = parser.parse_args(argv)
    files = args.file or [SAMPLE]
    if args.command == "report":
        print(report(pooled([json.loads(path.read_text("utf-8")) for path in files])))
        return 0
    args.file = files[0]
    if args.command == "draw":
        if args.file.exists() and not args.force:
            print(f"{args.file} exists; --force draws a new sample", file=sys.stderr)
            return 1
        sample = draw(args.seed)
        args.file.write_text(json.dumps(sample, indent=1, ensure_ascii=False), "utf-8")
        args.command = "names"
    sample = json.loads(args.file.read_text("utf-8"))
    names = [name for stratum in sample["strata"].values() for name in stratum["names"]]
    if args.command == "names":
        print("\n".join(names))
    else:  # freeze
        verdicts = _verdicts()
        first = sample["first_verdicts"]
        for name in names:
            status = verdicts.get(name, ("", "not checked"))[1]
            if status != "not checked" and (args.force or name not in first):
                first[name] = status
        args.file.write_text(json.dumps(sample, indent=1, ensure_ascii=False), "utf-8")
        print(f"{len(first)} of {len(names)} sampled mutants have their first verdict")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
