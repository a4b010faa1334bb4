"""The Excel workbook: an overview, one map-shaped sheet per persona, and tables clients can filter; the
persona comparison, the opportunities and the KPIs come from ``insight_sheets``.

Every user string is written as text, never as a formula (openpyxl turns any
string starting with ``=`` into one), and characters Excel forbids are
removed and reported. A text longer than a cell holds continues in the cells
to the right of the sheet's content, and an integer too large for a
spreadsheet number is written as its digits; both are reported.
"""

from __future__ import annotations

import io
import math
import os
import re
from collections.abc import Callable
from copy import copy
from dataclasses import dataclass, field
from datetime import date

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.chart import LineChart, Reference
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from app.export import ExportCancelledError, write_output
from app.export.branding import Branding, branding
from app.export.workbook_branding import add_logo, branded_footer, branded_header, overview_facts
from app.i18n import N_, Catalogue, _, catalogue, current, document_language, ngettext
from app.layout import card_caption, legend, palette
from app.layout.card_fields import EXCEL_FIELDS
from app.model import MAX_SCORE, MIN_SCORE, JourneyMap
from app.model.gc_pause import gc_paused

_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
#: spaces and apostrophes that start or end a sheet name (Excel refuses an apostrophe there)
_APOSTROPHES_AT_ENDS = re.compile(r"^[\s']+|[\s']+$")
# What XML 1.0 cannot carry: openpyxl's control characters, and the non-characters U+FFFE and U+FFFF,
# which a map may hold but which would make saving the workbook fail.
_XML_FORBIDDEN = re.compile(ILLEGAL_CHARACTERS_RE.pattern + "|[\ufffe\uffff]")
#: the one type face of every cell: the spreadsheets' own sans (LibreOffice shows a cell whose font has no name
#: in a serif face); metric-compatible Carlito stands in for it where it is missing
FONT_NAME = "Calibri"
#: the size of the workbook's default font, which its row heights and column widths are measured in
FONT_SIZE = 11


def font(**attributes) -> Font:
    """A font of the workbook's face: every styled cell names it."""
    return Font(name=FONT_NAME, **attributes)


HEADER_FILL = PatternFill("solid", fgColor=palette.HEADER_FILL.lstrip("#"))
HEADER_FONT = font(bold=True, color="FFFFFF")
THIN = Side(style="thin", color=palette.GRID_LINE.lstrip("#"))
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
LABEL_FONT = font(bold=True)
STRONG_FONT = font(color="FFFFFF", bold=True)
BOLD_FONT = font(bold=True)
TITLE_FONT = font(bold=True, size=16)
SECTION_FONT = font(bold=True, size=13)
#: the most characters a cell holds (Excel's limit, counted in UTF-16 units as Excel stores them)
CELL_LIMIT = 32_767
#: the largest integer a spreadsheet number (a double) holds exactly
EXACT_INTEGER = 2**53
#: how many cells a warning names before it counts the rest
NAMED_CELLS = 10


@dataclass
class ExcelResult:
    sheets: list[str]
    removed_characters: int = 0
    warnings: list[str] = field(default_factory=list)
    #: (sheet, cell, cells it continues in) for each text too long for one cell: ("Cards", "D7", "M7:N7")
    continued: list[tuple[str, str, str]] = field(default_factory=list)
    #: (sheet, cell, rows it continues in) for each text too long for one cell on a persona sheet, whose grid keeps
    #: its phases as columns: the text goes on in the rows below ("Lena", "B3", "B4:B40"), each marked
    continued_below: list[tuple[str, str, str]] = field(default_factory=list)


def _utf16_prefix(text: str, units: int) -> str:
    """The longest start of ``text`` of at most ``units`` UTF-16 units (never half a character)."""
    piece = text[:units]
    size = len(piece.encode("utf-16-le")) // 2
    end = len(piece)
    while size > units:  # give back characters from the end: two units for one beyond the BMP, else one
        end -= 1
        size -= 2 if ord(piece[end]) > 0xFFFF else 1
    return piece[:end]


def _utf16_suffix(text: str, units: int) -> str:
    """The longest end of ``text`` of at most ``units`` UTF-16 units."""
    return _utf16_prefix(text[::-1], units)[::-1]


def _units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _clean_title(name: str) -> str:
    """A name with what Excel refuses in a sheet name replaced or removed, not yet cut to length."""
    return _APOSTROPHES_AT_ENDS.sub("", _XML_FORBIDDEN.sub("", _SHEET_FORBIDDEN.sub("_", name)))


def _cut_title(base: str, units: int = 31) -> str:
    # Cut to length, then trim: the cut can leave an apostrophe or a space at the end.
    return _APOSTROPHES_AT_ENDS.sub("", _utf16_prefix(base, units))


def _start_and_end(base: str) -> str:
    """A long name as its start, "…" and its last words: names that share their first 31 characters usually
    differ at their end ("…Hamburg", "…Munich"). The end is the last words that fit in 16 units, whole: a word
    cut by that room is left out, unless it is the only one."""
    tail = _utf16_suffix(base, 16)
    starts_a_word = base[:len(base) - len(tail)].endswith(" ")
    if not starts_a_word and " " in tail[:-1]:
        tail = tail[tail.index(" ") + 1:]
    return _cut_title(base, 30 - _units(tail)).rstrip() + "…" + tail


def sheet_titles(names: list[str], taken: set[str], marked: str = "{name} ({counter})") -> list[str]:
    """Valid, unique sheet names, one per name: at most 31 characters, none of []:*?/\\, not starting or
    ending with an apostrophe (Excel refuses such a name), not "History", unique ignoring case.

    Names that share their first 31 characters keep their start and their end; a name that is already taken
    (a fixed sheet's, say) becomes ``marked`` ("Cards (persona)"); what is still taken is counted up.
    """
    bases = [_clean_title(name) for name in names]
    cuts = [_cut_title(base) or "Sheet" for base in bases]
    titles = []
    for base, cut in zip(bases, cuts, strict=True):
        candidate = cut
        if _units(base) > 31 and any(other.casefold() == cut.casefold() and other_base != base
                                     for other, other_base in zip(cuts, bases, strict=True)):
            candidate = _start_and_end(base)
        if (candidate.casefold() in taken or candidate.casefold() == "history") and "{counter}" not in marked:
            candidate = marked.format(name=_cut_title(base, 31 - _units(marked.format(name=""))))
        titles.append(_unique(candidate, taken))
    return titles


