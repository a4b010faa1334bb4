"""Issue 19, item 19: the cards and emotion points as CSV for a client's BI tool (``--csv cards.csv``).

Read back with the csv module as a BI tool or a spreadsheet reads it: one row per card and per emotion
point, RFC 4180 quoting with CRLF line ends, UTF-8 with a byte-order mark (Excel reads UTF-8 only with
it), text that a spreadsheet would run as a formula kept as text, the personas asked for and nothing of
another, the header in the deliverable's language.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from app import i18n
from app.cli import main
from app.export import ExportCancelledError, ExportError
from app.export.csv_export import COLUMNS, export_csv, formula_safe
from app.model import Card, EmotionPoint, load_map
from tests.conftest import SAMPLE_FILES, SAMPLES

SAMPLE = SAMPLES / "fitness-watch.json"
#: the English header, column by column
HEADER = ["Kind", "Persona", "Phase", "Phase no.", "Lane", "Lane no.", "Lane kind", "Order in cell", "Text",
          "Emotion score", "Emotion label", "Notes", "Severity", "Votes", "Owner", "Channel", "Evidence",
          "Moment of truth", "Value", "Effort", "Tags", "Card id", "Persona id", "Phase id", "Lane id"]


def read_rows(path: Path) -> list[dict[str, str]]:
    """The file as a BI tool reads it: UTF-8 with its byte-order mark, RFC 4180 (``newline=""``)."""
    with path.open(encoding="utf-8-sig", newline="") as stream:
        return list(csv.DictReader(stream))


def header_of(path: Path) -> list[str]:
    with path.open(encoding="utf-8-sig", newline="") as stream:
        return next(csv.reader(stream))


def test_the_header_names_every_column():
    assert [label for _key, label in COLUMNS] == HEADER


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.name)
@pytest.mark.parametrize("language", ["en", "de"])
def test_every_sample_round_trips_a_row_per_card_and_per_emotion_point(path: Path, language: str,
                                                                         tmp_path: Path):
    journey_map = load_map(path)
    out = tmp_path / "cards.csv"
    written = export_csv(journey_map, out, language=language)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.endswith(b"\r\n")  # every record ends in CRLF, the last one too
    words = i18n.catalogue(language)
    header = header_of(out)
    assert header == [words.gettext(label) for _key, label in COLUMNS]
    with out.open(encoding="utf-8-sig", newline="") as stream:
        records = list(csv.reader(stream))[1:]
    assert all(len(record) == len(header) for record in records)
    assert written.rows == len(records) == len(journey_map.cards) + len(journey_map.emotions)
    kind, text, card_id = header.index(words.gettext("Kind")), header.index(words.gettext("Text")), header.index(
        words.gettext("Card id"))
    cards = {record[card_id]: record for record in records if record[kind] == "card"}
    assert set(cards) == {card.id for card in journey_map.cards}
    for card in journey_map.cards:
        assert cards[card.id][text] == formula_safe(card.text)
    assert sum(record[kind] == "emotion" for record in records) == len(journey_map.emotions)


def test_a_cards_row_holds_its_place_and_every_field_a_bi_tool_filters_on(tmp_path: Path):
    journey_map = load_map(SAMPLE)
    card = journey_map.cards[0]
    card.severity, card.votes, card.owner, card.channel, card.evidence = 4, 7, "Service", "App", "observed"
    card.moment_of_truth, card.tags, card.notes, card.value, card.effort = True, ["price", "trust"], "seen", 5, 2
    export_csv(journey_map, tmp_path / "cards.csv")
    row = next(r for r in read_rows(tmp_path / "cards.csv") if r["Card id"] == card.id)
    phase = [p.id for p in journey_map.phases].index(card.phase)
    lane = [lane.id for lane in journey_map.lanes].index(card.lane)
    assert row == {
        "Kind": "card", "Persona": journey_map.persona(card.persona).name,
        "Phase": journey_map.phases[phase].name, "Phase no.": str(phase + 1),
        "Lane": journey_map.lanes[lane].name, "Lane no.": str(lane + 1), "Lane kind": journey_map.lanes[lane].kind,
        "Order in cell": "1", "Text": card.text, "Emotion score": "", "Emotion label": "", "Notes": "seen",
        "Severity": "4", "Votes": "7", "Owner": "Service", "Channel": "App", "Evidence": "observed",
        "Moment of truth": "yes", "Value": "5", "Effort": "2", "Tags": "price, trust", "Card id": card.id,
        "Persona id": card.persona, "Phase id": card.phase, "Lane id": card.lane,
    }


def test_cards_are_numbered_within_their_cell_in_the_maps_order(tmp_path: Path):
    journey_map = load_map(SAMPLE)
    first = journey_map.cards[0]
    for number in (2, 3):
        journey_map.cards.append(Card(id=f"extra{number}", persona=first.persona, phase=first.phase, lane=first.lane,
                                      text=f"extra {number}"))
    export_csv(journey_map, tmp_path / "cards.csv")
    rows = read_rows(tmp_path / "cards.csv")
    in_cell = [r for r in rows if (r["Persona id"], r["Phase id"], r["Lane id"]) == (first.persona, first.phase,
                                                                                       first.lane)]
    assert [r["Order in cell"] for r in in_cell] == [str(n) for n in range(1, len(in_cell) + 1)]
    assert [r["Card id"] for r in in_cell][-2:] == ["extra2", "extra3"]
    # the map read as its grid: persona by persona, phase by phase, lane by lane
    personas = [p.id for p in journey_map.personas]
    phases = [p.id for p in journey_map.phases]
    keys = [(personas.index(r["Persona id"]), phases.index(r["Phase id"]), int(r["Lane no."] or 0)) for r in rows]
    assert keys == sorted(keys)


def test_an_emotion_points_row_holds_its_score_label_and_note_in_the_emotion_lane(tmp_path: Path):
    journey_map = load_map(SAMPLE)
    point = journey_map.emotions[0]
    point.score, point.label, point.note = -2, "angry", "waited 20 min"
    export_csv(journey_map, tmp_path / "cards.csv")
    rows = [r for r in read_rows(tmp_path / "cards.csv") if r["Kind"] == "emotion"]
    row = next(r for r in rows if (r["Persona id"], r["Phase id"]) == (point.persona, point.phase))
    lane = next(lane for lane in journey_map.lanes if lane.kind == "emotions")
    assert (row["Emotion score"], row["Emotion label"], row["Notes"]) == ("-2", "angry", "waited 20 min")
    assert (row["Lane"], row["Lane kind"], row["Lane id"]) == (lane.name, "emotions", lane.id)
    assert row["Text"] == row["Card id"] == row["Severity"] == row["Votes"] == row["Order in cell"] == ""


def test_commas_quotes_and_line_breaks_are_quoted_as_rfc_4180_says(tmp_path: Path):
    journey_map = load_map(SAMPLE)
    texts = ['Price, then delivery', 'She said "never again"', "line one\nline two", "tab\there", " spaced "]
    for card, text in zip(journey_map.cards, texts, strict=False):
        card.text = text
    out = tmp_path / "cards.csv"
    export_csv(journey_map, out)
    raw = out.read_bytes().decode("utf-8-sig")
    assert '"Price, then delivery"' in raw and '"She said ""never again"""' in raw
    assert '"line one\nline two"' in raw  # a break inside a text stays the text's own, not a record's end
    assert raw.count("\r\n") == len(read_rows(out)) + 1
    by_id = {r["Card id"]: r["Text"] for r in read_rows(out)}
    assert [by_id[card.id] for card in journey_map.cards[:5]] == texts


