"""The poster's insight pages (issue 17): executive summary first, persona comparison, opportunity matrix, KPIs.

Read back with pypdf: every persona, the top pain point and the top opportunity are printed; twelve
personas all get named; the options switch pages off; KPI cells say value, target and a mark that is not
colour alone; long texts are printed whole; the words follow the deliverable's language.
"""

from __future__ import annotations

import gettext
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox
from reportlab.lib.pagesizes import A4

from app.cli import main
from app.export.insight_pages import InsightOptions, chosen_pages, pain_points
from app.export.pdf import PdfOptions, export_pdf
from app.i18n import catalogue
from app.insight.priorities import ranked
from app.model import Card, EmotionPoint, JourneyMap, Kpis, Lane, Persona, Phase, load_map
from tests.conftest import SAMPLES, shared_unless_mutation

FITNESS = SAMPLES / "fitness-watch.json"
LONG_PAIN = ("The watch asks for height, weight, resting pulse, sleep goals, a training plan, three permissions and "
             "an account with a password of twelve characters before it shows the first run, so she gives up in the "
             "shop car park and writes a one star review about the whole experience of buying it and setting it up")
TWELVE = ["Lena, beginner runner", "Jonas, advanced athlete", "Maria, gift buyer", "Dr. Weber, CFO",
          "Ali, IT evaluator", "Sofia, purchasing lead", "Tom, returning customer", "Priya, student",
          "Ken, retiree", "Amélie, triathlete", "Bruno, shop owner", "Zoë, influencer"]


def squash(text: str) -> str:
    return " ".join(text.split())


def page_texts(path: Path) -> list[str]:
    return [squash(page.extract_text()) for page in PdfReader(path).pages]


def pages_titled(texts: list[str], title: str) -> list[str]:
    """The pages that start with ``title`` (the first) or ``title (continued)``."""
    return [text for text in texts if text.startswith(title)]


def rated_fitness() -> JourneyMap:
    """The fitness-watch sample with KPIs of both directions (met and missed) and rated opportunities."""
    journey_map = load_map(FITNESS)
    phases = [phase.id for phase in journey_map.phases]
    journey_map.kpis = Kpis.model_validate({
        "metrics": [{"id": "nps", "name": "NPS", "direction": "higher"},
                    {"id": "churn", "name": "Churn", "unit": "%", "direction": "lower"}],
        "values": [{"metric": "nps", "phase": phases[0], "value": 32, "target": 40},
                   {"metric": "nps", "phase": phases[2], "value": 45, "target": 40},
                   {"metric": "churn", "phase": phases[3], "value": 7.5, "target": 5},
                   {"metric": "churn", "phase": phases[4], "value": 4.2, "target": 5, "persona": "beginner"}]})
    opportunities = [card for card in journey_map.cards if card.lane == "opportunities"]
    for card, (value, effort) in zip(opportunities, [(2, 4), (5, 1), (4, 4), (1, 1)], strict=False):
        card.value, card.effort = value, effort
    return journey_map


def twelve_personas() -> JourneyMap:
    phases = [Phase(id=f"ph{i}", name=name) for i, name in enumerate(["Awareness", "Purchase", "Use"])]
    lanes = [Lane(id="feel", name="Feelings", kind="emotions"), Lane(id="pain", name="Pain points", kind="pain_points")]
    personas = [Persona(id=f"p{i}", name=name) for i, name in enumerate(TWELVE)]
    emotions = [EmotionPoint(persona=f"p{i}", phase=f"ph{f}", score=(i + f) % 5 - 2)
                for i in range(12) for f in range(3)]
    cards = [Card(id=f"c{i}", persona=f"p{i}", phase="ph1", lane="pain", text=f"Pain of persona {i}")
             for i in range(12)]
    return JourneyMap(id="twelve", title="Twelve personas", phases=phases, lanes=lanes, personas=personas,
                      emotions=emotions, cards=cards)


@pytest.fixture(scope=shared_unless_mutation)
def fitness_pdf(tmp_path_factory: pytest.TempPathFactory) -> tuple[JourneyMap, list[str], int]:
    journey_map = rated_fitness()
    out = tmp_path_factory.mktemp("insight") / "fitness.pdf"
    result = export_pdf(journey_map, out, PdfOptions.with_insight(language="en"))
    return journey_map, page_texts(out), result.pages


