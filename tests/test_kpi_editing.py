"""KPIs in the editor: Map → Import KPIs… (preview = what is applied, one undo step), the Inspector's
KPI table and the metrics dialog, each edit one undoable step."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QDialog

from app.insight.kpi_import import csv_rows, plan_import
from app.model import Kpis
from app.ui.kpi_import_dialog import KpiImportDialog, import_kpis
from app.ui.kpi_panel import MetricsDialog, edit_map_metrics
from app.ui.main_window import MainWindow
from tests.conftest import open_window

CSV = """phase,metric,value,target,persona,date
Awareness,NPS,32,40,,2026-09-30
Consideration,NPS,35,40,,
Purchase,Conversion %,2.5,3,Lena,
Onboarding,NPS,1,1,,
Purchase,NPS,abc,3,,
"""


@pytest.fixture
def window(qtbot, sample_path) -> MainWindow:
    return open_window(qtbot, sample_path)


@pytest.fixture
def csv_file(tmp_path):
    path = tmp_path / "kpis.csv"
    path.write_text(CSV, "utf-8")
    return path


def preview(dialog: KpiImportDialog) -> list[list[str]]:
    table = dialog.table
    return [[table.item(row, column).text() for column in range(table.columnCount())]
            for row in range(table.rowCount())]


def test_the_preview_lists_every_row_with_what_happens(window, csv_file):
    plan = plan_import(window.journey_map, csv_rows(CSV))
    dialog = KpiImportDialog(plan, adds_lane=True, parent=window)
    rows = preview(dialog)
    assert [row[0] for row in rows] == ["2", "3", "4", "5", "6"]
    assert rows[0][4] == "new: 32 / 40"
    assert rows[2][2:4] == ["Conversion", "Lena"]
    assert rows[3][4].startswith("left out: no phase “Onboarding”")
    assert rows[4][4] == "left out: value: “abc” is not a number"
    assert "3 new values, 0 changed, 0 unchanged, 2 rows left out" in dialog.summary.text()
    assert "New metrics: NPS (higher is better), Conversion (higher is better)" in dialog.summary.text()
    assert "no KPI lane" in dialog.summary.text()
    assert dialog.import_button.text() == "Import 3 Values" and dialog.import_button.isEnabled()
    dialog.deleteLater()


def test_importing_applies_the_preview_in_one_step_adds_a_kpi_lane_and_undo_takes_it_all_back(window, csv_file,
                                                                                           dialogs):
    journey_map = window.journey_map
    lanes_before = [lane.id for lane in journey_map.lanes]
    depth = window.document.undo_stack.count()
    dialogs.answers.append(QDialog.DialogCode.Accepted)
    assert import_kpis(window, str(csv_file))
    QApplication.processEvents()
    assert window.document.undo_stack.count() == depth + 1
    assert window.document.undo_stack.undoText() == "Import KPIs"
    plan = plan_import(window.journey_map, csv_rows(CSV))  # importing again changes nothing
    assert [o.action for o in plan.outcomes] == ["unchanged", "unchanged", "unchanged", "error", "error"]
    assert [(v.metric, v.phase, v.persona, v.value) for v in journey_map.kpis.values] == [
        ("nps", "awareness", None, 32), ("nps", "consideration", None, 35),
        ("conversion", "purchase", "beginner", 2.5)]
    kpi_lanes = [lane for lane in journey_map.lanes if lane.kind == "kpis"]
    assert len(kpi_lanes) == 1 and kpi_lanes[0].id not in lanes_before
    assert ("awareness", kpi_lanes[0].id) in window.scene.layout.kpi_badges
    window.document.undo_stack.undo()
    QApplication.processEvents()
    assert journey_map.kpis is None and [lane.id for lane in journey_map.lanes] == lanes_before
    assert window.scene.kpi_badges.items == {}


def test_a_cancelled_import_changes_nothing(window, csv_file, dialogs):
    dialogs.answers.append(QDialog.DialogCode.Rejected)
    assert not import_kpis(window, str(csv_file))
    assert window.journey_map.kpis is None and window.document.undo_stack.count() == 0


def test_a_file_that_cannot_be_read_says_why_and_changes_nothing(window, tmp_path, dialogs):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    dialogs.expect("critical")
    assert not import_kpis(window, str(path))
    assert "holds no rows" in dialogs.messages[-1][1]
    assert window.journey_map.kpis is None


def test_the_import_action_asks_for_a_file_in_the_map_menu(window, csv_file, dialogs):
    action = window.action_registry.action("import_kpis")
    assert action in window.menuBar().actions()[3].menu().actions()
    dialogs.file_names.append(str(csv_file))
    dialogs.answers.append(QDialog.DialogCode.Accepted)
    action.trigger()
    assert window.journey_map.kpis is not None and len(window.journey_map.kpis.values) == 3


def kpi_map(window: MainWindow) -> str:
    """The fitness map with a KPI lane and NPS values; returns the KPI lane's id."""
    from app.operations import changes
    from app.ui.commands import push_change

    lane = {"id": "kpis", "name": "KPIs", "kind": "kpis"}
    table = Kpis.model_validate({"metrics": [{"id": "nps", "name": "NPS"}],
                                 "values": [{"metric": "nps", "phase": "awareness", "value": 32, "target": 40}]})
    assert push_change(window.document, changes.Batch(changes=[
        changes.InsertItem(target="lane", index=len(window.journey_map.lanes), item=lane),
        changes.SetFields(target="map", values={"kpis": table})]), "setup")
    QApplication.processEvents()
    return "kpis"


