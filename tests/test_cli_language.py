"""The journeymap command in German and English: --lang, the locale, every help text, messages and plurals."""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.extract import extract_python

import app.cli
import app.ui.application
from app import i18n
from app.cli import ARGPARSE_MESSAGES, argparse_expected_arguments, main
from tests.conftest import ROOT, SAMPLES

COMMANDS = [[], ["validate"], ["new"], ["export"], ["schema"], ["diff"], ["merge"], ["git-setup"], ["check"],
            ["serve"], ["pull"], ["push"], ["join"]]
#: words a German help may share with the English one: command and template names, option values, language codes,
#: product and format names that German uses as they are, and "Customer" of the German term Customer Journey (reviewed)
SAME_IN_BOTH = {"journeymap", "validate", "new", "export", "schema", "Schema", "de", "en", "json", "five", "phase",
                "b2b", "auto", "Letter", "Tabloid", "pt", "PDF", "Excel", "PNG", "SVG", "JSON", "Customer",
                "diff", "merge", "git", "setup", "driver", "Merge", "Diff", "in", "check", "RULE",
                "KPIs", "CSV", "BI", "UTF", "so", "an", "mm",  # "in", "so" and "an" are German too; mm a unit
                "serve", "pull", "push", "join", "jmap", "ws", "wss", "hocuspocus",  # live sessions: commands,
                "token"}  # link schemes


