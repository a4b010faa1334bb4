"""Semantic diff and three-way merge (issue 15): properties on generated maps and random edits made with the
real change layer, and the merge rules one by one."""

from __future__ import annotations

import contextlib
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.merge.diff import changes_between, differences
from app.merge.three_way import merge_maps, merge_order
from app.model import Card, JourneyMap, load_map, map_from_bytes, map_problems, map_to_bytes
from app.model.schema import has_unknown_fields
from app.operations import changes as ch
from tests.conftest import SAMPLE_FILES
from tests.strategies import hostile_map_documents, journey_maps, map_changes

#: generated maps, the samples, and maps with hostile text and unknown fields of a newer version everywhere,
#: read as a file delivers them (JSON text: a surrogate pair in it is one character)
MAPS = journey_maps(max_cards=12) | st.sampled_from(SAMPLE_FILES).map(load_map) | hostile_map_documents(
    max_cards=8).map(lambda data: map_from_bytes(json.dumps(data).encode()))


@st.composite
def edited(draw, base: JourneyMap, max_steps: int = 6) -> JourneyMap:
    """A copy of ``base`` after a few random changes made through the change layer's door."""
    journey_map = base.model_copy(deep=True)
    for _step in range(draw(st.integers(0, max_steps))):
        with contextlib.suppress(ch.ChangeRefusedError):
            ch.apply_checked(journey_map, draw(map_changes(journey_map)))
    return journey_map


def copy(journey_map: JourneyMap) -> JourneyMap:
    return journey_map.model_copy(deep=True)


def assert_whole(journey_map: JourneyMap) -> None:
    """Keeps every rule, saves, loads back equal and saves to the same bytes."""
    assert map_problems(journey_map) == []
    data = map_to_bytes(journey_map)
    again = map_from_bytes(data)
    assert again == journey_map
    assert map_to_bytes(again) == data


# --- diff ------------------------------------------------------------------------------


@settings(max_examples=60)
@given(data=st.data())
def test_the_diff_of_two_maps_applied_to_the_first_gives_the_second(data):
    a = data.draw(MAPS, label="a")
    # an edited copy, or an unrelated map under a's id (a map's id never changes): its objects replace a's
    b = data.draw(edited(a) | MAPS.map(lambda other: other.model_copy(update={"id": a.id})), label="b")
    changes = changes_between(a, b)
    result = copy(a)
    ch.apply_checked(result, ch.Batch(changes=changes))
    if has_unknown_fields(b):  # such a map keeps the version its file says: a change never sets a file's version
        result.__dict__["schema_version"] = b.schema_version
    assert result == b
    assert map_to_bytes(result) == map_to_bytes(b)
    assert (differences(a, b) == []) == (a == b) or _only_list_order_differs(a, b)


def _only_list_order_differs(a: JourneyMap, b: JourneyMap) -> bool:
    """Cards in another order of the file but each cell's order the same: no difference a person sees."""
    return differences(a, b) == [] and sorted(a.cards, key=lambda c: c.id) == sorted(b.cards, key=lambda c: c.id)


@given(a=MAPS)
def test_a_map_does_not_differ_from_itself(a):
    assert differences(a, copy(a)) == []
    assert changes_between(a, copy(a)) == []


def test_the_diff_names_each_kind_of_difference():
    a = load_map(SAMPLE_FILES[0])
    b = copy(a)
    first, second, third = b.cards[0], b.cards[1], b.cards[2]
    first.text = "new words"
    first.severity = 4
    second.phase = next(p.id for p in b.phases if p.id != second.phase)
    b.cards.remove(third)
    b.cards.append(Card(id="c-new", persona=first.persona, phase=first.phase, lane=first.lane, text="added"))
    b.phases[0].name = "Renamed"
    b.lanes.insert(0, b.lanes.pop())
    b.emotions[0].score = -b.emotions[0].score or 1
    b.title = "Another title"
    found = {(d.kind, d.target, d.item_id): d for d in differences(a, b)}
    assert found[("changed", "card", first.id)].fields == {"text": (a.cards[0].text, "new words"),
                                                          "severity": (a.cards[0].severity, 4)}
    assert found[("changed", "card", second.id)].fields["cell"][1][1] == second.phase
    assert ("removed", "card", third.id) in found
    assert ("added", "card", "c-new") in found
    assert found[("changed", "phase", a.phases[0].id)].fields["name"] == (a.phases[0].name, "Renamed")
    assert "position" in found[("changed", "lane", a.lanes[-1].id)].fields
    point = b.emotions[0]
    assert found[("changed", "emotion", f"{point.persona}/{point.phase}")].fields["score"][1] == point.score
    assert found[("changed", "map", a.id)].fields["title"] == (a.title, "Another title")