@pytest.mark.parametrize("text, kept", [
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"), ("+1 555 0100", "'+1 555 0100"),
    ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"), ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
    ("\t=1+1", "'\t=1+1"), ("plain = text", "plain = text"), ("", ""),
    ("'quoted", "'quoted"),
])
def test_text_a_spreadsheet_would_run_as_a_formula_stays_text(text: str, kept: str, tmp_path: Path):
    journey_map = load_map(SAMPLE)
    card = journey_map.cards[0]
    card.text, card.owner, card.tags = text, text, [text] if text else []
    journey_map.persona(card.persona).name = text or "x"
    journey_map.emotions[0].label = text
    out = tmp_path / "cards.csv"
    export_csv(journey_map, out)
    rows = read_rows(out)
    row = next(r for r in rows if r["Card id"] == card.id)
    assert row["Text"] == row["Owner"] == row["Tags"] == kept
    if text:
        assert row["Persona"] == kept
    assert next(r for r in rows if r["Kind"] == "emotion" and r["Persona id"] == journey_map.emotions[0].persona
                and r["Phase id"] == journey_map.emotions[0].phase)["Emotion label"] == kept


def test_numbers_are_written_as_numbers_a_negative_score_too(tmp_path: Path):
    journey_map = load_map(SAMPLE)
    journey_map.emotions[0].score = -1
    export_csv(journey_map, tmp_path / "cards.csv")
    raw = (tmp_path / "cards.csv").read_text("utf-8-sig")
    assert ",-1," in raw and "'-1" not in raw


def test_only_the_personas_asked_for_and_nothing_of_another(tmp_path: Path):
    journey_map = load_map(SAMPLE)
    out = tmp_path / "lena.csv"
    export_csv(journey_map, out, personas=["beginner"])
    rows = read_rows(out)
    assert {r["Persona id"] for r in rows} == {"beginner"}
    assert len(rows) == (sum(c.persona == "beginner" for c in journey_map.cards)
                         + sum(e.persona == "beginner" for e in journey_map.emotions))
    raw = out.read_text("utf-8-sig")
    for other in journey_map.personas[1:]:
        assert other.name not in raw
    own = {card.text for card in journey_map.cards if card.persona == "beginner"}
    others = {card.text for card in journey_map.cards if card.persona != "beginner"} - own
    assert others and not [text for text in others if text in raw]


