"""The Map menu's and the context menus' conversations: ask for a name, confirm a delete, offer a menu.

What the answers change is decided by the scene's controller (``app.ui.controller``);
this module only asks, in dialogs on the window.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QMenu, QMessageBox

from app import operations as ops
from app.i18n import N_, _, ngettext
from app.model import JourneyMap
from app.ui.commands import StepName
from app.ui.dialogs import message_box

if TYPE_CHECKING:
    from app.ui.controller import EditController
    from app.ui.main_window import MainWindow


#: the question before a delete, by what is deleted (the cards that go with it are said after it)
DELETE_QUESTIONS = {
    "phase": N_("Delete phase “{name}”?"),
    "lane": N_("Delete lane “{name}”?"),
    "persona": N_("Delete persona “{name}”?"),
}


class StructureFlow(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window

    @property
    def controller(self) -> EditController:
        return self.window.scene.controller

    def ask_text(self, title: str, label: str, value: str = "") -> str | None:
        from PySide6.QtWidgets import QInputDialog

        dialog = QInputDialog(self.window)
        dialog.setWindowTitle(title)
        dialog.setLabelText(label)
        dialog.setTextValue(value)
        # Wide enough for its title ("Rename phase", longer in German) and a long name.
        dialog.setMinimumWidth(max(360, dialog.fontMetrics().horizontalAdvance(title) + 160))
        ok = dialog.exec() == QInputDialog.DialogCode.Accepted
        text = dialog.textValue().strip() if ok else ""
        return text or None


    def _confirm_delete(self, kind: str, name: str, counts: list[tuple[str, int]]) -> bool:
        """Ask before a delete of a phase, lane or persona, saying how many cards of which persona go with it."""
        text = _(DELETE_QUESTIONS[kind]).format(name=name)
        total = sum(n for _name, n in counts)
        if len(counts) > 1:
            each = "; ".join(_("{persona}: {count}").format(persona=persona, count=n) for persona, n in counts)
            text += " " + ngettext("{count} card goes with it ({each}).", "{count} cards go with it ({each}).",
                                   total).format(count=total, each=each)
        elif total:
            text += " " + ngettext("{count} card goes with it.", "{count} cards go with it.", total).format(count=total)
        return message_box(self.window, "question", _("Delete"), text) == QMessageBox.StandardButton.Yes

    def _counts_by_persona(self, journey_map: JourneyMap, **where: str) -> list[tuple[str, int]]:
        names = {p.id: p.name for p in journey_map.personas}
        return [(names[pid], n) for pid, n in ops.count_by_persona(journey_map, **where).items()]

    def add_phase(self) -> None:
        name = self.ask_text(_("Add phase"), _("Name of the new phase:"))
        if name is None:
            return
        self.controller.add_phase(name)

    def add_lane(self) -> None:
        name = self.ask_text(_("Add lane"), _("Name of the new lane:"))
        if name is None:
            return
        self.controller.add_lane(name)

    def rename_phase(self, phase_id: str) -> None:
        phase = self.window.journey_map.phase(phase_id)
        name = self.ask_text(_("Rename phase"), _("Name:"), phase.name)
        if name and name != phase.name:
            self.controller.rename("phase", phase_id, name, StepName(lambda: _("Rename phase")))

    def rename_lane(self, lane_id: str) -> None:
        lane = self.window.journey_map.lane(lane_id)
        name = self.ask_text(_("Rename lane"), _("Name:"), lane.name)
        if name and name != lane.name:
            self.controller.rename("lane", lane_id, name, StepName(lambda: _("Rename lane")))

    def delete_phase(self) -> None:
        if not self.window.scene.current_cell:
            self.window.statusBar().showMessage(_("Click a cell of the phase to delete first."), 4000)
            return
        phase = self.window.journey_map.phase(self.window.scene.current_cell[0])
        cards = self._counts_by_persona(self.window.journey_map, phase=phase.id)
        if self._confirm_delete("phase", phase.name, cards):
            self.controller.delete("phase", phase.id, StepName(lambda: _("Delete phase")))

    def delete_lane(self) -> None:
        if not self.window.scene.current_cell:
            self.window.statusBar().showMessage(_("Click a cell of the lane to delete first."), 4000)
            return
        lane = self.window.journey_map.lane(self.window.scene.current_cell[1])
        cards = self._counts_by_persona(self.window.journey_map, lane=lane.id)
        if self._confirm_delete("lane", lane.name, cards):
            self.controller.delete("lane", lane.id, StepName(lambda: _("Delete lane")))

    def add_persona(self) -> None:
        name = self.ask_text(_("Add persona"), _("Name of the new persona:"))
        if name is None:
            return
        added = self.controller.add_persona(name)
        if added is not None:
            self.window.set_current_persona(added)

    def rename_persona(self) -> None:
        persona = self.window.journey_map.persona(self.window.current_persona_id)
        name = self.ask_text(_("Rename persona"), _("Name:"), persona.name)
        if name and name != persona.name:
            self.controller.rename("persona", persona.id, name, StepName(lambda: _("Rename persona")))

    def duplicate_persona(self) -> None:
        source = self.window.journey_map.persona(self.window.current_persona_id)
        name = _("{name} (copy)").format(name=source.name)
        copy = self.controller.duplicate_persona(source.id, name)
        if copy is not None:
            self.window.set_current_persona(copy)

    def delete_persona(self) -> None:
        if len(self.window.journey_map.personas) < 2:
            return
        persona = self.window.journey_map.persona(self.window.current_persona_id)
        cards = self._counts_by_persona(self.window.journey_map, persona=persona.id)
        if self._confirm_delete("persona", persona.name, cards):
            self.controller.delete("persona", persona.id, StepName(lambda: _("Delete persona")))

    def edit_emotion(self, phase_id: str) -> None:
        from app.ui.dialogs import EmotionDialog

        point = self.window.journey_map.emotion(self.window.current_persona_id, phase_id)
        if point is None:
            return
        dialog = EmotionDialog(point, self.window.journey_map.phase(phase_id).name, self.window)
        result = dialog.exec()
        if result == EmotionDialog.REMOVE:
            self.controller.set_emotion(phase_id, None, StepName(lambda: _("Remove emotion point")))
        elif result == EmotionDialog.DialogCode.Accepted:
            edited = dialog.edited_point()
            if edited != point:
                self.controller.set_emotion(phase_id, edited, StepName(lambda: _("Edit emotion point")))

    def context_menu(self, kind: str, target: str) -> QMenu:
        """What can be done with a card, a cell, a phase or a lane, from the same actions as the menus."""
        menu = QMenu(self.window)
        journey_map = self.window.journey_map
        scene = self.window.scene
        if kind == "cell":
            phase_id, lane_id = target.split("/", 1)
            if not scene.is_emotion_lane(lane_id):
                menu.addAction(_("Add Card Here"), lambda: scene.start_new_card((phase_id, lane_id)))
                menu.addAction(self.window.paste_action)
            menu.addSeparator()
            menu.addActions([self.window.add_phase_action, self.window.add_lane_action])
        elif kind == "card":
            ids = scene.selected_card_ids() or [target]
            menu.addAction(_("Edit Text"), lambda: scene.edit_card(target))
            window = self.window
            menu.addActions([window.duplicate_action, window.copy_action, window.cut_action, window.delete_action])
            move = menu.addMenu(_("Move to Phase"))
            card = scene.card(target)
            for phase in journey_map.phases:
                action = move.addAction(phase.name, lambda p=phase.id: self._move_cards_to_phase(ids, p))
                action.setEnabled(card is None or phase.id != card.phase)
            severity = menu.addMenu(_("Severity"))
            from app.ui.inspector import severity_choices

            for text, level in severity_choices():
                action = severity.addAction(text, lambda v=level: self.controller.set_on_cards(ids, "severity", v))
                action.setCheckable(True)
                action.setChecked(card is not None and card.severity == level)
            truth = menu.addAction(_("Moment of Truth"))
            truth.setCheckable(True)
            truth.setChecked(card is not None and card.moment_of_truth)
            truth.toggled.connect(lambda on: self.controller.set_on_cards(ids, "moment_of_truth", on))
        elif kind == "phase":
            menu.addAction(_("Rename Phase…"), lambda: self.rename_phase(target))
            menu.addAction(self.window.add_phase_action)
            menu.addAction(_("Delete Phase"), lambda: self._delete_header("phase", target))
        elif kind == "lane":
            menu.addAction(_("Rename Lane…"), lambda: self.rename_lane(target))
            menu.addAction(self.window.add_lane_action)
            menu.addAction(_("Delete Lane"), lambda: self._delete_header("lane", target))
        return menu

    def show_context_menu(self, kind: str, target: str, where) -> None:
        menu = self.context_menu(kind, target)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(where)  # not exec(): no nested event loop, the canvas keeps painting

    def _move_cards_to_phase(self, card_ids: list[str], phase_id: str) -> None:
        self.controller.move_cards_to_phase(card_ids, phase_id)
        self.window.canvas.setFocus()

    def _delete_header(self, kind: str, item_id: str) -> None:
        """Delete the phase or lane whose header was right-clicked (the Map menu's delete asks the same)."""
        journey_map = self.window.journey_map
        if kind == "phase":
            lane = next((lane.id for lane in journey_map.lanes), None)
            if lane is not None:
                self.window.scene.set_current_cell((item_id, lane))
            self.window.delete_phase_action.trigger()
        else:
            phase = next((p.id for p in journey_map.phases), None)
            if phase is not None:
                self.window.scene.set_current_cell((phase, item_id))
            self.window.delete_lane_action.trigger()

