"""The client's name on every deliverable (issue 19 F.18, and the rest of D.10): the poster's title block, every
PDF page's footer, the handout's header, every sheet's footer and the Overview print the deliverable settings;
a bad logo is a warning and the rest exports; a table's text taller than a row continues in the rows below."""

from __future__ import annotations

import base64
import struct
import subprocess
import zipfile
import zlib
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from app.cli import main
from app.export.excel import CARD_COLUMNS, CARD_WRAP_COLUMNS, LINES_PER_ROW, ROW_CAP, export_excel
from app.export.pdf import MARGIN, PdfOptions, export_pdf, plan_poster
from app.model import Deliverable, JourneyMap, Logo, load_map
from app.model.schema import MAX_LOGO_BYTES
from tests.conftest import SAMPLE_FILES, SAMPLES
from tests.test_poster_layout import Page, _inside, clashes, pages  # noqa: F401 - pages is the fixture

CLIENT, AUTHOR, VERSION = "Acme Sportswear GmbH", "Northwind Consulting", "v2.3, draft"
MARKING = {"en": "Confidential — client use only", "de": "Vertraulich – nur für den internen Gebrauch"}


def png(width: int = 160, height: int = 64) -> bytes:
    """A small RGB PNG, made without an image library."""
    rows = b"".join(b"\x00" + b"".join(bytes((200 if (x // 8 + y // 8) % 2 else 30, 90, 160 if x < width // 2 else 40))
                                        for x in range(width)) for y in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows))
            + chunk(b"IEND", b""))


def branded(journey_map: JourneyMap, language: str = "en", logo: Logo | None = None) -> JourneyMap:
    """The map with every deliverable setting and a PNG logo (or ``logo``), in ``language``."""
    journey_map.language = language
    journey_map.deliverable = Deliverable(
        client=CLIENT, author=AUTHOR, version=VERSION, confidentiality=MARKING[language],
        logo=logo or Logo(media_type="image/png", data=base64.b64encode(png()).decode("ascii")))
    return journey_map


def page_texts(path: Path) -> list[str]:
    """Each page's text as pdftotext reads it (what a reader's search finds), lines joined."""
    count = len(PdfReader(path).pages)
    return [" ".join(subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), "-layout", str(path), "-"],
                                    capture_output=True, text=True, check=True).stdout.split())
            for n in range(1, count + 1)]


def images(path: Path) -> list[int]:
    """The number of image XObjects each page of the PDF draws."""
    found = []
    for page in PdfReader(path).pages:
        xobjects = page.get("/Resources", {}).get("/XObject", {}) or {}
        found.append(sum(1 for ref in xobjects.values() if ref.get_object().get("/Subtype") == "/Image"))
    return found


@pytest.mark.parametrize("language", ["en", "de"])
@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.stem)
def test_every_poster_and_insight_page_carries_the_marking_client_and_version_and_the_title_block_all(
        path: Path, language: str, tmp_path: Path):
    journey_map = branded(load_map(path), language)
    out = tmp_path / "poster.pdf"
    result = export_pdf(journey_map, out, PdfOptions.with_insight())
    texts = page_texts(out)
    posters = len(journey_map.personas)
    assert len(texts) > posters  # the insight pages come first
    for number, text in enumerate(texts, 1):
        for value in (MARKING[language], CLIENT, VERSION):
            assert value in text, (number, value)
    for text in texts[-posters:]:  # the title block names the consultancy too
        assert AUTHOR in text
    logos = images(out)
    assert all(count >= 1 for count in logos[-posters:]), logos  # the logo in each poster page's title block
    assert result.warnings == []


@pytest.mark.parametrize("landscape", [True, False], ids=["landscape", "portrait"])
@pytest.mark.parametrize("language", ["en", "de"])
def test_every_handout_page_shows_client_version_and_marking_and_the_logo(language: str, landscape: bool,
                                                                          tmp_path: Path):
    for path in SAMPLE_FILES:
        journey_map = branded(load_map(path), language)
        out = tmp_path / "handout.pdf"
        export_pdf(journey_map, out, PdfOptions(handout=True, landscape=landscape))
        texts = page_texts(out)
        for number, text in enumerate(texts, 1):
            for value in (MARKING[language], CLIENT, VERSION):
                assert value in text, (path.stem, number, value)
        assert all(count >= 1 for count in images(out)), path.stem  # small, in every page's header


