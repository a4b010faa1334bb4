"""File → Export: one dialog for format, paper, personas and tiling, with a preview of the poster's
first page and the size its card text prints at; then the export with progress.

The personas chosen apply to every format (issue 19): a workbook, image or CSV for one persona holds
nothing of another. A file name that ends as another format's files do is not written as it is: the
dialog offers the right name (``output_name``) and exports under it when the user agrees.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, QUrl
from PySide6.QtGui import QBrush, QColor, QDesktopServices, QPainter, QPainterPath, QPen, QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.export import ExportCancelledError, ExportError
from app.export.targets import TARGETS, ExportChoices, OutputNameError, export, output_name
from app.i18n import (
    LANGUAGE_NAMES,
    LANGUAGES,
    N_,
    _,
    catalogue,
    document_language,
    ngettext,
)
from app.layout import legend, palette
from app.model.fileformat import SHOWN_PROBLEMS
from app.ui import settings
from app.ui.dialogs import enter_accepts, message_box
from app.ui.document import MapDocument

AUTO = "auto"
PAPERS = ["A0", "A1", "A2", "A3", "A4", "Letter", "Tabloid"]
TILES = ["A4", "A3", "Letter"]
PREVIEW_SIZE = QSize(380, 280)


@dataclass
class ExportRequest:
    kind: str
    path: Path
    paper: str = AUTO
    landscape: bool = True
    tile: str | None = None
    personas: list[str] = field(default_factory=list)
    dpi: int = 150
    open_when_done: bool = False
    #: the language of the deliverable's fixed words ("de", "en"); None: the map's, else the UI language
    language: str | None = None
    #: the poster's insight pages, each printed when the map has something for it
    summary: bool = True
    comparison: bool = True
    matrix: bool = True
    kpis: bool = True
    #: the PDF as a handout: each persona's map split by phase range on the paper (A4 when automatic)
    handout: bool = False
    #: card text size in points of a tiled poster with automatic paper (None: the tiling's own 9 pt)
    card_pt: float | None = None

    def choices(self, source: Path | None) -> ExportChoices:
        """The request as the exporters take it; ``source`` is the map's file, which the poster's footer names."""
        return ExportChoices(personas=self.personas, paper=self.paper, landscape=self.landscape, tile=self.tile,
                             dpi=self.dpi, source=source, language=self.language, summary=self.summary,
                             comparison=self.comparison, matrix=self.matrix, kpis=self.kpis, handout=self.handout,
                             scale=None if self.card_pt is None else f"{self.card_pt:g}pt")


#: the poster's insight pages: (request field, check box text, tool tip), two a row in the dialog
INSIGHT_PAGES = (
    ("summary", N_("Executive summary"), N_("The first page: goal, personas, emotions, top pain points and "
                                            "opportunities, KPIs against target and open health-check findings.")),
    ("comparison", N_("Persona comparison"), N_("Every persona's emotion curve in one chart and the pain points "
                                                "side by side; printed when two or more personas are.")),
    ("matrix", N_("Opportunity matrix"), N_("Value × effort in four quadrants with the opportunities in the order "
                                            "to fund them; printed when an opportunity has a value and an effort.")),
    ("kpis", N_("KPI tables"), N_("Each metric's value, target and status per phase; printed when the map has "
                                  "KPIs.")),
)
#: the paper choice that picks the smallest readable sheet
AUTO_LABEL = N_("Automatic (smallest readable)")


class ExportDialog(QDialog):
    def __init__(self, document: MapDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        outer = QVBoxLayout(self)
        columns = QHBoxLayout()
        outer.addLayout(columns)
        form = QFormLayout()
        columns.addLayout(form, 1)
        self.kind = QComboBox()
        for kind in TARGETS:  # the formats the dispatch writes, named in retranslate()
            self.kind.addItem("", kind)
        self.kind.setCurrentIndex(max(0, self.kind.findData(settings.read(settings.EXPORT_KIND))))
        self.path = QLineEdit()
        self.path.setMinimumWidth(380)
        self.browse = QPushButton()
        self.browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(self.browse)
        #: the language of the deliverable's fixed words: the map's by default
        self.language = QComboBox()
        for code in LANGUAGES:
            self.language.addItem(LANGUAGE_NAMES[code], code)
        self.language.setCurrentIndex(max(0, self.language.findData(document_language(document.journey_map))))
        self.paper = QComboBox()
        self.paper.setEditable(True)  # a custom size like 1189x841mm can be typed
        self.paper.addItem("", AUTO)
        for name in PAPERS:
            self.paper.addItem(name, name)
        self.landscape = QCheckBox()
        self.landscape.setChecked(True)
        #: a handout instead of the poster: pages people print on, the map split by phase range
        self.handout = QCheckBox()
        self.handout.setObjectName("export-handout")
        self.tile = QComboBox()
        self.tile.addItem("", None)
        for name in TILES:
            self.tile.addItem("", name)
        from app.export.pdf import MAX_TEXT_PT, MIN_READABLE_PT, TILED_TEXT_PT  # the exporter: when a dialog opens

        #: the card text size of a tiled poster with automatic paper (the command line's --scale): the tiling
        #: spreads the poster over as many sheets as that size needs; a fixed paper sets the size itself
        self.card_text = QDoubleSpinBox()
        self.card_text.setObjectName("export-card-text")
        self.card_text.setRange(MIN_READABLE_PT, MAX_TEXT_PT)
        self.card_text.setSingleStep(0.5)
        self.card_text.setDecimals(1)
        self.card_text.setValue(TILED_TEXT_PT)
        self.personas = QListWidget()
        for persona in document.journey_map.personas:
            item = QListWidgetItem(persona.name)
            item.setData(Qt.ItemDataRole.UserRole, persona.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.personas.addItem(item)
        self.personas.setMaximumHeight(120)
        #: the insight pages before the poster, by request field
        self.pages: dict[str, QCheckBox] = {}
        pages = QWidget()
        grid = QGridLayout(pages)
        grid.setContentsMargins(0, 0, 0, 0)
        for index, (key, _text, _tip) in enumerate(INSIGHT_PAGES):
            box = self.pages[key] = QCheckBox()
            box.setObjectName(f"export-page-{key}")
            box.setChecked(True)
            grid.addWidget(box, index // 2, index % 2)
        self.dpi = QSpinBox()
        self.dpi.setRange(30, 1200)
        self.dpi.setValue(settings.read(settings.EXPORT_DPI))
        self.open_when_done = QCheckBox()
        self.open_when_done.setChecked(settings.read(settings.EXPORT_OPEN))
        #: the form's labels, by the field they name
        self.labels: dict[str, QLabel] = {}
        for key, widget in (("kind", self.kind), ("file", row), ("language", self.language), ("paper", self.paper),
                            ("landscape", self.landscape), ("handout", self.handout), ("tiling", self.tile),
                            ("card_text", self.card_text),
                            ("pages", pages),
                            ("personas", self.personas),
                            ("dpi", self.dpi), ("open", self.open_when_done)):
            if key in ("landscape", "handout", "open"):
                form.addRow("", widget)
                continue
            label = self.labels[key] = QLabel()
            label.setBuddy(self.pages["summary"] if key == "pages"
                           else widget if isinstance(widget, QWidget) else self.path)
            form.addRow(label, widget)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)  # Qt's catalogue translates Cancel
        # a button of its own, not Ok renamed: a language switch makes the box say "OK" again on its standard buttons
        self.export_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        enter_accepts(self, self.buttons)
        outer.addWidget(self.buttons)
        # The first page as it will print, redrawn when the paper, tiling, personas or language change.
        self.preview = QLabel()
        self.preview.setFixedSize(PREVIEW_SIZE)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview_text = QLabel()
        self.preview_text.setTextFormat(Qt.TextFormat.PlainText)  # a fault's message may quote map text
        self.preview_text.setWordWrap(True)
        self.preview_text.setFixedWidth(PREVIEW_SIZE.width())
        side = QVBoxLayout()
        side.addWidget(self.preview)
        side.addWidget(self.preview_text)
        side.addStretch(1)
        columns.addLayout(side)
        self._planner = None
        self._building = True
        self.retranslate()
        saved = settings.read(settings.EXPORT_PAPER)
        if saved == AUTO:
            self.paper.setCurrentIndex(0)
        else:
            self.paper.setCurrentText(saved)
        self._building = False
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.paper.currentTextChanged.connect(self._tiling_changed)
        self.landscape.toggled.connect(self.update_preview)
        self.handout.toggled.connect(self._handout_changed)
        self.tile.currentIndexChanged.connect(self._tiling_changed)
        self.card_text.valueChanged.connect(self.update_preview)
        self.personas.itemChanged.connect(self.update_preview)
        for box in self.pages.values():
            box.toggled.connect(self.update_preview)
        self.language.currentIndexChanged.connect(self._language_changed)
        self._kind_changed()

    def retranslate(self) -> None:
        """Every text of the dialog in the UI language: when it is made, and again after a language switch."""
        self.setWindowTitle(_("Export"))
        for index in range(self.kind.count()):
            name = TARGETS[self.kind.itemData(index)].name
            self.kind.setItemText(index, _(name) if name else self.kind.itemData(index).upper())
        self.browse.setText(_("Browse…"))
        automatic = self.paper.currentIndex() == 0 and self.paper.currentText() == self.paper.itemText(0)
        self.auto_label = _(AUTO_LABEL)
        self.paper.setItemText(0, self.auto_label)
        if automatic:  # the field shows the automatic choice in the new words, not a paper named like the old
            self.paper.setCurrentIndex(0)
            self.paper.setEditText(self.auto_label)
        self.landscape.setText(_("Landscape"))
        self.handout.setText(_("Handout: pages split by phases (A4 when automatic)"))
        self.tile.setItemText(0, _("No tiling: one sheet per page"))
        for index, name in enumerate(TILES, start=1):
            self.tile.setItemText(index, _("Tile on {paper} sheets").format(paper=name))
        self.open_when_done.setText(_("Open the file when done"))
        self.card_text.setSuffix(" " + _("pt"))
        self.card_text.setToolTip(_("The size card text prints at on a poster tiled with automatic paper: the "
                                    "tiling takes as many sheets as that size needs. A chosen paper sets the size "
                                    "itself."))
        for key, text, tip in INSIGHT_PAGES:
            self.pages[key].setText(_(text))
            self.pages[key].setToolTip(_(tip))
        for key, text in (("kind", _("Format")), ("file", _("File")), ("language", _("Language of the deliverable")),
                          ("paper", _("Paper")), ("tiling", _("Tiling")), ("card_text", _("Card text when tiled")),
                          ("pages", _("Pages before the poster")),
                          ("personas", _("Personas")),
                          ("dpi", _("Resolution (dpi)"))):
            self.labels[key].setText(text)
        self.language.setToolTip(_("The language of the deliverable's own words (headings, legend, sheet names, "
                                   "dates); the map's text stays as it is written. The map's language is chosen "
                                   "first."))
        self.export_button.setText(_("Export"))
        if not self._building:
            self.update_preview()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _language_changed(self) -> None:
        self._planner = None  # the poster's fixed words shape its layout: plan again in the chosen language
        self.update_preview()

    def _default_path(self) -> Path:
        kind = self.kind.currentData()
        source = self.document.path
        folder = source.parent if source else Path.home()
        stem = source.stem if source else "journey-map"
        return folder / f"{stem}{TARGETS[kind].suffix}"

    def _kind_changed(self) -> None:
        kind = self.kind.currentData()
        current = self.path.text().strip()
        if current:
            try:
                named = output_name(kind, current)
            except OutputNameError as exc:  # another format's ending is replaced; a dot in the name is kept
                named = exc.suggestion
            self.path.setText(str(named))
        else:
            self.path.setText(str(self._default_path()))
        for widget in (self.paper, self.landscape, self.handout, *self.pages.values()):
            widget.setEnabled(kind == "pdf")
        self.tile.setEnabled(kind == "pdf" and not self.handout.isChecked())  # a handout prints whole sheets
        self.card_text.setEnabled(self._card_text_applies())
        self.dpi.setEnabled(kind == "png")
        self.update_preview()

    def _handout_changed(self) -> None:
        self.tile.setEnabled(self.kind.currentData() == "pdf" and not self.handout.isChecked())
        self._tiling_changed()

    def _tiling_changed(self) -> None:
        self.card_text.setEnabled(self._card_text_applies())
        self.update_preview()

    def _card_text_applies(self) -> bool:
        """Whether the card text size is the user's to choose: a PDF poster tiled with automatic paper (as the
        command line takes --scale); else the paper sets it, and the field stays as it was, greyed."""
        return (self.kind.currentData() == "pdf" and not self.handout.isChecked()
                and self.tile.currentData() is not None and self.paper_choice() == AUTO)

    def card_pt(self) -> float | None:
        """The card text size the export takes: the field's when it applies and differs from the tiling's own."""
        from app.export.pdf import TILED_TEXT_PT

        value = self.card_text.value()
        return value if self._card_text_applies() and value != TILED_TEXT_PT else None

    def paper_choice(self) -> str:
        """The paper as the exporter takes it: "auto" for the automatic choice, else what is shown."""
        text = self.paper.currentText().strip()
        automatic = {catalogue(code).gettext(AUTO_LABEL) for code in LANGUAGES}  # said in any language
        return AUTO if text in ("", self.auto_label, *automatic) or text.casefold() == AUTO else text

    def _chosen_personas(self) -> list[str]:
        return [
            self.personas.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.personas.count())
            if self.personas.item(i).checkState() == Qt.CheckState.Checked
        ]

    def update_preview(self) -> None:
        """Plan the poster for the current choices and show its first page and card text size.

        Planning measures text once per dialog (the planner keeps it), so a
        change of paper costs a few layouts of the map, not a PDF export.
        """
        from app.export.pdf import MIN_READABLE_PT, PdfOptions, PosterPlanner

        self.preview_text.setStyleSheet("")  # red only for a refusal, set below
        if self.kind.currentData() != "pdf":
            self.preview.clear()
            self.preview_text.setText(_("The preview shows PDF posters."))
            return
        if self.handout.isChecked():
            from app.export.handout import HANDOUT_TEXT_PT

            paper = self.paper_choice()
            self.preview.clear()
            self.preview_text.setText(_("A handout: each persona's map split by phase range on {paper} pages, card "
                                        "text at {size} pt, the lane labels repeated on every page.").format(
                paper="A4" if paper == AUTO else paper, size=f"{HANDOUT_TEXT_PT:.0f}"))
            return
        personas = self._chosen_personas()
        if not personas:
            self.preview.clear()
            self.preview_text.setText(_("Choose at least one persona."))
            return
        card_pt = self.card_pt()
        options = PdfOptions(paper=self.paper_choice(), landscape=self.landscape.isChecked(), personas=personas,
                             tile=self.tile.currentData(), language=self.language.currentData(),
                             scale=None if card_pt is None else f"{card_pt:g}pt")
        try:
            if self._planner is None:
                self._planner = PosterPlanner(self.document.journey_map, self.language.currentData())
            plan = self._planner.plan(options)
            self.preview.setPixmap(render_preview(plan, self.document.journey_map, self._planner, PREVIEW_SIZE,
                                                  self.devicePixelRatioF()))
        except ExportError as exc:  # a refusal, in the words the command line prints
            self.preview.clear()
            self.preview_text.setText(str(exc))
            self.preview_text.setStyleSheet("color: #B3261E;")
            return
        except Exception as exc:  # a fault of the preview: said beside it (and logged), the dialog stays usable
            _logged(exc, "export preview")
            self.preview.clear()
            self.preview_text.setText(_("No preview: {cause}").format(cause=_cause(exc)))
            return
        from app.export.pdf import points

        # the plan's own words, as the export's summary says them
        low, sizes, paper, sheets = points(plan.text_pt), plan.text_range(), plan.paper_text(), plan.tiling_text()
        if not plan.readable:
            text = _("Card text would print at {size} pt on {paper}, below {minimum} pt: the export will refuse. "
                     "Choose a larger paper, Automatic or tiling.").format(
                size=low, paper=paper or sheets, minimum=f"{MIN_READABLE_PT:.0f}")
        elif plan.tile and not plan.paper:
            text = _("Card text prints at {size} pt, tiled on {sheets}.").format(size=sizes, sheets=sheets)
        elif plan.tile:
            text = _("Card text prints at {size} pt on {paper}, tiled on {sheets}.").format(
                size=sizes, paper=paper, sheets=sheets)
        elif plan.automatic:
            text = _("Card text prints at {size} pt on {paper}, the smallest paper where it is readable.").format(
                size=sizes, paper=paper)
        else:
            text = _("Card text prints at {size} pt on {paper}.").format(size=sizes, paper=paper)
        if plan.tiling_note() and plan.readable:
            text += "\n" + _("Sheets: {note}.").format(note=plan.tiling_note())
        before = self._pages_before(personas)
        if before and plan.readable:
            text += "\n" + _("Before the poster: {pages}.").format(pages=", ".join(before))
        self.preview_text.setText(text)
        self.preview_text.setStyleSheet("" if plan.readable else "color: #B3261E;")

    def _pages_before(self, personas: list[str]) -> list[str]:
        """The names of the insight pages the export will print before the poster, as the check boxes say them."""
        from app.export.insight_pages import InsightOptions, chosen_pages, printed_map

        asked = InsightOptions(**{key: box.isChecked() for key, box in self.pages.items()})
        names = {key: _(text) for key, text, _tip in INSIGHT_PAGES}
        return [names[page] for page in chosen_pages(printed_map(self.document.journey_map, personas), asked)]

    def _browse(self) -> None:
        kind = self.kind.currentData()
        path, _filter = QFileDialog.getSaveFileName(self, _("Export to"), self.path.text(), f"*{TARGETS[kind].suffix}")
        if path:
            self.path.setText(path)

    def request(self) -> ExportRequest:
        """The choices as the export takes them; a name without an ending gets the format's, a name with another
        format's ending stays as typed (the export refuses it: :meth:`_accept` offers the right name first)."""
        personas = self._chosen_personas()
        kind = self.kind.currentData()
        path = Path(self.path.text().strip())
        with contextlib.suppress(OutputNameError):
            path = output_name(kind, path)
        handout = kind == "pdf" and self.handout.isChecked()
        return ExportRequest(
            kind=kind, path=path, paper=self.paper_choice(), handout=handout,
            landscape=self.landscape.isChecked(), tile=None if handout else self.tile.currentData(), personas=personas,
            card_pt=self.card_pt(),
            dpi=self.dpi.value(), open_when_done=self.open_when_done.isChecked(), language=self.language.currentData(),
            **{key: box.isChecked() for key, box in self.pages.items()},
        )

    def _accept(self) -> None:
        request = self.request()
        if not self.path.text().strip():
            message_box(self, "warning", _("Export"), _("Choose a file to export to."))
            return
        if not request.personas:
            message_box(self, "warning", _("Export"), _("Choose at least one persona."))
            return
        try:
            output_name(request.kind, request.path)
        except OutputNameError as exc:
            question = _("{file}:\n{reason}.\n\nExport as {name} instead?").format(
                file=request.path, reason=exc.reason, name=exc.suggestion)
            if message_box(self, "question", _("Export"), question) != QMessageBox.StandardButton.Yes:
                return
            self.path.setText(str(exc.suggestion))
            request = self.request()
        settings.write(settings.EXPORT_KIND, request.kind)
        settings.write(settings.EXPORT_PAPER, request.paper)
        settings.write(settings.EXPORT_DPI, request.dpi)
        settings.write(settings.EXPORT_OPEN, request.open_when_done)
        self.accept()