def test_a_card_moved_within_its_cell_is_a_move_and_the_others_are_not():
    a = load_map(SAMPLE_FILES[0])
    cell = next((c.persona, c.phase, c.lane) for c in a.cards
                if len(a.cards_in(c.persona, c.phase, c.lane)) >= 3)
    in_cell = a.cards_in(*cell)
    b = copy(a)
    last = next(c for c in b.cards if c.id == in_cell[-1].id)
    ch.apply_checked(b, ch.MoveCards(card_ids=[last.id], persona=cell[0], phase=cell[1], lane=cell[2], position=0))
    moved = [d for d in differences(a, b) if d.kind == "changed"]
    assert [(d.item_id, list(d.fields)) for d in moved] == [(last.id, ["position"])]


# --- merge: properties -----------------------------------------------------------------------


@settings(max_examples=50)
@given(data=st.data())
def test_merging_with_an_unchanged_side_gives_the_other_side(data):
    base = data.draw(MAPS, label="base")
    x = data.draw(edited(base), label="x")
    assert merge_maps(base, x, copy(base)).merged == x
    assert merge_maps(base, copy(base), x).merged == x
    assert merge_maps(base, x, copy(x)).merged == x
    for result in (merge_maps(base, x, copy(base)), merge_maps(base, copy(base), x)):
        assert result.clean


@settings(max_examples=60)
@given(data=st.data())
def test_every_merge_keeps_every_rule_and_saves_and_loads(data):
    base = data.draw(MAPS, label="base")
    x = data.draw(edited(base), label="x")
    y = data.draw(edited(base), label="y")
    result = merge_maps(base, x, y, ours_label="ours", theirs_label="theirs")
    assert_whole(result.merged)
    again = copy(x)
    ch.apply_checked(again, ch.Batch(changes=result.changes))
    assert again == result.merged
    recorded = result.merged.conflicts or []
    assert all(conflict in recorded for conflict in result.conflicts)
    if result.conflicts:
        assert result.merged.schema_version == "1.1"


@st.composite
def disjoint_edits(draw):
    """A base map and two sides that change disjoint cards (fields, cells, removal) and add cards of their own."""
    base = draw(MAPS)
    ids = [card.id for card in base.cards]
    mine = set(draw(st.lists(st.sampled_from(ids), unique=True))) if ids else set()
    sides = []
    for name, owned in (("x", mine), ("y", set(ids) - mine)):
        side = copy(base)
        touched: dict[str, str] = {}
        for card_id in sorted(owned):
            what = draw(st.sampled_from(["text", "severity", "cell", "remove", "nothing"]), label=f"{name} {card_id}")
            card = side.card(card_id)
            if what == "text":
                ch.apply_checked(side, ch.SetFields(target="card", item_id=card_id, values={"text": f"{name} wrote"}))
            elif what == "severity":
                ch.apply_checked(side, ch.SetFields(target="card", item_id=card_id,
                                                    values={"severity": 5 if card.severity != 5 else 1}))
            elif what == "cell":
                phase = draw(st.sampled_from([p.id for p in side.phases]))
                ch.apply_checked(side, ch.MoveCards(card_ids=[card_id], persona=card.persona, phase=phase,
                                                    lane=card.lane, position=draw(st.none() | st.integers(0, 3))))
            elif what == "remove":
                ch.apply_checked(side, ch.RemoveCards(card_ids=[card_id]))
            touched[card_id] = what
        lanes = [lane.id for lane in side.lanes if lane.kind != "emotions"]
        for k in range(draw(st.integers(0, 3)) if lanes else 0):
            card = Card(id=f"{name}-new-{k}", persona=draw(st.sampled_from([p.id for p in side.personas])),
                        phase=draw(st.sampled_from([p.id for p in side.phases])),
                        lane=draw(st.sampled_from(lanes)), text=f"{name} added {k}")
            ch.apply_checked(side, ch.AddCards(placed=[(len(side.cards), card)]))
            touched[card.id] = "added"
        sides.append((side, touched))
    return base, sides