def _unique(base: str, taken: set[str]) -> str:
    candidate, counter = base, 2
    while candidate.casefold() in taken or candidate.casefold() == "history":
        suffix = f" ({counter})"
        candidate = _utf16_prefix(base, 31 - len(suffix)) + suffix
        counter += 1
    taken.add(candidate.casefold())
    return candidate


def sheet_title(name: str, taken: set[str]) -> str:
    """A valid, unique sheet name for one name (see :func:`sheet_titles`)."""
    return sheet_titles([name], taken)[0]


def _quoted(title: str) -> str:
    """A sheet's name as a cell reference writes it: 'Lena, runner'!B3 (apostrophes doubled), Cards!D2."""
    return title if re.fullmatch(r"\w+", title) else "'" + title.replace("'", "''") + "'"


def _cell_pieces(text: str) -> list[str]:
    """The text in pieces that each fit a cell, cut after a line break or a space near the limit if there is one."""
    pieces = []
    while len(text) > CELL_LIMIT // 2 and len(text.encode("utf-16-le")) // 2 > CELL_LIMIT:
        piece = _utf16_prefix(text, CELL_LIMIT)
        cut = max(piece.rfind("\n", len(piece) - 2000), piece.rfind(" ", len(piece) - 2000))
        if cut > 0:
            piece = piece[: cut + 1]
        pieces.append(piece)
        text = text[len(piece):]
    pieces.append(text)
    return pieces