def run(argv: list[str]) -> tuple[int, str, str]:
    """main(argv) in this process: its exit status, stdout and stderr."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = main(argv)
        except SystemExit as stop:
            status = int(stop.code or 0)
    return status, out.getvalue(), err.getvalue()


def words(help_text: str) -> set[str]:
    """The words of a help text, leaving out option names (--pdf) and metavars (FILE, OUT.pdf, ID_OR_NAME)."""
    found = set()
    for token in help_text.split():
        if token.lstrip("[(").startswith("-") or re.fullmatch(r"[\[(]?[A-Z_]+(\.\w+)?[\]),.]*", token):
            continue
        found |= set(re.findall(r"[A-Za-zÄÖÜäöüß]{2,}", token))
    return found


def command_overview(language: str) -> str:
    """The help of the command parser itself (the list of commands), which argparse shows in its errors."""
    i18n.set_language(language)
    with app.cli._argparse_speaks_the_ui_language():
        return app.cli._command_parser().format_help()


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "editor")
@pytest.mark.parametrize("how", ["--lang de", "LANG=de_DE.UTF-8"])
def test_every_help_is_german_with_nothing_left_in_english(command: list[str], how: str, monkeypatch):
    if how == "LANG=de_DE.UTF-8":
        monkeypatch.setenv("LANG", "de_DE.UTF-8")
        argv = [*command, "--help"]
    else:
        argv = ["--lang", "de", *command, "--help"]
    status, german, _err = run(argv)
    assert status == 0 and german.startswith("Aufruf: journeymap")
    assert "Optionen:" in german and "diese Hilfe zeigen und beenden" in german
    english = run(["--lang", "en", *command, "--help"])[1]
    assert english.startswith("usage: journeymap") and "show this help message and exit" in english
    # The health check's rule ids (phase_without_touchpoint …) are names to type, like the command names.
    from app.insight.health import RULE_IDS

    rule_words = {word for rule in RULE_IDS for word in rule.split("_")}
    left = words(german) & words(english) - SAME_IN_BOTH - rule_words
    assert not left, f"English left in the German help of {command}: {sorted(left)}"


def test_the_command_list_is_german_too():
    german, english = command_overview("de"), command_overview("en")
    assert "Map-Dateien prüfen" in german and "check map files" in english
    assert not words(german) & words(english) - SAME_IN_BOTH


def test_the_version_option_is_described_in_german():
    assert "Versionsnummer zeigen und beenden" in run(["--lang", "de", "--help"])[1]


def test_the_locale_gives_german_in_a_real_process_and_lang_en_overrides_it(tmp_path: Path):
    env = {**os.environ, "LANG": "de_DE.UTF-8", "LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": ""}
    german = subprocess.run([sys.executable, "-m", "app", "validate", "--help"], capture_output=True, text=True,
                            cwd=ROOT, env=env, timeout=120)
    assert german.returncode == 0 and german.stdout.startswith("Aufruf: journeymap validate")
    assert "Map-Dateien prüfen" in german.stdout
    english = subprocess.run([sys.executable, "-m", "app", "validate", "--lang", "en", str(tmp_path / "none.json")],
                             capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
    assert english.returncode == 1 and english.stdout == f"{tmp_path / 'none.json'}: there is no such file\n"


def broken_map(tmp_path: Path) -> Path:
    data = json.loads((SAMPLES / "fitness-watch.json").read_text("utf-8"))
    data["cards"][3]["severity"] = 9
    data["cards"][5]["phase"] = "nowhere"
    data["personas"][0]["color"] = "red"
    data["language"] = "fr"
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(data), "utf-8")
    return path


def test_validation_errors_keep_the_field_paths_and_explain_in_german(tmp_path: Path, monkeypatch):
    path = broken_map(tmp_path)
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    status, out, _err = run(["validate", str(path)])
    assert status == 1
    assert out == (f"{path}: keine gültige Journey Map:\n"
                   "  language: die Sprache muss eine sein, die diese App kennt: en, de (gefunden: 'fr')\n"
                   "  personas[0].color: der Text muss dem Muster „^#[0-9A-Fa-f]{6}$“ entsprechen (gefunden: 'red')\n"
                   "  cards[3].severity: der Wert darf höchstens 5 sein (gefunden: 9)\n")
    status, out, _err = run(["--lang", "en", "validate", str(path)])
    assert out == (f"{path}: not a valid journey map:\n"
                   "  language: the language must be one this app knows: en, de (found 'fr')\n"
                   "  personas[0].color: String should match pattern '^#[0-9A-Fa-f]{6}$' (found 'red')\n"
                   "  cards[3].severity: Input should be less than or equal to 5 (found 9)\n")


def test_the_map_rules_between_objects_are_explained_in_german(tmp_path: Path):
    data = json.loads((SAMPLES / "fitness-watch.json").read_text("utf-8"))
    data["cards"][5]["phase"] = "nowhere"
    data["cards"][6]["id"] = data["cards"][2]["id"]
    data["emotions"].append(dict(data["emotions"][0]))
    data["title"] = 7
    (tmp_path / "rules.json").write_text(json.dumps(data), "utf-8")
    status, out, _err = run(["validate", "--lang", "de", str(tmp_path / "rules.json")])
    assert status == 1 and out.splitlines()[1:] == ["  title: erwartet wird ein Text (gefunden: 7)"]
    data["title"] = "Regeln"
    (tmp_path / "rules.json").write_text(json.dumps(data), "utf-8")
    out = run(["validate", "--lang", "de", str(tmp_path / "rules.json")])[1]
    card = data["cards"][2]["id"]
    point = data["emotions"][0]
    assert out.splitlines()[1:] == [
        f"  cards: ID '{card}' wird mehrfach verwendet (zuerst bei cards[2])",
        "  cards[5].phase: keine Phase mit der ID 'nowhere'",
        f"  emotions[{len(data['emotions']) - 1}]: ein zweiter Emotionspunkt für Persona '{point['persona']}' "
        f"in Phase '{point['phase']}' (einer je Persona und Phase)",
    ]


@pytest.mark.parametrize(("extra", "english", "german"), [
    (1, "... and 1 more problem", "... und 1 weiteres Problem"),
    (3, "... and 3 more problems", "... und 3 weitere Probleme"),
])
def test_plurals_are_right_in_both_languages(extra: int, english: str, german: str, tmp_path: Path):
    data = json.loads((SAMPLES / "fitness-watch.json").read_text("utf-8"))
    for card in data["cards"][: 10 + extra]:
        card["votes"] = -1
    (tmp_path / "many.json").write_text(json.dumps(data), "utf-8")
    out = run(["validate", "--lang", "en", str(tmp_path / "many.json")])[1].splitlines()
    assert out[-1] == f"  {english} (--all shows them all)"
    out = run(["validate", "--lang", "de", str(tmp_path / "many.json")])[1].splitlines()
    assert out[-1] == f"  {german} (--all zeigt alle)" and len(out) == 12
    i18n.set_language("de")
    assert app.cli._shown([f"w{i}" for i in range(10 + extra)], False)[-1] == (
        f"... und {extra} weitere Meldung (--all zeigt alle)" if extra == 1
        else f"... und {extra} weitere Meldungen (--all zeigt alle)")
    assert argparse_expected_arguments(1) == "%s Argument erwartet"
    assert argparse_expected_arguments(2) == "%s Argumente erwartet"


def test_argparse_errors_are_german(capsys):
    status, _out, err = run(["--lang", "de", "new", "--template", "nope", "-o", "x.json"])
    assert status == 2
    assert err.splitlines()[-1] == ("journeymap new: Fehler: Argument --template: ungültige Auswahl: 'nope' "
                                    "(möglich sind 'b2b', 'five-phase', 'five-phase-de')")
    status, _out, err = run(["validate", "--lang", "de"])
    assert status == 2 and err.endswith("Fehler: folgende Argumente sind erforderlich: FILE\n")
    status, _out, err = run(["--lang", "de", "export", str(SAMPLES / "fitness-watch.json")])
    assert status == 2
    assert err == "journeymap export: Geben Sie mindestens eine Ausgabe an (--pdf, --xlsx, --png, --svg oder --csv)\n"
    assert argparse._ is not i18n._  # argparse is itself again after the command


def test_argparse_has_no_message_a_user_can_see_that_the_catalogue_lacks():
    """Every _() of the running Python's argparse is listed (a newer Python with new words makes this fail)."""
    programmer_errors = {".__call__() not defined", "conflicting subparser: %s", "conflicting subparser alias: %s",
                         'argument "-" with mode %r', "cannot merge actions - two groups are named %r",
                         "invalid option string %(option)r: must start with a character %(prefix_chars)r",
                         "dest= is required for options like %r", "invalid conflict_resolution value: %r",
                         "conflicting option string: %s", "mutually exclusive arguments must be optional",
                         "cannot have multiple subparser arguments", "%r is not callable",
                         "'required' is an invalid argument for positionals"}
    with open(argparse.__file__, "rb") as source:
        found = {message if isinstance(message, str) else message[0]
                 for _line, _function, message, _comments in extract_python(
                     source, {"_": None, "ngettext": (1, 2)}, [], {})
                 if isinstance(message, str) or (message and isinstance(message[0], str))}
    assert found - programmer_errors - set(ARGPARSE_MESSAGES) <= {"expected %s argument"}
    german = i18n.catalogue("de")
    for message in ARGPARSE_MESSAGES:
        assert german.gettext(message) != message or message in ("%(prog)s: error: %(message)s\n",)


