"""The translation catalogue: every marked message has its German, nothing stale is kept, the language is
chosen as gettext users expect, and a catalogue edit shows without a build step."""

from __future__ import annotations

import importlib.util
import os
import time
from pathlib import Path

import pytest

from app import i18n
from tests.conftest import ROOT


def _catalogue_script():
    spec = importlib.util.spec_from_file_location("catalogue_script", ROOT / "scripts" / "catalogue.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_marked_message_has_its_german_and_the_catalogue_keeps_nothing_the_code_lost():
    problems = list(_catalogue_script().problems())
    assert not problems, "\n".join(problems[:40]) + f"\n({len(problems)} in all; run scripts/catalogue.py update)"


def test_each_area_file_holds_the_messages_of_its_area_and_each_message_once():
    script = _catalogue_script()
    code = script.extracted()
    seen: dict = {}
    for area in script.AREAS:
        catalog = script.read("de", area)
        ids = {entry.id for entry in catalog if entry.id}
        assert ids == set(code[area]), area
        for message in ids:
            assert message not in seen, (message, seen.get(message), area)
            seen[message] = area


@pytest.mark.parametrize(("environ", "expected"), [
    ({"LANG": "de_DE.UTF-8"}, "de"),
    ({"LANG": "de_AT.UTF-8"}, "de"),
    ({"LANG": "en_GB.UTF-8"}, "en"),
    ({"LANG": "fr_FR.UTF-8"}, "en"),  # a language we do not speak: the source language
    ({"LANG": "C.UTF-8"}, "en"),
    ({}, "en"),
    ({"LC_ALL": "de_DE.UTF-8", "LANG": "en_US.UTF-8"}, "de"),  # LC_ALL before LANG
    ({"LC_MESSAGES": "de_DE", "LANG": "en_US.UTF-8"}, "de"),
    ({"LC_ALL": "en_US.UTF-8", "LC_MESSAGES": "de_DE"}, "en"),  # the first one set decides
    ({"LANGUAGE": "fr:de", "LANG": "en_US.UTF-8"}, "de"),  # LANGUAGE lists choices: the first we speak
    ({"LANGUAGE": "fr", "LANG": "de_DE.UTF-8"}, "de"),  # none spoken: on to the locale
])
def test_the_ui_language_follows_the_environment_as_gettext_reads_it(environ, expected):
    assert i18n.system_language(environ) == expected


def test_german_plurals_and_dates_follow_the_language():
    german, english = i18n.catalogue("de"), i18n.catalogue("en")
    import datetime

    day = datetime.date(2026, 11, 24)
    assert german.format_date(day) == "24.11.2026"
    assert english.format_date(day) == "Nov 24, 2026"


def test_the_pseudo_language_wraps_every_translated_message_so_unmarked_text_stands_out():
    pseudo = i18n.catalogue(i18n.PSEUDO_LANGUAGE)
    assert pseudo.gettext("Save") == "⟦Save⟧"
    assert pseudo.ngettext("{count} card", "{count} cards", 2) == "⟦{count} cards⟧"
    i18n.set_language(i18n.PSEUDO_LANGUAGE)
    assert i18n._("Save") == "⟦Save⟧"


def test_an_unknown_language_is_refused_by_name():
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        i18n.catalogue("fr")


def test_a_catalogue_edited_after_its_compile_is_read_from_the_po(tmp_path: Path, monkeypatch):
    """A translator's edit shows at the next start, without a build step: a .mo older than its .po is
    ignored and the .po compiled in memory."""
    script = _catalogue_script()
    folder = tmp_path / "locale" / "de" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    po = folder / "editor.po"
    po.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
                  'msgid "Save"\nmsgstr "Speichern"\n', "utf-8")
    script.compile_all(tmp_path / "locale")
    monkeypatch.setattr(i18n, "locale_folder", lambda: tmp_path / "locale")
    i18n.catalogue.cache_clear()
    try:
        assert i18n.catalogue("de").gettext("Save") == "Speichern"  # from the .mo
        po.write_text(po.read_text("utf-8").replace("Speichern", "Sichern"), "utf-8")
        later = time.time() + 5  # more than MO_STALE_AFTER_S
        os.utime(po, (later, later))
        i18n.catalogue.cache_clear()
        assert i18n.catalogue("de").gettext("Save") == "Sichern"  # the newer .po wins
        (folder / "editor.mo").unlink()
        i18n.catalogue.cache_clear()
        assert i18n.catalogue("de").gettext("Save") == "Sichern"  # no .mo at all
    finally:
        i18n.catalogue.cache_clear()


def test_the_check_finds_fuzzy_entries_and_translations_with_fields_the_code_does_not_fill(tmp_path: Path,
                                                                                          monkeypatch):
    script = _catalogue_script()
    folder = tmp_path / "de" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    header = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n'
              '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n')
    (folder / "editor.po").write_text(
        header + 'msgid "Saved {path}"\nmsgstr "{pfad} gespeichert"\n\n'
        '#, fuzzy\nmsgid "Open"\nmsgstr "Öffnen"\n\n'
        'msgid "{count} card"\nmsgid_plural "{count} cards"\nmsgstr[0] "{count} Karte"\nmsgstr[1] "{count} Karten"\n\n'
        'msgid "Left {name} out"\nmsgstr "Ausgelassen"\n', "utf-8")
    monkeypatch.setattr(script, "LOCALE", tmp_path)
    wanted = {"Saved {path}": [], "Open": [], ("{count} card", "{count} cards"): [], "Left {name} out": []}
    monkeypatch.setattr(script, "extracted", lambda: {area: (wanted if area == "editor" else {})
                                                      for area in script.AREAS})
    assert list(script.problems()) == [
        "de/editor.po: 'Saved {path}' is translated with fields it does not have: {'pfad'}",
        "de/editor.po: 'Open' is marked fuzzy (a compiled catalogue leaves it out)",
    ]  # a field left out ("Ausgelassen") is allowed; plurals are checked against both forms
