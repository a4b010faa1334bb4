"""Screenshots of issue 17's views, called by scripts/screenshots.py: KPIs, their import, the persona
comparison and the opportunity matrix, on the fitness-watch sample as a consultant would use them."""

from __future__ import annotations

import random
import shutil
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KPI_FILE = ROOT / "sample_maps" / "fitness-watch-kpis.csv"


def insight_shots(window_class, show: Callable, shot: Callable, home: Path, prefix: str = "") -> None:
    """Map → Import KPIs… (the preview), the KPI lane with the Inspector's KPIs, Compare Personas and the
    Opportunity matrix; each on a window of its own, hidden afterwards."""
    from PySide6.QtWidgets import QApplication

    from app.insight.kpi_import import plan_import, read_rows
    from app.ui.kpi_import_dialog import KpiImportDialog, import_change

    source = ROOT / "sample_maps" / "fitness-watch.json"
    copy = home / f"{prefix}insight-{source.name}"
    shutil.copy(source, copy)
    window = window_class()
    show(window)
    assert window.open_file(str(copy))
    journey_map = window.journey_map
    plan = plan_import(journey_map, read_rows(KPI_FILE))
    dialog = KpiImportDialog(plan, adds_lane=True, parent=window)
    dialog.show()
    shot(f"{prefix}kpi-import")
    dialog.close()
    window.scene.controller.make(import_change(journey_map, plan), "Import KPIs")
    lane = next(lane.id for lane in journey_map.lanes if lane.kind == "kpis")
    window.scene.set_current_cell(("purchase", lane))
    window.inspector.show_selection(None, ("purchase", lane))
    cell = window.scene.cell_rect(("purchase", lane))
    window.canvas.centerOn(cell.center())
    QApplication.processEvents()
    window.inspector.widget().ensureWidgetVisible(window.inspector.kpi_panel)  # the dock scrolls to its KPIs
    shot(f"{prefix}kpis")
    _rate_opportunities(window)
    try:
        from app.ui.persona_compare import toggle_persona_comparison

        toggle_persona_comparison(window)
        shot(f"{prefix}persona-comparison")
        toggle_persona_comparison(window)
    except ImportError:
        pass
    try:
        from app.ui.opportunity_matrix import toggle_opportunity_matrix

        toggle_opportunity_matrix(window)
        shot(f"{prefix}opportunity-matrix")
        toggle_opportunity_matrix(window)
    except ImportError:
        pass
    window.hide()


def _rate_opportunities(window) -> None:
    """Value, effort and a few votes on the sample's opportunities, as a workshop would have given them."""
    from app.insight.priorities import opportunity_cards
    from app.operations import changes

    rng = random.Random(17)
    parts = [changes.SetFields(target="card", item_id=card.id, values={
        "value": rng.randint(1, 5), "effort": rng.randint(1, 5), "votes": rng.randint(0, 6)})
        for card in opportunity_cards(window.journey_map)[:-2]]
    window.scene.controller.make(changes.Batch(changes=parts), "Rate opportunities")