#: the longest cause quoted from an unexpected error (its message may quote a whole text of the map)
CAUSE_CHARS = 300


def _cause(error: Exception) -> str:
    """An unexpected error in a line: its kind and message, cut to CAUSE_CHARS."""
    cause = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
    return cause if len(cause) <= CAUSE_CHARS else cause[: CAUSE_CHARS - 1] + "…"


def _logged(error: Exception, what: str) -> Path | None:
    """The error's traceback in the editor's log; the log's path, or None when it could not be written."""
    from app.ui.safety import log_exception, log_file

    return log_file() if log_exception(error, what) is None else None


def _unexpected_failure(parent: QWidget, error: Exception) -> str:
    """Words for an error the exporter did not expect: its cause, and where the details were logged."""
    message = _("The export stopped on an unexpected error: {cause}").format(cause=_cause(error))
    log = _logged(error, "export")
    return message if log is None else message + "\n" + _("Details are in {path}.").format(path=log)


def run_export(parent: QWidget, document: MapDocument, request: ExportRequest) -> bool:
    """Export with a progress dialog (Cancel works between pages); errors are shown, no partial file left.

    Every failure is shown as the file and its cause: the exporters' own errors in their
    words, any other error (a fault of this app) by its kind and message, logged in full.
    """
    progress = QProgressDialog(_("Exporting…"), _("Cancel"), 0, 0, parent)
    progress.setWindowTitle(_("Export"))
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(300)
    progress.setValue(0)

    cancelled = False

    def step(done: int, total: int) -> bool:
        nonlocal cancelled
        progress.setMaximum(total)
        progress.setValue(done)
        QApplication.processEvents()
        cancelled = progress.wasCanceled()
        return not cancelled

    warnings: list[str] = []
    QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
    try:
        step(0, 1)  # a bar from the start: the first page, sheet or strip reports only when it is done
        warnings = export(request.kind, document.journey_map, request.path, request.choices(document.path), step,
                          document).warnings
        failure = None
    except ExportCancelledError:
        failure = ""  # a cancel is no failure: nothing to say
    except ExportError as exc:
        failure = str(exc)
    except Exception as exc:  # not the exporter's refusal: said all the same, never the "Unexpected error" box
        failure = _unexpected_failure(parent, exc)
    finally:
        QApplication.restoreOverrideCursor()
        progress.close()
    if failure is not None:
        if failure and not cancelled:
            message_box(parent, "critical", _("Export failed"), f"{request.path}:\n{failure}")
        return False
    if warnings:
        shown = warnings[:SHOWN_PROBLEMS]  # a thousand cut cards must not make a box taller than the screen
        if len(warnings) > SHOWN_PROBLEMS:
            more = len(warnings) - SHOWN_PROBLEMS
            shown.append(ngettext("… and {count} more warning", "… and {count} more warnings", more).format(count=more))
        message_box(parent, "warning", _("Exported with warnings"), "\n".join(shown))
    if request.open_when_done:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(request.path)))
    return True