@pytest.mark.parametrize("language", ["en", "de"])
def test_every_sheet_footer_carries_the_marking_and_the_overview_lists_the_deliverable(language: str,
                                                                                       tmp_path: Path):
    for path in SAMPLE_FILES:
        journey_map = branded(load_map(path), language)
        out = tmp_path / "book.xlsx"
        result = export_excel(journey_map, out)
        assert result.warnings == []
        workbook = load_workbook(out)
        for sheet in workbook.worksheets:
            for footer in (sheet.oddFooter, sheet.evenFooter):
                assert footer.left.text == MARKING[language], sheet.title
                assert CLIENT in footer.right.text and VERSION in footer.right.text, sheet.title
                assert "&P" in footer.center.text  # the page number kept
            for header in (sheet.oddHeader, sheet.evenHeader):
                assert AUTHOR in header.center.text and header.right.text == "&A", sheet.title
        overview = workbook.worksheets[0]
        values = {overview.cell(row, 2).value for row in range(1, 20)}
        assert {CLIENT, AUTHOR, VERSION, MARKING[language]} <= values
        with zipfile.ZipFile(out) as archive:
            media = [name for name in archive.namelist() if name.startswith("xl/media/")]
            assert len(media) == 1 and archive.read(media[0]) == png()  # the logo, on the Overview
        assert len(overview._images) == 1


def test_an_ampersand_in_the_marking_prints_as_one_in_the_footer(tmp_path: Path):
    journey_map = branded(load_map(SAMPLES / "fitness-watch.json"))
    journey_map.deliverable.confidentiality = "Smith & Co — confidential"
    export_excel(journey_map, tmp_path / "book.xlsx")
    sheet = load_workbook(tmp_path / "book.xlsx").worksheets[1]
    assert sheet.oddFooter.left.text == "Smith && Co — confidential"  # "&" is a code in a footer: doubled


BAD_LOGOS = {
    "broken base64": Logo(media_type="image/png", data="!!not base64!!"),
    "not an image": Logo(media_type="image/png", data=base64.b64encode(b"hello, not a picture").decode("ascii")),
    "too large": Logo(media_type="image/png",
                      data=base64.b64encode(png()[:24] + bytes(MAX_LOGO_BYTES - 23)).decode("ascii")),
    "a PNG header on a broken image": Logo(media_type="image/png",
                                           data=base64.b64encode(png()[:40] + b"broken").decode("ascii")),
    # the header and size read right, the image data is cut: only decoding the whole image finds it
    "a PNG cut short": Logo(media_type="image/png", data=base64.b64encode(png()[:-40]).decode("ascii")),
    # a small file whose header promises 400 million pixels (gigabytes once unpacked)
    "too many pixels": Logo(media_type="image/png", data=base64.b64encode(
        png()[:16] + struct.pack(">II", 20_000, 20_000) + png()[24:]).decode("ascii")),
}


@pytest.mark.parametrize("kind", ["a PNG cut short", "too many pixels"])
def test_a_logo_the_exporters_could_not_draw_is_refused_when_chosen(kind: str, tmp_path: Path):
    from app.export.logo import LogoError, logo_from_file

    path = tmp_path / "logo.png"
    path.write_bytes(base64.b64decode(BAD_LOGOS[kind].data))
    with pytest.raises(LogoError) as refused:
        logo_from_file(path)
    # said before anything is unpacked: the size, not a decoder's failure
    assert ("20000 × 20000 pixels" in str(refused.value)) == (kind == "too many pixels"), refused.value