def test_the_summary_is_first_and_the_other_pages_follow_before_the_poster(fitness_pdf):
    journey_map, texts, pages = fitness_pdf
    assert pages == len(texts) == 4 + len(journey_map.personas)
    assert [text.split(" ", 2)[:2] for text in texts[:4]] == [
        ["Executive", "summary"], ["Persona", "comparison"], ["Opportunity", "matrix"],
        ["KPIs", journey_map.title.split()[0]]]
    assert f"page 1 of {pages}" in texts[0] and f"page {pages} of {pages}" in texts[-1]
    assert journey_map.personas[-1].name in texts[-1] and "Executive summary" not in texts[-1]


def test_summary_comparison_and_matrix_name_the_personas_the_top_pain_point_and_the_top_opportunity(fitness_pdf):
    journey_map, texts, _pages = fitness_pdf
    top_pain = squash(pain_points(journey_map)[0].text)
    top_opportunity = squash(ranked(journey_map)[0].card.text)
    assert ranked(journey_map)[0].quadrant == "quick_win"
    summary = " ".join(pages_titled(texts, "Executive summary"))
    comparison = " ".join(pages_titled(texts, "Persona comparison"))
    matrix = " ".join(pages_titled(texts, "Opportunity matrix"))
    for persona in journey_map.personas:
        assert persona.name in summary and persona.name in comparison and persona.name in matrix, persona.name
        assert persona.role in summary
    assert top_pain in summary and top_pain in comparison
    assert top_opportunity in summary and top_opportunity in matrix
    assert "Quick wins" in summary and "Quick wins" in matrix and "Money pits" in matrix
    assert journey_map.goal in summary
    assert "Top pain points" in summary and "Top opportunities" in summary and "Open health-check findings" in summary


def test_a_twelve_persona_map_gets_a_comparison_page_naming_all_twelve(tmp_path: Path):
    out = tmp_path / "twelve.pdf"
    export_pdf(twelve_personas(), out, PdfOptions.with_insight(language="en", summary=False))
    texts = page_texts(out)
    comparison = pages_titled(texts, "Persona comparison")[0]  # the chart and its legend
    for name in TWELVE:
        assert comparison.count(name) >= 1, name
    assert all(f"Pain of persona {i}" in " ".join(pages_titled(texts, "Persona comparison")) for i in range(12))


def test_twenty_four_personas_get_every_line_pattern_and_marker_and_their_names(tmp_path: Path):
    journey_map = twelve_personas()
    more = [Persona(id=f"q{i}", name=f"Second {name}") for i, name in enumerate(TWELVE)]
    journey_map.personas = [*journey_map.personas, *more]
    journey_map.emotions = [*journey_map.emotions, *[EmotionPoint(persona=p.id, phase="ph0", score=1) for p in more]]
    out = tmp_path / "24.pdf"
    export_pdf(journey_map, out, PdfOptions.with_insight(language="en", tile="A4"))
    comparison = pages_titled(page_texts(out), "Persona comparison")[0]
    assert all(name in comparison for name in [*TWELVE, *(p.name for p in more)])


def test_the_options_switch_pages_off(tmp_path: Path):
    journey_map = rated_fitness()
    titles = {"summary": "Executive summary", "comparison": "Persona comparison", "matrix": "Opportunity matrix",
              "kpis": "KPIs"}
    for page, title in titles.items():
        out = tmp_path / f"no-{page}.pdf"
        result = export_pdf(journey_map, out, PdfOptions.with_insight(language="en", **{page: False}))
        texts = page_texts(out)
        assert result.pages == len(texts) == 3 + len(journey_map.personas), page
        assert not pages_titled(texts, title + " "), page
        for other, other_title in titles.items():
            if other != page:
                assert pages_titled(texts, other_title), (page, other)
    out = tmp_path / "none.pdf"
    none = PdfOptions.with_insight(language="en", summary=False, comparison=False, matrix=False, kpis=False)
    assert export_pdf(journey_map, out, none).pages == len(journey_map.personas)
    assert page_texts(out)[0].startswith(journey_map.title)


