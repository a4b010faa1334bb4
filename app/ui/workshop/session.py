"""One window's workshop: presenting, the audience window, the walk, the timer and dot voting.

The window's Workshop menu (``app.ui.actions``) calls the functions at the end of
this module with the window; each finds the window's :class:`Workshop`.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject

from app.i18n import _, ngettext
from app.ui import settings
from app.ui.dialogs import message_box

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow
    from app.ui.workshop.audience import AudienceWindow
    from app.ui.workshop.presenting import Presentation
    from app.ui.workshop.timer_badge import TimerBadge, WorkshopTimer
    from app.ui.workshop.voting_mode import VotingSession
    from app.ui.workshop.walk import PhaseWalk
    from app.workshop.voting import VotingRules

#: the type-scale actions, by scale
SCALE_ACTIONS = {"normal": "present_normal", "large": "present_large", "extra_large": "present_extra_large"}


class Workshop(QObject):
    """What a facilitator runs a workshop with, for one editor window.

    Its parts are made on first use (``walk``, ``presentation``, the timer, a voting round): a window
    that never presents pays nothing for them at start-up.
    """

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._walk: PhaseWalk | None = None
        self._presentation: Presentation | None = None
        self.audience: AudienceWindow | None = None
        #: the exercise's countdown, made on first use, and its badges (the canvas, the audience window)
        self.timer: WorkshopTimer | None = None
        #: what the timer reads the time from (a test gives a fake clock)
        self.clock = time.monotonic
        self._badges: list[TimerBadge] = []
        #: the dot-voting round on, if any
        self.voting: VotingSession | None = None
        #: minutes of the timebox of each phase, started when the walk reaches it (not part of the map)
        self.agenda: dict[str, int] = {}
        #: the phase whose timebox the walk started last
        self._timeboxed: str | None = None
        #: the rules of the last round, offered again by the next round's set-up
        self._last_rules: VotingRules | None = None
        self._show_scale()
        window.action_registry.action("captions").setChecked(True)
        self._voting_actions()

    @property
    def window(self) -> MainWindow:
        """The window (the parent; not kept in an attribute: the window keeps this object, and a reference
        back from Python would make a cycle of Qt wrappers for the garbage collector to untangle)."""
        return self.parent()

    @property
    def walk(self) -> PhaseWalk:
        if self._walk is None:
            from app.ui.workshop.walk import PhaseWalk

            self._walk = PhaseWalk(self.window.canvas)
            self._walk.on_phase.append(self._phase_walked)
        return self._walk

    @property
    def presentation(self) -> Presentation:
        if self._presentation is None:
            from app.ui.workshop.presenting import Presentation

            presentation = self._presentation = Presentation(self.window, self.walk)
            presentation.add_cover(self.window.canvas.viewport(), always=False)
            presentation.active_changed.connect(self._presenting_changed)
            presentation.restyled.connect(self._restyled)
        return self._presentation

    @property
    def presenting(self) -> bool:
        return self._presentation is not None and self._presentation.active

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The canvas's keys, in one order: presenting's walk, blank and Escape first, then a voting round's
        dots, then presenting's capture. A card being typed gets every key."""
        if event.type() != QEvent.Type.KeyPress or self.window.scene.editor is not None:
            return False
        voting = self.voting is not None
        if self.presenting and self.presentation.navigation_key(event, voting):
            return True
        if voting:
            return self.voting.key(event)
        return self.presenting and self.presentation.capture_key(event)

    def closing(self) -> None:
        """The window is closing (its changes saved or discarded): the editor's layout back, so that is the
        one stored for next time, and the audience window shut."""
        if self._presentation is not None:
            self._presentation.leave()
        if self.audience is not None:
            self.close_audience()

    # --- presenting -------------------------------------------------------------------

    def toggle_presentation(self) -> None:
        self.presentation.toggle()

    def _presenting_changed(self, active: bool) -> None:
        self.window.action_registry.action("present").setChecked(active)
        self.update_mode()

    def update_mode(self) -> None:
        """The controller's interaction mode: voting while a round runs, else presenting or editing."""
        from app.ui.controller import EditingMode, PresentingMode

        if self.voting is not None:
            from app.ui.workshop.voting_mode import VotingMode

            mode = VotingMode()
        else:
            mode = PresentingMode() if self.presenting else EditingMode()
        self.window.scene.controller.set_mode(mode)
        # The canvas's keys pass through here only while presenting or voting: a filter left on the canvas for
        # good would be called by Qt during the window's destruction, from inside the garbage collector.
        if self.presenting or self.voting is not None:
            self.window.canvas.installEventFilter(self)  # once: Qt does not add the same filter twice
        else:
            self.window.canvas.removeEventFilter(self)

    def toggle_audience(self) -> None:
        """Open the audience window on another screen, or close it; with one screen, offer presenting here."""
        from PySide6.QtWidgets import QMessageBox

        from app.ui.workshop.audience import AudienceWindow, other_screen

        if self.audience is not None:
            self.close_audience()
            return
        screen = other_screen(self.window)
        if screen is None:
            answer = message_box(
                self.window, "question", _("Only one screen"),
                _("No second screen is connected, so the room cannot get a window of its own. "
                  "Present on this screen instead (F5)?"))
            self.window.action_registry.action("present_second").setChecked(False)
            if answer == QMessageBox.StandardButton.Yes:
                self.presentation.enter()
            return
        self.audience = AudienceWindow(self.window, screen)
        self.presentation.audience_open = True
        self.presentation.apply_style()
        self.presentation.add_cover(self.audience.view.viewport(), always=True)
        if self.timer is not None:
            from app.ui.workshop.timer_badge import TimerBadge

            self._badges.append(TimerBadge(self.timer, self.audience.view.viewport()))
        if self.voting is not None:
            self.voting.add_banner(self.audience.view.viewport())
        self.audience.open()
        self.window.action_registry.action("present_second").setChecked(True)

    def close_audience(self) -> None:
        if self.audience is not None:
            self._badges = [badge for badge in self._badges if badge.parentWidget() is self.window.canvas]
            self.audience.close()
            self.audience.deleteLater()
            self.audience = None
        self.presentation.audience_open = False
        self.presentation.apply_style()
        self.window.action_registry.action("present_second").setChecked(False)

    def scene_replaced(self) -> None:
        """Another map was opened in the window: its scene gets the sizes and the views of the workshop
        (a voting round on the other map is over, without adding its dots)."""
        if self.voting is not None:
            self.voting.close()
            self._voting_closed()
            self.window.statusBar().showMessage(
                _("The voting round ended without adding its dots: another map was opened."), 10000)
        self.update_mode()
        if self._walk is not None:
            self._walk.leave()
        if self._presentation is not None:
            self._presentation.apply_style()
        if self.audience is not None:
            self.audience.set_scene(self.window.scene)

    # --- type scale and captions ----------------------------------------------------------

    def set_scale(self, scale: str) -> None:
        self.presentation.set_scale(scale)
        self._show_scale()

    def _show_scale(self) -> None:
        chosen = self._presentation.scale if self._presentation is not None else settings.read(settings.PRESENT_SCALE)
        for scale, action_id in SCALE_ACTIONS.items():
            self.window.action_registry.action(action_id).setChecked(scale == chosen)

    def _restyled(self) -> None:
        if self.voting is not None:
            self.voting.refresh()  # the dots take the new card size and place

    def toggle_blank(self) -> None:
        """Black out what the room sees (presenting, or the audience window), or show it again."""
        if not (self.presentation.active or self.audience is not None):
            self.window.scene.message.emit(_("Blanking is for the room: present (F5) or open the audience window "
                                             "first."))
            return
        self.presentation.set_blank(not self.presentation.blank)

    def toggle_captions(self) -> None:
        self.presentation.toggle_captions()
        self.window.action_registry.action("captions").setChecked(self.presentation.captions)

    # --- the timer of an exercise ------------------------------------------------------------

    def ensure_timer(self) -> WorkshopTimer:
        """The window's timer, with a badge in the corner of the canvas and of the audience window."""
        if self.timer is None:
            from app.ui.workshop.timer_badge import TimerBadge, WorkshopTimer  # on first use: not needed at start

            self.timer = WorkshopTimer(self, clock=self.clock)
            views = [self.window.canvas] + ([self.audience.view] if self.audience is not None else [])
            self._badges = [TimerBadge(self.timer, view.viewport()) for view in views]
        return self.timer

    def start_timer(self, minutes: float) -> None:
        self.ensure_timer().set_minutes(minutes, start=True)

    def ask_timer(self) -> None:
        """A time of the facilitator's choosing: minutes ("7"), or minutes and seconds ("7:30")."""
        from PySide6.QtWidgets import QInputDialog

        text, ok = QInputDialog.getText(self.window, _("Timer"), _("Minutes (or minutes:seconds):"),
                                        text=f"{self._last_minutes():g}")
        if not ok:
            return
        minutes = parse_minutes(text)
        if minutes is None:
            message_box(self.window, "warning", _("Timer"),
                        _('"{text}" is not a time: write minutes, like 7, or minutes and seconds, like 7:30.')
                        .format(text=text))
            return
        self.start_timer(minutes)

    def edit_agenda(self) -> None:
        """A timebox for each phase, in a dialog."""
        from app.ui.workshop.agenda_dialog import AgendaDialog

        dialog = AgendaDialog(self.window.journey_map, self.agenda, self.window)
        if dialog.exec() == AgendaDialog.DialogCode.Accepted:
            self.agenda = dialog.minutes()

    def _phase_walked(self, phase_id: str | None) -> None:
        """A phase's timebox starts when the walk reaches it, not again when the walk comes back to it after
        a look at the whole map; another phase's timebox, or the next walk to it, starts it anew."""
        minutes = self.agenda.get(phase_id or "")
        if minutes and phase_id != self._timeboxed:
            self._timeboxed = phase_id
            self.start_timer(minutes)
        elif phase_id is not None and phase_id != self._timeboxed:
            self._timeboxed = None

    def _last_minutes(self) -> float:
        return self.timer.countdown.duration / 60 if self.timer is not None and self.timer.countdown.is_set else 10

    def toggle_timer(self) -> None:
        timer = self.ensure_timer()
        if not timer.countdown.is_set:
            timer.set_minutes(self._last_minutes(), start=True)
        else:
            timer.show()
            timer.toggle()

    def add_minute(self) -> None:
        self.ensure_timer().add_minute()

    def reset_timer(self) -> None:
        self.ensure_timer().reset()

    def hide_timer(self) -> None:
        self.ensure_timer().hide()

    # --- dot voting ---------------------------------------------------------------------------

    def start_voting(self, rules: VotingRules | None = None) -> bool:
        """Start a round: with ``rules``, or as the facilitator sets it up in a dialog."""
        from app.ui.workshop.voting_dialogs import VotingSetupDialog
        from app.ui.workshop.voting_mode import VotingSession

        if self.voting is not None:
            self.window.scene.message.emit(_("A voting round is already on."))
            return False
        if rules is None:
            dialog = VotingSetupDialog(self.window.journey_map, self.window, initial=self._last_rules)
            if dialog.exec() != VotingSetupDialog.DialogCode.Accepted:
                return False
            rules = dialog.rules()
        self._last_rules = rules
        self.voting = VotingSession(self.window, rules, self._voting_closed)
        # Nothing changes the map while the room votes: Undo and Redo too are off until the round ends.
        self.window.undo_group.setActiveStack(None)
        if self.audience is not None:
            self.voting.add_banner(self.audience.view.viewport())
        self.update_mode()
        self._voting_actions()
        return True

    def _voting_closed(self) -> None:
        self.voting = None
        self.window.undo_group.setActiveStack(self.window.document.undo_stack)
        self.update_mode()
        self._voting_actions()

    def _voting_actions(self) -> None:
        registry = self.window.action_registry
        registry.action("vote_start").setEnabled(self.voting is None)
        for action_id in ("vote_next", "vote_end", "vote_discard"):
            registry.action(action_id).setEnabled(self.voting is not None)

    def end_voting(self) -> None:
        """The ranking: add the dots to the map, discard the round, or go on voting."""
        from app.ui.workshop.voting_dialogs import RankingDialog

        voting = self.voting
        if voting is None:
            return
        journey_map = self.window.journey_map
        dialog = RankingDialog(journey_map, voting.round.ranking([card.id for card in journey_map.cards]),
                               self.window)
        dialog.card_chosen.connect(self.show_card)
        decision = dialog.exec()
        if decision == RankingDialog.ADD:
            voting.finish(add=True)
        elif decision == RankingDialog.DISCARD:
            self.discard_voting()

    def discard_voting(self) -> None:
        """End the round without adding its dots; asks first when dots were cast (they would be lost)."""
        from PySide6.QtWidgets import QMessageBox

        voting = self.voting
        if voting is None:
            return
        count = voting.round.cast_total
        if count and message_box(
                self.window, "question", _("Discard the voting round"),
                ngettext("Discard the {count} dot cast in this round? The map stays as it is.",
                         "Discard the {count} dots cast in this round? The map stays as it is.",
                         count).format(count=count)) != QMessageBox.StandardButton.Yes:
            return
        voting.finish(add=False)

    def next_participant(self) -> None:
        if self.voting is not None:
            self.voting.next_participant()

    def show_card(self, card_id: str) -> None:
        """A card chosen in the ranking: its persona shown, the card selected and in view."""
        card = self.window.document.cards.card(card_id)
        if card is None:
            return
        if card.persona != self.window.current_persona_id:
            self.window.set_current_persona(card.persona)
        self.window.scene.select_cards([card_id])

    # --- walking the journey ----------------------------------------------------------------

    def next_phase(self) -> None:
        self.walk.step(1)

    def previous_phase(self) -> None:
        self.walk.step(-1)

    def whole_map(self) -> None:
        self.walk.show(None)