def test_export_lang_chooses_the_deliverables_language(monkeypatch, tmp_path: Path):
    from app.export import targets

    asked = []
    monkeypatch.setattr(targets, "export", lambda kind, journey_map, output, choices: asked.append(
        (kind, choices.language, i18n.language())) or targets.Written())
    sample = str(SAMPLES / "onlineshop-retoure.json")
    status, out, _err = run(["export", sample, "--xlsx", str(tmp_path / "a.xlsx"), "--lang", "en"])
    assert status == 0 and out == f"{tmp_path / 'a.xlsx'}: written\n"
    status, out, _err = run(["--lang", "de", "export", sample, "--pdf", str(tmp_path / "b.pdf")])
    assert status == 0 and out == f"{tmp_path / 'b.pdf'}: geschrieben\n"
    status, out, _err = run(["export", sample, "--png", str(tmp_path / "c.png")])
    assert asked == [("xlsx", "en", "en"), ("pdf", "de", "de"), ("png", None, "en")]  # None: the map's language


def test_the_editor_starts_in_the_language_asked_for(monkeypatch):
    opened = []
    monkeypatch.setattr(app.ui.application, "run_editor",
                        lambda path=None, language=None: opened.append((path, i18n.language(), language)))
    monkeypatch.setattr("app.display.display_problem", lambda *args, **kwargs: None)
    sample = str(SAMPLES / "fitness-watch.json")
    main(["--lang", "de", sample])
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    main([sample])
    main([sample, "--lang", "en"])
    # the UI language for the command's own words, and --lang handed on: it beats the one in Preferences
    assert opened == [(sample, "de", "de"), (sample, "de", None), (sample, "en", "en")]


def test_messages_of_the_editor_start_are_german(monkeypatch, tmp_path: Path):
    monkeypatch.setattr("app.display.display_problem", lambda *args, **kwargs: None)
    status, _out, err = run(["--lang", "de", str(tmp_path / "workshop.json")])
    assert status == 1 and err == (f"journeymap: {tmp_path / 'workshop.json'}: diese Datei gibt es nicht (um dort "
                                   f"eine neue Map anzulegen: journeymap --new {tmp_path / 'workshop.json'})\n")
    status, _out, err = run(["--lang", "de", "exprot", "x.json"])
    assert status == 2 and err == ("journeymap: unbekannter Befehl 'exprot'; meinten Sie 'export'? (journeymap --help "
                                   "listet die Befehle auf)\n")