class _Writer:
    def __init__(self, words: Catalogue) -> None:
        #: the workbook's fixed words, in its document language
        self.words = words
        self.removed = 0
        #: integers too large for a spreadsheet number, written as their digits
        self.as_text = 0
        #: per sheet (by id): the sheet and (row, column, the rest of the text) of each text too long for its cell
        self.overflow: dict[int, tuple[Worksheet, list[tuple[int, int, list[str]]]]] = {}
        #: per sheet (by id): the first column continuations may use (right of a chart, say)
        self.free_column: dict[int, int] = {}
        self.continued: list[tuple[str, str, str]] = []
        self.continued_below: list[tuple[str, str, str]] = []
        self._wrap_styles: dict[int, StyleArray] = {}
        self._grid_styles: dict[tuple, StyleArray] = {}

    def clean(self, value: str) -> str:
        cleaned = _XML_FORBIDDEN.sub("", value)
        self.removed += len(value) - len(cleaned)
        return cleaned

    def text(self, sheet: Worksheet, row: int | None, column: int, value: str) -> str:
        """The cleaned text as much of it as a cell holds; the rest is kept to continue in the row later.

        ``row`` None: the next row appended to the sheet.
        """
        value = self.clean(value)
        if len(value) <= CELL_LIMIT // 2:  # the usual case: fits however it is counted
            return value
        first, *rest = _cell_pieces(value)
        if rest:
            row = sheet._current_row + 1 if row is None else row  # where append puts it (max_row scans every cell)
            self.overflow.setdefault(id(sheet), (sheet, []))[1].append((row, column, rest))
        return first

    def number(self, value):
        """A value as a cell takes it: an integer beyond what a spreadsheet number holds exactly becomes its
        digits (as text), rather than failing or being rounded."""
        if type(value) is int and abs(value) > EXACT_INTEGER:
            self.as_text += 1
            return str(value)
        return value

    def put(self, sheet: Worksheet, row: int, column: int, value, *, bold: bool = False):
        """Write a value; strings always as text, cleaned of what Excel forbids."""
        cell = sheet.cell(row=row, column=column)
        value = self.number(value)
        if isinstance(value, str):
            cell.value = self.text(sheet, row, column, value)
            cell.data_type = "s"  # never a formula, whatever it starts with
        else:
            cell.value = value
        if bold:
            cell.font = BOLD_FONT
        return cell

    def grid_style(self, cell: Cell, fill: str | None = None, font: Font | None = None) -> None:
        """Wrap and border a cell of a persona sheet, with an optional fill colour and font.

        Each combination is styled once on a prototype cell and then copied as a
        style array: assigning style objects hashes them again for every cell.
        """
        key = (id(cell.parent.parent), fill, font)
        style = self._grid_styles.get(key)
        if style is None:
            prototype = Cell(cell.parent)
            prototype.alignment = WRAP
            prototype.border = BORDER
            if fill is not None:
                prototype.fill = PatternFill("solid", fgColor=fill.lstrip("#"))
            if font is not None:
                prototype.font = font
            style = self._grid_styles[key] = prototype._style
        cell._style = copy(style)

    def append_row(self, sheet: Worksheet, values: list, wrap_columns: set[int] | frozenset[int] = frozenset(),
                   widths: list[float] | None = None) -> None:
        """Append a row of a long table: the same rules as :meth:`put`, several times faster.

        Cells are built directly and the wrap style is copied as a style array, where
        assigning an Alignment would hash it again for every cell of 10,000 rows. Empty
        values stay blank cells, which openpyxl does not write out at all. With the columns' ``widths``, the row
        is made as tall as its wrapped text; a text taller than a row holds continues in the rows below.
        """
        wrap = self._wrap_styles.get(id(sheet.parent))
        if wrap is None:
            prototype = Cell(sheet)
            prototype.alignment = WRAP
            wrap = self._wrap_styles[id(sheet.parent)] = prototype._style
            prototype = Cell(sheet)
            prototype.alignment = TOP
            self._wrap_styles[-id(sheet.parent)] = prototype._style
        lines = 1
        if widths is not None:
            lines = max((wrapped_lines(values[c - 1], widths[c - 1]) for c in wrap_columns
                         if isinstance(values[c - 1], str) and values[c - 1]), default=1)
            if lines > LINES_PER_ROW:
                self._append_continued(sheet, values, wrap_columns, widths)
                return
        self._append(sheet, values, wrap_columns, lines)

    def _append_continued(self, sheet: Worksheet, values: list, wrap_columns: set[int] | frozenset[int],
                          widths: list[float]) -> None:
        """A table row whose wrapped text is taller than a row holds (409 points): each such text continues in
        the rows below, its pieces marked as on a persona sheet (``continued_pieces``). The rows below repeat
        the row's words (persona, phase, card id…), so a filter keeps them with their card, but not its numbers
        (votes, severity), so nothing is counted twice."""
        first = sheet._current_row + 1
        pieces = {}
        for column in wrap_columns:
            value = values[column - 1]
            if isinstance(value, str) and value:
                text = self.clean(value)
                pieces[column] = continued_pieces(text, widths[column - 1])
                if len(pieces[column]) > 1 and _units(text) > CELL_LIMIT:  # what the warning names
                    letter = get_column_letter(column)
                    where = f"{letter}{first + 1}" + (f":{letter}{first + len(pieces[column]) - 1}"
                                                      if len(pieces[column]) > 2 else "")
                    self.continued_below.append((sheet.title, f"{letter}{first}", where))
        for index in range(max(len(piece) for piece in pieces.values())):
            row, lines = [], 1
            for column, value in enumerate(values, 1):
                if column in pieces:
                    text, count = pieces[column][index] if index < len(pieces[column]) else ("", 1)
                    row.append(text)
                    lines = max(lines, count)
                else:  # a word of a few hundred characters at most: a longer one continues right, once
                    repeated = isinstance(value, str) and len(value) <= REPEATED
                    row.append(value if index == 0 or repeated else None)
            self._append(sheet, row, wrap_columns, lines)

    def _append(self, sheet: Worksheet, values: list, wrap_columns: set[int] | frozenset[int], lines: int) -> None:
        """Append one row of cells ``lines`` lines tall (see :meth:`append_row`)."""
        wrap = self._wrap_styles[id(sheet.parent)]
        # in a row taller than a line, every cell starts at its top, beside the wrapped text
        other = self._wrap_styles[-id(sheet.parent)] if lines > 1 else None
        cells: list[Cell | None] = []
        for column, value in enumerate(values, 1):
            if value is None or value == "":
                cells.append(None)
                continue
            style = copy(wrap) if column in wrap_columns else copy(other) if other is not None else None
            value = self.number(value)
            if isinstance(value, str):
                cell = Cell(sheet, value=self.text(sheet, None, column, value), style_array=style)
                cell.data_type = "s"  # never a formula, whatever it starts with
            else:
                cell = Cell(sheet, value=value, style_array=style)
            cells.append(cell)
        sheet.append(cells)
        if lines > 1:
            sheet.row_dimensions[sheet._current_row].height = row_points(lines)

    def continue_long_texts(self, sheet: Worksheet, header_row: int | None = None) -> None:
        """Put the rest of each text too long for its cell in the cells right of the sheet's content, in its row.

        The cells right of the content are free on every sheet, so nothing is moved and a
        table's rows stay its cards; ``header_row`` gets a "continued" heading over them.
        """
        if id(sheet) not in self.overflow:
            return
        _sheet, spills = self.overflow.pop(id(sheet))
        first_free = max(sheet.max_column + 1, self.free_column.get(id(sheet), 0))
        next_free: dict[int, int] = {}
        wrap = Alignment(wrap_text=True, vertical="top")
        last = first_free
        for row, column, rest in spills:
            start = next_free.get(row, first_free)
            for offset, piece in enumerate(rest):
                cell = sheet.cell(row=row, column=start + offset, value=piece)
                cell.data_type = "s"
                cell.alignment = wrap
            end = start + len(rest) - 1
            next_free[row] = end + 1
            last = max(last, end)
            where = get_column_letter(start) + str(row)
            if end > start:
                where += f":{get_column_letter(end)}{row}"
            self.continued.append((sheet.title, f"{get_column_letter(column)}{row}", where))
        for column in range(first_free, last + 1):
            sheet.column_dimensions[get_column_letter(column)].width = 60
            if header_row is not None:
                _header(self.put(sheet, header_row, column, self.words.gettext("(continued)")))

    def warnings(self) -> list[str]:
        found = []
        if self.removed:
            found.append(ngettext("{count} control character that Excel does not allow was removed",
                                  "{count} control characters that Excel does not allow were removed",
                                  self.removed).format(count=self.removed))
        if self.continued:
            named = _named(self.continued)
            found.append(ngettext(
                "{count} text longer than a cell holds ({limit} characters) continues in the cells to the right, "
                "in the same row: {cells}",
                "{count} texts longer than a cell holds ({limit} characters) continue in the cells to the right, "
                "in the same row: {cells}", len(self.continued)).format(
                    count=len(self.continued), limit=current().format_number(CELL_LIMIT), cells=named))
        if self.continued_below:
            found.append(ngettext(
                "{count} text longer than a cell holds ({limit} characters) continues in the rows below it, "
                "marked as continued: {cells}",
                "{count} texts longer than a cell holds ({limit} characters) continue in the rows below them, "
                "marked as continued: {cells}", len(self.continued_below)).format(
                    count=len(self.continued_below), limit=current().format_number(CELL_LIMIT),
                    cells=_named(self.continued_below)))
        if self.as_text:
            found.append(ngettext("{count} number too large for a spreadsheet number was written as text",
                                  "{count} numbers too large for a spreadsheet number were written as text",
                                  self.as_text).format(count=self.as_text))
        return found


def _named(continued: list[tuple[str, str, str]]) -> str:
    """The first NAMED_CELLS continued texts as "Sheet!D2 in N2", then how many more."""
    named = ", ".join(_("{cell} in {cells}").format(cell=f"{_quoted(sheet)}!{cell}", cells=where)
                      for sheet, cell, where in continued[:NAMED_CELLS])
    more = len(continued) - NAMED_CELLS
    if more > 0:
        named = ngettext("{cells} and {count} more", "{cells} and {count} more", more).format(
            cells=named, count=more)
    return named