@pytest.mark.parametrize("kind", list(BAD_LOGOS))
def test_a_bad_logo_is_a_warning_and_everything_else_exports(kind: str, tmp_path: Path):
    journey_map = branded(load_map(SAMPLES / "fitness-watch.json"), logo=BAD_LOGOS[kind])
    for options in (PdfOptions(), PdfOptions(handout=True)):
        out = tmp_path / "x.pdf"
        result = export_pdf(journey_map, out, options)
        assert [w for w in result.warnings if w.startswith("the logo was left out: ")], result.warnings
        assert all(CLIENT in text and MARKING["en"] in text for text in page_texts(out))
        assert sum(images(out)) == 0
    result = export_excel(journey_map, tmp_path / "x.xlsx")
    assert [w for w in result.warnings if w.startswith("the logo was left out: ")], result.warnings
    assert load_workbook(tmp_path / "x.xlsx").worksheets[0].oddFooter.left.text == MARKING["en"]


def test_the_command_line_prints_the_logo_warning_and_exits_0(tmp_path: Path, capsys):
    journey_map = branded(load_map(SAMPLES / "fitness-watch.json"), logo=BAD_LOGOS["not an image"])
    source = tmp_path / "m.json"
    source.write_text(journey_map.model_dump_json(exclude_none=True), encoding="utf-8")
    code = main(["export", str(source), "--pdf", str(tmp_path / "m.pdf"), "--xlsx", str(tmp_path / "m.xlsx")])
    assert code == 0
    err = capsys.readouterr().err
    assert err.count("warning: the logo was left out: the logo is not a PNG image") == 2, err
    assert (tmp_path / "m.pdf").stat().st_size > 0 and (tmp_path / "m.xlsx").stat().st_size > 0


def test_an_svg_logo_prints_with_svglib_or_says_why_not(tmp_path: Path):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><rect width="120" height="40" ' \
          b'fill="#0072B2"/></svg>'
    journey_map = branded(load_map(SAMPLES / "fitness-watch.json"),
                          logo=Logo(media_type="image/svg+xml", data=base64.b64encode(svg).decode("ascii")))
    result = export_pdf(journey_map, tmp_path / "x.pdf", PdfOptions())
    try:
        import svglib  # noqa: F401
    except ImportError:
        assert result.warnings == ["the SVG logo was left out of the PDF: drawing SVG needs the svglib package "
                                   "(pip install svglib); a PNG logo prints everywhere"]
    else:
        assert result.warnings == []
    book = export_excel(journey_map, tmp_path / "x.xlsx")
    assert book.warnings == ["the SVG logo was left out of the workbook, which shows PNG images only: choose a PNG "
                             "logo to show it there"]


# --- nothing drawn overlaps, the logo included ------------------------------------------------------------------


@pytest.mark.parametrize(("paper", "landscape"), [("A3", True), ("A3", False), ("A1", True)],
                         ids=["A3-landscape", "A3-portrait", "A1"])
@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.stem)
def test_the_branded_title_block_grows_and_overlaps_nothing(path: Path, paper: str, landscape: bool,
                                                            tmp_path: Path, pages: dict[int, Page]):  # noqa: F811
    for language in ("en", "de"):
        journey_map = branded(load_map(path), language)
        options = PdfOptions(paper=paper, landscape=landscape)
        plan = plan_poster(journey_map, options)
        if not plan.readable:
            continue
        pages.clear()
        export_pdf(journey_map, tmp_path / "poster.pdf", options)
        for number, page in pages.items():
            width, height = plan.pages[number - 1].size
            area = (MARGIN, MARGIN, width - MARGIN, height - MARGIN)
            assert [e.what for e in page.elements if not _inside(e.box, area)] == [], (paper, number)
            assert clashes(page.elements) == [], (paper, number)
            [logo] = [e for e in page.elements if e.what == "drawImage"]
            assert logo.box[1] >= page.grid[3] - 0.01  # above the grid, in the title block (y up)
            width_, height_ = logo.box[2] - logo.box[0], logo.box[3] - logo.box[1]
            assert width_ / height_ == pytest.approx(160 / 64, rel=1e-3)  # its aspect kept
            texts = {e.what for e in page.elements if e.text}
            assert MARKING[language] in texts and any(CLIENT in t and VERSION in t for t in texts)


