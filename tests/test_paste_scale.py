"""A paste of thousands of cards is one change, one layout pass and one pass over the cards: the work it
and its undo do grows with the cards pasted and the map, never with their product (5,000 cards pasted
into a 20,000-card map took 75 s, and 14 s to undo).

The work is counted, not timed: the lines of Python run in the change layer, the card index, the
controller, the document and the scene's mirror, the layout passes, the signals sent and the items made.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

import app.operations
import app.operations.changes
import app.operations.index
import app.ui.card_mirror
import app.ui.commands
import app.ui.controller
import app.ui.document
import app.ui.items
import app.ui.scene
from app.model import Card, JourneyMap, Lane, Persona, Phase
from app.model import schema as model_schema
from app.operations import changes
from app.operations.index import CardIndex
from bench.maps import big_map

#: the modules whose Python lines are counted
COUNTED = [app.operations, app.operations.changes, app.operations.index, app.ui.card_mirror, app.ui.commands,
           app.ui.controller, app.ui.document, app.ui.items, app.ui.scene]


class LineCounter:
    """Counts the lines of Python run in the counted modules (each turn of a loop counts again)."""

    def __init__(self, *more) -> None:
        self.files = {str(Path(module.__file__).resolve()) for module in [*COUNTED, *more]}
        self.lines = 0

    def _call(self, frame, event, arg):
        return self._line if frame.f_code.co_filename in self.files else None

    def _line(self, frame, event, arg):
        if event == "line":
            self.lines += 1
        return self._line

    def __enter__(self) -> LineCounter:
        self._before = sys.gettrace()
        sys.settrace(self._call)
        return self

    def __exit__(self, *exc) -> None:
        sys.settrace(self._before)


def index_cells(index: CardIndex, journey_map: JourneyMap) -> dict:
    """Every non-empty cell of the index as card ids, to compare with a fresh index."""
    return {(persona.id, *key): [card.id for card in cards]
            for persona in journey_map.personas for key, cards in index.cells(persona.id).items() if cards}


def assert_index_current(index: CardIndex, journey_map: JourneyMap) -> None:
    assert index_cells(index, journey_map) == index_cells(CardIndex(journey_map), journey_map)
    assert all(journey_map.cards[index.position(card)] is card for card in journey_map.cards)
    assert {card.id for card in journey_map.cards} == set(index.by_id)


# --- the change layer, without Qt ---------------------------------------------------


class ShiftCounting(list):
    """A card list that counts the cards its inserts, deletes and slice assignments move or copy
    (work Python's list does in C, which no line counts)."""

    moved = 0

    def insert(self, index, item) -> None:
        self.moved += max(0, len(self) - max(index, 0))
        super().insert(index, item)

    def __delitem__(self, key) -> None:
        self.moved += len(self) - (key.start or 0 if isinstance(key, slice) else key % len(self))
        super().__delitem__(key)

    def __setitem__(self, key, value) -> None:
        if isinstance(key, slice):
            value = list(value)
            self.moved += len(self) + len(value)
        super().__setitem__(key, value)


def change_work(map_cards: int, pasted: int) -> tuple[int, int]:
    """Lines run and cards moved in the list to add ``pasted`` cards at the end of one cell of a map
    (checked, as the editor does) and to undo it."""
    journey_map = big_map(map_cards, personas=5, phases=4, lanes=3, seed=5)
    journey_map.__dict__["cards"] = cards = ShiftCounting(journey_map.cards)  # no validation: the same cards
    index = CardIndex(journey_map)
    cell = ("pe1", "ph2", "ln1")
    at = index.insert_position(*cell, None)
    new = [Card(id=f"new{i}", persona=cell[0], phase=cell[1], lane=cell[2], text=str(i)) for i in range(pasted)]
    before = journey_map.model_dump(mode="json")
    with LineCounter() as counter:
        inverse = changes.apply_checked(journey_map, changes.AddCards(placed=[(at + i, c) for i, c in enumerate(new)]),
                                        index)
        assert [c.id for c in index.cell(*cell)][-pasted:] == [c.id for c in new]
        changes.apply(journey_map, inverse, index)
    assert journey_map.cards is cards
    assert journey_map.model_dump(mode="json") == before
    assert_index_current(index, journey_map)
    return counter.lines, cards.moved


def test_adding_and_removing_many_cards_in_one_cell_is_linear_work():
    # A card per lap of a loop over the cell or the map, or a shift of the list per card, was
    # 2,000 × 2,000 laps or moves here.
    (small, small_moved), (large, large_moved) = change_work(2000, 200), change_work(2000, 2000)
    assert large <= 12 * small, (small, large)
    bigger_map, _moved = change_work(8000, 200)
    assert bigger_map <= 2 * small, (small, bigger_map)
    assert small_moved <= 6 * (2000 + 200) and large_moved <= 6 * (2000 + 2000), (small_moved, large_moved)


def test_many_cards_go_in_and_out_exactly_as_one_by_one():
    journey_map = big_map(600, personas=3, phases=3, lanes=3, seed=9)
    index = CardIndex(journey_map)
    reference = list(journey_map.cards)
    # Distinct final places anywhere in the list, the first and the last among them.
    places = sorted({0, len(reference) + 99, *range(3, len(reference), 7)})[:100]
    new = [Card(id=f"n{i}", persona="pe0", phase="ph0", lane="ln0") for i in range(len(places))]
    placed = list(zip(places, new, strict=True))[::-1]  # in any order
    for position, card in sorted(placed, key=lambda pair: pair[0]):
        reference.insert(position, card)
    inverse = changes.apply(journey_map, changes.AddCards(placed=placed), index)
    assert [c.id for c in journey_map.cards] == [c.id for c in reference]
    assert_index_current(index, journey_map)
    changes.apply(journey_map, inverse, index)
    assert len(journey_map.cards) == 600 and not any(c.id.startswith("n") for c in journey_map.cards)
    assert_index_current(index, journey_map)


# --- the editor ----------------------------------------------------------------------


@dataclass
class Work:
    lines: int = 0
    layouts: int = 0
    cards_signals: int = 0
    selection_signals: int = 0
    items_made: int = 0


def measure(scene, action: Callable[[], object], counts: dict[str, int]) -> Work:
    start = dict(counts)
    with LineCounter() as counter:
        action()
    return Work(counter.lines, counts["layouts"] - start["layouts"], counts["cards"] - start["cards"],
                counts["selection"] - start["selection"], counts["items"] - start["items"])


def place_on_canvas(scene, card_id: str) -> tuple[float, float]:
    item = scene.card_items[card_id]
    return item.scenePos().x(), item.scenePos().y()


def paste_and_undo(qapp, monkeypatch, map_cards: int, pasted: int) -> tuple[Work, Work]:
    """Paste ``pasted`` cards into a cell of a generated map through the controller, then undo; check both."""
    from app.ui.document import MapDocument
    from app.ui.scene import JourneyScene

    counts = {"layouts": 0, "cards": 0, "selection": 0, "items": 0}
    layout = app.ui.scene.persona_layout

    def counted_layout(*args, **kwargs):
        counts["layouts"] += 1
        return layout(*args, **kwargs)

    made = app.ui.card_mirror.CardItem

    def counted_item(*args):
        counts["items"] += 1
        return made(*args)

    monkeypatch.setattr(app.ui.scene, "persona_layout", counted_layout)
    monkeypatch.setattr(app.ui.card_mirror, "CardItem", counted_item)
    document = MapDocument(big_map(map_cards, personas=10, phases=6, lanes=5, seed=3))
    scene = JourneyScene(document, "pe0")
    document.cards_changed.connect(lambda _ids: counts.__setitem__("cards", counts["cards"] + 1))
    scene.selectionChanged.connect(lambda: counts.__setitem__("selection", counts["selection"] + 1))
    journey_map = document.journey_map
    before = journey_map.model_dump(mode="json")
    shown_before = {card_id: place_on_canvas(scene, card_id) for card_id in scene.card_items}
    cell = ("ph2", "ln1")
    scene.set_current_cell(cell)
    in_cell = [c.id for c in document.cards.cell("pe0", *cell)]
    sources = [Card(id=f"s{i}", persona="pe9", phase="ph0", lane="ln3", text=f"Pasted card {i % 40}")
               for i in range(pasted)]

    paste = measure(scene, lambda: scene.controller.paste_cards(sources), counts)

    after = [c.id for c in document.cards.cell("pe0", *cell)]
    assert after[:len(in_cell)] == in_cell and len(after) == len(in_cell) + pasted
    new_ids = after[len(in_cell):]
    assert [c.text for c in map(document.cards.card, new_ids)] == [c.text for c in sources]
    # In the map, right after the cell's last card, in the order they were copied.
    at = journey_map.cards.index(document.cards.card(in_cell[-1])) + 1 if in_cell else len(before["cards"])
    assert [c.id for c in journey_map.cards[at:at + pasted]] == new_ids
    assert len(journey_map.cards) == map_cards + pasted
    assert_index_current(document.cards, journey_map)
    assert {item.card_id for item in scene.selectedItems()} == set(new_ids)
    for card_id in new_ids:  # each on the canvas where the layout puts it
        box = scene.layout.cards[card_id].rect
        assert place_on_canvas(scene, card_id) == (box.x, box.y)
    assert set(scene.card_items) == set(shown_before) | set(new_ids)

    undo = measure(scene, document.undo_stack.undo, counts)

    assert journey_map.model_dump(mode="json") == before
    assert_index_current(document.cards, journey_map)
    assert {card_id: place_on_canvas(scene, card_id) for card_id in scene.card_items} == shown_before
    assert not scene.selectedItems()
    return paste, undo


def test_a_paste_and_its_undo_are_one_change_one_layout_one_signal(qapp, monkeypatch):
    paste, undo = paste_and_undo(qapp, monkeypatch, 2000, 300)
    assert (paste.layouts, paste.cards_signals, paste.selection_signals, paste.items_made) == (1, 1, 1, 300)
    assert (undo.layouts, undo.cards_signals, undo.selection_signals, undo.items_made) == (1, 1, 1, 0)


def test_the_work_of_a_paste_grows_with_the_cards_pasted_not_with_their_product(qapp, monkeypatch):
    small = paste_and_undo(qapp, monkeypatch, 2000, 100)
    large = paste_and_undo(qapp, monkeypatch, 2000, 1000)
    bigger_map = paste_and_undo(qapp, monkeypatch, 8000, 100)
    for step in (0, 1):  # the paste, then its undo
        assert large[step].lines <= 12 * small[step].lines, (step, small[step], large[step])
        assert bigger_map[step].lines <= 2 * small[step].lines, (step, small[step], bigger_map[step])


def copy_work(map_cards: int) -> int:
    """Lines run (in the map's model too) to copy 150 selected cards of a generated map."""
    from app.ui.controller import CARDS_MIME
    from app.ui.document import MapDocument
    from app.ui.scene import JourneyScene

    document = MapDocument(big_map(map_cards, personas=10, phases=6, lanes=5, seed=3))
    scene = JourneyScene(document, "pe0")
    chosen = [c.id for c in document.journey_map.cards if c.persona == "pe0"][-150:]  # far down the map
    scene.select_cards(chosen)
    with LineCounter(model_schema) as counter:
        mime = scene.controller.copy_selected()
    copied = json.loads(bytes(mime.data(CARDS_MIME)).decode("utf-8"))["cards"]
    assert copied == [document.cards.card(card_id).model_dump(mode="json") for card_id in chosen]  # in map order
    return counter.lines


def test_copying_many_cards_looks_each_up_not_through_the_map(qapp):
    small, bigger_map = copy_work(2000), copy_work(8000)
    assert bigger_map <= 1.5 * small, (small, bigger_map)


def test_a_paste_without_a_current_cell_lands_where_adding_the_copies_one_by_one_would(qapp):
    from app.ui.document import MapDocument
    from app.ui.scene import JourneyScene

    cards = [Card(id=f"c{n}", persona=persona, phase=phase, lane="t")
             for n, (persona, phase) in enumerate([("p", "a"), ("q", "a"), ("p", "b"), ("q", "b"), ("p", "a")])]
    journey_map = JourneyMap(
        id="m", title="Cells", phases=[Phase(id=i, name=i.upper()) for i in "abc"],
        lanes=[Lane(id="t", name="T", kind="touchpoints"), Lane(id="n", name="N", kind="notes")],
        personas=[Persona(id="p", name="P"), Persona(id="q", name="Q")], cards=cards,
    )
    document = MapDocument(journey_map)
    scene = JourneyScene(document, "q")  # its cell (b, t) holds the map's last card but one
    # Cells with cards and without, one holding the map's last card (p's (a, t) is not shown: q's is).
    wanted = [("c", "t"), ("b", "t"), ("a", "n"), ("c", "t"), ("a", "t"), ("b", "t"), ("a", "n"), ("zz", "t")]
    sources = [Card(id=f"s{i}", persona="p", phase=phase, lane=lane, text=str(i))
               for i, (phase, lane) in enumerate(wanted)]
    def entry(card: Card) -> tuple:
        return (card.persona, card.phase, card.lane), card.text or card.id

    reference = [entry(card) for card in journey_map.cards]
    for source in sources:  # one by one, each after the last card of its cell, or at the end
        place = ("q", source.phase if source.phase in "abc" else "a", source.lane)
        last = [i for i, (cell, _label) in enumerate(reference) if cell == place]
        reference.insert(last[-1] + 1 if last else len(reference), (place, source.text))
    scene.set_current_cell(None)
    assert scene.controller.paste_cards(sources) == len(sources)
    assert [entry(card) for card in journey_map.cards] == reference
    assert_index_current(document.cards, journey_map)


@pytest.mark.parametrize("count", [1, 40])
def test_a_pasted_card_is_selected_and_one_undo_step(qapp, count):
    from app.ui.document import MapDocument
    from app.ui.scene import JourneyScene

    document = MapDocument(big_map(200, personas=2, phases=3, lanes=3, seed=1))
    scene = JourneyScene(document, "pe1")
    scene.set_current_cell(("ph1", "ln0"))
    steps = document.undo_stack.count()
    scene.controller.paste_cards([Card(id="x", persona="x", phase="x", lane="x", text=f"t{i}") for i in range(count)])
    assert document.undo_stack.count() == steps + 1
    assert document.undo_stack.undoText() == ("Paste card" if count == 1 else f"Paste {count} cards")
    assert len(scene.selectedItems()) == count
    document.undo_stack.undo()
    document.undo_stack.redo()
    assert len(document.journey_map.cards) == 200 + count
    assert_index_current(document.cards, document.journey_map)


def test_selecting_every_card_tells_the_selection_once(qapp):
    from app.ui.document import MapDocument
    from app.ui.scene import JourneyScene

    document = MapDocument(big_map(600, personas=2, phases=3, lanes=3, seed=2))
    scene = JourneyScene(document, "pe0")
    told = []
    scene.selectionChanged.connect(lambda: told.append(True))
    scene.select_all_cards()
    assert told == [True] and len(scene.selectedItems()) == 300
    scene.select_all_cards()  # nothing changed: nothing told
    assert told == [True]
    assert scene.selected_card_ids() == [c.id for c in document.journey_map.cards if c.persona == "pe0"]


def test_the_select_all_command_tells_the_window_once(qtbot, sample_path):
    """Ctrl+A in the editor: every card of the persona selected, the window's selection read once."""
    from app.ui.main_window import MainWindow

    window = MainWindow(path=str(sample_path))
    qtbot.addWidget(window)
    told = []
    window.scene.selectionChanged.connect(lambda: told.append(True))
    window.action_registry.action("select_all").trigger()
    assert told == [True]
    persona = window.current_persona_id
    assert window.scene.selected_card_ids() == [c.id for c in window.journey_map.cards if c.persona == persona]


def test_the_cards_of_a_big_paste_join_the_map_outside_the_collectors_passes(qapp):
    """After a paste of thousands, every later pass of the cyclic collector would scan them (pauses of 10-20
    ms while typing); a small change is not frozen, so what it leaves in cycles can still be collected."""
    import gc

    from app.ui.document import BULK_CHANGE_CARDS, MapDocument
    from app.ui.scene import JourneyScene

    document = MapDocument(big_map(400, personas=2, phases=3, lanes=3, seed=1))
    scene = JourneyScene(document, "pe1")
    scene.set_current_cell(("ph1", "ln0"))
    for count, frozen in ((BULK_CHANGE_CARDS - 1, False), (BULK_CHANGE_CARDS, True)):
        sources = [Card(id=f"s{i}", persona="x", phase="x", lane="x", text=f"t{i}") for i in range(count)]
        assert scene.controller.paste_cards(sources) == count
        pasted = [document.cards.card(item.card_id) for item in scene.selectedItems()]
        assert len(pasted) == count and all(gc.is_tracked(card) for card in pasted)
        in_passes = {id(o) for o in gc.get_objects()}
        assert all((id(card) not in in_passes) is frozen for card in pasted), count