def export_excel(journey_map: JourneyMap, path: str | os.PathLike[str],
                 progress: Callable[[int, int], bool] | None = None, language: str | None = None, *,
                 personas: list[str] | None = None, paper: str | None = None) -> ExcelResult:
    """Write the workbook atomically; raises ExportError when it cannot be written.

    ``progress(done, total)`` is called after each sheet and after encoding; returning False cancels
    (nothing is written). ``language`` ("de", "en") is the workbook's: its sheet names, headers, chart
    and legend; None: the map's ``language``, else the UI language. ``personas`` (ids, names or unique
    starts of names; None: all) limits every sheet to those personas. ``paper`` is "A4" (None) or "Letter".
    """
    if personas is not None:
        from app.export.insight_pages import printed_map
        from app.export.pdf import resolve_personas

        journey_map = printed_map(journey_map, resolve_personas(journey_map, personas))
    with gc_paused():  # 140,000 cells and their XML, no cycles
        return _export_excel(journey_map, path, progress, language, paper or "A4")


def _export_excel(journey_map: JourneyMap, path: str | os.PathLike[str],
                  progress: Callable[[int, int], bool] | None, language: str | None, paper: str) -> ExcelResult:
    from app.export import insight_sheets  # builds on this module's writer

    kpi_sheet = journey_map.kpis is not None
    opportunities = insight_sheets.has_opportunity_lane(journey_map)
    # overview, personas, three tables, the opportunities and the KPIs when the map has them, encoding
    total = len(journey_map.personas) + 5 + opportunities + kpi_sheet
    done = 0

    def step() -> None:
        nonlocal done
        done += 1
        if progress is not None and progress(done, total) is False:
            raise ExportCancelledError(_("export cancelled"))

    words = catalogue(document_language(journey_map, language))
    writer = _Writer(words)
    brand = branding(journey_map)
    workbook = Workbook()
    # The fixed sheets keep their names: a persona called "Cards" gets a sheet marked as a persona's.
    taken: set[str] = set()
    fixed = [N_("Overview"), N_("Cards"), N_("Emotions"), N_("Pain points")]
    fixed += [N_("Opportunities")] * opportunities + [N_("KPIs per phase")] * kpi_sheet
    names = dict(zip(fixed, sheet_titles([words.gettext(name) for name in fixed], taken), strict=True))
    persona_names = sheet_titles([persona.name for persona in journey_map.personas], taken,
                                 words.gettext("{name} (persona)"))
    overview = workbook.active
    overview.title = names["Overview"]
    _overview(writer, overview, journey_map, brand)
    step()
    sheets = [overview.title]
    for persona, title in zip(journey_map.personas, persona_names, strict=True):
        sheet = workbook.create_sheet(title)
        _persona_sheet(writer, sheet, journey_map, persona.id)
        sheets.append(sheet.title)
        step()
    cards = workbook.create_sheet(names["Cards"])
    _cards_sheet(writer, cards, journey_map)
    step()
    emotions = workbook.create_sheet(names["Emotions"])
    _emotions_sheet(writer, emotions, journey_map)
    step()
    pains = workbook.create_sheet(names["Pain points"])
    _pain_sheet(writer, pains, journey_map)
    step()
    sheets += [cards.title, emotions.title, pains.title]
    tables = [cards, pains]
    if opportunities:
        sheet = workbook.create_sheet(names["Opportunities"])
        insight_sheets.opportunities_sheet(writer, sheet, journey_map)
        tables.append(sheet)
        sheets.append(sheet.title)
        step()
    if kpi_sheet:
        sheet = workbook.create_sheet(names["KPIs per phase"])
        insight_sheets.kpi_sheet(writer, sheet, journey_map)
        tables.append(sheet)
        sheets.append(sheet.title)
        step()
    for sheet in workbook.worksheets:
        writer.continue_long_texts(sheet, header_row=1 if sheet in tables else None)
        _page(sheet, journey_map.title, words, paper, brand)
    _properties(workbook, journey_map, words, document_language(journey_map, language))
    buffer = io.BytesIO()
    _save(workbook, buffer)
    step()
    write_output(path, buffer.getvalue())
    return ExcelResult(sheets=sheets, removed_characters=writer.removed, warnings=writer.warnings() + brand.warnings,
                       continued=writer.continued, continued_below=writer.continued_below)


#: the paper sizes a sheet prints on (the spreadsheet's paper codes)
PAPER_CODES = {"A4": 9, "Letter": 1}
#: the widest sheet, in character widths, that prints portrait on A4 or Letter at full size
PORTRAIT_WIDTH = 95
#: the most characters of the map's title a header holds: Excel takes 255 for a header's three parts, and each
#: "&" of the title is written twice there
HEADER_TITLE = 100


def orientation(widths: list[float]) -> str:
    """Portrait for a sheet whose columns fit the page's width at full size, landscape for a wider one."""
    return "portrait" if sum(widths) <= PORTRAIT_WIDTH else "landscape"


def _page(sheet: Worksheet, title: str, words: Catalogue, paper: str, brand: Branding | None = None) -> None:
    """Paper, orientation from the sheet's width, one page wide, a frozen top row at least, and a header with
    the map's title and the sheet's name (the consultancy between them) over a footer "Page n of m" in the
    workbook's language, between the confidentiality marking (bold) and the client and version label when the
    deliverable has them."""
    sheet.page_setup.paperSize = PAPER_CODES.get(paper, PAPER_CODES["A4"])
    columns = range(1, max(sheet.max_column, 1) + 1)
    widths = [sheet.column_dimensions[get_column_letter(c)].width or 8.43 for c in columns]
    sheet.page_setup.orientation = "landscape" if sheet._charts else orientation(widths)
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    if not sheet.freeze_panes:
        sheet.freeze_panes = "A2"
    escaped = _XML_FORBIDDEN.sub("", title)[:HEADER_TITLE].replace("&", "&&")
    for header, footer in ((sheet.oddHeader, sheet.oddFooter), (sheet.evenHeader, sheet.evenFooter)):
        header.left.text = escaped
        header.right.text = "&A"  # the sheet's name
        footer.center.text = words.gettext("Page {page} of {pages}").format(page="&P", pages="&N")
        for part in (header.left, header.right, footer.center):
            part.font, part.size = f"{FONT_NAME},Regular", 9
        if brand is not None:
            branded_header(header, brand, words)
            branded_footer(footer, brand, words)