def test_a_long_marking_and_client_grow_the_title_block_and_shorten_only_the_footer(tmp_path: Path,
                                                                                   pages: dict[int, Page]):  # noqa: F811
    journey_map = branded(load_map(SAMPLES / "b2b-it-services.json"))
    journey_map.deliverable.confidentiality = "Strictly confidential, " * 12 + "end of marking"
    journey_map.deliverable.client = "Client " * 30 + "end of client"
    options = PdfOptions(paper="A2", landscape=False)
    export_pdf(journey_map, tmp_path / "poster.pdf", options)
    width, height = plan_poster(journey_map, options).pages[0].size
    for page in pages.values():
        assert clashes(page.elements) == []
        area = (MARGIN, MARGIN, width - MARGIN, height - MARGIN)
        assert [e.what for e in page.elements if not _inside(e.box, area)] == []
        above = " ".join(e.what for e in page.elements if e.text and e.box[1] >= page.grid[3] - 0.01)
        assert "end of marking" in above and "end of client" in above  # whole in the title block
        below = [e for e in page.elements if e.text and e.box[3] <= page.grid[1] + 0.01]
        assert len(below) == 1 and "…" in below[0].what  # one footer line, shortened


@pytest.mark.parametrize("long", ["version", "client", "title", "all three"])
def test_a_long_version_client_or_title_shortens_the_footer_but_keeps_the_marking_date_and_page(
        long: str, tmp_path: Path, pages: dict[int, Page]):  # noqa: F811
    journey_map = branded(load_map(SAMPLES / "fitness-watch.json"))
    if long in ("version", "all three"):
        journey_map.deliverable.version = "v2.3, draft for the steering committee " * 4 + "end of version"
    if long in ("client", "all three"):
        journey_map.deliverable.client = "Acme Sportswear Holding " * 6 + "end of client"
    if long in ("title", "all three"):
        journey_map.title = "A very long title of the map " * 6 + "end of title"
    out = tmp_path / "h.pdf"
    export_pdf(journey_map, out, PdfOptions(handout=True, landscape=False))
    width = float(PdfReader(out).pages[0].mediabox[2])
    total = len(pages)
    for number, page in pages.items():
        footer = [e for e in page.elements if e.text and "page" in e.what and f"of {total}" in e.what]
        assert len(footer) == 1, (number, [e.what for e in page.elements if e.text][-3:])
        line = footer[0]
        assert line.box[2] <= width - MARGIN + 0.5, (number, line.what)  # inside the right margin
        assert line.what.startswith(MARKING["en"]), line.what  # the marking whole, first
        assert line.what.endswith(f"page {number} of {total}")
        assert "Dec" in line.what or "20" in line.what  # the export date is there
        assert "…" not in line.what.split(" · ")  # a part cut to nothing is left out, not printed as a lone "…"


@pytest.mark.parametrize("landscape", [True, False], ids=["landscape", "portrait"])
def test_a_branded_a4_handout_overlaps_nothing(landscape: bool, tmp_path: Path, pages: dict[int, Page]):  # noqa: F811
    for path in SAMPLE_FILES:
        for language in ("en", "de"):
            journey_map = branded(load_map(path), language)
            pages.clear()
            out = tmp_path / "h.pdf"
            export_pdf(journey_map, out, PdfOptions(handout=True, landscape=landscape))
            sizes = [tuple(float(v) for v in page.mediabox[2:]) for page in PdfReader(out).pages]
            for number, page in pages.items():
                width, height = sizes[number - 1]
                area = (MARGIN, MARGIN, width - MARGIN, height - MARGIN)
                assert [e.what for e in page.elements if not _inside(e.box, area)] == [], (path.stem, number)
                assert clashes(page.elements) == [], (path.stem, number)
                assert [e.what for e in page.elements if e.what == "drawImage"] == ["drawImage"]


