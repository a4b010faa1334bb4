"""Issue 15's figures: the semantic diff and the three-way merge of two 10,000-card maps against ``json.loads``.

Each side of the merge changed 100 cards of its own (text, severity, a move to
another cell), as two branches of a team would; the diff compares the base with
one side. A ratio is the median time of the operation (maps already loaded, as
``journeymap diff`` and ``merge`` have them after reading) over the median time
of ``json.loads`` of the same files: two files for the diff, three for the merge.
"""

from __future__ import annotations

import json
import random
import statistics
import time
from pathlib import Path

#: cards each side of the merge changes
CHANGED_PER_SIDE = 100


def _median(action, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _side(base, card_ids: list[str], seed: int):
    """A copy of the map with these cards changed: text, severity, and every fifth moved to another phase."""
    rng = random.Random(seed)
    side = base.model_copy(deep=True)
    phases = [phase.id for phase in side.phases]
    for n, card_id in enumerate(card_ids):
        card = side.card(card_id)
        card.text = f"{card.text} (edited on branch {seed})"
        card.severity = rng.randint(1, 5)
        if n % 5 == 0:
            card.phase = rng.choice([p for p in phases if p != card.phase])
    return side


def bench_merge(path: Path, runs: int, folder: Path) -> dict:
    from app.merge.diff import differences
    from app.merge.three_way import merge_maps
    from app.model import load_map, save_map

    base = load_map(path)
    rng = random.Random(15)
    per_side = min(CHANGED_PER_SIDE, len(base.cards) // 4)  # --quick's small map has 100 cards
    chosen = rng.sample([card.id for card in base.cards], 2 * per_side)
    ours, theirs = _side(base, chosen[:per_side], 1), _side(base, chosen[per_side:], 2)
    files = {}
    for name, journey_map in (("base", base), ("ours", ours), ("theirs", theirs)):
        files[name] = folder / f"merge-{name}.json"
        save_map(journey_map, files[name])
    texts = {name: file.read_text("utf-8") for name, file in files.items()}

    result = merge_maps(base, ours, theirs)
    if not result.clean or sum(1 for d in differences(base, result.merged) if d.target == "card") != len(chosen):
        raise RuntimeError("the benchmark's merge did not keep both sides' 100 cards each")
    loads_two = _median(lambda: [json.loads(texts[name]) for name in ("base", "ours")], runs)
    loads_three = _median(lambda: [json.loads(text) for text in texts.values()], runs)
    diff_s = _median(lambda: differences(base, ours), runs)
    merge_s = _median(lambda: merge_maps(base, ours, theirs), runs)
    return {"cards": len(base.cards), "changed_per_side": per_side,
            "diff_s": diff_s, "json_loads_two_s": loads_two, "diff_ratio": diff_s / loads_two,
            "merge_s": merge_s, "json_loads_three_s": loads_three, "merge_ratio": merge_s / loads_three}


def merge_rows(m: dict, target: float, verdict) -> list[tuple[str, str, str, str]]:
    return [
        (f"Diff of two {m['cards']:,}-card maps ({m['changed_per_side']} cards changed)",
         f"{m['diff_s'] * 1000:.0f} ms", "", ""),
        ("  json.loads of the two files", f"{m['json_loads_two_s'] * 1000:.0f} ms", "", ""),
        ("  ratio to json.loads", f"{m['diff_ratio']:.2f}x", f"≤ {target}x", verdict(m["diff_ratio"], target)),
        (f"Merge of two branches of a {m['cards']:,}-card map, {m['changed_per_side']} cards changed on each",
         f"{m['merge_s'] * 1000:.0f} ms", "", ""),
        ("  json.loads of the three files", f"{m['json_loads_three_s'] * 1000:.0f} ms", "", ""),
        ("  ratio to json.loads", f"{m['merge_ratio']:.2f}x", f"≤ {target}x", verdict(m["merge_ratio"], target)),
    ]


def main() -> int:
    """``python -m bench.merge_bench``: only these rows, on the benchmark's largest map."""
    import tempfile

    from app.model import save_map
    from bench.__main__ import SIZES, TARGETS, verdict
    from bench.maps import big_map

    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        path = folder / "large.json"
        save_map(big_map(*SIZES["large"], seed=11), path)  # the map the whole benchmark uses
        rows = merge_rows(bench_merge(path, 7, folder), TARGETS["merge_ratio"], verdict)
    width = max(len(row[0]) for row in rows)
    for what, value, target, result in rows:
        print(f"{what.ljust(width)}  {value:>10}  {target:>10}  {result}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