#: who made the file, as its properties say
GENERATOR = "Journey Map Editor"


def _properties(workbook: Workbook, journey_map: JourneyMap, words: Catalogue, language: str) -> None:
    """Title, the map's author when it names one (nobody's name else: not the library's, not the product's),
    the personas as subject and keywords, the map's goal as its description, and the workbook's language."""
    properties = workbook.properties
    properties.language = language
    properties.title = _XML_FORBIDDEN.sub("", journey_map.title)[:250]
    deliverable = getattr(journey_map, "deliverable", None)
    author = getattr(deliverable, "author", None) if deliverable is not None else None
    properties.creator = _XML_FORBIDDEN.sub("", author)[:250] if author else None
    names = ", ".join(_XML_FORBIDDEN.sub("", persona.name) for persona in journey_map.personas)
    properties.subject = words.gettext("Customer journey map: {personas}").format(personas=names)[:250]
    properties.keywords = names[:250]
    properties.description = _XML_FORBIDDEN.sub("", journey_map.goal)[:1000] or None


def _save(workbook: Workbook, buffer: io.BytesIO) -> None:
    """Save as openpyxl does, with the product (not the library) named as the application that wrote it."""
    import datetime
    import zipfile

    from openpyxl.packaging.extended import ExtendedProperties
    from openpyxl.writer.excel import ExcelWriter
    from openpyxl.xml.constants import ARC_APP
    from openpyxl.xml.functions import tostring

    from app import __version__

    extended = ExtendedProperties()
    extended.Application, extended.AppVersion = f"{GENERATOR} {__version__}", None
    application = tostring(extended.to_tree())

    class Archive(zipfile.ZipFile):
        def writestr(self, name, data, *args, **kwargs):
            super().writestr(name, application if name == ARC_APP else data, *args, **kwargs)

    workbook.properties.modified = datetime.datetime.now(tz=datetime.UTC).replace(tzinfo=None)
    ExcelWriter(workbook, Archive(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True)).save()


def _overview(w: _Writer, sheet: Worksheet, journey_map: JourneyMap, brand: Branding | None = None) -> None:
    words = w.words
    w.put(sheet, 1, 1, journey_map.title).font = TITLE_FONT
    sheet.row_dimensions[1].height = row_points(1, TITLE_FONT.sz)
    rows = [(words.gettext("Goal"), journey_map.goal), (words.gettext("Description"), journey_map.description),
            (words.gettext("Generated"), date.today().isoformat())]  # ISO 8601: one form in every language
    if brand is not None:
        rows += overview_facts(brand, words)
        add_logo(sheet, brand)
    row = 3
    for label, value in rows:
        w.put(sheet, row, 1, label, bold=True).alignment = TOP
        w.put(sheet, row, 2, value).alignment = WRAP
        sheet.row_dimensions[row].height = _row_height(["", value], OVERVIEW_WIDTHS)
        row += 1
    row += 1
    w.put(sheet, row, 1, words.gettext("Personas"), bold=True).font = SECTION_FONT
    row += 1
    for column, header in enumerate(PERSONA_HEADERS, 1):
        _header(w.put(sheet, row, column, words.gettext(header)))
    for persona in journey_map.personas:
        row += 1
        values = [persona.name, persona.role, persona.description, "\n".join(persona.goals),
                  "\n".join(persona.pains), "\n".join(persona.channels), "\n".join(persona.decision_criteria),
                  persona.quote]
        for column, value in enumerate(values, 1):
            w.put(sheet, row, column, value).alignment = WRAP
        sheet.row_dimensions[row].height = _row_height(values, OVERVIEW_WIDTHS)
    row += 2
    w.put(sheet, row, 1, words.gettext("Phases"), bold=True).font = SECTION_FONT
    row += 1
    for column, header in enumerate(PHASE_HEADERS, 1):
        _header(w.put(sheet, row, column, words.gettext(header)))
    for phase in journey_map.phases:
        row += 1
        values = [phase.name, phase.goal, phase.description]
        for column, value in enumerate(values, 1):
            w.put(sheet, row, column, value).alignment = WRAP
        sheet.row_dimensions[row].height = _row_height(values, OVERVIEW_WIDTHS)
    row += 2
    w.put(sheet, row, 1, legend.title(words), bold=True).font = SECTION_FONT
    for kind, label in legend.workbook_kinds(journey_map, words):
        row += 1
        cell = w.put(sheet, row, 1, label)
        cell.fill = PatternFill("solid", fgColor=palette.CARD_COLORS[kind][0].lstrip("#"))
    row += 1
    w.put(sheet, row, 1, legend.emotion_scale(words))
    for column, width in zip("ABCDEFGH", OVERVIEW_WIDTHS, strict=True):
        sheet.column_dimensions[column].width = width
    _print_setup(sheet, None)


OVERVIEW_WIDTHS = (26, 40, 40, 32, 32, 24, 28, 36)
#: the overview's headers of the personas' and the phases' tables (message ids)
PERSONA_HEADERS = (N_("Name"), N_("Role"), N_("Description"), N_("Goals"), N_("Pains"), N_("Channels"),
                   N_("Decision criteria"), N_("Quote"))
PHASE_HEADERS = (N_("Phase"), N_("Goal"), N_("Description"))
#: the Pain points sheet's headers (message ids) and column widths
PAIN_HEADERS = (N_("Severity"), N_("Pain point"), N_("Phase"), N_("Persona"), N_("Owner"), N_("Evidence"),
                N_("Votes"))
PAIN_WIDTHS = (9, 60, 18, 24, 16, 11, 7)


def _header_width(header: str, source: str, width: float) -> float:
    """A column's width that shows each word of its header whole (a header wraps between words only).

    The declared widths were chosen for the English words; a translation's longest word (German is
    about a third longer) widens its column, with room for the header's bold letters.
    """
    longest = max((len(word) for word in header.split()), default=0)
    return max(width, longest + 1 if header == source else math.ceil(longest * 1.2) + 1)


