"""Which exporter writes each format, and with what: the one dispatch the command line and the editor share.

The poster, the workbook and the CSV need no Qt. Images are drawn by the canvas,
so their exporter, and Qt with it, is imported only when an image is asked for;
each exporter is imported when used, so exporting a workbook loads no PDF code.

A file is named as its format's files are (:func:`output_name`): ``--pdf out.xlsx``
wrote a PDF that every program then opened as a broken workbook, and ``--xlsx
map.json`` wrote over the map.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.export import ExportError
from app.i18n import N_

if TYPE_CHECKING:
    from app.model import JourneyMap

#: ``progress(done, total)`` after each page, sheet or strip; returning False cancels
Progress = Callable[[int, int], bool] | None


@dataclass
class ExportChoices:
    """What an export is asked for besides its format and file, as the command line or the dialog took it."""

    #: persona ids, in the map's order, for every format (issue 19): the deliverable holds nothing of another
    #: persona; empty: every persona
    personas: list[str] = field(default_factory=list)
    paper: str = "auto"
    landscape: bool = True
    tile: str | None = None
    #: card text size of a tiled poster with automatic paper ("9pt", 0.9); None: 9 pt
    scale: str | float | None = None
    dpi: int = 150
    #: the map's file: images drawn without the editor give it to their document (the poster's footer names the
    #: map's title, not its file)
    source: Path | None = None
    #: the language of the poster's and the workbook's fixed words ("de", "en"); None: the map's
    #: ``language``, else the UI language (``app.i18n.document_language``)
    language: str | None = None
    #: the poster's insight pages (issue 17), each printed when the map has something for it: the executive
    #: summary first, the persona comparison, the opportunity matrix and the KPI tables. On, as the command
    #: line and the export dialog start (``PdfOptions``, the poster's own options, leaves them off).
    summary: bool = True
    comparison: bool = True
    matrix: bool = True
    kpis: bool = True
    #: the PDF as a handout (issue 19): each persona's map split by phase range on ``paper`` (A4 when automatic)
    handout: bool = False
    #: every persona's poster page at one scale (the smallest that fits all), so pages compare side by side
    same_scale: bool = True


@dataclass
class Written:
    """What an exporter says about the file it wrote."""

    warnings: list[str] = field(default_factory=list)
    #: what the poster printed ("A2 landscape, card text 7.1 pt"), what the CSV holds ("115 cards, 15 emotion
    #: points"); empty for other formats
    summary: str = ""


#: ``write(journey_map, path, choices, progress, document)``; ``document`` is the editor's open map, if any
Writer = Callable[..., Written]


def _pdf(journey_map: JourneyMap, path: str | os.PathLike[str], choices: ExportChoices, progress: Progress,
         _document: Any) -> Written:
    from app.export.pdf import PdfOptions, export_pdf

    options = PdfOptions(paper=choices.paper, landscape=choices.landscape, personas=choices.personas,
                         tile=choices.tile, scale=choices.scale, language=choices.language,
                         summary=choices.summary, comparison=choices.comparison, matrix=choices.matrix,
                         kpis=choices.kpis, handout=choices.handout, same_scale=choices.same_scale)
    result = export_pdf(journey_map, path, options, progress)
    return Written(result.warnings, result.summary)


def _some_personas(journey_map: JourneyMap, choices: ExportChoices) -> list[str] | None:
    """The personas chosen, or None when that is every persona of the map (the deliverable as it always was)."""
    asked = set(choices.personas)
    chosen = [persona.id for persona in journey_map.personas if persona.id in asked]
    return chosen if choices.personas and len(chosen) < len(journey_map.personas) else None


def _xlsx(journey_map: JourneyMap, path: str | os.PathLike[str], choices: ExportChoices, progress: Progress,
          _document: Any) -> Written:
    from app.export.excel import export_excel

    # The workbook prints on office paper: Letter when asked (--paper Letter), else A4; a poster's paper is not its.
    paper = {"A4": "A4", "LETTER": "Letter"}.get(choices.paper.strip().upper())
    result = export_excel(journey_map, path, progress, language=choices.language,
                          personas=_some_personas(journey_map, choices), paper=paper)
    return Written(result.warnings)


def _csv(journey_map: JourneyMap, path: str | os.PathLike[str], choices: ExportChoices, progress: Progress,
         _document: Any) -> Written:
    from app.export.csv_export import export_csv

    result = export_csv(journey_map, path, personas=_some_personas(journey_map, choices), language=choices.language,
                        progress=progress)
    return Written(summary=result.summary())


def _png(journey_map: JourneyMap, path: str | os.PathLike[str], choices: ExportChoices, progress: Progress,
         document: Any) -> Written:
    from app.ui.image_export import export_png, image_document

    if document is None:
        document = image_document(journey_map, choices.source)
    export_png(document, choices.personas, path, choices.dpi, progress, choices.language)
    return Written()


def _svg(journey_map: JourneyMap, path: str | os.PathLike[str], choices: ExportChoices, progress: Progress,
         document: Any) -> Written:
    from app.ui.image_export import export_svg, image_document

    if document is None:
        document = image_document(journey_map, choices.source)
    export_svg(document, choices.personas, path, progress, choices.language)
    return Written()


@dataclass(frozen=True)
class Target:
    suffix: str
    write: Writer
    #: the format's name for people (a message id: "PDF poster"), as the dialog offers it
    name: str = ""


#: format -> its file suffix and exporter, in the order the command line writes them
TARGETS: dict[str, Target] = {
    "pdf": Target(".pdf", _pdf, N_("PDF poster")),
    "xlsx": Target(".xlsx", _xlsx, N_("Excel workbook")),
    "png": Target(".png", _png, N_("PNG image")),
    "svg": Target(".svg", _svg, N_("SVG image")),
    "csv": Target(".csv", _csv, N_("CSV table (cards and emotions)")),
}

#: endings that name a kind of file, besides the formats': a name ending in one of them is that kind of file
#: (the suggestion replaces the ending); any other ending is part of the name ("client.v2" → "client.v2.pdf")
FILE_ENDINGS = frozenset({
    ".json", ".txt", ".md", ".html", ".htm", ".xml", ".xls", ".xlsm", ".ods", ".tsv", ".doc", ".docx", ".odt",
    ".ppt", ".pptx", ".odp", ".rtf", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".webp", ".eps", ".ps",
    ".svgz", ".zip",
})


class OutputNameError(ExportError):
    """A file name that does not end as the format's files do: ``reason`` says how, ``suggestion`` is the name
    to use instead; the message says both."""

    def __init__(self, reason: str, suggestion: Path) -> None:
        from app.i18n import _

        super().__init__(_("{reason}; name it {name}").format(reason=reason, name=suggestion))
        self.reason = reason
        self.suggestion = suggestion


def output_name(kind: str, path: str | os.PathLike[str]) -> Path:
    """The file an export of ``kind`` writes: the name as given when it ends in the format's suffix (in any
    case), or with the suffix added when it has no ending. Raises OutputNameError, suggesting the right name,
    when it ends otherwise: ``out.xlsx`` for a PDF suggests ``out.pdf``, ``client.v2`` suggests ``client.v2.pdf``.
    """
    from app.i18n import _

    path = Path(path)
    suffix = TARGETS[kind].suffix
    ending = path.suffix
    if ending.lower() == suffix.lower():
        return path
    if not ending:  # "out", or "out." (a trailing dot is no ending)
        return path.with_name(path.name.rstrip(".") + suffix) if path.name.rstrip(".") else path
    known = {target.suffix.lower() for target in TARGETS.values()} | FILE_ENDINGS
    suggestion = path.with_suffix(suffix) if ending.lower() in known else path.with_name(path.name + suffix)
    raise OutputNameError(_("the name ends in {ending}, but {format} files end in {suffix}").format(
        ending=ending, format=_format_word(kind), suffix=suffix), suggestion)


def _format_word(kind: str) -> str:
    """The format as a word that needs no translation: PDF, Excel, PNG, SVG, CSV."""
    return "Excel" if kind == "xlsx" else kind.upper()


def export(kind: str, journey_map: JourneyMap, path: str | os.PathLike[str], choices: ExportChoices,
           progress: Progress = None, document: Any = None) -> Written:
    """Write the map as ``kind`` ("pdf", "xlsx", "png", "svg", "csv"); raises ExportError, leaving no file, when it
    cannot. A name that does not end in the format's suffix is refused (:func:`output_name`); callers add it
    to a name without an ending first.

    ``document`` is the editor's open map document: images draw its scenes. Without one (the
    command line) they draw a document made for them, offscreen when there is no display.
    Running out of memory or a failing system call inside an exporter is an ExportError too,
    in the system's words: the command line and the editor say it as they say any other.
    """
    from app.i18n import _

    named = output_name(kind, path)
    if named != Path(path):  # no ending: the caller adds it, and says the name it writes
        raise OutputNameError(_("the name has no ending, and {format} files end in {suffix}").format(
            format=_format_word(kind), suffix=TARGETS[kind].suffix), named)
    try:
        return TARGETS[kind].write(journey_map, path, choices, progress, document)
    except MemoryError:
        raise ExportError(_("there is not enough memory to write this export")) from None
    except OSError as exc:
        raise ExportError(_("could not be written: {reason}").format(reason=exc.strerror or exc)) from exc
