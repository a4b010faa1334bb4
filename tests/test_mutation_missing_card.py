"""An edit of a card that is not there is refused in words that name the card, checked with or without the
document's card index."""

from __future__ import annotations

import pytest

from app.model import load_map
from app.operations import changes as ch
from app.operations.index import CardIndex
from tests.conftest import SAMPLES


@pytest.mark.parametrize("indexed", [False, True], ids=["no index", "index"])
@pytest.mark.parametrize("change", [
    ch.SetFields(target="card", item_id="c-gone", values={"text": "x"}),
    ch.SetUnknownFields(target="card", item_id="c-gone", values={"x-note": 1}),
], ids=["fields", "unknown fields"])
def test_an_edit_of_a_card_that_is_not_there_is_refused_naming_it(change, indexed):
    journey_map = load_map(SAMPLES / "fitness-watch.json")
    index = CardIndex(journey_map) if indexed else None
    with pytest.raises(ch.ChangeRefusedError) as refused:
        ch.apply_checked(journey_map, change, index)
    assert refused.value.problems == ["there is no card 'c-gone'"]


@pytest.mark.parametrize("target", ["phase", "lane", "persona"])
def test_an_edit_of_a_phase_lane_or_persona_that_is_not_there_is_refused_naming_it(target):
    journey_map = load_map(SAMPLES / "fitness-watch.json")
    with pytest.raises(ch.ChangeRefusedError) as refused:
        ch.apply_checked(journey_map, ch.SetFields(target=target, item_id="gone", values={"name": "x"}))
    assert refused.value.problems == [f"there is no {target} 'gone'"]