def _header_row(sheet: Worksheet, headers: list[str], widths: list[float]) -> None:
    """Row 1 tall enough for its headers' wrapped lines (spreadsheets do not grow rows on open)."""
    lines = 1
    for header, width in zip(headers, widths, strict=True):
        room, count, current = max(1.0, (width - 1) / 1.2), 1, -1
        for word in header.split():
            current = len(word) if current < 0 else current + 1 + len(word)
            if current > room and current != len(word):
                count, current = count + 1, len(word)
        lines = max(lines, count)
    if lines > 1:
        sheet.row_dimensions[1].height = 15 * lines + 3


#: the tallest row a spreadsheet takes, in points
ROW_CAP = 409
#: characters of text a unit of column width holds at the default size (a unit is one digit of the default
#: font: letters run narrower on average, a bold letter a little wider)
CHARS_PER_UNIT = 1.1
BOLD_WIDER = 1.15
#: a line's height per point of type, and the points a row keeps above and below its lines
LINE_HEIGHT, ROW_PADDING = 15 / FONT_SIZE, 3


def _room(width: float, size: float = FONT_SIZE, bold: bool = False) -> int:
    """Characters a line of a column ``width`` wide holds."""
    return max(1, int(max(1.0, width - 1) * CHARS_PER_UNIT * FONT_SIZE / size / (BOLD_WIDER if bold else 1)))


def _word_lines(paragraph: str, room: int) -> tuple[list[tuple[int, int]], int]:
    """(offset, line) of each word of a paragraph wrapped between words into lines of ``room`` characters, and
    the number of lines; a word longer than a line takes whole lines of its own."""
    placed, line, used, offset = [], 0, -1, 0  # used: characters on the line, -1 for none yet
    for word in paragraph.split(" "):
        need = len(word) if used < 0 else used + 1 + len(word)
        if need > room:
            if used >= 0:
                line += 1
            placed.append((offset, line))
            full, rest = divmod(len(word), room)
            line, used = (line + full - 1, room) if full and not rest else (line + full, rest)
        else:
            placed.append((offset, line))
            used = need
        offset += len(word) + 1
    return placed, line + 1


def wrapped_lines(text: str, width: float, size: float = FONT_SIZE, bold: bool = False) -> int:
    """The lines a text takes wrapped in a column ``width`` wide (spreadsheets do not grow rows on open)."""
    room = _room(width, size, bold)
    if len(text) <= room and "\n" not in text:  # the usual short text: one line, no need to wrap it
        return 1
    return sum(1 if len(paragraph) <= room else _line_count(paragraph, room) for paragraph in text.split("\n"))


def _line_count(paragraph: str, room: int) -> int:
    """The lines of :func:`_word_lines`, counted alone: the row heights of 10,000 cards need it fast."""
    line, used = 0, -1
    for word in paragraph.split(" "):
        size = len(word)
        need = size if used < 0 else used + 1 + size
        if need <= room:
            used = need
            continue
        if used >= 0:
            line += 1
        full, rest = divmod(size, room)
        line, used = (line + full - 1, room) if full and not rest else (line + full, rest)
    return line + 1


def row_points(lines: int, size: float = FONT_SIZE) -> float:
    """The height in points of a row of ``lines`` lines of type ``size``, at most what a spreadsheet takes."""
    return min(ROW_CAP, round(lines * LINE_HEIGHT * size + ROW_PADDING, 1))


#: the most lines of default type a row holds
LINES_PER_ROW = int((ROW_CAP - ROW_PADDING) / (LINE_HEIGHT * FONT_SIZE))


def fitting_pieces(text: str, width: float, lines: int = LINES_PER_ROW) -> list[str]:
    """The text in pieces that each fit ``lines`` lines of a column ``width`` wide, cut between words (inside
    a word only when one word is longer than all those lines); the pieces joined are the text."""
    return [piece for piece, _lines in _pieces_and_lines(text, width, lines)]


def _pieces_and_lines(text: str, width: float, lines: int = LINES_PER_ROW) -> list[tuple[str, int]]:
    """:func:`fitting_pieces`, each with the lines it takes."""
    room = _room(width)
    pieces = []
    while (count := wrapped_lines(text, width)) > lines:
        cut, line_base, start = None, 0, 0
        for paragraph in text.split("\n"):
            placed, count = _word_lines(paragraph, room)
            for offset, line in placed:
                if line_base + line >= lines:
                    cut = start + offset
                    break
            if cut is not None:
                break
            line_base += count
            start += len(paragraph) + 1
        if not cut or wrapped_lines(text[:cut].rstrip(), width) > lines:
            # A word longer than the lines left (a first word of 32,000 letters): cut inside it, after as much of
            # the text as the lines hold.
            low, high = 1, cut or len(text)
            while low < high:
                middle = (low + high + 1) // 2
                if wrapped_lines(text[:middle], width) <= lines:
                    low = middle
                else:
                    high = middle - 1
            cut = low
        pieces.append((text[:cut], lines))
        text = text[cut:]
    pieces.append((text, count))
    return pieces


def _row_height(values: list, widths: tuple[float, ...], size: float = FONT_SIZE) -> float:
    """Points for a row whose wrapped text must show whole."""
    return row_points(max((wrapped_lines(value, width, size) for value, width in zip(values, widths, strict=False)
                           if isinstance(value, str) and value), default=1), size)


def _header(cell) -> None:
    cell.fill = HEADER_FILL
    cell.font = HEADER_FONT
    cell.alignment = Alignment(wrap_text=True, vertical="center")
    cell.border = BORDER


#: the persona sheet's column widths: lane labels, then one per phase
LANE_WIDTH, PHASE_WIDTH = 22, 38