def parse_minutes(text: str) -> float | None:
    """ "7" → 7, "7:30" → 7.5, "0,5" → 0.5; None for anything else or a time of no length (or a day and more)."""
    text = text.strip().replace(",", ".")
    try:
        if ":" in text:
            minutes, seconds = text.split(":", 1)
            value = int(minutes or 0) + int(seconds) / 60 if 0 <= int(seconds) < 60 else -1.0
        else:
            value = float(text)
    except ValueError:
        return None
    return value if 0 < value < 24 * 60 else None


def workshop(window: MainWindow) -> Workshop:
    return window.workshop


# The Workshop menu's commands (app.ui.actions: ``call="app.ui.workshop.session:…"``).

def toggle_presentation(window: MainWindow) -> None:
    workshop(window).toggle_presentation()


def toggle_audience(window: MainWindow) -> None:
    workshop(window).toggle_audience()


def next_phase(window: MainWindow) -> None:
    workshop(window).next_phase()


def previous_phase(window: MainWindow) -> None:
    workshop(window).previous_phase()


def whole_map(window: MainWindow) -> None:
    workshop(window).whole_map()


def scale_normal(window: MainWindow) -> None:
    workshop(window).set_scale("normal")


def scale_large(window: MainWindow) -> None:
    workshop(window).set_scale("large")


