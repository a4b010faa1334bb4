"""The editor's controller: turns what the user did on the canvas into change values.

The scene and its items show the document and report gestures (a card typed, a
drop, Ctrl+arrow, a paste, a face dragged, a header moved); the controller
decides what change that is and hands it to the one door, ``push_change``. What
is allowed depends on the interaction mode: editing, presenting (everything, as
editing) or voting (nothing: a round's dots are kept aside until its end;
``app.ui.workshop``).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData, QObject

from app import operations as ops
from app.i18n import _, ngettext
from app.model import Card, EmotionPoint, Lane, Persona, Phase
from app.model.ids import new_id, slug_id
from app.operations import changes
from app.ui.commands import StepName, push_change

if TYPE_CHECKING:
    from app.ui.scene import JourneyScene

#: the clipboard format of cards, between windows of this app
CARDS_MIME = "application/x-journeymap-cards+json"

#: colours new personas get, in turn (Okabe-Ito, safe for colour-blind readers)
PERSONA_COLORS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442"]


class Mode:
    """What the user may change while the window is in a mode; the base allows nothing (a view that only shows)."""

    name = "showing"

    def allows(self, change: changes.Change) -> bool:
        return False

    def refusal(self) -> str:
        """What the status bar says when a gesture asks for a change the mode does not allow."""
        return _("The map is only shown now: nothing can be changed.")


class EditingMode(Mode):
    """Everything may be changed: the facilitator's normal mode."""

    name = "editing"

    def allows(self, change: changes.Change) -> bool:
        return True


class PresentingMode(EditingMode):
    """Presenting to a room: everything may still be changed, the facilitator writes while the room talks."""

    name = "presenting"