def render_preview(plan, journey_map, planner, size: QSize, ratio: float = 1.0) -> QPixmap:
    """The plan's first page drawn small from its layout: boxes, colours and lines of text as bars.

    Qt cannot render a PDF here (no QtPdf in PySide6-Essentials), and the
    page's own layout is what the poster draws, so the preview shows the
    page's real proportions, type sizes, column widths, centring and fill
    without writing a file.
    """
    from app.export.pdf import MARGIN, footer_text
    from app.export.title_lines import title_runs

    page = plan.pages[0]
    pixmap = QPixmap(size * ratio)
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(QColor("#9AA3AD"))
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    width, height = page.size
    tiling = plan.tilings[0] if plan.tilings else None
    left, top, right, bottom = 0.0, 0.0, width, height
    if tiling is not None:  # the sheets reach past the poster's edge: show them whole
        sheets = tiling.extent()
        left, top = min(left, sheets.x), min(top, sheets.y)
        right, bottom = max(right, sheets.right), max(bottom, sheets.bottom)
    extent_w, extent_h = right - left, bottom - top
    room = 10
    factor = min((size.width() - 2 * room) / extent_w, (size.height() - 2 * room) / extent_h)
    painter.translate((size.width() - extent_w * factor) / 2, (size.height() - extent_h * factor) / 2)
    painter.scale(factor, factor)
    painter.translate(-left, -top)
    painter.fillRect(QRectF(0, 0, width, height), QColor("#FFFFFF"))
    measure = planner.wrapper.metrics.width
    spacing = page.style.line_spacing

    def bars(x: float, top: float, lines: list[str], text_size: float, color: str, bold: bool = False) -> float:
        line = text_size * spacing
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(color))
        for index, text in enumerate(lines):
            if text:
                painter.drawRect(QRectF(x, top + index * line + line * 0.25, measure(text, text_size, bold),
                                        text_size * 0.7))
        return top + line * len(lines)

    # The title block as the poster draws it (pdf._Poster.draw_title): its type scale, the logo's place, the
    # client's line and the confidentiality marking, the facts' columns and the legend's swatches.
    title = page.title
    k = title.legend_scale
    painter.save()
    painter.translate(MARGIN, MARGIN)
    if title.logo is not None:
        _draw_logo(painter, planner.brand.data, QRectF(*title.logo))
    for run in title_runs(title, spacing):  # where the poster prints them
        bars(run.x, run.top, run.lines, run.size, palette.MUTED_TEXT if run.muted else palette.TEXT, run.bold)
    per_row = title.legend_columns  # fewer when the poster's language has long words
    for index, (kind, _word) in enumerate(legend.poster_kinds(journey_map)):  # the kinds, whatever their words
        fill, edge = palette.card_colors(kind)
        painter.setPen(QPen(QColor(edge), k))
        painter.setBrush(QColor(fill))
        painter.drawRect(QRectF(title.legend_x + (index % per_row) * title.legend_width / per_row,
                                title.legend_y + (index // per_row) * 14 * k, 16 * k, 10 * k))
    painter.restore()

    layout = page.layout
    kinds = {lane.id: lane.kind for lane in journey_map.lanes}
    cards = {card.id: card for card in journey_map.cards if card.persona == page.persona_id}
    painter.save()
    painter.translate(*page.grid_origin)  # centred on the sheet, as printed
    painter.scale(page.scale, page.scale)
    band = {header.item_id: index for index, header in enumerate(layout.lane_headers)}
    painter.setPen(QPen(QColor(palette.GRID_LINE), 0))
    for (_phase, lane), rect in layout.cells.items():
        painter.setBrush(QColor(palette.BAND_ODD if band[lane] % 2 else palette.BAND_EVEN))
        painter.drawRect(QRectF(*rect))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(palette.HEADER_FILL))
    painter.drawRect(QRectF(0, 0, layout.width, layout.corner.h))
    pad = page.style.header_padding
    for header in layout.phase_headers:
        bars(header.rect.x + pad, header.rect.y + pad, header.lines, page.style.header_size, palette.HEADER_TEXT, True)
    for header in layout.lane_headers:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(palette.LANE_HEADER_FILL))
        painter.drawRect(QRectF(*header.rect))
        painter.setBrush(QColor(palette.card_colors(kinds.get(header.item_id, "notes"))[1]))
        painter.drawRect(QRectF(header.rect.x, header.rect.y, 6, header.rect.h))
        bars(header.rect.x + pad + 4, header.rect.y + pad, header.lines, page.style.header_size, palette.TEXT, True)
    for card_id, box in layout.cards.items():
        card = cards[card_id]
        fill, edge = palette.card_colors(kinds.get(card.lane, "notes"), card.color)
        painter.setPen(QPen(QColor(edge), 0.8))
        painter.setBrush(QColor(fill))
        painter.drawRoundedRect(QRectF(*box.rect), 4, 4)
        bars(box.rect.x + page.style.card_padding, box.rect.y + page.style.card_padding, box.lines,
             page.style.text_size, palette.TEXT)
    marks = [mark for mark in layout.emotion_marks if mark.score is not None]
    if marks:
        path = QPainterPath(QPointF(marks[0].x, marks[0].y))
        for mark in marks[1:]:
            path.lineTo(mark.x, mark.y)
        painter.setPen(QPen(QColor("#3C3C3C"), 2.2))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)
        painter.setPen(QPen(QColor("#2A2A2A"), 1))
        for mark in marks:
            painter.setBrush(QColor(palette.EMOTION_COLORS[mark.score]))
            painter.drawEllipse(QPointF(mark.x, mark.y), page.style.emotion_radius, page.style.emotion_radius)
    painter.restore()
    # The footer as printed (its page number counts the insight pages before the poster: not known here).
    footer_pt = title.footer_size
    page_line = footer_text(journey_map, planner, len(plan.pages), (width - 2 * MARGIN) / k)(1)
    bars(MARGIN, height - MARGIN - footer_pt * spacing, [page_line], footer_pt, palette.MUTED_TEXT)

    if tiling is not None:
        # Where the sheets fall, as the assembly sheet shows them: each sheet's part once glued, the sheets
        # left out (nothing of the poster on them) crossed out.
        for sheet in tiling.sheets:
            box = tiling.visible(sheet)
            rect = QRectF(box.x, box.y, box.w, box.h)
            if not sheet.printed:
                painter.setPen(QPen(QColor("#9AA3AD"), 1 / factor))
                painter.setBrush(QColor(255, 255, 255, 190))
                painter.drawRect(rect)
                painter.drawLine(rect.topLeft(), rect.bottomRight())
                painter.drawLine(rect.bottomLeft(), rect.topRight())
            painter.setPen(QPen(QColor("#0072B2"), 1.5 / factor, Qt.PenStyle.DashLine))
            painter.setBrush(QBrush(Qt.BrushStyle.NoBrush))
            painter.drawRect(rect)
    painter.end()
    return pixmap


def _draw_logo(painter: QPainter, data: bytes | None, box: QRectF) -> None:
    """The logo (the bytes the planner checked once) in its box of the title block; a tinted box where Qt cannot
    read it (an SVG without QtSvg)."""
    image = QPixmap()
    if data is not None:
        image.loadFromData(data)
    if image.isNull():
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(palette.LANE_HEADER_FILL))
        painter.drawRect(box)
    else:
        painter.drawPixmap(box, image, QRectF(image.rect()))