@settings(max_examples=80)
@given(case=disjoint_edits())
def test_changes_to_different_cards_merge_cleanly_with_both_sides_work(case):
    base, ((x, x_touched), (y, y_touched)) = case
    result = merge_maps(base, x, y)
    assert result.clean, result.conflicts
    merged = {card.id: card for card in result.merged.cards}
    for side, touched in ((x, x_touched), (y, y_touched)):
        for card_id, what in touched.items():
            if what == "remove":
                assert card_id not in merged
            else:
                assert merged[card_id] == side.card(card_id)
    untouched = {card.id for card in base.cards} - set(x_touched) - set(y_touched)
    for card_id in untouched:
        assert merged[card_id] == base.card(card_id)
    def cell(card: Card) -> tuple[str, str, str]:
        return (card.persona, card.phase, card.lane)

    def cells_touched(side: JourneyMap, touched: dict[str, str]) -> set[tuple[str, str, str]]:
        """Cells a side changed the cards of: where its cards went, came from, or were added."""
        found = {cell(side.card(i)) for i, what in touched.items() if what in ("cell", "added")}
        return found | {cell(base.card(i)) for i, what in touched.items() if what in ("cell", "remove")}

    x_cells, y_cells = cells_touched(x, x_touched), cells_touched(y, y_touched)
    for side, mine, others in ((x, x_cells, y_cells), (y, y_cells, x_cells)):
        for place in mine - others:  # a cell only this side changed: its order, as that side left it
            assert [c.id for c in result.merged.cards_in(*place)] == [c.id for c in side.cards_in(*place)]
    for place in {cell(c) for c in base.cards}:  # cards nobody touched keep their order in every cell
        still = [c.id for c in base.cards_in(*place) if c.id in untouched]
        assert [c.id for c in result.merged.cards_in(*place) if c.id in untouched] == still
    assert_whole(result.merged)


# --- merge: the rules -------------------------------------------------------------------------


@pytest.fixture
def base() -> JourneyMap:
    return load_map(SAMPLE_FILES[0])


def test_different_fields_of_one_card_merge_and_a_move_merges_with_a_text_edit(base):
    card = base.cards[0]
    x, y = copy(base), copy(base)
    x.card(card.id).text = "ours"
    y.card(card.id).severity = 2
    other_phase = next(p.id for p in base.phases if p.id != card.phase)
    ch.apply_checked(y, ch.MoveCards(card_ids=[card.id], persona=card.persona, phase=other_phase, lane=card.lane))
    result = merge_maps(base, x, y)
    assert result.clean
    merged = result.merged.card(card.id)
    assert (merged.text, merged.severity, merged.phase) == ("ours", 2, other_phase)


def test_one_field_changed_both_ways_is_a_conflict_the_map_holds_ours_and_records_both(base):
    card = base.cards[0]
    x, y = copy(base), copy(base)
    x.card(card.id).text = "ours"
    y.card(card.id).text = "theirs"
    result = merge_maps(base, x, y, ours_label="main", theirs_label="feature")
    assert [(c.kind, c.target, c.item_id, c.field, c.base, c.ours, c.theirs, c.ours_label, c.theirs_label)
            for c in result.conflicts] == [("changed", "card", card.id, "text", card.text, "ours", "theirs",
                                            "main", "feature")]
    assert result.merged.card(card.id).text == "ours"
    assert result.merged.conflicts == result.conflicts
    assert_whole(result.merged)


def test_moves_to_two_different_cells_conflict_as_one_cell(base):
    card = base.cards[0]
    phases = [p.id for p in base.phases if p.id != card.phase]
    x, y = copy(base), copy(base)
    x.card(card.id).phase = phases[0]
    y.card(card.id).phase = phases[1]
    (conflict,) = merge_maps(base, x, y).conflicts
    assert conflict.field == "cell"
    assert conflict.ours == [card.persona, phases[0], card.lane]
    assert conflict.theirs == [card.persona, phases[1], card.lane]


@pytest.mark.parametrize("remover", ["ours", "theirs"])
def test_a_card_removed_on_one_side_and_changed_on_the_other_stays_with_a_conflict(base, remover):
    card = base.cards[0]
    removed, changed = copy(base), copy(base)
    ch.apply_checked(removed, ch.RemoveCards(card_ids=[card.id]))
    changed.card(card.id).text = "still needed"
    x, y = (removed, changed) if remover == "ours" else (changed, removed)
    result = merge_maps(base, x, y)
    (conflict,) = result.conflicts
    assert (conflict.kind, conflict.target, conflict.item_id, conflict.field) == (
        f"removed_by_{remover}", "card", card.id, None)
    assert result.merged.card(card.id).text == "still needed"
    kept = conflict.theirs if remover == "ours" else conflict.ours
    assert kept["text"] == "still needed"


@pytest.mark.parametrize("remover", ["ours", "theirs"])
def test_a_phase_removed_on_one_side_stays_when_the_other_added_a_card_to_it(base, remover):
    phase = base.phases[-1]
    removed, added = copy(base), copy(base)
    ch.apply_checked(removed, ch.RemoveItem(target="phase", item_id=phase.id))
    lane = next(lane.id for lane in base.lanes if lane.kind != "emotions")
    card = Card(id="c-late", persona=base.personas[0].id, phase=phase.id, lane=lane, text="late idea")
    ch.apply_checked(added, ch.AddCards(placed=[(len(added.cards), card)]))
    x, y = (removed, added) if remover == "ours" else (added, removed)
    result = merge_maps(base, x, y)
    assert result.merged.card("c-late").phase == phase.id
    assert [(c.kind, c.target, c.item_id) for c in result.conflicts] == [(f"removed_by_{remover}", "phase", phase.id)]
    untouched = [c.id for c in base.cards if c.phase == phase.id]
    assert not any(c.id in untouched for c in result.merged.cards), "the remover's removal of the rest holds"
    assert_whole(result.merged)