class EditController(QObject):
    """Per scene: each method is one gesture, made into one change (one undo step) or none."""

    def __init__(self, scene: JourneyScene) -> None:
        super().__init__(scene)
        self.scene = scene
        self.mode: Mode = EditingMode()
        #: the phase a walk through the journey shows (app.ui.workshop.walk): new cards land there by default
        self.focused_phase: str | None = None

    def set_mode(self, mode: Mode) -> None:
        self.mode = mode

    def make(self, change: changes.Change, text: str, merge_key: str | None = None) -> bool:
        """One change through the document's door, if the mode allows it; returns whether it was made.

        Changes with the same ``merge_key`` in a row (typing into one field) make one undo step.
        """
        if not self.mode.allows(change):
            self.scene.message.emit(self.mode.refusal())
            return False
        return push_change(self.scene.document, change, text, merge_key)

    def set_fields(self, target: str, item_id: str, values: dict, text: str, merge_key: str | None = None) -> bool:
        """Fields of a card, phase, lane, persona or the map set from a panel (the Inspector, the persona dock)."""
        return self.make(changes.SetFields(target=target, item_id=item_id, values=values), text, merge_key)

    # --- cards ---------------------------------------------------------------------

    def default_cell(self) -> tuple[str, str] | None:
        """Where a new card goes when none is chosen: the current cell, else the first card lane of the phase
        a walk shows (or of the current cell's phase, or of the first phase); None when the map has no such cell."""
        scene = self.scene
        cell = scene.current_cell
        if cell is not None and not scene.is_emotion_lane(cell[1]):
            return cell
        journey_map = scene.document.journey_map
        lanes = [lane.id for lane in journey_map.lanes if lane.kind != "emotions"]
        phases = [phase.id for phase in journey_map.phases]
        column = cell[0] if cell else self.focused_phase if self.focused_phase in phases else next(iter(phases), None)
        return (column, lanes[0]) if column and lanes else None

    def add_card(self, phase_id: str, lane_id: str, text: str, **fields) -> str:
        scene = self.scene
        card = Card(id=new_id("c", scene.document.cards), persona=scene.persona_id, phase=phase_id, lane=lane_id,
                    text=text, **fields)
        index = scene.insert_index(phase_id, lane_id)
        if self.make(changes.AddCards(placed=[(index, card)]), StepName(lambda: _("Add card"))):
            scene.select_cards([card.id])
        return card.id

    def edit_card_text(self, card_id: str, text: str) -> None:
        self.make(changes.SetFields(target="card", item_id=card_id, values={"text": text}),
                  StepName(lambda: _("Edit card text")))

    def delete_selected(self) -> None:
        ids = self.scene.selected_card_ids()
        if ids:
            count = len(ids)
            text = StepName(lambda: _("Delete card") if count == 1 else ngettext(
                "Delete {count} card", "Delete {count} cards", count).format(count=count))
            self.make(changes.RemoveCards(card_ids=ids), text)

    def duplicate_selected(self) -> None:
        scene = self.scene
        ids = scene.selected_card_ids()
        if not ids:
            return
        index = scene.document.cards
        originals = [index.card(i) for i in ids]
        copies = ops.copy_cards(scene.document.journey_map, originals, card_ids=index)
        # Each copy goes right after its original.
        placed = [
            (index.position(o) + 1 + n, copy) for n, (o, copy) in enumerate(zip(originals, copies, strict=True))
        ]
        count = len(ids)
        text = StepName(lambda: _("Duplicate card") if count == 1 else ngettext(
                "Duplicate {count} card", "Duplicate {count} cards", count).format(count=count))
        if self.make(changes.AddCards(placed=placed), text):
            scene.select_cards([c.id for c in copies])

    def move_selected_by(self, phase_step: int, lane_step: int) -> None:
        """Move the selected cards one cell (Ctrl+arrow), skipping emotion lanes, as one undo step.

        Cards from several cells move as a block, each one cell that way; when one of
        them is at the grid's edge, none moves (and nothing goes on the undo stack).
        """
        scene = self.scene
        ids = scene.selected_card_ids()
        if not ids:
            return
        groups: dict[tuple[str, str], list[str]] = {}
        for card_id in ids:
            cell = scene.cell_of_card(card_id)
            if cell is None:
                return
            groups.setdefault(cell, []).append(card_id)
        moves = []
        for cell, group in groups.items():
            target = scene.neighbour_cell(cell, phase_step, lane_step, cards_only=True)
            if target is None or target == cell:
                return
            moves.append((group, target))
        count = len(ids)
        text = StepName(lambda: _("Move card") if count == 1 else ngettext(
                "Move {count} card", "Move {count} cards", count).format(count=count))
        if self.make(changes.Batch(changes=[
            changes.MoveCards(card_ids=group, persona=scene.persona_id, phase=target[0], lane=target[1])
            for group, target in moves
        ]), text):
            scene.select_cards(ids)

    def drop_cards(self, ids: list[str], cell: tuple[str, str], position: int) -> None:
        """Cards dragged to a place among a cell's other cards (the scene has checked they moved)."""
        count = len(ids)
        text = StepName(lambda: _("Move card") if count == 1 else ngettext(
                "Move {count} card", "Move {count} cards", count).format(count=count))
        if self.make(changes.MoveCards(card_ids=ids, persona=self.scene.persona_id, phase=cell[0], lane=cell[1],
                                       position=position), text):
            self.scene.set_current_cell(cell)

    def copy_selected(self) -> QMimeData | None:
        """The selected cards for the clipboard: as cards for this app, as lines of text for others."""
        scene = self.scene
        ids = scene.selected_card_ids()
        if not ids:
            return None
        index = scene.document.cards  # the map's card() looks through the whole list, once per card
        cards = [index.card(i).model_dump(mode="json") for i in ids]
        mime = QMimeData()
        mime.setData(CARDS_MIME, json.dumps({"cards": cards}, ensure_ascii=False).encode("utf-8"))
        mime.setText("\n".join(card["text"] for card in cards))
        return mime

    def paste(self, mime: QMimeData | None) -> int:
        """Paste cards (from this or another window) into the current cell, or plain text lines as cards."""
        if mime is None:  # an empty clipboard (nothing was ever copied in this session)
            return 0
        cards: list[Card] = []
        if mime.hasFormat(CARDS_MIME):
            try:
                raw = json.loads(bytes(mime.data(CARDS_MIME)).decode("utf-8"))["cards"]
                cards = [Card.model_validate(item) for item in raw]
            except (ValueError, KeyError, TypeError):
                self.scene.message.emit(_("The clipboard does not hold cards this app can read."))
                return 0
        elif mime.hasText():
            texts = ops.card_texts_from_lines(mime.text())
            cards = [Card(id="x", persona="x", phase="x", lane="x", text=text) for text in texts]
        return self.paste_cards(cards)

    def paste_cards(self, cards: list[Card]) -> int:
        """Copies of cards (from this or another window, or lines of text) into the current cell."""
        scene = self.scene
        journey_map = scene.document.journey_map
        phases = {p.id for p in journey_map.phases}
        card_lanes = {lane.id for lane in journey_map.lanes if lane.kind != "emotions"}
        if not cards or not card_lanes or not phases:
            return 0
        copies = ops.copy_cards(journey_map, cards, card_ids=scene.document.cards)
        cell = scene.current_cell if scene.current_cell and scene.current_cell[1] in card_lanes else None
        for copy in copies:
            copy.persona = scene.persona_id
            if cell is not None:
                copy.phase, copy.lane = cell
            elif copy.phase not in phases or copy.lane not in card_lanes:
                copy.phase = journey_map.phases[0].id
                copy.lane = next(lane.id for lane in journey_map.lanes if lane.id in card_lanes)
        placed = self._sequential_indexes(copies)
        count = len(copies)
        text = StepName(lambda: _("Paste card") if count == 1 else ngettext(
                "Paste {count} card", "Paste {count} cards", count).format(count=count))
        if not self.make(changes.AddCards(placed=placed), text):
            return 0
        scene.select_cards([c.id for c in copies])
        return len(copies)

    def _sequential_indexes(self, copies: list[Card]) -> list[tuple[int, Card]]:
        """Final list indexes for new cards appended at the end of their cells, in order.

        As if each copy in turn went right after its cell's last card (or, in a cell with no card
        yet, at the end of the map), computed in one pass: each cell's copies make a block after
        the cell's last card; the blocks of empty cells follow the map's last card, in the order
        their first copies come.
        """
        index = self.scene.document.cards
        blocks: dict[tuple[str, str, str], list[Card]] = {}
        for copy in copies:
            blocks.setdefault((copy.persona, copy.phase, copy.lane), []).append(copy)
        # Where each block goes in the map as it is now. At the end of the map, the block after the
        # map's last card comes first, then the empty cells' blocks in the order they came (sorted()
        # is stable).
        at = {cell: (index.insert_position(*cell, None), not index.cell(*cell)) for cell in blocks}
        placed: dict[int, int] = {}  # id(copy) -> final index
        before = 0  # copies placed ahead of the current block
        for cell in sorted(blocks, key=at.__getitem__):
            for n, copy in enumerate(blocks[cell]):
                placed[id(copy)] = at[cell][0] + before + n
            before += len(blocks[cell])
        # By identity: equal copies would collide as keys.
        return [(placed[id(copy)], copy) for copy in copies]

    # --- emotions ------------------------------------------------------------------

    def emotion_dragged(self, phase_id: str, score: int) -> None:
        scene = self.scene
        point = scene.document.journey_map.emotion(scene.persona_id, phase_id)
        if point is None or point.score == score or not self.set_emotion(
                phase_id, point.model_copy(update={"score": score}), StepName(lambda: _("Change emotion"))):
            scene.sync(set())  # the face goes back where it was

    def add_emotion(self, phase_id: str, score: int) -> None:
        scene = self.scene
        if scene.document.journey_map.emotion(scene.persona_id, phase_id) is None:
            point = EmotionPoint(persona=scene.persona_id, phase=phase_id, score=score)
            self.set_emotion(phase_id, point, StepName(lambda: _("Add emotion point")))

    def set_emotion(self, phase_id: str, point: EmotionPoint | None, text: str) -> bool:
        return self.make(changes.SetEmotion(persona=self.scene.persona_id, phase=phase_id, point=point), text)

    # --- headers -------------------------------------------------------------------

    def move_phase(self, phase_id: str, new_index: int) -> None:
        self.make(changes.MoveItem(target="phase", item_id=phase_id, index=new_index),
                  StepName(lambda: _("Move phase")))

    def move_lane(self, lane_id: str, new_index: int) -> None:
        self.make(changes.MoveItem(target="lane", item_id=lane_id, index=new_index),
                  StepName(lambda: _("Move lane")))

    # --- the map's structure (asked for in the window's menus and dialogs) -----------

    def add_phase(self, name: str) -> None:
        """A new phase after the current cell's (or at the end)."""
        journey_map = self.scene.document.journey_map
        phase = Phase(id=self._structure_id(name, {p.id for p in journey_map.phases}, "phase"), name=name)
        self.make(changes.InsertItem(target="phase", index=self._after_current(journey_map.phases, 0), item=phase),
                  StepName(lambda: _("Add phase")))

    def add_lane(self, name: str) -> None:
        """A new notes lane below the current cell's (or at the end)."""
        journey_map = self.scene.document.journey_map
        lane = Lane(id=self._structure_id(name, {lane.id for lane in journey_map.lanes}, "lane"), name=name,
                    kind="notes")
        self.make(changes.InsertItem(target="lane", index=self._after_current(journey_map.lanes, 1), item=lane),
                  StepName(lambda: _("Add lane")))

    def _structure_id(self, name: str, taken: set[str], fallback: str) -> str:
        """A readable id from the name (``onboarding``); in a live session with a random tail as well
        (``onboarding-7k2m9q``), so that two people adding a phase of one name at once get two phases, each
        with its own cards, not one phase the room merged."""
        readable = slug_id(name, taken, fallback)
        return new_id(readable, taken) if self.scene.document.shared else readable

    def _after_current(self, items: list, part: int) -> int:
        current = self.scene.current_cell[part] if self.scene.current_cell else None
        ids = [item.id for item in items]
        return ids.index(current) + 1 if current in ids else len(ids)

    def rename(self, target: str, item_id: str, name: str, text: str) -> None:
        self.make(changes.SetFields(target=target, item_id=item_id, values={"name": name}), text)

    def delete(self, target: str, item_id: str, text: str) -> None:
        """A phase, lane or persona with everything in it."""
        self.make(changes.RemoveItem(target=target, item_id=item_id), text)

    def add_persona(self, name: str) -> str | None:
        """A new persona at the end; returns its id, or None when it was not made."""
        personas = self.scene.document.journey_map.personas
        persona = Persona(id=new_id("p", {p.id for p in personas}), name=name,
                          color=PERSONA_COLORS[len(personas) % len(PERSONA_COLORS)])
        added = self.make(changes.InsertItem(target="persona", index=len(personas), item=persona),
                          StepName(lambda: _("Add persona")))
        return persona.id if added else None

    def duplicate_persona(self, persona_id: str, name: str) -> str | None:
        """A copy of a persona with its whole journey, right after it; returns the copy's id."""
        copy = changes.duplicate_persona(self.scene.document.journey_map, persona_id, name)
        return copy.item.id if self.make(copy, StepName(lambda: _("Duplicate persona"))) else None

    def move_cards_to_phase(self, card_ids: list[str], phase_id: str) -> None:
        """Each card to the same lane of another phase, after the cards there: one undo step."""
        moves = [changes.MoveCards(card_ids=[card.id], persona=card.persona, phase=phase_id, lane=card.lane)
                 for card in map(self.scene.card, card_ids) if card is not None and card.phase != phase_id]
        if moves:
            text = StepName(lambda: _("Move cards to phase") if len(card_ids) > 1 else _("Move card to phase"))
            self.make(changes.Batch(changes=moves), text)

    def set_on_cards(self, card_ids: list[str], field: str, value) -> None:
        """One field of several cards (a severity, the moment of truth), as one undo step."""
        edits = [changes.SetFields(target="card", item_id=card_id, values={field: value}) for card_id in card_ids]
        self.make(changes.Batch(changes=edits), StepName(lambda: _("Edit card")))