# --- D.10: a table's text taller than a row continues below ------------------------------------------------------


def test_a_table_text_taller_than_a_row_continues_in_the_rows_below_marked(tmp_path: Path):
    journey_map = load_map(SAMPLES / "fitness-watch.json")
    kinds = {lane.id: lane.kind for lane in journey_map.lanes}
    card = next(c for c in journey_map.cards if kinds[c.lane] == "pain_points")
    opportunity = next(c for c in journey_map.cards if kinds[c.lane] == "opportunities")
    text = " ".join(f"word{i}" for i in range(1500))
    card.text = opportunity.text = text
    card.votes = 7
    out = tmp_path / "book.xlsx"
    export_excel(journey_map, out)
    workbook = load_workbook(out)
    cards = workbook["Cards"]
    id_column, text_column = len(CARD_COLUMNS), CARD_COLUMNS.index("Text") + 1
    votes = CARD_COLUMNS.index("Votes") + 1
    rows = [row for row in range(2, cards.max_row + 1) if cards.cell(row, id_column).value == card.id]
    assert len(rows) > 1 and rows == list(range(rows[0], rows[0] + len(rows)))  # one after the other
    assert cards.max_row == len(journey_map.cards) + 1 + 2 * (len(rows) - 1)  # two such cards
    pieces = [cards.cell(row, text_column).value for row in rows]
    for index, piece in enumerate(pieces):
        assert piece.endswith("…") == (index < len(pieces) - 1)  # marked where it goes on
        assert piece.startswith("… ") == (index > 0)  # and where it came from
        assert cards.row_dimensions[rows[index]].height <= ROW_CAP
        assert cards.cell(rows[index], 1).value == journey_map.persona(card.persona).name  # its words repeated
        assert cards.cell(rows[index], votes).value == (7 if index == 0 else None)  # its numbers once
    whole = "".join(p.removeprefix("… " if i else "").removesuffix("…" if i < len(pieces) - 1 else "")
                    for i, p in enumerate(pieces))
    assert whole == text
    assert cards.tables["Cards"].ref.endswith(str(cards.max_row))  # the table holds every row
    assert 4 in CARD_WRAP_COLUMNS and LINES_PER_ROW * 15 + 3 <= ROW_CAP
    for title, column in (("Pain points", 2), ("Opportunities", 2)):
        sheet = workbook[title]
        texts = [sheet.cell(row, column).value for row in range(2, sheet.max_row + 1)]
        continued = [t for t in texts if t and t.startswith("… ")]
        assert continued and continued[-1].endswith(f"word{1499}"), title
        assert all(sheet.row_dimensions[row].height is None or sheet.row_dimensions[row].height <= ROW_CAP
                   for row in range(1, sheet.max_row + 1))
    assert workbook["Pain points"].auto_filter.ref.endswith(str(workbook["Pain points"].max_row))
    assert workbook["Opportunities"].tables["Opportunities"].ref.endswith(str(workbook["Opportunities"].max_row))


@pytest.mark.parametrize("reference", [b'<image href="/etc/hostname" width="9" height="9"/>',
                                       b'<image xlink:href="http://example.com/x.png" width="9" height="9"/>',
                                       b'<rect width="9" height="9" style="fill: url( /etc/x.svg#a)"/>'])
def test_an_svg_logo_that_refers_outside_itself_is_left_out_with_a_warning(reference: bytes, tmp_path: Path):
    svg = (b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="9" '
           b'height="9">' + reference + b'<rect width="9" height="9" fill="url(#own)"/></svg>')
    journey_map = branded(load_map(SAMPLES / "fitness-watch.json"),
                          logo=Logo(media_type="image/svg+xml", data=base64.b64encode(svg).decode("ascii")))
    result = export_pdf(journey_map, tmp_path / "x.pdf", PdfOptions())
    assert result.warnings == ["the SVG logo was left out of the PDF: it refers to files or addresses outside "
                               "itself"]
    assert sum(images(tmp_path / "x.pdf")) == 0
