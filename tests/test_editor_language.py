"""The editor's window in German and English (issue 14): every menu, toolbar, context-menu, dock and
status text translated, plurals, undo step names, Qt's own words, the language chosen at start, and a
switch at run time that needs no restart."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QWidget,
)

from app import i18n
from app.model.templates import template_names
from app.ui import language, settings
from app.ui.main_window import MainWindow
from tests.conftest import open_window

#: texts that are the same in German, reviewed: product and format names, and words German uses as they are
SAME_IN_GERMAN = {"PDF", "Excel", "PNG", "SVG", "Persona", "Touchpoint", "KPIs", "100 %", "Name", "Text", "Phase",
                  "Moment of Truth", "Moment of truth", "English", "Deutsch", "OK", "Workshop", "Timer",
                  "Timer: +1 Minute", "2", "3", "4"}  # the middle ratings of an opportunity's value and effort


@pytest.fixture(autouse=True)
def english_afterwards():
    """Qt's catalogue, the locale and the stored choice are process-wide (Qt reads its settings folder
    once): none stored before, and English after the test."""
    QSettings().remove(settings.LANGUAGE.key)
    yield
    QSettings().remove(settings.LANGUAGE.key)
    language.apply_language(i18n.SOURCE_LANGUAGE)


@pytest.fixture
def german(english_afterwards):
    language.apply_language("de")
    assert i18n.language() == "de"


def action_texts(actions: list[QAction], where: str) -> Iterator[tuple[str, str]]:
    for action in actions:
        if action.isSeparator():
            continue
        name = f"{where}/{action.text()}"
        yield name, action.text()
        if action.statusTip():
            yield f"{name} (status tip)", action.statusTip()
        if action.toolTip() and action.toolTip() != action.text().replace("&", ""):
            yield f"{name} (tooltip)", action.toolTip()
        if action.menu() is not None:
            yield from action_texts(action.menu().actions(), name)


def context_menus(window: MainWindow) -> list[tuple[str, QMenu]]:
    journey_map = window.journey_map
    card = journey_map.cards[0]
    phase, lane = journey_map.phases[0], journey_map.lanes[0]
    return [("card", window.context_menu("card", card.id)),
            ("cell", window.context_menu("cell", f"{phase.id}/{lane.id}")),
            ("phase", window.context_menu("phase", phase.id)), ("lane", window.context_menu("lane", lane.id))]


def widget_texts(root: QWidget, where: str) -> Iterator[tuple[str, str]]:
    """Every fixed word a dock shows: labels, group titles, buttons, choices, hints and tooltips."""
    for index, widget in enumerate(root.findChildren(QWidget)):
        name = f"{where}/{type(widget).__name__}#{index}"
        if isinstance(widget, QLabel):
            yield name, widget.text()
        elif isinstance(widget, QGroupBox):
            yield name, widget.title()
        elif isinstance(widget, QAbstractButton) and not widget.text().startswith("#"):  # a colour's value
            yield name, widget.text()
        elif isinstance(widget, QComboBox):
            for item in range(widget.count()):
                yield f"{name}[{item}]", widget.itemText(item)
        if isinstance(widget, (QLineEdit, QPlainTextEdit)):
            yield f"{name} (placeholder)", widget.placeholderText()
        yield f"{name} (tooltip)", widget.toolTip()


def every_text(window: MainWindow) -> list[tuple[str, str]]:
    """(where, text) of every word of the window, in a fixed order: the same places in any language."""
    texts = [("title", window.windowTitle()), ("status", window.status_label.text())]
    for top in window.menuBar().actions():
        texts.append((f"menu bar/{top.text()}", top.text()))
        texts.extend(action_texts(top.menu().actions(), top.text()))
    texts.append(("toolbar", window.toolbar.windowTitle()))
    texts.extend(action_texts(window.toolbar.actions(), "toolbar"))
    for kind, menu in context_menus(window):
        texts.extend(action_texts(menu.actions(), f"context menu of a {kind}"))
    for dock in (window.inspector, window.persona_dock):
        texts.append((f"dock {dock.objectName()}", dock.windowTitle()))
        texts.extend(widget_texts(dock, dock.objectName()))
    return [(where, text) for where, text in texts if text]


def still_english(german_texts: list[tuple[str, str]], english_texts: list[tuple[str, str]],
                  window: MainWindow) -> list[str]:
    """The places whose German text is the English one, apart from the reviewed words and the map's text (the
    names of phases and templates in submenus)."""
    assert len(german_texts) == len(english_texts), "the same places in both languages"
    journey_map = window.journey_map
    users = {item.name for item in (*journey_map.phases, *journey_map.lanes, *journey_map.personas)}
    users |= set(template_names())
    return [f"{where}: {text!r}" for (where, text), (_where, english) in zip(german_texts, english_texts, strict=True)
            if text == english and text.replace("&", "") not in SAME_IN_GERMAN
            and not (text in users and where.count("/") >= 2)]


def test_a_window_opened_in_german_has_no_english_word_left(qtbot, sample_path: Path, english_afterwards):
    english = open_window(qtbot, sample_path)
    english_texts = every_text(english)
    language.apply_language("de")
    german = open_window(qtbot, sample_path)
    german_texts = every_text(german)
    assert still_english(german_texts, english_texts, german) == []
    # a few that must read as a German desktop app's
    titles = [top.text() for top in german.menuBar().actions()]
    assert titles[:3] == ["&Datei", "&Bearbeiten", "&Ansicht"] and titles[-1] == "&Hilfe"
    assert german.save_as_action.text() == "Speichern &unter…" and german.paste_action.text() == "&Einfügen"
    assert german.inspector.windowTitle() == "Eigenschaften"


def test_a_live_switch_to_german_and_back_retranslates_everything_without_a_restart(qtbot, sample_path: Path,
                                                                                   english_afterwards):
    window = open_window(qtbot, sample_path)
    phase, lane = window.journey_map.phases[0].id, window.journey_map.lanes[0].id
    window.scene.add_card(phase, lane, "seen", evidence="observed")
    english_texts = every_text(window)
    assert "Journey Map Editor" in window.windowTitle() and "cards in this persona" in window.status_label.text()

    language.apply_language("de")  # what Preferences does: no call on the window, Qt's LanguageChange does it
    german_texts = every_text(window)
    assert still_english(german_texts, english_texts, window) == []
    assert "Journey-Map-Editor" in window.windowTitle()
    assert "Karten bei dieser Persona" in window.status_label.text()
    assert window.menuBar().actions()[0].text() == "&Datei"
    assert window.inspector.toggleViewAction().text() == "Eigenschaften"  # the View menu's dock toggles
    assert window.toolbar.windowTitle() == "Hauptwerkzeugleiste"
    assert window.undo_tool.text() == "Rückgängig"
    assert window.scene.add_hint.text() == "+ Karte"  # the canvas's own words
    captions = [" ".join(box.caption_lines) for box in window.scene.layout.cards.values()]
    assert any("beobachtet" in caption for caption in captions) and not any("observed" in c for c in captions)

    language.apply_language("en")
    assert every_text(window) == english_texts


def test_the_lane_kinds_and_evidence_choices_are_german_words(qtbot, german):
    from app.ui.inspector import InspectorDock

    dock = InspectorDock()
    qtbot.addWidget(dock)
    kinds = [dock.lane_kind.itemText(i) for i in range(dock.lane_kind.count())]
    assert kinds == ["Kontaktpunkte", "Kundenaktionen", "Ziele", "Gedanken und Fragen", "Emotionen", "Schmerzpunkte",
                     "Chancen", "Verantwortlich", "KPIs", "Notizen"]
    evidence = dock.card_editors["evidence"]
    assert [evidence.itemText(i) for i in range(evidence.count())] == [
        "nicht angegeben", "beobachtet", "berichtet", "angenommen"]
    assert [evidence.itemData(i) for i in range(evidence.count())] == [None, "observed", "reported", "assumed"]


def add_cards(window: MainWindow, count: int) -> list[str]:
    phase = window.journey_map.phases[0].id
    lane = next(lane.id for lane in window.journey_map.lanes if not window.scene.is_emotion_lane(lane.id))
    return [window.scene.add_card(phase, lane, f"card {n}") for n in range(count)]


def test_counts_and_undo_step_names_have_the_right_plural_in_german_and_english(qtbot, english_afterwards):
    for code, one, several, undo_one, undo_several in (
            ("en", "1 card in this persona · 1 in the map", "3 cards in this persona · 3 in the map",
             "&Undo Delete card", "&Undo Delete 2 cards"),
            ("de", "1 Karte bei dieser Persona · 1 insgesamt", "3 Karten bei dieser Persona · 3 insgesamt",
             "&Rückgängig: Karte löschen", "&Rückgängig: 2 Karten löschen")):
        language.apply_language(code)
        window = MainWindow()
        qtbot.addWidget(window)
        window.journey_map.cards.clear() if window.journey_map.cards else None
        assert not window.journey_map.cards
        first = add_cards(window, 1)
        assert window.status_label.text().startswith(one), window.status_label.text()
        more = add_cards(window, 2)
        assert window.status_label.text().startswith(several), window.status_label.text()
        assert "(s)" not in window.status_label.text() and "(n)" not in window.status_label.text()
        window.scene.select_cards(first)
        window.scene.delete_selected()
        assert window.undo_action.text() == undo_one
        window.scene.select_cards(more)
        window.scene.delete_selected()
        assert window.undo_action.text() == undo_several
        assert window.undo_tool.toolTip() == undo_several.replace("&", "")


def test_edit_undo_names_the_step_in_german(qtbot, sample_path: Path, german):
    window = open_window(qtbot, sample_path)
    assert window.undo_action.text() == "&Rückgängig" and not window.undo_action.isEnabled()
    add_cards(window, 1)
    assert window.undo_action.text() == "&Rückgängig: Karte hinzufügen"
    window.undo_group.undo()
    assert window.redo_action.text() == "&Wiederholen: Karte hinzufügen"
    assert window.redo_tool.toolTip() == "Wiederholen: Karte hinzufügen"


def test_the_steps_made_before_a_switch_are_named_in_the_new_language(qtbot, sample_path: Path, english_afterwards):
    window = open_window(qtbot, sample_path)
    window.scene.select_cards(add_cards(window, 2))
    window.scene.delete_selected()
    window.inspector.map_title.setText("Renamed")
    window.inspector.map_title.textEdited.emit("Renamed")
    assert window.undo_action.text() == "&Undo Edit map"
    language.apply_language("de")
    assert window.undo_action.text() == "&Rückgängig: Map bearbeiten"
    assert window.undo_stack.text(window.undo_stack.count() - 2) == "2 Karten löschen"
    window.undo_group.undo()
    assert window.undo_action.text() == "&Rückgängig: 2 Karten löschen"
    assert window.redo_action.text() == "&Wiederholen: Map bearbeiten"


def mnemonics(texts: list[str]) -> list[str]:
    return [match.group(1).lower() for text in texts if (match := re.search(r"&([^&])", text))]


def test_every_german_menu_has_unique_mnemonics(qtbot, sample_path: Path, german):
    window = open_window(qtbot, sample_path)
    menus = [("menu bar", [top.text() for top in window.menuBar().actions()])]

    def walk(menu: QMenu, name: str) -> None:
        menus.append((name, [a.text() for a in menu.actions() if not a.isSeparator()]))
        for action in menu.actions():
            if action.menu() is not None:
                walk(action.menu(), f"{name}/{action.text()}")

    for top in window.menuBar().actions():
        walk(top.menu(), top.text())
    for kind, menu in context_menus(window):
        walk(menu, kind)
    for name, texts in menus:
        keys = mnemonics(texts)
        assert len(keys) == len(set(keys)), f"{name}: {texts}"
    assert len(mnemonics(menus[0][1])) == len(menus[0][1])  # every menu title has one


def test_qt_speaks_german_too_buttons_and_key_names(qtbot, sample_path: Path, german):
    assert language.qt_catalogues() and language.qt_catalogues()[0].endswith("qtbase_de.qm")
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Discard
                           | QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    assert sorted(button.text() for button in box.buttons()) == ["Abbrechen", "Speichern", "Verwerfen"]
    assert QCoreApplication.translate("QPlatformTheme", "&Yes") == "&Ja"
    window = open_window(qtbot, sample_path)
    keys = dict((what, keys) for keys, what in window.shortcut_list())
    assert keys["Speichern"].startswith("Strg+S")  # the F1 list: Qt's key names in German
    assert "Strg+Umschalt+N" in keys["Karte hinzufügen"]
    language.apply_language("en")
    assert not language.qt_catalogues()
    assert dict((what, keys) for keys, what in window.shortcut_list())["Save"].startswith("Ctrl+S")


def test_the_system_locale_picks_german_when_nothing_is_stored(monkeypatch, english_afterwards):
    from app.ui.application import editor_language

    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    assert language.start_language() == "de"
    i18n.set_language(i18n.system_language())  # what the command line does before it starts the editor
    assert editor_language() == "de"
    assert i18n.language() == "de" and language.qt_catalogues()
    assert QApplication.translate("QPlatformTheme", "Cancel") == "Abbrechen"


def test_the_stored_choice_wins_over_the_locale_and_the_command_line_over_both(monkeypatch, english_afterwards):
    from app.ui.application import editor_language

    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    settings.write(settings.LANGUAGE, "en")
    i18n.set_language(i18n.system_language())
    assert editor_language() == "en" and i18n.language() == "en"
    assert not language.qt_catalogues()

    monkeypatch.setenv("LANG", "en_US.UTF-8")
    settings.write(settings.LANGUAGE, "de")
    i18n.set_language(i18n.system_language())
    assert editor_language() == "de"
    assert editor_language("en") == "en"  # --lang
    i18n.set_language("en")  # the command line set --lang en (the system says de) before the editor starts
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    assert editor_language() == "en"


def test_an_unreadable_stored_language_follows_the_system(monkeypatch):
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    QSettings().setValue(settings.LANGUAGE.key, "klingon")
    assert language.stored_choice() == ""
    assert language.start_language() == "de"


def test_structure_steps_made_before_a_switch_are_named_in_the_new_language(qtbot, sample_path: Path,
                                                                             english_afterwards, monkeypatch):
    """Rename and delete of phases, lanes and personas, and the emotion point's steps, name themselves again."""
    window = open_window(qtbot, sample_path)
    flow = window.structure
    monkeypatch.setattr(flow, "ask_text", lambda *args: "Renamed")
    monkeypatch.setattr(flow, "_confirm_delete", lambda *args: True)
    journey_map = window.journey_map
    flow.rename_phase(journey_map.phases[0].id)
    flow.rename_lane(journey_map.lanes[0].id)
    flow.rename_persona() if journey_map.personas else None
    window.scene.set_current_cell((journey_map.phases[-1].id, journey_map.lanes[-1].id))
    flow.delete_lane()
    window.scene.set_current_cell((journey_map.phases[-1].id, journey_map.lanes[0].id))
    flow.delete_phase()
    stack = window.undo_stack
    english = [stack.text(i) for i in range(stack.count())]
    assert english == ["Rename phase", "Rename lane", "Rename persona", "Delete lane", "Delete phase"]
    language.apply_language("de")
    assert [stack.text(i) for i in range(stack.count())] == [
        "Phase umbenennen", "Zeile umbenennen", "Persona umbenennen", "Zeile löschen", "Phase löschen"]