def _persona_sheet(w: _Writer, sheet: Worksheet, journey_map: JourneyMap, persona_id: str) -> None:
    """The map's grid: a row per lane, a column per phase. A cell whose text is taller than a row holds (409
    points) continues in the rows below it, each labelled "<lane> (continued)" and its pieces marked, so nothing
    is cut on screen or on paper and the phases stay the columns; a text longer than a cell holds is one of those
    and is reported (``continued_below``)."""
    words = w.words
    persona = journey_map.persona(persona_id)
    w.put(sheet, 1, 1, persona.name).font = SECTION_FONT
    sheet.row_dimensions[1].height = row_points(1, SECTION_FONT.sz)
    headers = []
    for column, phase in enumerate(journey_map.phases, 2):
        cell = w.put(sheet, 2, column, f"{phase.name}\n{phase.goal}" if phase.goal else phase.name)
        _header(cell)
        headers.append(cell.value)
        sheet.column_dimensions[get_column_letter(column)].width = PHASE_WIDTH
    sheet.column_dimensions["A"].width = LANE_WIDTH
    sheet.row_dimensions[2].height = row_points(max((wrapped_lines(h, PHASE_WIDTH, bold=True) for h in headers),
                                                    default=1))
    by_cell: dict[tuple[str, str], list] = {}
    for card in journey_map.cards:
        if card.persona == persona_id:
            by_cell.setdefault((card.phase, card.lane), []).append(card)
    points = {e.phase: e for e in journey_map.emotions if e.persona == persona_id}
    row = 3
    for lane in journey_map.lanes:
        cells = []  # per phase: its text, fill and font
        for phase in journey_map.phases:
            if lane.kind == "emotions":
                point = points.get(phase.id)
                # The label whole: strip() took a trailing space of it (a no-break space too) with the gap.
                text = emotion_text(point.score, point.label) if point else ""
                if point and point.note:
                    text += f"\n{point.note}"
                # The strong ends are dark: white text keeps them readable.
                cells.append((text, palette.EMOTION_COLORS[point.score] if point else None,
                              STRONG_FONT if point and point.score in (MIN_SCORE, MAX_SCORE) else None))
            else:
                cards = by_cell.get((phase.id, lane.id), [])
                entries = []
                for card in cards:
                    caption = card_caption(card, words)
                    mark = "★ " if card.moment_of_truth else ""
                    entries.append(f"• {mark}{card.text}" + (f"\n   ({caption})" if caption else ""))
                fill, _edge = palette.card_colors(lane.kind)
                cells.append(("\n".join(entries), fill if cards else None, None))
        # A row holds LINES_PER_ROW lines: a taller text goes on in the rows below, marked at both ends (a line
        # kept free for each mark).
        texts = [w.clean(text) for text, _f, _t in cells]
        pieces = [continued_pieces(text, PHASE_WIDTH) for text in texts]
        for column, (text, piece) in enumerate(zip(texts, pieces, strict=True), 2):
            if len(piece) > 1 and _units(text) > CELL_LIMIT:  # what the warning names, as on the other sheets
                letter = get_column_letter(column)
                where = f"{letter}{row + 1}" + (f":{letter}{row + len(piece) - 1}" if len(piece) > 2 else "")
                w.continued_below.append((sheet.title, f"{letter}{row}", where))
        label_text = w.clean(lane.name)
        # the lane's name whole in its first row; the rows below repeat at most its start
        short = label_text if _units(label_text) <= LABEL_REPEAT else _utf16_prefix(label_text, LABEL_REPEAT) + "…"
        for index in range(max((len(p) for p in pieces), default=1)):
            name = label_text if index == 0 else words.gettext("{lane} (continued)").format(lane=short)
            w.grid_style(w.put(sheet, row, 1, name), palette.LANE_HEADER_FILL, LABEL_FONT)
            lines = wrapped_lines(name, LANE_WIDTH, bold=True)
            for column, (piece, (_text, fill, font_)) in enumerate(zip(pieces, cells, strict=True), 2):
                text, count = piece[index] if index < len(piece) else ("", 1)
                w.grid_style(w.put(sheet, row, column, text), fill if text or index == 0 else None, font_)
                lines = max(lines, count)
            sheet.row_dimensions[row].height = row_points(lines)
            row += 1
    sheet.freeze_panes = "B3"
    _print_setup(sheet, "1:2")
    sheet.print_title_cols = "A:A"


#: the longest text of a table row that its continued rows repeat (a persona's name, a card's id)
REPEATED = 255
#: the most characters of a lane's name its continued rows repeat
LABEL_REPEAT = 100
#: the marks of a text continued in the rows below: at the end of each piece but the last, at the start of each
#: piece but the first; the pieces with these marks taken off, joined, are the text, every space and line break
CONTINUES, CONTINUED = "…", "… "


def _marked(pieces: list[tuple[str, int]], width: float = PHASE_WIDTH) -> list[tuple[str, int]]:
    """Pieces of one text, each but the last ending in "…" and each but the first starting with "… ", nothing
    of the text dropped (the pieces were cut two lines short, so the marks fit the row)."""
    if len(pieces) == 1:
        return pieces
    last = len(pieces) - 1
    marked = [(CONTINUED if i else "") + piece + (CONTINUES if i < last else "") for i, (piece, _lines) in
              enumerate(pieces)]
    return [(piece, wrapped_lines(piece, width)) for piece in marked]


def continued_pieces(text: str, width: float) -> list[tuple[str, int]]:
    """A text in the pieces, each with its lines, that rows of a column ``width`` wide hold (a row 409 points at
    most, a line of each kept for the marks), marked as continued: the persona sheets and the tables alike."""
    return _marked(_pieces_and_lines(text, width, LINES_PER_ROW - 2), width)


def emotion_text(score: int, label: str) -> str:
    """A score as a person writes it, then its label: "+2 · curious", "0 · unsure", "-1"."""
    figure = f"{score:+d}" if score else "0"
    return f"{figure} · {label}" if label else figure


def _print_setup(sheet: Worksheet, title_rows: str | None) -> None:
    """Landscape, one page wide, header rows repeated on every printed page."""
    if title_rows:
        sheet.print_title_rows = title_rows
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


#: the Cards sheet's headers (English, the message ids), one column per card field the declaration gives a
#: workbook column
CARD_COLUMNS = [f.label for f in EXCEL_FIELDS]


CARD_WRAP_COLUMNS = {column for column, f in enumerate(EXCEL_FIELDS, 1) if f.excel.wrap}


