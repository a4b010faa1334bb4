"""PDFs that identify themselves (issue 19 E.15, E.16): metadata, an outline per page kind, a footer naming the map."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

import app
from app.export.pdf import PdfOptions, export_pdf
from app.i18n import catalogue
from app.model import load_map
from tests.conftest import SAMPLES


def outline(reader: PdfReader) -> list[tuple[int, str, int]]:
    """The outline as (level, title, page number from 1), in order."""
    found: list[tuple[int, str, int]] = []

    def walk(items, level: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                found.append((level, item.title, reader.get_destination_page_number(item) + 1))

    walk(reader.outline, 0)
    return found


def test_the_metadata_names_the_map_its_personas_and_the_product(tmp_path: Path):
    journey_map = load_map(SAMPLES / "fitness-watch.json")
    out = tmp_path / "poster.pdf"
    export_pdf(journey_map, out, PdfOptions(paper="A1"))
    info = PdfReader(out).metadata
    assert info.title == "Fitness watch: from first ad to fan"
    assert info.author == ""  # the map has no author yet: not the product's name
    assert info.subject == ", ".join(p.name for p in journey_map.personas)
    assert info.creator == f"Journey Map Editor {app.__version__}"
    assert "ReportLab" in info.producer
    export_pdf(journey_map, out, PdfOptions(paper="A1", personas=["Jonas"]))
    assert PdfReader(out).metadata.subject == journey_map.persona("athlete").name


def test_the_poster_outline_has_an_entry_per_insight_page_and_persona(tmp_path: Path):
    journey_map = load_map(SAMPLES / "fitness-watch.json")
    out = tmp_path / "poster.pdf"
    result = export_pdf(journey_map, out, PdfOptions.with_insight(paper="A1"))
    entries = outline(PdfReader(out))
    names = [p.name for p in journey_map.personas]
    assert [title for _level, title, _page in entries] == ["Executive summary", "Persona comparison", *names]
    assert {level for level, _title, _page in entries} == {0}
    pages = [page for _level, _title, page in entries]
    assert pages[0] == 1 and pages == sorted(pages) and pages[-3:] == list(range(result.pages - 2, result.pages + 1))
    texts = [page.extract_text() for page in PdfReader(out).pages]
    assert "Persona comparison" in texts[pages[1] - 1]


def test_a_tiled_poster_bookmarks_each_personas_first_sheet(tmp_path: Path):
    journey_map = load_map(SAMPLES / "fitness-watch.json")
    out = tmp_path / "tiled.pdf"
    export_pdf(journey_map, out, PdfOptions(paper="A2", tile="A4", personas=["Lena", "Jonas"]))
    entries = outline(PdfReader(out))
    assert [title for _l, title, _p in entries] == [journey_map.personas[0].name, journey_map.personas[1].name]
    assert entries[0][2] == 1 and entries[1][2] > 2


def test_the_handout_outline_has_each_persona_and_its_phase_ranges(tmp_path: Path):
    journey_map = load_map(SAMPLES / "onlineshop-retoure.json")
    out = tmp_path / "handout.pdf"
    export_pdf(journey_map, out, PdfOptions.with_insight(handout=True, language="en"))
    reader = PdfReader(out)
    entries = outline(reader)
    texts = [page.extract_text() for page in reader.pages]
    personas = [p.name for p in journey_map.personas]
    tops = [(title, page) for level, title, page in entries if level == 0]
    assert [title for title, _page in tops] == ["Executive summary", "Persona comparison", *personas]
    for index, (level, title, page) in enumerate(entries):
        if level == 1:
            parent = next(t for lv, t, _p in reversed(entries[:index]) if lv == 0)
            assert title in ("Phases 1–2 of 5", "Phases 3–4 of 5", "Phase 5 of 5")
            assert title in texts[page - 1] and parent in texts[page - 1]
            assert not texts[page - 1].count("(continued)")  # the range's first page
    assert sum(level == 1 for level, _t, _p in entries) == 3 * len(personas)


@pytest.mark.parametrize("language", ["en", "de"])
def test_the_footer_names_the_map_and_the_export_date_not_the_file(language: str, tmp_path: Path):
    journey_map = load_map(SAMPLES / "fitness-watch.json")
    out = tmp_path / "poster.pdf"
    export_pdf(journey_map, out, PdfOptions(paper="A1", language=language))
    text = " ".join(PdfReader(out).pages[0].extract_text().split())
    today = catalogue(language).format_date(date.today())
    page = "page 1 of 3" if language == "en" else "Seite 1 von 3"
    assert f"Fitness watch: from first ad to fan · {today} · {page}" in text
    assert "fitness-watch.json" not in text


def test_the_footer_prints_the_maps_version_label_when_it_has_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The hook for issue 19 F.18: a map with a deliverable version label prints it after the title."""
    from types import SimpleNamespace

    import app.export.pdf as pdf_module

    monkeypatch.setattr(pdf_module, "version_label", lambda _map: "v2.3, draft")
    monkeypatch.setattr(pdf_module, "map_author", lambda _map: "Studio Nord")
    journey_map = load_map(SAMPLES / "fitness-watch.json")
    out = tmp_path / "poster.pdf"
    export_pdf(journey_map, out, PdfOptions(paper="A1", personas=["Lena"]))
    text = " ".join(PdfReader(out).pages[0].extract_text().split())
    assert "Fitness watch: from first ad to fan · v2.3, draft ·" in text
    assert PdfReader(out).metadata.author == "Studio Nord"
    deliverable = SimpleNamespace(version=" v1 ", author=" A. Author ")
    monkeypatch.undo()
    fake = SimpleNamespace(deliverable=deliverable)
    assert pdf_module.version_label(fake) == "v1" and pdf_module.map_author(fake) == "A. Author"
    assert pdf_module.version_label(journey_map) == "" and pdf_module.map_author(journey_map) == ""


@pytest.mark.parametrize("options", [PdfOptions(handout=True, landscape=False), PdfOptions(paper="A1")],
                         ids=["handout", "poster"])
def test_a_title_too_long_for_the_footer_is_shortened_and_the_date_and_page_still_print(options: PdfOptions,
                                                                                      tmp_path: Path):
    from app.export.fonts import ReportlabMetrics

    journey_map = load_map(SAMPLES / "fitness-watch.json")
    journey_map.title = "A very long map title that goes on and on " * 16
    out = tmp_path / "long-title.pdf"
    export_pdf(journey_map, out, options)
    reader = PdfReader(out)
    today = catalogue("en").format_date(date.today())
    width = float(reader.pages[0].mediabox.width)
    for number, page in enumerate(reader.pages, start=1):
        [line] = [line for line in page.extract_text().splitlines() if line.endswith(f"page {number} of "
                                                                                      f"{len(reader.pages)}")]
        assert line.startswith("A very long map title") and f"… · {today} · page" in line
        assert ReportlabMetrics().width(line, 8) <= width - 2 * 28 + 1e-6
    short = load_map(SAMPLES / "fitness-watch.json")
    export_pdf(short, out, options)
    assert "…" not in PdfReader(out).pages[0].extract_text().splitlines()[-1]
