"""Issue 17's figures: the health check on the 10,000-card map, whole and live.

The editor's Checks dock keeps a live check: an edit marks the personas it touched, and
after a short rest only those are checked again, from the card index (no pass over the
map's cards). The figures: a whole check (opening a map, a change of structure or KPIs),
one persona checked again after a card edit (what a typing pause costs with the dock
open), and the card edit itself through the operations (what typing costs without it).
The check never runs inside an edit: these are the costs of the pause after one.
"""

from __future__ import annotations

from pathlib import Path

from bench.merge_bench import _median


def bench_health(path: Path, runs: int) -> dict:
    from app.insight.health import LiveCheck, check_map
    from app.model import load_map
    from app.operations import changes
    from app.operations.index import CardIndex

    journey_map = load_map(path)
    index = CardIndex(journey_map)

    def cards_of(persona_id: str):
        cards = [card for cell in index.cells(persona_id).values() for card in cell]
        return sorted(((index.position(card), card) for card in cards), key=lambda pair: pair[0])

    live = LiveCheck(journey_map, cards_of)
    card = journey_map.cards[len(journey_map.cards) // 2]
    texts = iter(range(10**6))

    def edit() -> None:
        changes.apply(journey_map, changes.SetFields(target="card", item_id=card.id,
                                                     values={"text": f"edited {next(texts)}"}), index)

    def update() -> None:
        live.update({card.persona})
        live.findings()

    whole = _median(lambda: check_map(journey_map), runs)
    edit_s = _median(edit, runs)
    update_s = _median(lambda: (edit(), update()), runs) - edit_s
    assert live.findings() == check_map(journey_map)
    return {"cards": len(journey_map.cards), "personas": len(journey_map.personas),
            "whole_check_s": whole, "persona_update_s": update_s, "edit_s": edit_s,
            "update_share": update_s / whole}


def health_rows(h: dict) -> list[tuple[str, str, str, str]]:
    return [
        (f"Health check of the whole {h['cards']:,}-card map ({h['personas']} personas)",
         f"{h['whole_check_s'] * 1000:.1f} ms", "", ""),
        ("  live: the persona an edit touched checked again", f"{h['persona_update_s'] * 1000:.1f} ms", "", ""),
        ("  share of a whole check", f"{h['update_share']:.0%}", "", ""),
        ("  the card edit itself (operations, no canvas)", f"{h['edit_s'] * 1000:.2f} ms", "", ""),
    ]


def main() -> int:
    """``python -m bench.health_bench``: only these rows, on the benchmark's largest map."""
    import tempfile

    from bench.__main__ import make_maps

    with tempfile.TemporaryDirectory() as temp:
        paths = make_maps(Path(temp), ["large"])
        results = bench_health(paths["large"], 7)
    for row in health_rows(results):
        print(" | ".join(part for part in row if part))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