def test_in_the_pseudo_language_every_word_of_the_window_comes_from_the_catalogue(qtbot, sample_path: Path,
                                                                                   english_afterwards):
    """Every translated text comes back as ⟦text⟧: a text with a part outside the brackets was built around a
    marked word (an f-string, a concatenation) or never marked. Map data (names, titles) and key names are
    the only text allowed outside."""
    language.apply_language(i18n.PSEUDO_LANGUAGE)
    window = open_window(qtbot, sample_path)
    journey_map = window.journey_map
    users = {item.name for item in (*journey_map.phases, *journey_map.lanes, *journey_map.personas)}
    users |= set(template_names()) | {journey_map.title, sample_path.name}
    outside = []
    for where, text in every_text(window):
        rest = text.replace("&", "")
        while (inner := re.sub(r"⟦[^⟦⟧]*⟧", "", rest)) != rest:  # a translation inside a translation too
            rest = inner
        for user in sorted(users, key=len, reverse=True):
            rest = rest.replace(user.replace("&", ""), "")
        rest = re.sub(r"[\s\d%·:,.()\[\]*—–\-+/]", "", rest)
        if rest:
            outside.append(f"{where}: {text!r}")
    assert outside == []


def test_the_templates_are_offered_by_name_in_the_ui_language(qtbot, sample_path: Path, english_afterwards):
    window = open_window(qtbot, sample_path)
    english = [action.text() for action in window.template_menu.actions()]
    assert english == ["B2B buying journey with a buying centre", "Five phases: Awareness to Advocacy",
                       "Five phases, German content: Wahrnehmung to Unterstützung"]
    language.apply_language("de")
    assert [action.text() for action in window.template_menu.actions()] == [
        "B2B-Kaufprozess mit Buying Center", "Fünf Phasen: Wahrnehmung bis Empfehlung",
        "Fünf Phasen, deutsche Vorlage: Wahrnehmung bis Unterstützung"]
    window.template_menu.actions()[2].trigger()  # still opens the template it names
    assert window.journey_map.phases[0].name == "Wahrnehmung" and window.journey_map.language == "de"