def _cards_sheet(w: _Writer, sheet: Worksheet, journey_map: JourneyMap) -> None:
    words = w.words
    headers = [words.gettext(header) for header in CARD_COLUMNS]
    for column, header in enumerate(headers, 1):
        _header(w.put(sheet, 1, column, header))
    # Per column: the card's field and what turns its value into the cell's (an id into a name).
    cells = []
    for f in EXCEL_FIELDS:
        if f.refers_to is not None:
            names = {item.id: item.name for item in getattr(journey_map, f.refers_to)}
            cells.append((f.name, names.__getitem__))
        elif f.excel.word:
            cells.append((f.name, lambda value, cell=f.excel.cell: words.gettext(cell(value)) if value else None))
        else:
            cells.append((f.name, f.excel.cell))
    widths = [_header_width(header, f.label, f.excel.width) for f, header in zip(EXCEL_FIELDS, headers, strict=True)]
    for card in journey_map.cards:
        values = [cell(getattr(card, name)) for name, cell in cells]
        # styling only where text wraps keeps 10,000 rows fast
        w.append_row(sheet, values, CARD_WRAP_COLUMNS, widths)
    row = sheet._current_row  # a card whose text continues in the rows below takes more than one
    for column, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    _header_row(sheet, headers, widths)
    sheet.freeze_panes = "A2"
    _print_setup(sheet, "1:1")
    if row >= 2:
        table = Table(displayName=_table_name(words.gettext("Cards")),
                      ref=f"A1:{get_column_letter(len(CARD_COLUMNS))}{row}")
        table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
        sheet.add_table(table)
    else:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(CARD_COLUMNS))}1"


def _table_name(name: str) -> str:
    """A table name as Excel takes it: letters, digits and underscores, starting with a letter or underscore."""
    name = re.sub(r"\W", "_", name)
    return name if name[:1].isalpha() or name[:1] == "_" else f"_{name}"


def _emotions_sheet(w: _Writer, sheet: Worksheet, journey_map: JourneyMap) -> None:
    """The scores per phase and persona, their chart (each persona its colour, pattern and marker), and below
    both the personas compared: the spread per phase and the chosen lane side by side."""
    from app.export import insight_sheets

    words = w.words
    _header(w.put(sheet, 1, 1, words.gettext("Phase")))
    for column, persona in enumerate(journey_map.personas, 2):
        _header(w.put(sheet, 1, column, persona.name))
        sheet.column_dimensions[get_column_letter(column)].width = 22
    sheet.row_dimensions[1].height = max(32, row_points(max(
        (wrapped_lines(p.name, 22, bold=True) for p in journey_map.personas), default=1)))
    sheet.column_dimensions["A"].width = 22
    scores = {(e.persona, e.phase): e.score for e in journey_map.emotions}
    for row, phase in enumerate(journey_map.phases, 2):
        w.put(sheet, row, 1, phase.name)
        for column, persona in enumerate(journey_map.personas, 2):
            score = scores.get((persona.id, phase.id))
            if score is not None:
                w.put(sheet, row, column, score)
    sheet.freeze_panes = "B2"
    # The comparison below has headers of its own: row 1 repeated over its columns would name them wrongly.
    _print_setup(sheet, None if insight_sheets.compares(journey_map) else "1:1")
    if journey_map.phases and journey_map.personas:
        chart = LineChart()
        chart.title = words.gettext("Emotion curve per persona")
        chart.y_axis.title = words.gettext("Emotion ({lowest} … {highest})").format(lowest=MIN_SCORE,
                                                                                   highest=f"{MAX_SCORE:+d}")
        chart.y_axis.scaling.min = MIN_SCORE
        chart.y_axis.scaling.max = MAX_SCORE
        chart.y_axis.majorUnit = 1  # the scores are whole: no line at 0.5
        place = insight_sheets.chart_place(journey_map)
        chart.height, chart.width = place.height, place.width
        last_row = len(journey_map.phases) + 1
        data = Reference(sheet, min_col=2, max_col=len(journey_map.personas) + 1, min_row=1, max_row=last_row)
        chart.add_data(data, titles_from_data=True)
        insight_sheets.style_curves(chart, journey_map)
        for series in chart.series:
            series.smooth = False  # a smoothed line would overshoot past scores nobody gave
        chart.x_axis.tickLblPos = "low"
        chart.x_axis.delete = False
        chart.y_axis.delete = False
        chart.set_categories(Reference(sheet, min_col=1, min_row=2, max_row=last_row))
        sheet.add_chart(chart, place.anchor)
        w.free_column[id(sheet)] = len(journey_map.personas) + 14  # the chart is about ten columns wide
        insight_sheets.comparison_tables(w, sheet, journey_map, place.below)


def _pain_sheet(w: _Writer, sheet: Worksheet, journey_map: JourneyMap) -> None:
    words = w.words
    kinds = {lane.id: lane.kind for lane in journey_map.lanes}
    personas = {p.id: p.name for p in journey_map.personas}
    phase_order = {p.id: i for i, p in enumerate(journey_map.phases)}
    phases = {p.id: p.name for p in journey_map.phases}
    pains = [c for c in journey_map.cards if kinds[c.lane] == "pain_points"]
    pains.sort(key=lambda c: (-(c.severity or 0), phase_order[c.phase]))
    headers = [words.gettext(header) for header in PAIN_HEADERS]
    for column, header in enumerate(headers, 1):
        _header(w.put(sheet, 1, column, header))
    widths = [_header_width(header, source, width) for header, source, width in zip(headers, PAIN_HEADERS, PAIN_WIDTHS,
                                                                                     strict=True)]
    for card in pains:
        values = [card.severity, card.text, phases[card.phase], personas[card.persona], card.owner,
                  words.gettext(card.evidence) if card.evidence else "", card.votes]
        w.append_row(sheet, values, {2}, widths)
    for column, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    _header_row(sheet, headers, widths)
    sheet.freeze_panes = "A2"
    _print_setup(sheet, "1:1")
    sheet.auto_filter.ref = f"A1:G{max(1, sheet._current_row)}"