def scale_extra_large(window: MainWindow) -> None:
    workshop(window).set_scale("extra_large")


def toggle_captions(window: MainWindow) -> None:
    workshop(window).toggle_captions()


def timer_5(window: MainWindow) -> None:
    workshop(window).start_timer(5)


def timer_10(window: MainWindow) -> None:
    workshop(window).start_timer(10)


def timer_15(window: MainWindow) -> None:
    workshop(window).start_timer(15)


def timer_custom(window: MainWindow) -> None:
    workshop(window).ask_timer()


def timer_toggle(window: MainWindow) -> None:
    workshop(window).toggle_timer()


def timer_add_minute(window: MainWindow) -> None:
    workshop(window).add_minute()


def timer_reset(window: MainWindow) -> None:
    workshop(window).reset_timer()


def timer_hide(window: MainWindow) -> None:
    workshop(window).hide_timer()


def vote_start(window: MainWindow) -> None:
    workshop(window).start_voting()


def vote_next(window: MainWindow) -> None:
    workshop(window).next_participant()


def vote_end(window: MainWindow) -> None:
    workshop(window).end_voting()


def vote_discard(window: MainWindow) -> None:
    workshop(window).discard_voting()


def timer_agenda(window: MainWindow) -> None:
    workshop(window).edit_agenda()


def toggle_blank(window: MainWindow) -> None:
    workshop(window).toggle_blank()
