"""Map → Import KPIs…: a CSV file or workbook sheet read, its effect shown row by row, applied as one step.

The preview is the plan itself (``app.insight.kpi_import``): what it lists is exactly what the
one undoable change applies. A map without a KPI lane gets one in the same step, so the values
show at once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.i18n import N_, _, ngettext
from app.insight.kpi_import import ImportPlan, KpiFileError, RowOutcome, plan_import, read_rows
from app.insight.kpis import format_figure
from app.model import JourneyMap, Lane
from app.model.ids import slug_id
from app.operations import changes
from app.ui.commands import StepName
from app.ui.dialogs import message_box

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow

#: the preview's columns
COLUMNS = (N_("Row"), N_("Phase"), N_("Metric"), N_("Persona"), N_("What happens"))
#: the preview's word for each action
ACTIONS = {"new": N_("new"), "changed": N_("changed"), "unchanged": N_("unchanged"), "error": N_("left out")}
#: tints of the preview's rows, with the word in the row saying the same
TINTS = {"new": "#E3F2E9", "changed": "#FFF4D6", "error": "#FADBC9"}


def figures(plan: ImportPlan, outcome: RowOutcome, value) -> str:
    """ "32 / 40" (value / target) in the metric's unit, or "–"."""
    if value is None:
        return "–"
    metric = plan.table.metric(value.metric)
    text = format_figure(value.value, metric.unit)
    return f"{text} / {format_figure(value.target, metric.unit)}" if value.target is not None else text


def what_happens(plan: ImportPlan, outcome: RowOutcome) -> str:
    """One row's effect in words: "new: 32 / 40", "changed: 35 → 38 / 40", "left out: no phase …"."""
    word = _(ACTIONS[outcome.action])
    if outcome.action == "error":
        return f"{word}: {outcome.problem}"
    if outcome.action == "changed":
        return f"{word}: {figures(plan, outcome, outcome.old)} → {figures(plan, outcome, outcome.new)}"
    return f"{word}: {figures(plan, outcome, outcome.new)}"


def summary(plan: ImportPlan, adds_lane: bool) -> str:
    """What the import does in a few lines, counted."""
    counts = {action: sum(1 for o in plan.outcomes if o.action == action) for action in ACTIONS}
    lines = [", ".join([
        ngettext("{count} new value", "{count} new values", counts["new"]).format(count=counts["new"]),
        ngettext("{count} changed", "{count} changed", counts["changed"]).format(count=counts["changed"]),
        ngettext("{count} unchanged", "{count} unchanged", counts["unchanged"]).format(count=counts["unchanged"]),
        ngettext("{count} row left out", "{count} rows left out", counts["error"]).format(count=counts["error"]),
    ])]
    if plan.new_metrics:
        better = {"higher": _("higher is better"), "lower": _("lower is better")}
        lines.append(_("New metrics: {names} (Map → Metrics… changes them)").format(
            names=", ".join(f"{metric.name} ({better[metric.direction]})" for metric in plan.new_metrics)))
    if adds_lane:
        lines.append(_("The map has no KPI lane: one is added to show the values."))
    return "\n".join(lines)


class KpiImportDialog(QDialog):
    """The preview: one table row per file row, and the import button only when something changes."""

    def __init__(self, plan: ImportPlan, adds_lane: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Import KPIs"))
        self.plan = plan
        layout = QVBoxLayout(self)
        self.summary = QLabel(summary(plan, adds_lane))
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)  # metric names come from the file
        layout.addWidget(self.summary)
        self.table = QTableWidget(len(plan.outcomes), len(COLUMNS))
        self.table.setHorizontalHeaderLabels([_(name) for name in COLUMNS])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        for row, outcome in enumerate(plan.outcomes):
            cells = (str(outcome.row), outcome.phase, outcome.metric, outcome.persona, what_happens(plan, outcome))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if outcome.action in TINTS:
                    item.setBackground(QColor(TINTS[outcome.action]))
                self.table.setItem(row, column, item)
        header = self.table.horizontalHeader()
        for column in range(len(COLUMNS) - 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        self.table.resizeRowsToContents()
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = buttons.addButton(
            ngettext("Import {count} Value", "Import {count} Values", len(plan.changes)).format(
                count=len(plan.changes)), QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setEnabled(bool(plan.changes))
        self.import_button.setDefault(bool(plan.changes))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(820, 460)


def import_change(journey_map: JourneyMap, plan: ImportPlan) -> changes.Change:
    """The one change the import makes: the new KPI table, and a KPI lane first when the map has none."""
    set_kpis = changes.SetFields(target="map", values={"kpis": plan.table})
    if any(lane.kind == "kpis" for lane in journey_map.lanes):
        return set_kpis
    lane = Lane(id=slug_id("kpis", {lane.id for lane in journey_map.lanes}), name=_("KPIs"), kind="kpis")
    add_lane = changes.InsertItem(target="lane", index=len(journey_map.lanes), item=lane)
    return changes.Batch(changes=[add_lane, set_kpis])


def import_kpis(window: MainWindow, path: str | None = None) -> bool:
    """Ask for a file (unless given), show what importing it does, and import it on the user's word."""
    if path is None:
        path, _filter = QFileDialog.getOpenFileName(
            window, _("Import KPIs"), "", _("KPI tables (*.csv *.txt *.xlsx);;All files (*)"))
        if not path:
            return False
    journey_map = window.document.journey_map
    try:
        plan = plan_import(journey_map, read_rows(path))
    except KpiFileError as error:
        message_box(window, "critical", _("Import KPIs"),
                    _("Could not read {path}: {reason}").format(path=path, reason=error))
        return False
    adds_lane = not any(lane.kind == "kpis" for lane in journey_map.lanes)
    dialog = KpiImportDialog(plan, adds_lane, window)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted or not plan.changes:
            return False
    finally:
        dialog.deleteLater()
    return window.scene.controller.make(import_change(journey_map, plan), StepName(lambda: _("Import KPIs")))