def test_a_phase_removed_on_one_side_and_untouched_on_the_other_is_gone_with_its_cards(base):
    phase = base.phases[-1]
    x = copy(base)
    ch.apply_checked(x, ch.RemoveItem(target="phase", item_id=phase.id))
    y = copy(base)
    y.title = "their title"
    result = merge_maps(base, x, y)
    assert result.clean
    assert phase.id not in [p.id for p in result.merged.phases]
    assert not any(c.phase == phase.id for c in result.merged.cards)
    assert result.merged.title == "their title"


def test_the_same_id_added_on_both_sides_for_different_cards_keeps_both(base):
    lane = next(lane.id for lane in base.lanes if lane.kind != "emotions")
    where = {"persona": base.personas[0].id, "phase": base.phases[0].id, "lane": lane}
    x, y = copy(base), copy(base)
    x.cards.append(Card(id="c-99", text="ours", **where))
    y.cards.append(Card(id="c-99", text="theirs", **where))
    result = merge_maps(base, x, y)
    assert result.clean
    texts = sorted(c.text for c in result.merged.cards if c.text in ("ours", "theirs"))
    assert texts == ["ours", "theirs"]


def test_both_sides_insertions_survive_in_order(base):
    x, y = copy(base), copy(base)
    first, second = base.phases[0].id, base.phases[1].id
    ch.apply_checked(x, ch.InsertItem(target="phase", index=1, item=x.phases[0].model_copy(
        update={"id": "x-phase", "name": "X"})))
    ch.apply_checked(y, ch.InsertItem(target="phase", index=2, item=y.phases[0].model_copy(
        update={"id": "y-phase", "name": "Y"})))
    order = [p.id for p in merge_maps(base, x, y).merged.phases]
    assert order[:4] == [first, "x-phase", second, "y-phase"]


def test_a_reorder_on_one_side_and_an_insertion_on_the_other_both_hold():
    assert merge_order(["a", "b", "c"], ["a", "b", "n", "c"], ["c", "b", "a"], {"a", "b", "c", "n"}) == [
        "c", "b", "n", "a"]
    assert merge_order(["a", "b", "c"], ["c", "a", "b"], ["a", "x", "b", "c"], {"a", "b", "c", "x"}) == [
        "c", "a", "x", "b"]


def test_the_later_modified_time_wins_without_a_conflict(base):
    x, y = copy(base), copy(base)
    x.title, y.description = "ours", "theirs"
    x.modified = x.modified.replace(year=2030)
    y.modified = y.modified.replace(year=2031)
    result = merge_maps(base, x, y)
    assert result.clean
    assert result.merged.modified.year == 2031
    assert (result.merged.title, result.merged.description) == ("ours", "theirs")


def test_unknown_fields_of_a_newer_version_merge_like_known_ones(base):
    data = base.model_dump(mode="json")
    data["cards"][0]["mood"] = "calm"
    older = JourneyMap.model_validate(data)
    x, y = copy(older), copy(older)
    x.cards[0].mood = "tense"  # type: ignore[attr-defined]
    y.cards[0].text = "theirs"
    merged = merge_maps(older, x, y).merged.cards[0]
    assert (merged.mood, merged.text) == ("tense", "theirs")  # type: ignore[attr-defined]


def test_the_same_phase_id_added_on_both_sides_keeps_both_phases_with_their_cards(base):
    lane = next(lane.id for lane in base.lanes if lane.kind != "emotions")
    persona = base.personas[0].id
    sides = []
    for who in ("ours", "theirs"):
        side = copy(base)
        ch.apply_checked(side, ch.InsertItem(target="phase", index=1, item=side.phases[0].model_copy(
            update={"id": "p-new", "name": f"{who} phase"})))
        ch.apply_checked(side, ch.AddCards(placed=[(len(side.cards), Card(
            id=f"c-{who}", persona=persona, phase="p-new", lane=lane, text=f"{who} card"))]))
        sides.append(side)
    merged = merge_maps(base, *sides).merged
    names = {p.id: p.name for p in merged.phases}
    assert names["p-new"] == "ours phase"
    (other,) = [p.id for p in merged.phases if p.name == "theirs phase"]
    assert merged.card("c-ours").phase == "p-new"
    assert merged.card("c-theirs").phase == other != "p-new"
    assert_whole(merged)