def test_headers_are_in_the_deliverables_language_whatever_the_ui_speaks(tmp_path: Path):
    i18n.set_language("en")
    out = tmp_path / "karten.csv"
    export_csv(load_map(SAMPLE), out, language="de")
    header = header_of(out)
    assert {"Persona", "Phase", "Zeile", "Text", "Notizen", "Karten-ID", "Nutzen", "Aufwand"} <= set(header)
    assert not {"Lane", "Notes", "Card id", "Value"} & set(header)
    rows = read_rows(out)
    assert {r["Art"] for r in rows} == {"card", "emotion"}  # the kind is a code to filter on, in any language


def test_a_map_that_records_german_gets_german_headers(tmp_path: Path):
    journey_map = load_map(SAMPLE)
    journey_map.language = "de"
    export_csv(journey_map, tmp_path / "karten.csv")
    assert "Zeile" in header_of(tmp_path / "karten.csv")


def test_the_file_is_written_whole_or_not_at_all(tmp_path: Path):
    out = tmp_path / "cards.csv"
    out.write_bytes(b"old")
    with pytest.raises(ExportCancelledError):
        export_csv(load_map(SAMPLE), out, progress=lambda done, total: False)
    assert out.read_bytes() == b"old"
    with pytest.raises(ExportError, match="folder"):
        export_csv(load_map(SAMPLE), tmp_path)
    seen: list[tuple[int, int]] = []
    export_csv(load_map(SAMPLE), out, progress=lambda done, total: seen.append((done, total)) or True)
    assert seen[-1] == (1, 1) and out.read_bytes().startswith(b"\xef\xbb\xbf")


def test_a_map_without_cards_or_personas_gets_the_header_alone(tmp_path: Path):
    journey_map = load_map(SAMPLE)
    journey_map.cards, journey_map.emotions = [], []
    assert export_csv(journey_map, tmp_path / "c.csv").rows == 0
    assert header_of(tmp_path / "c.csv") == HEADER and read_rows(tmp_path / "c.csv") == []


def test_emotion_points_of_a_map_without_an_emotion_lane_follow_their_phases_lanes(tmp_path: Path):
    journey_map = load_map(SAMPLE)
    journey_map.lanes = [lane for lane in journey_map.lanes if lane.kind != "emotions"]
    journey_map.emotions.append(EmotionPoint(persona="beginner", phase=journey_map.phases[-1].id, score=1))
    export_csv(journey_map, tmp_path / "c.csv")
    rows = read_rows(tmp_path / "c.csv")
    emotion = [r for r in rows if r["Kind"] == "emotion"]
    assert emotion and all(r["Lane"] == r["Lane kind"] == r["Lane no."] == "" for r in emotion)


# --- the command line --------------------------------------------------------------------------------------


def test_the_command_line_writes_the_csv_with_the_persona_asked_for(tmp_path: Path, capsys):
    out = tmp_path / "cards.csv"
    journey_map = load_map(SAMPLE)
    assert main(["export", str(SAMPLE), "--csv", str(out), "--persona", "Jonas"]) == 0
    cards = sum(card.persona == "athlete" for card in journey_map.cards)
    points = sum(point.persona == "athlete" for point in journey_map.emotions)
    assert capsys.readouterr().out == f"{out}: written ({cards} cards, {points} emotion points)\n"
    assert {r["Persona id"] for r in read_rows(out)} == {"athlete"}


def test_the_command_line_writes_german_headers_with_lang_de(tmp_path: Path, capsys):
    out = tmp_path / "karten.csv"
    assert main(["--lang", "en", "export", str(SAMPLE), "--csv", str(out), "--lang", "de"]) == 0
    assert "Zeile" in header_of(out)


def test_the_command_lines_help_names_the_csv_output(capsys):
    with pytest.raises(SystemExit):
        main(["export", "--help"])
    assert "--csv OUT.csv" in capsys.readouterr().out


def test_a_csv_with_a_quote_in_an_id_like_field_reads_back_the_same(tmp_path: Path):
    """Whatever the text holds, the reader gives it back: the csv module's own quoting, not ours."""
    journey_map = load_map(SAMPLE)
    journey_map.phases[0].name = 'Aware"ness, "early"\nstage\r'
    export_csv(journey_map, tmp_path / "c.csv")
    phases = {r["Phase"] for r in read_rows(tmp_path / "c.csv") if r["Phase id"] == journey_map.phases[0].id}
    assert phases == {journey_map.phases[0].name} and '"' in journey_map.phases[0].name


def test_the_rows_count_in_the_summary(tmp_path: Path):
    written = export_csv(load_map(SAMPLE), tmp_path / "c.csv")
    raw = io.StringIO((tmp_path / "c.csv").read_text("utf-8-sig"), newline="")
    assert written.rows == len(list(csv.reader(raw))) - 1