def test_the_command_line_switches_pages_off(tmp_path: Path, capsys):
    path = tmp_path / "map.json"
    path.write_text(rated_fitness().model_dump_json(), encoding="utf-8")
    out = tmp_path / "out.pdf"
    code = main(["export", str(path), "--pdf", str(out), "--lang", "en", "--no-summary", "--no-matrix"])
    assert code == 0, capsys.readouterr().err
    texts = page_texts(out)
    assert [text.split(" ")[0] for text in texts[:2]] == ["Persona", "KPIs"] and len(texts) == 2 + 3
    code = main(["export", str(path), "--pdf", str(out), "--lang", "en", "--no-comparison", "--no-kpis"])
    assert code == 0
    assert [text.split(" ")[0] for text in page_texts(out)[:2]] == ["Executive", "Opportunity"]


def test_pages_are_on_by_default_only_when_the_map_has_data_for_them():
    sample = load_map(FITNESS)  # three personas, no KPIs, no ratings
    assert chosen_pages(sample, InsightOptions()) == ["summary", "comparison"]
    assert chosen_pages(rated_fitness(), InsightOptions()) == ["summary", "comparison", "matrix", "kpis"]
    one = sample.model_copy(update={"personas": sample.personas[:1]})
    assert chosen_pages(one, InsightOptions()) == ["summary"]
    assert chosen_pages(rated_fitness(), InsightOptions(summary=False, kpis=False)) == ["comparison", "matrix"]


def test_a_one_persona_poster_gets_the_summary_of_that_persona_only(tmp_path: Path):
    journey_map = rated_fitness()
    out = tmp_path / "lena.pdf"
    result = export_pdf(journey_map, out, PdfOptions.with_insight(language="en", personas=["beginner"]))
    texts = page_texts(out)
    titles = [text.split(" ")[0] for text in texts]
    assert titles[:3] == ["Executive", "Opportunity", "KPIs"] and result.pages == 4
    joined = " ".join(texts[:3])
    assert "Lena, beginner runner" in joined and "Jonas" not in joined and "Maria" not in joined


def test_the_kpi_page_shows_value_target_and_the_mark_of_met_and_missed_metrics_of_each_direction(fitness_pdf):
    _map, texts, _pages = fitness_pdf
    kpi = " ".join(pages_titled(texts, "KPIs "))
    assert "NPS" in kpi and "higher is better" in kpi
    assert "Churn" in kpi and "unit: %" in kpi and "lower is better" in kpi
    assert "45 / 40 ▲ target met" in kpi  # higher is better, above target
    assert "32 / 40 ▼ target missed" in kpi  # higher is better, below target
    assert "4.2 % / 5 % ▲ target met" in kpi  # lower is better, below target
    assert "7.5 % / 5 % ▼ target missed" in kpi  # lower is better, above target
    assert "Lena, beginner runner" in kpi and "All personas" in kpi  # a row per persona with values of its own
    summary = pages_titled(texts, "Executive summary")[0]
    for figures in ("45 / 40 ▲ target met", "32 / 40 ▼ target missed", "4.2 % / 5 % ▲ target met",
                    "7.5 % / 5 % ▼ target missed"):
        assert figures in summary, figures


def test_long_texts_are_printed_whole_wrapped_on_every_page(tmp_path: Path):
    journey_map = rated_fitness()
    assert len(LONG_PAIN) >= 300
    pain = next(card for card in journey_map.cards if card.lane == "pain-points")
    pain.text, pain.severity, pain.votes = LONG_PAIN, 5, 9
    opportunity = ranked(journey_map)[0].card
    opportunity.text = LONG_PAIN.replace("she gives up", "we fix it")
    out = tmp_path / "long.pdf"
    export_pdf(journey_map, out, PdfOptions.with_insight(language="en"))
    reader = PdfReader(out)
    raw = reader.pages[0].extract_text()
    assert LONG_PAIN not in raw and squash(LONG_PAIN) in squash(raw)  # wrapped into lines, every word printed
    texts = page_texts(out)
    assert squash(LONG_PAIN) in " ".join(pages_titled(texts, "Persona comparison"))
    assert squash(opportunity.text) in " ".join(pages_titled(texts, "Opportunity matrix"))


def test_a_list_longer_than_a_page_continues_on_the_next_page(tmp_path: Path):
    journey_map = rated_fitness()
    phase, persona = journey_map.phases[0].id, journey_map.personas[0].id
    extra = [Card(id=f"o{i}", persona=persona, phase=phase, lane="opportunities", value=i % 5 + 1,
                  effort=(i * 2) % 5 + 1, text=f"Opportunity number {i} with a text of a few words") for i in range(80)]
    journey_map.cards = [*journey_map.cards, *extra]
    out = tmp_path / "many.pdf"
    export_pdf(journey_map, out, PdfOptions.with_insight(language="en", tile="A4", summary=False, comparison=False,
                                                         kpis=False, personas=[persona]))
    texts = page_texts(out)
    matrix = pages_titled(texts, "Opportunity matrix")
    assert len(matrix) >= 2 and matrix[1].startswith("Opportunity matrix (continued)")
    joined = " ".join(matrix)
    assert all(f"Opportunity number {i} with a text of a few words" in joined for i in range(80))


