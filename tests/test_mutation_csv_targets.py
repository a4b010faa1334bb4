"""The CSV table's fixed words and summary, and the export targets' refusals of a wrong file name.

The CSV's fixed words (evidence, "yes") are in the deliverable's language, not the UI's, whether the table
is written as a file or read as rows; an empty cell stays empty in every language; the summary counts in the
right grammatical number; a cancel leaves no file and says so. A file name that does not end as the format's
files do is refused with the name to use instead, the format named as users know it (PDF, Excel, ...).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from app import i18n
from app.export import ExportCancelledError
from app.export.csv_export import CsvResult, csv_text, export_csv, rows
from app.export.targets import TARGETS, ExportChoices, OutputNameError, export, output_name
from app.model import load_map
from tests.conftest import SAMPLES

SAMPLE = SAMPLES / "fitness-watch.json"


def marked_map():
    """The sample with one card observed and a moment of truth, and another with neither."""
    journey_map = load_map(SAMPLE)
    first, second = journey_map.cards[0], journey_map.cards[1]
    first.evidence, first.moment_of_truth = "observed", True
    second.evidence, second.moment_of_truth = None, False
    return journey_map, first.id, second.id


def table(text: str, words) -> tuple[list[str], dict[str, list[str]]]:
    """The header, and card id → the card's record."""
    header, *records = csv.reader(io.StringIO(text, newline=""))
    card_id = header.index(words.gettext("Card id"))
    return header, {record[card_id]: record for record in records}


@pytest.mark.parametrize("language", ["de", "en"])
def test_the_fixed_words_are_in_the_language_asked_for_not_the_maps(language: str):
    """A map that records no language, exported in German from an English UI, says "observed" and "yes" in
    German; the cards without them get empty cells (no catalogue's header smuggled in)."""
    journey_map, marked, plain = marked_map()
    journey_map.language = None
    words = i18n.catalogue(language)
    header, records = table(csv_text(journey_map, language=language), words)
    evidence, moment = header.index(words.gettext("Evidence")), header.index(words.gettext("Moment of truth"))
    assert records[marked][evidence] == words.gettext("observed")
    assert records[marked][moment] == words.gettext("yes")
    assert records[plain][evidence] == "" and records[plain][moment] == ""
    if language == "de":
        assert words.gettext("observed") != "observed" and words.gettext("yes") != "yes"


@pytest.mark.parametrize(("recorded", "ui"), [("de", "en"), ("en", "de")])
def test_rows_read_without_a_language_speak_the_maps_language(recorded: str, ui: str):
    """``rows`` on its own (as the BI tool's rows are built) uses the language the map records, whatever the
    UI speaks."""
    journey_map, marked, plain = marked_map()
    journey_map.language = recorded
    i18n.set_language(ui)
    words = i18n.catalogue(recorded)
    by_id = {row["id"]: row for row in rows(journey_map) if row["kind"] == "card"}
    assert by_id[marked]["evidence"] == words.gettext("observed")
    assert by_id[marked]["moment_of_truth"] == words.gettext("yes")
    assert by_id[plain]["evidence"] is None and by_id[plain]["moment_of_truth"] is None


@pytest.mark.parametrize(("cards", "points", "said"), [
    (1, 1, "1 card, 1 emotion point"),
    (1, 0, "1 card, 0 emotion points"),
    (0, 1, "0 cards, 1 emotion point"),
    (115, 15, "115 cards, 15 emotion points"),
])
def test_the_summary_counts_in_the_right_number(cards: int, points: int, said: str):
    """One card is "1 card", never "1 cards" (the command line prints this after the file's name)."""
    assert CsvResult(cards=cards, points=points).summary() == said


def test_the_summary_is_in_the_ui_language():
    i18n.set_language("de")
    one, many = CsvResult(cards=1, points=1).summary(), CsvResult(cards=2, points=2).summary()
    assert one.startswith("1 ") and many.startswith("2 ") and one != many.replace("2", "1")
    assert "card" not in one and "card" not in many


def test_a_cancelled_csv_says_so_and_leaves_no_file(tmp_path: Path):
    out = tmp_path / "cards.csv"
    with pytest.raises(ExportCancelledError) as cancelled:
        export_csv(load_map(SAMPLE), out, progress=lambda done, total: False)
    assert str(cancelled.value) == "export cancelled" and not out.exists()
    i18n.set_language("de")
    with pytest.raises(ExportCancelledError) as cancelled:
        export_csv(load_map(SAMPLE), out, progress=lambda done, total: False)
    assert str(cancelled.value) == i18n.catalogue("de").gettext("export cancelled") != "export cancelled"


def test_a_csv_written_through_its_target_reports_progress_and_can_be_cancelled(tmp_path: Path):
    """The dialog's progress bar and its Cancel button reach the CSV writer as they reach the others."""
    seen: list[tuple[int, int]] = []
    out = tmp_path / "cards.csv"
    written = TARGETS["csv"].write(load_map(SAMPLE), out, ExportChoices(), lambda d, t: seen.append((d, t)) or True,
                                   None)
    assert seen == [(1, 1)] and out.read_bytes().startswith(b"\xef\xbb\xbf") and "cards" in written.summary
    out.unlink()
    with pytest.raises(ExportCancelledError):
        export("csv", load_map(SAMPLE), out, ExportChoices(), progress=lambda d, t: False)
    assert not out.exists()


# --- a file name that does not end as the format's files do ---------------------------------------------------

WORDS = {"pdf": "PDF", "xlsx": "Excel", "png": "PNG", "svg": "SVG", "csv": "CSV"}


@pytest.mark.parametrize("kind", list(WORDS))
def test_a_name_with_another_formats_ending_is_refused_naming_both_formats(kind: str, tmp_path: Path):
    """``out.txt`` for a PDF: the message says the ending found, the format as users name it, its suffix and
    the name to use; the error carries the reason and the suggestion apart for the dialog."""
    suffix = TARGETS[kind].suffix
    other = ".pdf" if kind != "pdf" else ".xlsx"
    for name, suggestion in ((f"out{other}", f"out{suffix}"), ("client.v2", f"client.v2{suffix}")):
        with pytest.raises(OutputNameError) as refused:
            output_name(kind, tmp_path / name)
        ending = Path(name).suffix
        reason = f"the name ends in {ending}, but {WORDS[kind]} files end in {suffix}"
        assert refused.value.reason == reason
        assert refused.value.suggestion == tmp_path / suggestion
        assert str(refused.value) == f"{reason}; name it {tmp_path / suggestion}"


@pytest.mark.parametrize("kind", list(WORDS))
def test_exporting_to_a_name_without_an_ending_is_refused_with_the_full_name(kind: str, tmp_path: Path):
    suffix = TARGETS[kind].suffix
    with pytest.raises(OutputNameError) as refused:
        export(kind, load_map(SAMPLE), tmp_path / "out", ExportChoices())
    reason = f"the name has no ending, and {WORDS[kind]} files end in {suffix}"
    assert (refused.value.reason, refused.value.suggestion) == (reason, tmp_path / f"out{suffix}")
    assert str(refused.value) == f"{reason}; name it {tmp_path / f'out{suffix}'}"
    assert not any(tmp_path.iterdir())


def test_the_refusal_is_in_the_ui_language_with_the_format_word_untranslated(tmp_path: Path):
    i18n.set_language("de")
    with pytest.raises(OutputNameError) as refused:
        output_name("xlsx", tmp_path / "out.pdf")
    message = str(refused.value)
    assert "Excel" in message and ".pdf" in message and str(tmp_path / "out.xlsx") in message
    assert not message.startswith("the name ends in")
