"""The README's screenshots of the editor, made the way a user sees it: on a real X server.

    xvfb-run -a -s "-screen 0 1920x1080x24" .venv/bin/python scripts/screenshots.py docs/screenshots
    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python scripts/screenshots.py docs/screenshots

Each run fills the screen with the editor and saves, named after the screen size: the first start,
a fitted sample map, the "+ card" hover hint, a card's context menu, the recovery question after a
crash and the map it restored, the recovery list, autosave off, the Conflicts panel of a merged map, the
compare view (File → Compare with…), and the German editor with its Preferences, its Conflicts panel and
its compare view. The whole screen is grabbed, so popups
(the context menu) and dialogs are in the picture. Settings and recovery files go to a throw-away home folder.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(out: Path) -> int:
    home = Path(tempfile.mkdtemp(prefix="journeymap-shots-"))
    for name, sub in (("HOME", ""), ("XDG_CONFIG_HOME", ".config"), ("XDG_DATA_HOME", ".local/share"),
                      ("XDG_CACHE_HOME", ".cache"), ("XDG_RUNTIME_DIR", "runtime")):
        os.environ[name] = str(home / sub)
    (home / "runtime").mkdir(mode=0o700)
    sys.path.insert(0, str(ROOT))
    try:
        return _shoot(out, home)
    finally:
        shutil.rmtree(home, ignore_errors=True)


def _shoot(out: Path, home: Path) -> int:
    from PySide6.QtCore import QCoreApplication, QEvent, QPointF, Qt, QTimer
    from PySide6.QtGui import QContextMenuEvent, QGuiApplication, QMouseEvent
    from PySide6.QtWidgets import QApplication, QMessageBox

    from app.model import load_map
    from app.recovery import SUFFIX, RecoveryJournal, find_recoveries
    from app.ui.application import create_application
    from app.ui.main_window import MainWindow
    from app.ui.safety import recovery_folder
    from scripts.insight_shots import insight_shots

    app = create_application()
    screen = QGuiApplication.primaryScreen()
    size = screen.size()
    tag = f"{size.width()}x{size.height()}"
    out.mkdir(parents=True, exist_ok=True)

    def settle() -> None:
        for _ in range(10):
            app.processEvents()

    def shot(name: str) -> None:
        settle()
        path = out / f"{tag}-{name}.png"
        screen.grabWindow(0).save(str(path))
        print(path)

    def show(window: MainWindow) -> None:
        window.setGeometry(screen.availableGeometry())
        window.show()
        settle()

    sample = home / "fitness-watch.json"
    shutil.copy(ROOT / "sample_maps" / "fitness-watch.json", sample)

    first = MainWindow()
    show(first)
    shot("first-start")

    assert first.open_file(str(sample))
    settle()
    shot("fitted-map")

    scene, canvas = first.scene, first.canvas
    viewport = canvas.viewport()
    cell = scene.layout.cells[("purchase", "thoughts")]
    spot = QPointF(canvas.mapFromScene(QPointF(cell.x + cell.w / 2, cell.bottom - 8)))
    QApplication.sendEvent(viewport, QMouseEvent(QEvent.Type.MouseMove, spot, viewport.mapToGlobal(spot),
                                                 Qt.MouseButton.NoButton, Qt.MouseButton.NoButton,
                                                 Qt.KeyboardModifier.NoModifier))
    shot("hover-hint")

    card_id = scene.layout.cell_cards[("purchase", "pain-points")][0]
    box = scene.layout.cards[card_id].rect
    at = canvas.mapFromScene(QPointF(box.x + box.w * 0.6, box.y + box.h / 2))
    QApplication.sendEvent(viewport, QContextMenuEvent(QContextMenuEvent.Reason.Mouse, at, viewport.mapToGlobal(at)))
    shot("context-menu")
    for menu in QApplication.topLevelWidgets():
        if menu.isVisible() and menu is not first:
            menu.close()

    # A crash: cards added, autosaved, then the session dies without a word.
    for text in ("Asks the shop for a student discount", "Compares delivery times"):
        scene.add_card("purchase", "actions", text)
    first.autosaver.write_now()
    first.autosaver.journal.lock.write_text("999999999")  # a pid no running editor has
    first.hide()
    assert find_recoveries(recovery_folder()), "the autosave is missing"

    second = MainWindow()
    show(second)

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(50, answer)
            return
        shot("recovery-question")
        restore = QCoreApplication.translate("RecoveryDialog", "Restore")
        next(button for button in box.buttons() if button.text() == restore).click()

    QTimer.singleShot(100, answer)
    restored = second.offer_recovery()
    assert restored == 1, "nothing was restored"
    settle()
    shot("restored-map")

    # Two more crashes, and an autosave that no longer reads: one list for all of them.
    for title in ("Onboarding workshop", "Service blueprint, draft"):
        journal = RecoveryJournal(recovery_folder())
        crashed = load_map(sample)
        crashed.title = title
        journal.write(crashed, None, None)
        journal.lock.write_text("999999999")
    (recovery_folder() / f"cut-off{SUFFIX}").write_text('{"format": "journey-map-recovery", "map": {"tit')
    third = MainWindow()
    show(third)

    def answer_list() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(50, answer_list)
            return
        shot("recovery-list")
        dialog.reject()  # decide later: everything stays

    QTimer.singleShot(100, answer_list)
    third.offer_recovery()
    settle()
    shot("recoveries-waiting")

    # A data folder that cannot be written: the editor opens and says autosave is off.
    blocked = home / "not-a-folder"
    blocked.write_text("")
    os.environ["XDG_DATA_HOME"] = str(blocked / "data")
    fourth = MainWindow()
    show(fourth)
    assert fourth.open_file(str(sample))
    shot("autosave-off")
    os.environ["XDG_DATA_HOME"] = str(home / ".local/share")

    # A map two people edited at once, merged with conflicts: the Conflicts panel, one chosen, its card shown.
    conflicted = home / "fitness-watch-merged.json"
    _merged_sample(ROOT / "sample_maps" / "fitness-watch.json", conflicted, {
        "c-1": ("Instagram ad: 'Your first 5 km, together'", "Instagram ad: 'Run your first 5 km with us'"),
        "c-5": (1, 5), "c-3": None, "purchase": ("Buying", "Checkout")})
    fourth.hide()
    merged_window = MainWindow()
    show(merged_window)
    assert merged_window.open_file(str(conflicted))
    _choose_first_conflict(merged_window)
    shot("conflicts")
    merged_window.hide()

    def compare_shot(name: str) -> None:
        window = MainWindow()
        show(window)
        view = _show_compare_view(window, home, screen, settle)
        shot(name)
        view.reject()
        window.hide()

    compare_shot("compare-view")

    def workshop_shots(prefix: str, source: Path, names: tuple[str, ...]) -> None:
        """Presenting (F5), walking to a phase with the timer running, a voting round and its ranking."""
        window = MainWindow()
        show(window)
        copy = home / f"workshop-{source.name}"
        shutil.copy(source, copy)
        assert window.open_file(str(copy))
        _workshop_shots(window, shot, settle, prefix, names)
        window.hide()

    for window in (first, second, third, fourth, merged_window):
        window.hide()
    workshop_shots("", sample, ("present", "present-walk-timer", "voting", "voting-ranking"))

    def checks_shot(name: str, source: Path) -> None:
        """View → Health Check on a sample: the findings, the second one chosen and shown on the map."""
        from app.ui.checks_dock import toggle_checks

        window = MainWindow()
        show(window)
        copy = home / f"checks-{source.name}"
        shutil.copy(source, copy)
        assert window.open_file(str(copy))
        dock = toggle_checks(window)
        dock.refresh()
        index = dock.model.index(min(1, dock.model.rowCount() - 1))
        dock.list.setCurrentIndex(index)
        dock.jump_to(index)
        shot(name)
        window.hide()

    checks_shot("health-check", sample)
    insight_shots(MainWindow, show, shot, home)

    # The same editor in German: the German sample, and Edit → Preferences… where the language is chosen.
    from app.ui.language import apply_language
    from app.ui.preferences import PreferencesDialog

    for window in (first, second, third, fourth, merged_window):
        window.hide()
    apply_language("de")
    german = MainWindow()
    show(german)
    assert german.open_file(str(ROOT / "sample_maps" / "onlineshop-retoure.json"))
    shot("de-fitted-map")
    preferences = PreferencesDialog(german)
    preferences.show()
    shot("de-preferences")
    preferences.close()
    konflikte = home / "onlineshop-retoure-zusammengefuehrt.json"
    _merged_sample(ROOT / "sample_maps" / "onlineshop-retoure.json", konflikte, {
        "c-1": ("Instagram-Anzeige: Herbstjacken für Kinder, mit Größenberater",
                "Instagram-Anzeige: Herbstjacken für Kinder – 10 % auf die erste Bestellung"),
        "c-5": (2, 5), "c-3": None, "kauf": ("Bestellung", "Kasse")})
    assert german.open_file(str(konflikte))
    _choose_first_conflict(german)
    shot("de-conflicts")
    german.hide()
    compare_shot("de-compare-view")
    workshop_shots("de-", ROOT / "sample_maps" / "onlineshop-retoure.json", ("present-walk-timer", "voting"))
    checks_shot("de-health-check", ROOT / "sample_maps" / "onlineshop-retoure.json")
    insight_shots(MainWindow, show, shot, home, "de-")
    return 0  # no close(): it would ask whether to save the maps


def _workshop_shots(window, shot, settle, prefix: str, names: tuple[str, ...]) -> None:
    """Presenting, walking with the timer, voting and its ranking; shoots the steps in ``names``."""
    from app.ui.workshop.voting_dialogs import RankingDialog
    from app.workshop.voting import VotingRules, default_lanes

    def take(name: str) -> None:
        if name in names:
            shot(prefix + name)

    window.present_action.trigger()
    settle()
    take("present")
    window.next_phase_action.trigger()
    window.next_phase_action.trigger()
    window.timer_10_action.trigger()
    settle()
    take("present-walk-timer")
    window.whole_map_action.trigger()
    window.timer_hide_action.trigger()
    journey_map = window.journey_map
    lanes = default_lanes(journey_map)
    window.workshop.start_voting(VotingRules(lanes=lanes, dots=3, participants=8))
    voted = [c.id for c in journey_map.cards if c.persona == window.current_persona_id and c.lane in lanes]
    session = window.workshop.voting
    for participant, picks in enumerate(([0, 0, 1], [1, 2, 0], [3, 0, 2])):
        for pick in picks:
            session.cast(voted[pick % len(voted)])
        if participant < 2:
            session.next_participant()
    cell = window.scene.cell_of_card(voted[0])
    window.scene.ensure_visible(window.scene.cell_rect(cell))
    settle()
    take("voting")
    ranking = RankingDialog(journey_map, session.round.ranking([c.id for c in journey_map.cards]), window)
    ranking.show()
    settle()
    take("voting-ranking")
    ranking.close()
    session.finish(add=False)
    window.present_action.trigger()
    settle()


def _merged_sample(source: Path, target: Path, edits: dict) -> None:
    """``source`` merged from two copies that changed the same things: card texts and severities and phase
    names as (ours, theirs); a card given None is removed by ours and gets a note from theirs."""
    from app.i18n import _
    from app.merge.three_way import merge_maps
    from app.model import load_map, save_map
    from app.operations import changes as ch

    base = load_map(source)
    ours, theirs = base.model_copy(deep=True), base.model_copy(deep=True)
    phases = {phase.id for phase in base.phases}
    for item_id, values in edits.items():
        if values is None:
            ch.apply_checked(ours, ch.RemoveCards(card_ids=[item_id]))
            ch.apply_checked(theirs, ch.SetFields(target="card", item_id=item_id, values={"notes": "…"}))
            continue
        kind = "phase" if item_id in phases else "card"
        name = "name" if kind == "phase" else "severity" if isinstance(values[0], int) else "text"
        for side, value in zip((ours, theirs), values, strict=True):
            ch.apply_checked(side, ch.SetFields(target=kind, item_id=item_id, values={name: value}))
    result = merge_maps(base, ours, theirs, ours_label=_("mine"), theirs_label=_("on disk"))  # as Merge on Save
    assert len(result.conflicts) == len(edits), result.conflicts
    save_map(result.merged, target)


def _show_compare_view(window, home: Path, screen, settle):
    """File → Compare with… on an edited b2b sample against the sample as shipped (cards added, changed and
    removed, an emotion point changed), with a changed card chosen in the list of changes."""
    from app.model import Card, load_map, save_map
    from app.ui.compare_view import OtherVersion, compare_with

    shipped = home / "b2b-it-services-shipped.json"
    shutil.copyfile(ROOT / "sample_maps" / "b2b-it-services.json", shipped)
    journey_map = load_map(shipped)
    cards = {card.id: card for card in journey_map.cards}
    cards["c-2"].text = "Comparison portal listing, now with our 2026 reference customers"
    cards["c-17"].severity = 2
    cards["c-17"].text = "Demo request form asks 6 questions"
    for gone in ("c-5", "c-1", "c-24"):
        journey_map.cards.remove(cards[gone])
    journey_map.cards.insert(journey_map.cards.index(cards["c-13"]) + 1, Card(
        id="c-new-1", persona="evaluator", phase="consideration", lane="touchpoints",
        text="Webinar: monitoring for mid-sized plants"))
    journey_map.cards.append(Card(id="c-new-2", persona="evaluator", phase="decision", lane="opportunities",
                                  text="Named service manager joins the last demo"))
    point = next(p for p in journey_map.emotions if p.persona == "evaluator" and p.phase == "decision")
    point.score, point.label = 1, "reassured"
    edited = home / "b2b-it-services.json"
    save_map(journey_map, edited)
    assert window.open_file(str(edited))
    view = compare_with(window, OtherVersion(shipped, shipped.name))
    view.setGeometry(screen.availableGeometry())
    settle()
    view.view.fit_width()
    view.change_list.setCurrentRow(next(i for i, line in enumerate(view.lines) if "c-17" in line))
    settle()
    return view


def _choose_first_conflict(window) -> None:
    """Click the first conflict of the Conflicts panel, as a user does: its card is selected and shown."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    panel = window.conflicts_dock
    item = panel.list.item(0)
    QTest.mouseClick(panel.list.viewport(), Qt.MouseButton.LeftButton, pos=panel.list.visualItemRect(item).center())


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    sys.exit(main(Path(sys.argv[1])))