def test_a_tiled_poster_prints_the_insight_pages_on_its_tile_paper(tmp_path: Path):
    journey_map = rated_fitness()
    out = tmp_path / "tiled.pdf"
    options = PdfOptions.with_insight(language="en", paper="A2", tile="A4", personas=["beginner"])
    result = export_pdf(journey_map, out, options)
    reader = PdfReader(out)
    assert result.pages == len(reader.pages)
    first = reader.pages[0]
    assert (round(float(first.mediabox.width)), round(float(first.mediabox.height))) == (round(A4[1]), round(A4[0]))
    assert squash(first.extract_text()).startswith("Executive summary")
    assert "Sheet A1" not in first.extract_text() and "Assembly" not in first.extract_text()
    assert reader.pages[3].extract_text().startswith("Assembly: ")  # the poster's assembly sheet, then its sheets
    assert "Sheet A1" in reader.pages[4].extract_text()


# --- the deliverable's language ------------------------------------------------------------------------


def test_a_german_export_writes_its_pages_in_the_german_catalogue_and_digits(tmp_path: Path):
    journey_map = rated_fitness()
    journey_map.kpis.values[3].value = 4.25
    out = tmp_path / "de.pdf"
    result = export_pdf(journey_map, out, PdfOptions.with_insight(language="de"))
    texts = page_texts(out)
    german = catalogue("de")
    assert texts[0].startswith(german.gettext("Executive summary"))
    assert f"Seite 1 von {result.pages}" in texts[0]
    kpi = " ".join(pages_titled(texts, german.gettext("KPIs") + " "))
    assert f"4,25 % / 5 % ▲ {german.gettext('target met')}" in kpi and "7,5 % / 5 % ▼" in kpi


def test_every_fixed_word_of_the_pages_comes_from_the_catalogue(tmp_path: Path):
    journey_map = rated_fitness()
    out = tmp_path / "pseudo.pdf"
    export_pdf(journey_map, out, PdfOptions.with_insight(language="pseudo"))
    texts = page_texts(out)
    assert texts[0].startswith("⟦Executive summary⟧")
    joined = " ".join(texts[:4])
    for word in ("⟦Top pain points⟧", "⟦Top opportunities⟧", "⟦KPIs against target⟧", "⟦Quick wins⟧",
                 "⟦Persona comparison⟧", "⟦Opportunity matrix⟧", "⟦target met⟧", "⟦higher is better⟧",
                 "⟦Emotions by phase⟧", "⟦Open health-check findings⟧"):
        assert word in joined, word
    assert "Top pain points" not in joined.replace("⟦Top pain points⟧", "")


