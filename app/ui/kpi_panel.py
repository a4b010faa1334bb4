"""The Inspector's KPIs: the values of the phase in focus, edited in place, and the map's metrics in a dialog.

Shown when a cell of a KPI lane is chosen. Each edit replaces the map's KPI table in one
undoable step, like every other edit; a figure is read as people write it (40,5 or 40.5).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.i18n import N_, _
from app.insight.kpi_import import parse_date, parse_number
from app.insight.kpis import format_figure
from app.model import JourneyMap, Kpis, KpiValue, Metric
from app.model.ids import slug_id
from app.ui.commands import StepName

if TYPE_CHECKING:
    from app.ui.controller import EditController

#: the value table's columns
VALUE_COLUMNS = (N_("Metric"), N_("Actual"), N_("Target"), N_("Date"))
VALUE, TARGET, DATE = 1, 2, 3
#: the metric table's columns
METRIC_COLUMNS = (N_("Name"), N_("Unit"), N_("Better when"))
DIRECTIONS = {"higher": N_("higher"), "lower": N_("lower")}


def with_value(kpis: Kpis, new: KpiValue) -> Kpis:
    """The table with ``new`` in its place (metric, phase, persona), replacing the value there or added."""
    values = list(kpis.values)
    key = (new.metric, new.phase, new.persona)
    at = next((i for i, v in enumerate(values) if (v.metric, v.phase, v.persona) == key), None)
    if at is None:
        values.append(new)
    elif new.value is None and new.target is None and new.date is None:
        del values[at]  # an emptied row is no value
    else:
        values[at] = new
    return Kpis(metrics=kpis.metrics, values=values)


class KpiPanel(QGroupBox):
    """Value, target and date of every metric in one phase (for all personas, and any persona's own)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("KPIs in this phase"), parent)
        self.setObjectName("kpi-panel")
        self.journey_map: JourneyMap | None = None
        self.controller: EditController | None = None
        self.phase_id: str | None = None
        self.rows: list[tuple[Metric, str | None]] = []
        layout = QVBoxLayout(self)
        self.empty = QLabel()
        self.empty.setWordWrap(True)
        layout.addWidget(self.empty)
        self.table = QTableWidget(0, len(VALUE_COLUMNS))
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)  # the metric's name wraps in a narrow dock
        for column in (VALUE, TARGET, DATE):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setWordWrap(True)
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.itemChanged.connect(self._edited)
        layout.addWidget(self.table)
        buttons = QHBoxLayout()
        self.metrics_button = QPushButton()
        self.metrics_button.clicked.connect(self._edit_metrics)
        self.import_button = QPushButton()
        self.import_button.clicked.connect(self._import)
        buttons.addWidget(self.metrics_button)
        buttons.addWidget(self.import_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(_("KPIs in this phase"))
        self.table.setHorizontalHeaderLabels([_(name) for name in VALUE_COLUMNS])
        self.metrics_button.setText(_("Metrics…"))
        self.import_button.setText(_("Import…"))
        self.empty.setText(_("No metrics yet: define them with Metrics… or import a KPI table (CSV or workbook)."))

    def show_phase(self, journey_map: JourneyMap, phase_id: str, controller: EditController | None) -> None:
        """Fill the table from the map: a row per metric for all personas, then each persona's own values."""
        self.journey_map, self.phase_id, self.controller = journey_map, phase_id, controller
        kpis = journey_map.kpis or Kpis()
        names = {p.id: p.name for p in journey_map.personas}
        here = {(v.metric, v.persona): v for v in kpis.values if v.phase == phase_id}
        self.rows = []
        for metric in kpis.metrics:
            self.rows.append((metric, None))
            self.rows += [(metric, persona) for (metric_id, persona) in here if metric_id == metric.id and persona]
        with QSignalBlocker(self.table):
            self.table.setRowCount(len(self.rows))
            for row, (metric, persona) in enumerate(self.rows):
                value = here.get((metric.id, persona))
                name = metric.name + (f" ({metric.unit})" if metric.unit else "")
                texts = (f"{name} · {names.get(persona, persona)}" if persona else name,
                         format_figure(value.value) if value and value.value is not None else "",
                         format_figure(value.target) if value and value.target is not None else "",
                         value.date.isoformat() if value and value.date else "")
                for column, text in enumerate(texts):
                    item = QTableWidgetItem(text)
                    if column < VALUE:
                        item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                        item.setToolTip(_("For {persona}").format(persona=names.get(persona, persona)) if persona
                                        else _("For all personas"))
                    self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()
        # as tall as its rows (a dock scrolls as a whole; a table scrolling inside it hid all but one row)
        header = self.table.horizontalHeader().height()
        rows = sum(self.table.rowHeight(row) for row in range(self.table.rowCount()))
        self.table.setFixedHeight(header + rows + 2 * self.table.frameWidth() + 2)
        self.empty.setVisible(not self.rows)
        self.table.setVisible(bool(self.rows))

    def _edited(self, item: QTableWidgetItem) -> None:
        """A figure or date typed: the phase's value of that metric replaced, one undo step."""
        if self.journey_map is None or self.controller is None or item.column() < VALUE:
            return
        metric, persona = self.rows[item.row()]
        cells = [self.table.item(item.row(), column).text().strip() for column in (VALUE, TARGET, DATE)]
        try:
            value, target = parse_number(cells[0] or None), parse_number(cells[1] or None)
            date = parse_date(cells[2] or None)
        except ValueError:
            self.show_phase(self.journey_map, self.phase_id, self.controller)  # the value that stayed
            return
        new = KpiValue(metric=metric.id, phase=self.phase_id, persona=persona, value=value, target=target, date=date)
        table = with_value(self.journey_map.kpis or Kpis(), new)
        if not self.controller.set_fields("map", self.journey_map.id, {"kpis": table},
                                          StepName(lambda: _("Edit KPI"))):
            self.show_phase(self.journey_map, self.phase_id, self.controller)

    def _edit_metrics(self) -> None:
        if self.journey_map is not None and self.controller is not None:
            edit_metrics(self, self.journey_map, self.controller)

    def _import(self) -> None:
        from app.ui.kpi_import_dialog import import_kpis

        import_kpis(self.window())


class MetricsDialog(QDialog):
    """The map's metrics: name, unit and which way is better; added, renamed and removed in one step."""

    def __init__(self, kpis: Kpis, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Metrics"))
        self.kpis = kpis
        self.ids: list[str | None] = [metric.id for metric in kpis.metrics]
        layout = QVBoxLayout(self)
        note = QLabel(_("What the map measures per phase, e.g. NPS, CSAT (%), conversion rate (%), churn (%), "
                        "customer lifetime value (€). Removing a metric removes its values."))
        note.setWordWrap(True)
        layout.addWidget(note)
        self.table = QTableWidget(0, len(METRIC_COLUMNS))
        self.table.setHorizontalHeaderLabels([_(name) for name in METRIC_COLUMNS])
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for metric in kpis.metrics:
            self._append(metric.name, metric.unit, metric.direction)
        layout.addWidget(self.table, 1)
        row_buttons = QHBoxLayout()
        add = QPushButton(_("Add Metric"))
        add.clicked.connect(lambda: self._append("", "", "higher", new=True))
        remove = QPushButton(_("Remove Metric"))
        remove.clicked.connect(self.remove_current)
        row_buttons.addWidget(add)
        row_buttons.addWidget(remove)
        row_buttons.addStretch(1)
        layout.addLayout(row_buttons)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(560, 360)

    def _append(self, name: str, unit: str, direction: str, new: bool = False) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, 0, QTableWidgetItem(name))
        self.table.setItem(row, 1, QTableWidgetItem(unit))
        combo = QComboBox()
        for key, word in DIRECTIONS.items():
            combo.addItem(_(word), key)
        combo.setCurrentIndex(combo.findData(direction))
        self.table.setCellWidget(row, 2, combo)
        if new:
            self.ids.append(None)
            self.table.setCurrentCell(row, 0)
            self.table.editItem(self.table.item(row, 0))

    def remove_current(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)
            del self.ids[row]

    def result_table(self) -> Kpis | None:
        """The KPI table with the metrics as edited (unnamed rows left out) and the values of removed ones gone."""
        metrics: list[Metric] = []
        taken = {metric_id for metric_id in self.ids if metric_id}
        for row, metric_id in enumerate(self.ids):
            name = self.table.item(row, 0).text().strip()
            if not name:
                continue
            unit = self.table.item(row, 1).text().strip()
            direction = self.table.cellWidget(row, 2).currentData()
            if metric_id is None:
                metric_id = slug_id(name, taken, fallback="metric")
                taken.add(metric_id)
            metrics.append(Metric(id=metric_id, name=name, unit=unit, direction=direction))
        kept = {metric.id for metric in metrics}
        values = [value for value in self.kpis.values if value.metric in kept]
        return Kpis(metrics=metrics, values=values) if metrics or values else None


def edit_metrics(parent: QWidget, journey_map: JourneyMap, controller: EditController) -> bool:
    """Show the metrics dialog and apply what it says as one step."""
    dialog = MetricsDialog(journey_map.kpis or Kpis(), parent)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        table = dialog.result_table()
    finally:
        dialog.deleteLater()
    if table == journey_map.kpis:
        return False
    return controller.set_fields("map", journey_map.id, {"kpis": table}, StepName(lambda: _("Edit metrics")))


def edit_map_metrics(window) -> bool:
    """Map → Metrics…: the open map's metrics in the dialog."""
    return edit_metrics(window, window.journey_map, window.scene.controller)
