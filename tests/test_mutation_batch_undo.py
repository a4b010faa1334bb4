"""A checked batch's inverse undoes its parts last first: parts that touch the same thing come back to what
was there before the batch, through the checked door and the unchecked one (undo) alike."""

from __future__ import annotations

import pytest

from app.model import load_map
from app.model.fileformat import map_to_bytes
from app.operations import changes as ch
from tests.conftest import SAMPLES


def batches(journey_map) -> dict[str, ch.Batch]:
    card = journey_map.cards[0]
    phases = [phase.id for phase in journey_map.phases]
    return {
        "one field set twice": ch.Batch(changes=[
            ch.SetFields(target="map", values={"title": "First"}),
            ch.SetFields(target="map", values={"title": "Second"})]),
        "a card moved twice": ch.Batch(changes=[
            ch.MoveCards(card_ids=[card.id], persona=card.persona, phase=phases[-1], lane=card.lane),
            ch.MoveCards(card_ids=[card.id], persona=card.persona, phase=phases[-2], lane=card.lane)]),
        "a card's text set, then the card removed": ch.Batch(changes=[
            ch.SetFields(target="card", item_id=card.id, values={"text": "changed"}),
            ch.RemoveCards(card_ids=[card.id])]),
    }


@pytest.mark.parametrize("name", ["one field set twice", "a card moved twice",
                                  "a card's text set, then the card removed"])
@pytest.mark.parametrize("undo", [ch.apply, ch.apply_checked], ids=["unchecked", "checked"])
def test_a_checked_batch_s_inverse_brings_back_the_map_before_it(name, undo):
    journey_map = load_map(SAMPLES / "fitness-watch.json")
    before = map_to_bytes(journey_map)
    inverse = ch.apply_checked(journey_map, batches(journey_map)[name])
    after = map_to_bytes(journey_map)
    assert after != before
    redo = undo(journey_map, inverse)
    assert map_to_bytes(journey_map) == before
    undo(journey_map, redo)
    assert map_to_bytes(journey_map) == after
