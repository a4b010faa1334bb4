"""The poster and the workbook take their legend words from one place (app.layout.legend), so they agree."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from app import i18n
from app.export.excel import export_excel
from app.export.pdf import PdfOptions, export_pdf
from app.layout import legend, palette, score_label, severity_text
from app.model import MAX_SCORE, MIN_SCORE, JourneyMap, Lane, Persona, Phase, load_map
from tests.conftest import SAMPLES


def squash(text: str) -> str:
    return "".join(text.split())


def test_a_legend_word_changed_once_changes_on_the_poster_and_in_the_workbook(tmp_path: Path, monkeypatch):
    monkeypatch.setitem(legend.KIND_WORDS, "touchpoints", "Kontaktpunkt")
    monkeypatch.setitem(legend.KIND_WORDS, "pain_points", "Schmerzpunkt")
    monkeypatch.setattr(legend, "LEGEND_TITLE", "Legende")
    monkeypatch.setattr(legend, "MARKS", "Schwere ●●○ · Stimmen · Schlüsselmoment")
    monkeypatch.setattr(legend, "EMOTION_RANGE", "Gefühlsbereich")
    monkeypatch.setattr(legend, "EMOTION_SCALE", "Gefühlsskala in Worten")
    journey_map = load_map(SAMPLES / "fitness-watch.json")
    poster, workbook = tmp_path / "map.pdf", tmp_path / "map.xlsx"
    export_pdf(journey_map, poster, PdfOptions(personas=["beginner"]))
    export_excel(journey_map, workbook)

    text = squash(PdfReader(poster).pages[0].extract_text())
    for words in ("Kontaktpunkt", "Schmerzpunkt", "Schwere ●●○ · Stimmen · Schlüsselmoment", "Gefühlsbereich"):
        assert squash(words) in text
    overview = load_workbook(workbook)["Overview"]
    column = [cell.value for (cell,) in overview.iter_rows(min_col=1, max_col=1)]
    start = column.index("Legende")
    # issue 19: the kinds of the map's lanes, in legend order (the sample has no KPI lane)
    assert column[start + 1:start + 8] == ["Kontaktpunkt", "Action", "Thought", "Schmerzpunkt (severity 1-5)",
                                           "Opportunity", "Owner", "Gefühlsskala in Worten"]


def test_the_poster_shows_a_swatch_for_each_kind_of_lane_the_map_has_in_legend_order():
    journey_map = JourneyMap(
        id="m", title="Lanes in their own order", phases=[Phase(id="a", name="Awareness")],
        lanes=[Lane(id="k", name="KPIs", kind="kpis"), Lane(id="e", name="Feeling", kind="emotions"),
               Lane(id="t", name="Contacts", kind="touchpoints"), Lane(id="n", name="Notes", kind="notes"),
               Lane(id="g", name="Wishes", kind="goals")],
        personas=[Persona(id="p", name="Lena")],
    )
    assert legend.poster_kinds(journey_map) == [("touchpoints", "Touchpoint"), ("kpis", "KPI"), ("goals", "Goal")]


def test_every_lane_kind_with_a_card_colour_has_a_legend_word():
    """Emotions and notes get no swatch (their cards have the neutral colour); every other kind is named."""
    assert set(legend.KIND_WORDS) == set(palette.CARD_COLORS) - {"emotions", "notes"}
    b2b = load_map(SAMPLES / "b2b-it-services.json")
    assert {kind for kind, _word in legend.workbook_kinds(b2b)} <= set(legend.KIND_WORDS)


def test_the_legend_shows_marks_and_scores_as_cards_and_the_emotion_lane_print_them():
    assert severity_text(3) in legend.marks()
    assert f"{score_label(MIN_SCORE)} … {score_label(MAX_SCORE)}" in legend.emotion_range()
    assert legend.emotion_scale().startswith(f"Emotion scores: {MIN_SCORE:+d} very negative")
    assert legend.emotion_scale().endswith(f"{MAX_SCORE:+d} very positive")


#: the workbook's legend, from its title down, in each language
WORKBOOK_LEGEND = {
    "en": ["Legend", "Touchpoint", "Action", "Thought", "Pain point (severity 1-5)", "Opportunity", "Owner",
           "Emotion scores: -2 very negative … 0 neutral … +2 very positive"],
    "de": ["Legende", "Kontaktpunkt", "Kundenaktion", "Gedanke", "Schmerzpunkt (Schweregrad 1–5)", "Chance",
           "Verantwortlich", "Emotionswerte: -2 sehr negativ … 0 neutral … +2 sehr positiv"],
}


@pytest.mark.parametrize("ui, chosen", [("en", "de"), ("de", "en")])
def test_the_workbooks_legend_is_in_the_workbooks_language_whatever_the_editor_speaks(tmp_path: Path, ui: str,
                                                                                       chosen: str):
    i18n.set_language(ui)
    export_excel(load_map(SAMPLES / "fitness-watch.json"), tmp_path / "map.xlsx", language=chosen)
    overview = load_workbook(tmp_path / "map.xlsx").worksheets[0]
    column = [cell.value for (cell,) in overview.iter_rows(min_col=1, max_col=1)]
    start = column.index(WORKBOOK_LEGEND[chosen][0])
    assert column[start:start + len(WORKBOOK_LEGEND[chosen])] == WORKBOOK_LEGEND[chosen]


def test_each_legend_text_is_in_the_language_it_is_asked_for_whatever_the_editor_speaks():
    """The poster draws its legend in its own language (``words``), not the editor's: every function of
    app.layout.legend gives the words of the catalogue it is handed."""
    journey_map = load_map(SAMPLES / "fitness-watch.json")
    german = i18n.catalogue("de")
    texts = {
        "title": lambda words=None: legend.title(words),
        "marks": lambda words=None: legend.marks(words),
        "emotion range": lambda words=None: legend.emotion_range(words),
        "emotion scale": lambda words=None: legend.emotion_scale(words),
        "poster kinds": lambda words=None: legend.poster_kinds(journey_map, words),
        "workbook kinds": lambda words=None: legend.workbook_kinds(journey_map, words),
    }
    i18n.set_language("de")
    spoken_german = {name: text() for name, text in texts.items()}
    i18n.set_language("en")
    for name, text in texts.items():
        assert text(german) == spoken_german[name], name
        assert text(german) != text(), name  # the editor speaks English: the German words are not its
