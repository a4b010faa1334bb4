"""Which exporter writes each format, and with what: the one dispatch the command line and the editor share.

The poster and the workbook need no Qt. Images are drawn by the canvas, so
their exporter, and Qt with it, is imported only when an image is asked for;
each exporter is imported when used, so exporting a workbook loads no PDF code.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.model import JourneyMap

#: ``progress(done, total)`` after each page, sheet or strip; returning False cancels
Progress = Callable[[int, int], bool] | None


@dataclass
class ExportChoices:
    """What an export is asked for besides its format and file, as the command line or the dialog took it."""

    #: persona ids for the poster and images; the workbook always holds every persona
    personas: list[str] = field(default_factory=list)
    paper: str = "auto"
    landscape: bool = True
    tile: str | None = None
    #: card text size of a tiled poster with automatic paper ("9pt", 0.9); None: 9 pt
    scale: str | float | None = None
    dpi: int = 150
    #: the map's file: the poster's footer names it; images drawn without the editor give it to their document
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


@dataclass
class Written:
    """What an exporter says about the file it wrote."""

    warnings: list[str] = field(default_factory=list)
    #: what the poster printed ("A2 landscape, card text 7.1 pt"); empty for other formats
    summary: str = ""


#: ``write(journey_map, path, choices, progress, document)``; ``document`` is the editor's open map, if any
Writer = Callable[..., Written]


def _pdf(journey_map: JourneyMap, path: str | os.PathLike[str], choices: ExportChoices, progress: Progress,
         _document: Any) -> Written:
    from app.export.pdf import PdfOptions, export_pdf

    options = PdfOptions(paper=choices.paper, landscape=choices.landscape, personas=choices.personas,
                         tile=choices.tile, scale=choices.scale,
                         source_name=choices.source.name if choices.source else "", language=choices.language,
                         summary=choices.summary, comparison=choices.comparison, matrix=choices.matrix,
                         kpis=choices.kpis)
    result = export_pdf(journey_map, path, options, progress)
    return Written(result.warnings, result.summary)


def _xlsx(journey_map: JourneyMap, path: str | os.PathLike[str], choices: ExportChoices, progress: Progress,
          _document: Any) -> Written:
    from app.export.excel import export_excel

    return Written(export_excel(journey_map, path, progress, language=choices.language).warnings)


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


#: format -> its file suffix and exporter, in the order the command line writes them
TARGETS: dict[str, Target] = {
    "pdf": Target(".pdf", _pdf),
    "xlsx": Target(".xlsx", _xlsx),
    "png": Target(".png", _png),
    "svg": Target(".svg", _svg),
}


def export(kind: str, journey_map: JourneyMap, path: str | os.PathLike[str], choices: ExportChoices,
           progress: Progress = None, document: Any = None) -> Written:
    """Write the map as ``kind`` ("pdf", "xlsx", "png", "svg"); raises ExportError, leaving no file, when it cannot.

    ``document`` is the editor's open map document: images draw its scenes. Without one (the
    command line) they draw a document made for them, offscreen when there is no display.
    Running out of memory or a failing system call inside an exporter is an ExportError too,
    in the system's words: the command line and the editor say it as they say any other.
    """
    from app.export import ExportError
    from app.i18n import _

    try:
        return TARGETS[kind].write(journey_map, path, choices, progress, document)
    except MemoryError:
        raise ExportError(_("there is not enough memory to write this export")) from None
    except OSError as exc:
        raise ExportError(_("could not be written: {reason}").format(reason=exc.strerror or exc)) from exc
