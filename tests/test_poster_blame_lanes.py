"""A poster too tall because of its number of lanes says so: with every lane at its least height no cell is to
blame, and the phases are not either (the grid is limited by its height), so the refusal counts the lanes."""

from __future__ import annotations

import pytest

from app.model import Card, JourneyMap, Lane, Persona, Phase
from tests.test_mutation_fault_refusal import cells_named, one_lane_map


def many_lanes(lanes: int, phases: int) -> JourneyMap:
    """``lanes`` lanes over ``phases`` steps, one card of 40 words in every cell: wide columns make each a line."""
    lane_list = [Lane(id=f"l{j}", name=f"Lane {j + 1}") for j in range(lanes)]
    phase_list = [Phase(id=f"ph{i}", name=f"Step {i + 1}") for i in range(phases)]
    text = " ".join(f"word{i % 10}" for i in range(40))
    cards = [Card(id=f"c{j}-{i}", persona="p", phase=phase.id, lane=lane.id, text=text)
             for j, lane in enumerate(lane_list) for i, phase in enumerate(phase_list)]
    return JourneyMap(id="l", title="Lanes", phases=phase_list, lanes=lane_list,
                      personas=[Persona(id="p", name="Pat")], cards=cards)


@pytest.mark.parametrize(("language", "expected"), [
    ("en", "all {} lanes one above the other"), ("de", "alle {} Zeilen untereinander")])
@pytest.mark.parametrize(("lanes", "phases"), [(60, 1), (60, 3), (90, 2)])
def test_a_grid_too_tall_at_its_least_heights_names_its_lanes(lanes: int, phases: int, language: str,
                                                              expected: str, tmp_path):
    assert cells_named(many_lanes(lanes, phases), language, tmp_path) == expected.format(lanes)


@pytest.mark.parametrize("language", ["en", "de"])
def test_a_grid_too_wide_still_names_its_phases(language: str, tmp_path):
    expected = {"en": "all 40 phases side by side", "de": "alle 40 Phasen nebeneinander"}[language]
    assert cells_named(one_lane_map(40, 1, 3), language, tmp_path) == expected