def test_german_words_fit_and_are_not_cut(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """With German words (about 30 % longer) in the catalogue, the headings and notes print whole."""
    german = {"Executive summary": "Zusammenfassung für die Geschäftsleitung, den Aufsichtsrat und alle "
                                   "Führungskräfte des Kunden im Überblick",
              "Top opportunities": "Die wichtigsten Chancen in der Reihenfolge ihrer Umsetzung",
              "target missed": "Ziel verfehlt", "Opportunity matrix": "Chancen-Matrix"}
    words = catalogue("de")
    real = words._translations

    class Translations(gettext.NullTranslations):
        def gettext(self, message: str) -> str:
            return german.get(message) or real.gettext(message)

        def ngettext(self, singular: str, plural: str, count: int) -> str:
            return real.ngettext(singular, plural, count)

    monkeypatch.setattr(words, "_translations", Translations())
    out = tmp_path / "de.pdf"
    export_pdf(rated_fitness(), out, PdfOptions.with_insight(language="de", landscape=False, tile="A4"))
    texts = page_texts(out)
    assert texts[0].startswith("Zusammenfassung für die Geschäftsleitung, den Aufsichtsrat und alle Führungskräfte "
                               "des Kunden im Überblick")  # two lines on A4 portrait, both printed
    joined = " ".join(texts)
    assert "Die wichtigsten Chancen in der Reihenfolge ihrer Umsetzung" in joined
    assert "32 / 40 ▼ Ziel verfehlt" in joined and "Chancen-Matrix" in joined


def test_the_command_line_and_the_dialog_print_the_pages_by_default_the_api_asks_for_them(tmp_path: Path, capsys):
    from app.export.targets import ExportChoices, export
    from app.ui.export_dialog import ExportRequest

    journey_map = rated_fitness()
    assert export_pdf(journey_map, tmp_path / "api.pdf", PdfOptions(language="en")).pages == 3  # the poster alone
    export("pdf", journey_map, tmp_path / "choices.pdf", ExportChoices(language="en"))
    assert len(PdfReader(tmp_path / "choices.pdf").pages) == 4 + 3
    asked = ExportRequest("pdf", tmp_path / "dialog.pdf").choices(None)  # the dialog's request, boxes as they start
    export("pdf", journey_map, tmp_path / "dialog.pdf", asked)
    assert len(PdfReader(tmp_path / "dialog.pdf").pages) == 4 + 3
    path = tmp_path / "map.json"
    path.write_text(journey_map.model_dump_json(), encoding="utf-8")
    assert main(["export", str(path), "--pdf", str(tmp_path / "cli.pdf"), "--lang", "en"]) == 0
    assert len(PdfReader(tmp_path / "cli.pdf").pages) == 4 + 3


def test_the_export_dialog_offers_the_pages_as_check_boxes_and_says_which_will_print(qtbot, tmp_path: Path):
    from app.ui.document import MapDocument
    from app.ui.export_dialog import ExportDialog

    path = tmp_path / "map.json"
    path.write_text(load_map(FITNESS).model_dump_json(), encoding="utf-8")  # three personas, no KPIs or ratings
    dialog = ExportDialog(MapDocument(load_map(path), path))
    qtbot.addWidget(dialog)
    boxes = {key: dialog.findChild(QCheckBox, f"export-page-{key}") for key in ("summary", "comparison", "matrix",
                                                                                "kpis")}
    assert all(box.isChecked() and box.isEnabled() for box in boxes.values())
    assert "Before the poster: Executive summary, Persona comparison." in dialog.preview_text.text()
    boxes["summary"].setChecked(False)
    assert dialog.preview_text.text().endswith("Before the poster: Persona comparison.")
    request = dialog.request()
    assert (request.summary, request.comparison, request.matrix, request.kpis) == (False, True, True, True)
    assert request.choices(path).summary is False and request.choices(path).comparison is True
    dialog.personas.item(1).setCheckState(Qt.CheckState.Unchecked)
    dialog.personas.item(2).setCheckState(Qt.CheckState.Unchecked)  # one persona: nothing to compare
    assert "Before the poster" not in dialog.preview_text.text()
    dialog.kind.setCurrentIndex(dialog.kind.findData("xlsx"))
    assert not any(box.isEnabled() for box in boxes.values())


def test_a_heading_is_never_left_at_the_foot_of_a_column_without_the_start_of_its_table():
    from reportlab.lib.pagesizes import portrait

    from app.export.fonts import ReportlabMetrics
    from app.export.page_flow import Cell, Flow, Line, Table
    from app.layout import TextWrapper

    flow = Flow(TextWrapper(ReportlabMetrics()), portrait(A4), "Title", "Title (continued)", "Map")
    table = Table([flow.width], [Cell([Line("Header")])], [[Cell([Line("First row")])], [Cell([Line("Second")])]])
    heading = flow.lines("KPIs against target", 11.0, bold=True)
    height = sum(line.height for line in heading)
    flow.y = flow.bottom - (height + 3 + table.lead() - 1.5)  # room for the heading and all but its gap below
    flow.heading("KPIs against target", keep=table.lead())
    flow.add(table)
    assert len(flow.pages) == 2 and len(flow.pages[0].ops) == 2  # page 1: only its title and rule
    flow = Flow(TextWrapper(ReportlabMetrics()), portrait(A4), "Title", "Title (continued)", "Map")
    flow.y = flow.bottom - (height + 3 + table.lead() + 1.5)  # just enough: heading and table start stay
    flow.heading("KPIs against target", keep=table.lead())
    flow.add(table)
    assert len(flow.pages) == 2 and len(flow.pages[0].ops) == 4  # title, rule, heading, header and first row
