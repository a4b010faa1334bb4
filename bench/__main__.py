"""``python -m bench``: how fast the editor is on maps of growing size, against baselines.

Every figure is the median of several runs; the table is printed and the
figures are written as JSON (``--json``, default ``bench-results.json``).
``--quick`` runs the smallest size only (the test suite uses it to keep the
benchmark working). Timings are measured, never asserted.

Issue 20's growth ratios (``growth`` in the JSON), each from paired runs:
cards pasted into the largest map as the editor copies them (its cards MIME
type) and undone, 5,000 against 50, from the call to the repaint; ``journeymap
validate`` of a map whose second half of cards reuses the first half's ids,
40,000 cards against 10,000; a map whose first card is one word of random
letters opened in the editor, 10 MB against 1 MB (one pair: the 10 MB word
takes tens of seconds); and one persona's poster of the largest map on one
sheet of its size against the same poster tiled on A4, time and file size.
Issue 15's: the semantic diff and the three-way merge of the largest map
(``bench/merge_bench.py``).
Issue 21's: live sessions on loopback (``bench/live_bench.py``): an edit on the
other editor's canvas (median of 100), ten headless clients adding 100 cards
each at once until every editor holds the same map, and joining a room that
holds the largest map against opening it from its file.
``--quick`` takes a tenth of each (5/500 cards pasted, 500/2,000 validated,
10 KB/100 KB words; 10 live edits, 3 clients of 10 cards) and the small map.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
SIZES = {"small": (100, 2, 5, 7), "medium": (1000, 5, 8, 9), "large": (10000, 20, 12, 10)}
TARGETS = {
    "startup_s": 0.6, "startup_ratio": 3.0, "load_ratio": 3.0, "load_large_s": 0.2, "edit_ms": 16.0,
    "edit_ratio": 1.5, "repaint_ms": 33.0, "pdf_ratio": 1.5, "pdf_all_s": 5.0, "xlsx_s": 2.0, "rss_mb": 400.0,
    # issue 20: nothing grows faster than what it handles
    "paste_ratio": 100.0, "validate_ratio": 5.0, "word_ratio": 12.0, "tile_ratio": 1.5,
    # issue 15: diff and merge of two large maps against json.loads of the same files
    "merge_ratio": 3.0,
    # issue 21: live sessions on loopback
    "live_latency_ms": 100.0, "live_converge_s": 5.0, "live_join_ratio": 2.0,
}
#: (few, many) of each issue-20 case: cards pasted, cards validated (half the ids used twice), characters
#: of one word opened in the editor. The full run takes the issue's sizes; --quick a tenth or less.
GROWTH = {
    "full": {"paste": (50, 5000), "validate": (10_000, 40_000), "word": (1_000_000, 10_000_000)},
    "quick": {"paste": (5, 500), "validate": (500, 2000), "word": (10_000, 100_000)},
}


def median_time(action: Callable[[], object], runs: int, setup: Callable[[], object] | None = None) -> float:
    """Median seconds of ``action`` over ``runs`` runs (``setup`` untimed before each)."""
    times = []
    for _ in range(runs):
        if setup is not None:
            setup()
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def make_maps(folder: Path, sizes: list[str]) -> dict[str, Path]:
    from app.model import save_map
    from bench.maps import big_map

    paths = {}
    for name in sizes:
        cards, personas, phases, lanes = SIZES[name]
        path = folder / f"{name}.json"
        save_map(big_map(cards, personas, phases, lanes, seed=11), path)
        paths[name] = path
    return paths


def bench_startup(runs: int) -> dict:
    sample = ROOT / "sample_maps" / "fitness-watch.json"

    # Settings and user data (recent files, window geometry, the recovery folder) in a folder of
    # their own, for both: the probe must neither find a crash to offer back nor change the user's.
    home = tempfile.mkdtemp(prefix="journeymap-startup-")
    env = {**os.environ, "XDG_CONFIG_HOME": os.path.join(home, "config"), "XDG_DATA_HOME": os.path.join(home, "data")}

    def launch(*args: str) -> float:
        start = time.perf_counter()
        process = subprocess.Popen([sys.executable, "-m", "bench.startup_probe", *args], cwd=ROOT, env=env,
                                   stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = process.stdout.readline()
        elapsed = time.perf_counter() - start
        process.wait(timeout=60)
        if line.strip() != "painted":
            raise RuntimeError(f"start-up probe failed: {args}")
        return elapsed

    # An installed app starts from compiled bytecode (pip compiles wheels on install); a checkout run
    # with PYTHONDONTWRITEBYTECODE=1 would otherwise compile every module of the app on every start.
    compileall.compile_dir(str(ROOT / "app"), quiet=1)
    launch("bare")  # warm the file cache for both
    launch("app", str(sample))
    # Interleaved, so a busy spell on a shared machine slows both alike.
    apps, bares = [], []
    for _ in range(runs):
        apps.append(launch("app", str(sample)))
        bares.append(launch("bare"))
    shutil.rmtree(home, ignore_errors=True)
    app, bare = statistics.median(apps), statistics.median(bares)
    return {"startup_s": app, "bare_qt_s": bare, "startup_ratio": app / bare}


def bench_load_save(paths: dict[str, Path], runs: int) -> dict:
    from app.model import load_map, save_map

    results = {}
    for name, path in paths.items():
        raw = path.read_bytes()
        # Each load is paired with a json.loads right after it, so a busy spell slows both alike;
        # the ratio is the median of the pairs' ratios.
        loads, plains = [], []
        for _ in range(runs):
            loads.append(median_time(lambda p=path: load_map(p), 1))
            plains.append(median_time(lambda r=raw: json.loads(r), 1))
        load, plain = statistics.median(loads), statistics.median(plains)
        ratio = statistics.median(a / b for a, b in zip(loads, plains, strict=True))
        journey_map = load_map(path)
        out = path.with_name(f"{name}-saved.json")
        save = median_time(lambda m=journey_map, o=out: save_map(m, o), runs)
        results[name] = {"load_s": load, "json_loads_s": plain, "load_ratio": ratio, "save_s": save,
                         "cards": len(journey_map.cards), "bytes": len(raw)}
    return results


def _window(path: Path):
    from app.ui.application import create_application
    from app.ui.main_window import MainWindow

    create_application()
    window = MainWindow()
    window.resize(1600, 1000)
    window.show()
    return window


EDITS = ("add_card", "edit_text", "move_card", "undo", "drag_emotion")
#: the zooms edits are timed at: 100 % shows the same area of either map (the large/small ratio
#: is taken there); fit width is how a map opens, so the large map shows 12 phases at about a third
VIEWS = {"100 %": 1.0, "fit width": None}


def bench_canvas(paths: dict[str, Path], runs: int) -> dict:
    """Open each map in its own window, then time the same edits on all of them, interleaved.

    Each large-map edit is paired with the same edit on the small map right before it, so a busy
    spell on a shared machine slows both alike; the large/small ratio is the median of the pairs.
    """
    from PySide6.QtWidgets import QApplication

    sessions = {name: _CanvasSession(paths[name], runs) for name in ("small", "large") if name in paths}
    results = {name: session.figures for name, session in sessions.items()}
    ratios: dict[str, dict[str, float]] = {}
    for view, zoom in VIEWS.items():
        for name in sessions:
            results[name]["edits_ms"][view] = {}
        ratios[view] = {}
        for edit in EDITS:
            samples: dict[str, list[float]] = {name: [] for name in sessions}
            for session in sessions.values():
                session.prepare_edit(edit, zoom)
            for _ in range(3 * runs):  # edits are quick: more runs, steadier medians
                for name, session in sessions.items():
                    samples[name].append(session.timed(edit))
            for name in sessions:
                results[name]["edits_ms"][view][edit] = statistics.median(samples[name]) * 1000
            if len(sessions) == 2:
                ratios[view][edit] = statistics.median(
                    large / small for small, large in zip(samples["small"], samples["large"], strict=True)
                )
    for session in sessions.values():
        session.repaints()
        session.close()
    QApplication.processEvents()
    if len(sessions) == 2:
        results["edit_ratios"] = ratios
    return results


class _CanvasSession:
    """One map open in a window, with the edits a facilitator makes, each from the same state."""

    def __init__(self, path: Path, runs: int) -> None:
        from PySide6.QtCore import QPointF, Qt
        from PySide6.QtTest import QTest
        from PySide6.QtWidgets import QApplication

        self.runs = runs
        window = self.window = _window(path)
        QApplication.processEvents()
        viewport = window.canvas.viewport()

        def open_and_paint():
            window.open_file(path)
            QApplication.processEvents()  # the map opens fitted to the window's width
            viewport.repaint()

        opened = median_time(open_and_paint, max(1, runs // 2))
        QApplication.processEvents()
        scene = self.scene = window.scene
        cards = [c for c in window.journey_map.cards if c.persona == window.current_persona_id]
        self.phases = [p.id for p in window.journey_map.phases]
        first = self.first = cards[0]
        self.fit_zoom = window.canvas.zoom
        self.figures = {"open_s": opened, "persona_cards": len(cards), "fit_width_zoom": self.fit_zoom,
                        "edits_ms": {}}
        stack = window.undo_stack
        canvas = window.canvas
        ctrl = Qt.KeyboardModifier.ControlModifier
        cell = (first.phase, first.lane)
        moves = iter(range(10**6))

        # Each edit is what a facilitator does, as Qt events: the timed part starts at the event
        # that makes the change (Enter, Ctrl+arrow, Ctrl+Z, the mouse release of a drag).
        self.after_add = -1

        def type_new_card():
            if stack.index() == self.after_add:
                stack.undo()  # the card the last run added
            scene.clearSelection()
            scene.set_current_cell(cell)
            QTest.keyClicks(canvas, "Benchmark card")  # the first key opens the editor in the cell

        def retype_text():
            scene.select_cards([first.id])
            QTest.keyClick(canvas, Qt.Key.Key_F2)  # the editor opens with the cursor at the end
            ending = "B" if first.text.endswith("A") else "A"
            if first.text.startswith("Benchmark text"):
                QTest.keyClick(canvas, Qt.Key.Key_Backspace)
                QTest.keyClicks(canvas, ending)
            else:
                for _ in first.text:
                    QTest.keyClick(canvas, Qt.Key.Key_Backspace)
                QTest.keyClicks(canvas, f"Benchmark text {ending}")

        def select_first():
            scene.select_cards([first.id])

        def move():
            QTest.keyClick(canvas, Qt.Key.Key_Right if next(moves) % 2 == 0 else Qt.Key.Key_Left, ctrl)

        def add_directly():
            scene.add_card(first.phase, first.lane, "Benchmark card")

        def undo():
            QTest.keyClick(canvas, Qt.Key.Key_Z, ctrl)

        def grab_face():
            face = scene.point_items[self.phases[0]]
            score = 1 if face.mark.score != 1 else 0
            layout = scene.layout
            self.drag_to = canvas.mapFromScene(QPointF(face.pos().x(), layout.zero_y - score * layout.score_step))
            start = canvas.mapFromScene(face.pos())
            QTest.mousePress(canvas.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
            QTest.mouseMove(canvas.viewport(), self.drag_to)

        def release_face():
            QTest.mouseRelease(canvas.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                               self.drag_to)

        def press_enter():
            QTest.keyClick(canvas, Qt.Key.Key_Return)

        def add_card():
            press_enter()
            self.after_add = stack.index()

        # (timed event, untimed steps that lead up to it from the same state each run)
        self.edits = {
            "add_card": (add_card, type_new_card),
            "edit_text": (press_enter, retype_text),
            "move_card": (move, select_first),
            "undo": (undo, add_directly),
            "drag_emotion": (release_face, grab_face),
        }

    def prepare_edit(self, edit: str, zoom: float | None) -> None:
        """Zoom (None: fit width), show the part of the map the edit touches, and warm up twice."""
        from PySide6.QtWidgets import QApplication

        canvas, scene = self.window.canvas, self.scene
        canvas.set_zoom(self.fit_zoom if zoom is None else zoom)
        if edit == "drag_emotion":
            canvas.centerOn(scene.point_items[self.phases[0]])
        elif edit in ("add_card", "undo"):
            # The new card lands below the cell's last card: that spot is in the middle of the
            # view on either map, so the rows that move below it fill the same part of the view.
            last = scene.layout.cell_cards[(self.first.phase, self.first.lane)][-1]
            canvas.centerOn(scene.card_items[last])
        else:
            canvas.centerOn(scene.card_items[self.first.id])
        QApplication.processEvents()
        for _ in range(2):  # glyph and pixmap caches, as after a minute of work
            self.timed(edit)

    def timed(self, edit: str) -> float:
        """Seconds from the event that makes the edit to the end of the repaint Qt does of what it dirtied."""
        from PySide6.QtWidgets import QApplication

        action, setup = self.edits[edit]
        # Keys go to the active window: the two maps' windows take turns.
        self.window.activateWindow()
        self.window.canvas.setFocus()
        QApplication.processEvents()
        setup()
        QApplication.processEvents()
        start = time.perf_counter()
        action()
        QApplication.processEvents()
        return time.perf_counter() - start

    def repaints(self) -> None:
        viewport = self.window.canvas.viewport()
        self.window.canvas.set_zoom(1.0)
        self.figures["repaint_100_ms"] = median_time(viewport.repaint, self.runs) * 1000
        self.window.canvas.fit_map()
        from PySide6.QtWidgets import QApplication

        QApplication.processEvents()
        self.figures["repaint_fit_ms"] = median_time(viewport.repaint, self.runs) * 1000

    def close(self) -> None:
        self.window.undo_stack.setClean()
        self.window.close()


def bench_exports(paths: dict[str, Path], runs: int, folder: Path) -> dict:
    from reportlab.pdfgen.canvas import Canvas

    from app.export.excel import export_excel
    from app.export.fonts import BOLD, REGULAR, ReportlabMetrics
    from app.export.pdf import PdfOptions, export_pdf
    from app.layout import Style, TextWrapper, persona_layout
    from app.model import load_map

    name = "large" if "large" in paths else "small"
    journey_map = load_map(paths[name])
    first = journey_map.personas[0].id
    metrics = ReportlabMetrics()
    style = Style()
    layouts = [persona_layout(journey_map, p.id, TextWrapper(metrics), style) for p in journey_map.personas]
    # A poster paper on which the tallest persona prints at full size (custom sizes are allowed).
    width_mm = max(lay.width for lay in layouts) / 72 * 25.4 + 60
    height_mm = max(lay.height for lay in layouts) / 72 * 25.4 + 120
    paper = f"{min(width_mm, 5000):.0f}x{min(height_mm, 5000):.0f}mm"
    # a custom paper turns like a named one (landscape unless told): keep it as measured
    upright = height_mm > width_mm
    options_one = PdfOptions(paper=paper, personas=[first], landscape=not upright)
    options_all = PdfOptions(paper=paper, landscape=not upright)

    def bare(persona_layouts) -> None:
        """The same boxes and lines of text, drawn plainly with reportlab: the floor to compare with."""
        c = Canvas(str(folder / "bare.pdf"), pagesize=(width_mm / 25.4 * 72, height_mm / 25.4 * 72))
        for layout in persona_layouts:
            for rect in layout.cells.values():
                c.rect(rect.x, rect.y, rect.w, rect.h, stroke=1, fill=1)
            for header in layout.phase_headers + layout.lane_headers:
                c.rect(header.rect.x, header.rect.y, header.rect.w, header.rect.h, stroke=1, fill=1)
                c.setFont(BOLD, style.header_size)
                for i, line in enumerate(header.lines + header.sub_lines):
                    c.drawString(header.rect.x + 8, header.rect.y + 8 + 12 * i, line)
            for box in layout.cards.values():
                r = box.rect
                c.roundRect(r.x, r.y, r.w, r.h, 4, stroke=1, fill=1)
                c.setFont(REGULAR, style.text_size)
                for i, line in enumerate(box.lines + box.caption_lines):
                    c.drawString(r.x + 8, r.y + 8 + 12.5 * i, line)
            c.showPage()
        c.save()

    def paired(ours: Callable[[], object], baseline: Callable[[], object], count: int) -> tuple[float, float, float]:
        """Medians of ours and of the baseline, run in turns, and the median of the pairs' ratios."""
        times = [(median_time(ours, 1), median_time(baseline, 1)) for _ in range(count)]
        return (statistics.median(a for a, _ in times), statistics.median(b for _, b in times),
                statistics.median(a / b for a, b in times))

    pdf_one, bare_one, one_ratio = paired(
        lambda: export_pdf(journey_map, folder / "one.pdf", options_one), lambda: bare(layouts[:1]), runs)
    pdf_all, bare_all, all_ratio = paired(
        lambda: export_pdf(journey_map, folder / "all.pdf", options_all), lambda: bare(layouts), max(3, runs // 2))
    # What a user exports (issue 19), with the insight pages: the poster as the exporter's refusal tells them to
    # print it (no paper up to A0 prints the 10,000-card map's text at 6 pt, so it is tiled on A4 at 9 pt,
    # about 1,100 sheets), and the A4 handout.
    poster = median_time(lambda: export_pdf(journey_map, folder / "poster.pdf", PdfOptions.with_insight(tile="A4")),
                         max(1, runs // 2))
    handout = median_time(lambda: export_pdf(journey_map, folder / "handout.pdf",
                                             PdfOptions.with_insight(handout=True)), max(1, runs // 2))
    xlsx = median_time(lambda: export_excel(journey_map, folder / "map.xlsx"), max(1, runs // 2))
    return {"size": name, "pdf_one_s": pdf_one, "pdf_bare_one_s": bare_one, "pdf_one_ratio": one_ratio,
            "pdf_all_s": pdf_all, "pdf_bare_all_s": bare_all, "pdf_all_ratio": all_ratio, "xlsx_s": xlsx,
            "poster_s": poster, "handout_s": handout}


def _timed_pairs(few: Callable[[], float], many: Callable[[], float], count: int) -> dict:
    """Seconds of ``few`` and ``many`` run in turns (each returns its own timed seconds), and the median ratio."""
    pairs = [(few(), many()) for _ in range(count)]
    return {"few_s": statistics.median(a for a, _ in pairs), "many_s": statistics.median(b for _, b in pairs),
            "ratio": statistics.median(b / a for a, b in pairs)}


def bench_paste(path: Path, sizes: tuple[int, int], runs: int) -> dict:
    """Cards pasted into a cell of a map open in the editor (as Ctrl+V does), and the paste undone.

    The cards come as the editor copies them (its cards MIME type, from ``copy_selected``); each paste and
    each undo is timed as the edit rows are: from the call to the end of the repaint Qt does of what it
    dirtied. Few and many are pasted in turns, each from the same state: the map as opened, nothing to
    redo (the stack is cleared untimed). What a paste costs when it also drops an undone paste of many
    (freeing those cards) is timed apart, as ``paste_few_after_many_ms``.
    """
    from PySide6.QtCore import QMimeData
    from PySide6.QtWidgets import QApplication

    from app.ui.controller import CARDS_MIME
    from bench.maps import big_map

    window = _window(path)
    window.open_file(path)
    QApplication.processEvents()
    scene, stack = window.scene, window.undo_stack
    first = next(c for c in window.journey_map.cards if c.persona == window.current_persona_id)

    def clipboard(count: int) -> QMimeData:
        cards = [card.model_dump(mode="json") for card in big_map(count, 1, 12, 10, seed=5).cards]
        mime = QMimeData()
        mime.setData(CARDS_MIME, json.dumps({"cards": cards}, ensure_ascii=False).encode("utf-8"))
        return mime

    mimes = {count: clipboard(count) for count in sizes}
    times: dict[int, list[tuple[float, float]]] = {count: [] for count in sizes}

    def paste_and_undo(count: int, keep_redo: bool = False) -> float:
        scene.clearSelection()
        scene.set_current_cell((first.phase, first.lane))
        QApplication.processEvents()
        before = len(window.journey_map.cards)
        start = time.perf_counter()
        pasted = scene.controller.paste(mimes[count])
        QApplication.processEvents()
        paste = time.perf_counter() - start
        if pasted != count:
            raise RuntimeError(f"pasted {pasted} cards of {count}")
        start = time.perf_counter()
        stack.undo()
        QApplication.processEvents()
        undo = time.perf_counter() - start
        if len(window.journey_map.cards) != before:
            raise RuntimeError("the paste was not undone")
        if not keep_redo:
            stack.clear()
            QApplication.processEvents()
        times[count].append((paste, undo))
        return paste

    few, many = sizes
    for count in sizes:  # warm-up: layout caches, glyphs
        paste_and_undo(count)
        times[count].clear()
    _timed_pairs(lambda: paste_and_undo(few), lambda: paste_and_undo(many), max(2, runs // 2))
    after_many = []
    for _ in range(max(2, runs // 2)):
        paste_and_undo(many, keep_redo=True)
        after_many.append(paste_and_undo(few))
        times[many].pop()
        times[few].pop()
    stack.setClean()
    window.close()
    QApplication.processEvents()
    result = {"cards": len(window.journey_map.cards), "few": few, "many": many}
    for count, name in ((few, "few"), (many, "many")):
        result[f"paste_{name}_ms"] = statistics.median(p for p, _ in times[count]) * 1000
        result[f"undo_{name}_ms"] = statistics.median(u for _, u in times[count]) * 1000
    result["paste_few_after_many_ms"] = statistics.median(after_many) * 1000
    result["paste_ratio"] = statistics.median(b[0] / a[0] for a, b in zip(times[few], times[many], strict=True))
    result["undo_ratio"] = statistics.median(b[1] / a[1] for a, b in zip(times[few], times[many], strict=True))
    return result


def bench_validate(folder: Path, sizes: tuple[int, int], runs: int) -> dict:
    """``journeymap validate`` of maps whose second half of cards reuses the first half's ids."""
    import contextlib
    import io

    from app.cli import main as cli_main
    from app.model import save_map
    from bench.maps import big_map, with_duplicate_ids

    paths = {}
    for count in sizes:
        path = folder / f"duplicates-{count}.json"
        save_map(big_map(count, 20, 12, 10, seed=11), path)
        path.write_text(json.dumps(with_duplicate_ids(json.loads(path.read_text("utf-8")))), "utf-8")
        paths[count] = path

    def validate(count: int) -> float:
        out = io.StringIO()
        start = time.perf_counter()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
            code = cli_main(["validate", str(paths[count])])
        elapsed = time.perf_counter() - start
        if code != 1 or "more than once" not in out.getvalue():
            raise RuntimeError(f"validate did not report the duplicate ids: {out.getvalue()[:300]}")
        return elapsed

    few, many = sizes
    validate(few)
    result = _timed_pairs(lambda: validate(few), lambda: validate(many), max(3, runs // 2))
    return {"few": few, "many": many, **result}


def bench_long_word(folder: Path, sizes: tuple[int, int], runs: int) -> dict:
    """A map whose first card is one long word, opened in the editor: from open to the first paint."""
    from PySide6.QtWidgets import QApplication

    from app.model import load_map, save_map
    from bench.maps import long_word

    sample = ROOT / "sample_maps" / "fitness-watch.json"
    paths = {}
    for length in sizes:
        journey_map = load_map(sample)
        journey_map.cards[0].text = long_word(length)
        paths[length] = folder / f"word-{length}.json"
        save_map(journey_map, paths[length])
    window = _window(sample)
    viewport = window.canvas.viewport()

    def open_and_paint(length: int) -> float:
        window.open_file(sample)  # away from the word, so the next open lays it out afresh
        QApplication.processEvents()
        start = time.perf_counter()
        window.open_file(paths[length])
        QApplication.processEvents()
        viewport.repaint()
        return time.perf_counter() - start

    few, many = sizes
    open_and_paint(few)
    # The 10 MB word takes tens of seconds to open: one pair unless many runs are asked for.
    result = _timed_pairs(lambda: open_and_paint(few), lambda: open_and_paint(many), max(1, runs // 5))
    window.undo_stack.setClean()
    window.close()
    QApplication.processEvents()
    return {"few": few, "many": many, **result}


def bench_tiling(path: Path, runs: int, folder: Path) -> dict:
    """One persona's poster on one custom sheet, and the same poster tiled on A4 sheets: time and size."""
    from app.export.fonts import ReportlabMetrics
    from app.export.pdf import PdfOptions, export_pdf
    from app.layout import Style, TextWrapper, persona_layout
    from app.model import load_map

    journey_map = load_map(path)
    first = journey_map.personas[0].id
    layout = persona_layout(journey_map, first, TextWrapper(ReportlabMetrics()), Style())
    # A sheet on which the persona's grid prints at full size (10 pt card text), as in bench_exports.
    paper = f"{layout.width / 72 * 25.4 + 60:.0f}x{layout.height / 72 * 25.4 + 120:.0f}mm"
    wide = layout.width + 60 / 25.4 * 72 >= layout.height + 120 / 25.4 * 72  # a custom paper turns with landscape
    whole, tiled = folder / "poster-whole.pdf", folder / "poster-tiled.pdf"
    sheets = []

    def untiled() -> float:
        start = time.perf_counter()
        export_pdf(journey_map, whole, PdfOptions(paper=paper, personas=[first], landscape=wide))
        return time.perf_counter() - start

    def on_sheets() -> float:
        start = time.perf_counter()
        sheets.append(export_pdf(journey_map, tiled, PdfOptions(paper=paper, personas=[first], tile="A4",
                                                               landscape=wide)).pages)
        return time.perf_counter() - start

    untiled()
    result = _timed_pairs(untiled, on_sheets, max(3, runs // 2))
    size_whole, size_tiled = whole.stat().st_size, tiled.stat().st_size
    return {"paper": paper, "cards": len(layout.cards), "sheets": sheets[-1], "untiled_s": result["few_s"],
            "tiled_s": result["many_s"], "time_ratio": result["ratio"], "untiled_bytes": size_whole,
            "tiled_bytes": size_tiled, "size_ratio": size_tiled / size_whole}


def bench_memory(path: Path) -> dict:
    script = (
        "import os, resource, sys\n"
        "os.environ.setdefault('QT_QPA_PLATFORM', 'offscreen')\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from app.ui.application import create_application\n"
        "from app.ui.main_window import MainWindow\n"
        "app = create_application(); w = MainWindow(); w.resize(1600, 1000); w.show()\n"
        "w.open_file(sys.argv[1]); QApplication.processEvents(); w.canvas.viewport().repaint()\n"
        "for persona in [p.id for p in w.journey_map.personas][:5]:\n"
        "    w.set_current_persona(persona); w.canvas.viewport().repaint()\n"
        # The peak of this process's own memory: VmHWM starts anew with the program (execve), whereas Linux
        # carries ru_maxrss over from the forking parent, which had just exported the 10,000-card map.
        "status = '/proc/self/status'\n"
        "hwm = [l for l in open(status) if l.startswith('VmHWM:')] if os.path.exists(status) else []\n"
        "print(int(hwm[0].split()[1]) / 1024 if hwm else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)\n"
    )
    result = subprocess.run([sys.executable, "-c", script, str(path)], cwd=ROOT, capture_output=True, text=True,
                            timeout=300, check=True)
    return {"peak_rss_mb": float(result.stdout.strip().splitlines()[-1])}


def verdict(value: float, target: float) -> str:
    return "ok" if value <= target else "MISSED"


def _megabytes(characters: int) -> str:
    return f"{characters / 1e6:g} MB" if characters >= 1e6 else f"{characters / 1e3:g} KB"


def growth_rows(g: dict) -> list[tuple[str, str, str, str]]:
    """Issue 20's ratios: how the cost grows with what is pasted, validated, opened and tiled."""
    t = TARGETS
    rows = []
    p = g["paste"]
    rows.append((f"Paste {p['few']:,} cards into a {p['cards']:,}-card map, event to repaint",
                 f"{p['paste_few_ms']:.1f} ms", f"< {t['edit_ms']} ms", verdict(p["paste_few_ms"], t["edit_ms"])))
    rows.append(("  undo it", f"{p['undo_few_ms']:.1f} ms", f"< {t['edit_ms']} ms",
                 verdict(p["undo_few_ms"], t["edit_ms"])))
    if "paste_few_after_many_ms" in p:
        rows.append((f"  the same, dropping an undone paste of {p['many']:,} (frees its cards)",
                     f"{p['paste_few_after_many_ms']:.1f} ms", "", ""))
    rows.append((f"  paste {p['many']:,} cards", f"{p['paste_many_ms']:.0f} ms", "", ""))
    rows.append(("  undo it", f"{p['undo_many_ms']:.0f} ms", "", ""))
    times = f"{p['many'] // p['few']}x the cards"
    rows.append((f"  paste: {p['many']:,} / {p['few']:,} cards ({times})", f"{p['paste_ratio']:.1f}x",
                 f"≤ {t['paste_ratio']:.0f}x", verdict(p["paste_ratio"], t["paste_ratio"])))
    rows.append((f"  undo: {p['many']:,} / {p['few']:,} cards", f"{p['undo_ratio']:.1f}x",
                 f"≤ {t['paste_ratio']:.0f}x", verdict(p["undo_ratio"], t["paste_ratio"])))
    v = g["validate"]
    rows.append((f"Validate {v['few']:,} cards, half the ids used twice", f"{v['few_s']:.3f} s", "", ""))
    rows.append((f"  validate {v['many']:,} cards", f"{v['many_s']:.3f} s", "", ""))
    rows.append((f"  ratio {v['many']:,} / {v['few']:,} cards", f"{v['ratio']:.2f}x", f"≤ {t['validate_ratio']}x",
                 verdict(v["ratio"], t["validate_ratio"])))
    w = g["word"]
    rows.append((f"Open a map with a {_megabytes(w['few'])} word in the editor, to first paint",
                 f"{w['few_s']:.2f} s", "", ""))
    rows.append((f"  with a {_megabytes(w['many'])} word", f"{w['many_s']:.2f} s", "", ""))
    rows.append((f"  ratio {_megabytes(w['many'])} / {_megabytes(w['few'])}", f"{w['ratio']:.2f}x",
                 f"≤ {t['word_ratio']}x", verdict(w["ratio"], t["word_ratio"])))
    s = g["tiling"]
    rows.append((f"PDF of one persona ({s['cards']:,} cards) on {s['paper']}", f"{s['untiled_s']:.3f} s", "", ""))
    rows.append((f"  the same poster tiled on {s['sheets']} A4 sheets", f"{s['tiled_s']:.3f} s", "", ""))
    rows.append(("  time, tiled / untiled (median of pairs)", f"{s['time_ratio']:.2f}x", f"≤ {t['tile_ratio']}x",
                 verdict(s["time_ratio"], t["tile_ratio"])))
    rows.append((f"  size, tiled / untiled ({s['tiled_bytes'] / 1024:.0f} / {s['untiled_bytes'] / 1024:.0f} KB)",
                 f"{s['size_ratio']:.2f}x", f"≤ {t['tile_ratio']}x", verdict(s["size_ratio"], t["tile_ratio"])))
    return rows


def report(results: dict) -> list[tuple[str, str, str, str]]:
    rows = []
    t = TARGETS
    if "startup" in results:
        s = results["startup"]
        rows.append(("Start-up to first paint (sample map)", f"{s['startup_s']:.3f} s",
                     f"≤ {t['startup_s']} s", verdict(s["startup_s"], t["startup_s"])))
        rows.append(("  bare QApplication + QMainWindow", f"{s['bare_qt_s']:.3f} s", "", ""))
        rows.append(("  ratio to bare Qt", f"{s['startup_ratio']:.2f}x", f"≤ {t['startup_ratio']}x",
                     verdict(s["startup_ratio"], t["startup_ratio"])))
    for name, r in results["load_save"].items():
        rows.append((f"Load {name} ({r['cards']} cards)", f"{r['load_s'] * 1000:.1f} ms", "", ""))
        rows.append((f"  json.loads {name}", f"{r['json_loads_s'] * 1000:.1f} ms", "", ""))
        rows.append(("  ratio to json.loads", f"{r['load_ratio']:.2f}x", f"≤ {t['load_ratio']}x",
                     verdict(r["load_ratio"], t["load_ratio"])))
        if name == "large":
            rows.append(("  load of the 10,000-card map", f"{r['load_s']:.3f} s", f"< {t['load_large_s']} s",
                         verdict(r["load_s"], t["load_large_s"])))
        rows.append((f"Save {name}", f"{r['save_s'] * 1000:.1f} ms", "", ""))
    canvas = {k: v for k, v in results.get("canvas", {}).items() if k != "edit_ratios"}
    for name, r in canvas.items():
        rows.append((f"Open {name} in the canvas (persona of {r['persona_cards']} cards painted)",
                     f"{r['open_s']:.3f} s", "", ""))
        for view, edits in r["edits_ms"].items():
            if view != "100 %":
                view = f"{view}, {r['fit_width_zoom']:.0%}"
            for edit, ms in edits.items():
                target = f"< {t['edit_ms']} ms" if name == "large" else ""
                rows.append((f"  edit {edit} ({name}, {view}), event to repaint", f"{ms:.2f} ms", target,
                             verdict(ms, t["edit_ms"]) if name == "large" else ""))
        target = f"< {t['repaint_ms']} ms" if name == "large" else ""
        for zoom in ("100", "fit"):
            ms = r[f"repaint_{zoom}_ms"]
            rows.append((f"  repaint whole view at {zoom} ({name})", f"{ms:.2f} ms", target,
                         verdict(ms, t["repaint_ms"]) if name == "large" else ""))
    for view, ratios in results.get("canvas", {}).get("edit_ratios", {}).items():
        # Only at the same zoom does the large map's view show as much of the map as the small one's.
        judged = view == "100 %"
        for edit, ratio in ratios.items():
            rows.append((f"  edit {edit}: large / small at {view} (median of pairs)", f"{ratio:.2f}x",
                         f"≤ {t['edit_ratio']}x" if judged else "(info)",
                         verdict(ratio, t["edit_ratio"]) if judged else ""))
    e = results["exports"]
    rows.append((f"PDF one persona ({e['size']})", f"{e['pdf_one_s']:.3f} s", "", ""))
    rows.append(("  bare reportlab, same boxes and text", f"{e['pdf_bare_one_s']:.3f} s", "", ""))
    rows.append(("  ratio", f"{e['pdf_one_ratio']:.2f}x", f"≤ {t['pdf_ratio']}x",
                 verdict(e["pdf_one_ratio"], t["pdf_ratio"])))
    rows.append((f"PDF whole map ({e['size']})", f"{e['pdf_all_s']:.3f} s", f"< {t['pdf_all_s']} s",
                 verdict(e["pdf_all_s"], t["pdf_all_s"])))
    rows.append(("  bare reportlab, whole map", f"{e['pdf_bare_all_s']:.3f} s", "", ""))
    rows.append(("  ratio", f"{e['pdf_all_ratio']:.2f}x", f"≤ {t['pdf_ratio']}x",
                 verdict(e["pdf_all_ratio"], t["pdf_ratio"])))
    rows.append((f"PDF poster tiled on A4, insight pages ({e['size']})", f"{e['poster_s']:.3f} s",
                 f"< {t['pdf_all_s']} s", verdict(e["poster_s"], t["pdf_all_s"])))
    rows.append((f"PDF handout, A4, insight pages ({e['size']})", f"{e['handout_s']:.3f} s",
                 f"< {t['pdf_all_s']} s", verdict(e["handout_s"], t["pdf_all_s"])))
    rows.append((f"Excel export ({e['size']})", f"{e['xlsx_s']:.3f} s", f"< {t['xlsx_s']} s",
                 verdict(e["xlsx_s"], t["xlsx_s"])))
    if "growth" in results:
        rows += growth_rows(results["growth"])
    if "merge" in results:
        from bench.merge_bench import merge_rows

        rows += merge_rows(results["merge"], t["merge_ratio"], verdict)
    if "health" in results:
        from bench.health_bench import health_rows

        rows += health_rows(results["health"])
    if "live" in results:
        from bench.live_bench import live_rows

        rows += live_rows(results["live"], t, verdict)
    if "memory" in results:
        mb = results["memory"]["peak_rss_mb"]
        rows.append(("Peak RSS, largest map open in the editor", f"{mb:.0f} MB", f"< {t['rss_mb']:.0f} MB",
                     verdict(mb, t["rss_mb"])))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smallest size only, few runs (for the tests)")
    parser.add_argument("--runs", type=int, default=7, help="runs per figure (median); default 7")
    parser.add_argument("--json", default="bench-results.json", help="where to write the figures")
    args = parser.parse_args(argv)
    runs = 2 if args.quick else args.runs
    sizes = ["small"] if args.quick else list(SIZES)
    results: dict = {"runs": runs, "python": sys.version.split()[0], "cpus": os.cpu_count()}
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        paths = make_maps(folder, sizes)
        if not args.quick:
            results["startup"] = bench_startup(runs)
        results["load_save"] = bench_load_save(paths, runs)
        results["canvas"] = bench_canvas(paths, runs)
        results["exports"] = bench_exports(paths, runs, folder)
        growth = GROWTH["quick" if args.quick else "full"]
        biggest = paths["large" if "large" in paths else "small"]
        results["growth"] = {
            "paste": bench_paste(biggest, growth["paste"], runs),
            "validate": bench_validate(folder, growth["validate"], runs),
            "word": bench_long_word(folder, growth["word"], runs),
            "tiling": bench_tiling(biggest, runs, folder),
        }
        from bench.merge_bench import bench_merge

        results["merge"] = bench_merge(biggest, runs, folder)
        from bench.health_bench import bench_health

        results["health"] = bench_health(biggest, runs)
        from bench.live_bench import bench_live

        results["live"] = bench_live(biggest, runs, folder, args.quick)
        if not args.quick:
            results["memory"] = bench_memory(paths["large"])
    rows = report(results)
    results["table"] = [list(row) for row in rows]
    width = max(len(row[0]) for row in rows)
    print(f"{'measure'.ljust(width)}  {'value':>10}  {'target':>10}  verdict")
    for what, value, target, result in rows:
        print(f"{what.ljust(width)}  {value:>10}  {target:>10}  {result}")
    Path(args.json).write_text(json.dumps(results, indent=2) + "\n", "utf-8")
    print(f"\nfigures written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