def test_the_inspector_shows_the_phases_kpis_and_an_edit_is_one_step(window):
    lane = kpi_map(window)
    inspector = window.inspector
    inspector.show_selection(None, ("awareness", lane))
    panel = inspector.kpi_panel
    assert panel.isVisibleTo(inspector)
    table = panel.table
    assert [table.item(0, column).text() for column in range(4)] == ["NPS", "32", "40", ""]
    assert table.item(0, 0).toolTip() == "For all personas"
    assert table.height() >= table.horizontalHeader().height() + table.rowHeight(0)  # every row shows
    depth = window.document.undo_stack.count()
    table.item(0, 1).setText("38,5")
    assert window.journey_map.kpis.values[0].value == 38.5
    assert window.document.undo_stack.count() == depth + 1
    assert ("NPS 38.5 / 40 ▼", "missed") in [(" ".join(b.lines), b.status)
                                             for b in window.scene.layout.kpi_badges[("awareness", lane)]]
    panel.table.item(0, 2).setText("nonsense")  # refused: the value that stayed shows again
    assert window.journey_map.kpis.values[0].target == 40 and panel.table.item(0, 2).text() == "40"
    panel.table.item(0, 1).setText("12")
    inspector.show_selection(None, ("consideration", lane))  # a phase without a value gets one
    panel.table.item(0, 1).setText("20")
    assert [(v.phase, v.value) for v in window.journey_map.kpis.values] == [("awareness", 12), ("consideration", 20)]
    window.document.undo_stack.undo()
    assert [(v.phase, v.value) for v in window.journey_map.kpis.values] == [("awareness", 12)]
    inspector.show_selection(None, ("awareness", "touchpoints"))
    assert not panel.isVisibleTo(inspector)


def test_the_metrics_dialog_adds_renames_and_removes_in_one_step_with_the_values_of_removed_ones(window, dialogs,
                                                                                                   monkeypatch):
    kpi_map(window)
    seen = {}

    def answer(dialog: MetricsDialog):
        assert [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())] == ["NPS"]
        dialog._append("Churn", "%", "lower", new=True)
        dialog.table.item(1, 0).setText("Churn")
        dialog.table.setCurrentCell(0, 0)
        dialog.remove_current()
        seen["table"] = dialog.result_table()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(MetricsDialog, "exec", answer)
    depth = window.document.undo_stack.count()
    assert edit_map_metrics(window)
    kpis = window.journey_map.kpis
    assert [(m.id, m.name, m.unit, m.direction) for m in kpis.metrics] == [("churn", "Churn", "%", "lower")]
    assert kpis.values == [] and kpis == seen["table"]
    assert window.document.undo_stack.count() == depth + 1
    window.document.undo_stack.undo()
    assert [m.name for m in window.journey_map.kpis.metrics] == ["NPS"] and len(window.journey_map.kpis.values) == 1
