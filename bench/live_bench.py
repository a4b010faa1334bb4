"""Issue 21's figures: live sessions on loopback, against the issue's three targets.

- Latency: two editor windows in this process, one sharing the fitness-watch sample, the other joined;
  the host adds a card, then types its text, in turns (100 edits; --quick: 10), each timed from the
  call that makes the edit to the moment the guest's canvas shows it (the card's item, its new text),
  spinning Qt's loop in between. Every hop of the app is in it: the host's write into the shared
  document, its pipe thread, the server's thread, the guest's pipe, its read 15 ms after a burst's
  first update and the canvas update.
- Convergence: a server in a thread, a room seeded with the sample, one editor window joined; then ten
  headless clients (one asyncio loop on a thread of its own, each a pycrdt document synced by the
  transport's ``connect``) add 100 cards each at once, each card a change of the change layer made on
  the client's copy of the map and written by ``Replica.local`` as an editor writes it. Timed from the
  start of the adding until every client's document holds all the cards and the editor's map equals
  theirs (checked byte for byte afterwards). --quick: three clients, ten cards each.
- Join: the benchmark's largest map opened from its file in a new window (``MainWindow(path=…)``), to
  the first paint of its canvas, against a new window joining a room that holds the same map (shared
  by another window beforehand, untimed), to the first paint; in turns, the ratio the median of pairs.
  Then a few of the latency edits in that room, for information: how an edit's cost grows with the map.

The server, the pipes and the clients share this process (and its interpreter lock) with the windows:
on one machine with other work running, the figures are upper bounds of what two computers see.
"""

from __future__ import annotations

import contextlib
import statistics
import threading
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_maps" / "fitness-watch.json"
#: edits timed one by one, headless clients and the cards each adds; the full run takes the issue's numbers
LIVE_SIZES = {
    "full": {"edits": 100, "clients": 10, "cards_each": 100},
    "quick": {"edits": 10, "clients": 3, "cards_each": 10},
}
#: untimed edits first: the connection, the layout caches and the first reads warm up
WARM_UP_EDITS = 4
#: edits timed in the room of the largest map (each costs seconds there: few, for information)
BIG_MAP_EDITS = 4
#: seconds any one wait of the benchmark may take before it gives up (a session that broke)
WAIT_S = 60.0


def _spin_until(condition: Callable[[], bool], what: str, timeout: float = WAIT_S) -> float:
    """Run Qt's loop until ``condition()`` holds, checking it every millisecond; the time it was seen.

    The loop sleeps between events and timer ticks, so the threads of the server and the pipes get the
    processor; RuntimeError when ``timeout`` seconds pass first.
    """
    from PySide6.QtCore import QEventLoop, Qt, QTimer

    if condition():
        return time.perf_counter()
    loop = QEventLoop()
    seen: list[float] = []

    def check() -> None:
        if not seen and condition():
            seen.append(time.perf_counter())
            loop.quit()

    tick = QTimer()
    tick.setTimerType(Qt.TimerType.PreciseTimer)
    tick.setInterval(1)
    tick.timeout.connect(check)
    deadline = QTimer()
    deadline.setSingleShot(True)
    deadline.timeout.connect(loop.quit)
    tick.start()
    deadline.start(int(timeout * 1000))
    loop.exec()
    tick.stop()
    deadline.stop()
    if not seen:
        raise RuntimeError(f"live bench: {what} did not happen within {timeout:g} s")
    return seen[0]


def _new_window(path: Path | None = None):
    from app.ui.application import create_application
    from app.ui.main_window import MainWindow

    create_application()
    window = MainWindow(path=path)
    window.resize(1600, 1000)
    window.show()
    return window


def _close(window) -> None:
    """Leave the window's session (a host's room closes with it) and close it without asking to save.

    Then wait until the collection of a map the window replaced has run (it comes after the new map's first
    paint, ``app.ui.open_map_memory``), so that it is not timed in the next measure.
    """
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from app.ui import live_dialogs
    from app.ui.open_map_memory import COLLECT_AFTER_MS

    live_dialogs.leave_session(window)
    window.undo_stack.setClean()
    window.close()
    window.deleteLater()
    QApplication.processEvents()
    QTest.qWait(COLLECT_AFTER_MS + 100)


def _item_words(window, card_id: str) -> list[str] | None:
    item = window.scene.card_items.get(card_id)
    return " ".join(item.box.lines).split() if item is not None else None


def _timed_edits(host, guest, edits: int, warm_up: int) -> dict:
    """The host adds a card, then types on in its text, in turns; each edit timed from the call that makes
    it to the guest's canvas showing it (its item, its words), and to the call's return (the host's own cost)."""
    journey_map = host.journey_map
    cells = [(phase.id, lane.id) for lane in journey_map.lanes if lane.kind != "emotions"
             for phase in journey_map.phases]
    controller = host.scene.controller
    times: dict[str, list[float]] = {"add": [], "text": [], "local": []}
    card_id = ""
    for n in range(warm_up + edits):
        if n % 2 == 0:
            text = f"Live card {n}"
            start = time.perf_counter()
            card_id = controller.add_card(*cells[n // 2 % len(cells)], text)
            made = time.perf_counter()
            shown = _spin_until(lambda c=card_id: c in guest.scene.card_items, f"card {card_id} on the guest")
            kind = "add"
        else:
            text = f"Live card {n - 1} typed on"
            start = time.perf_counter()
            controller.edit_card_text(card_id, text)
            made = time.perf_counter()
            shown = _spin_until(
                lambda c=card_id, t=text: _item_words(guest, c) == t.split() and guest.journey_map.card(c).text == t,
                f"the text of {card_id} on the guest")
            kind = "text"
        if n >= warm_up:
            times[kind].append(shown - start)
            times["local"].append(made - start)
    every = sorted(times["add"] + times["text"])
    p90 = statistics.quantiles(every, n=10, method="inclusive")[-1] if len(every) > 1 else every[0]
    return {"edits": len(every), "median_ms": statistics.median(every) * 1000, "p90_ms": p90 * 1000,
            "max_ms": every[-1] * 1000,
            "add_median_ms": statistics.median(times["add"]) * 1000,
            "text_median_ms": statistics.median(times["text"]) * 1000,
            "local_median_ms": statistics.median(times["local"]) * 1000}


def bench_latency(edits: int) -> dict:
    """The sample map shared by one window and joined by another; the host's edits timed one by one."""
    host, guest = _new_window(SAMPLE), _new_window()
    try:
        guest.join_session(host.share_session())
        if guest.current_persona_id != host.current_persona_id:
            guest.set_current_persona(host.current_persona_id)
        cards = len(host.journey_map.cards)
        result = _timed_edits(host, guest, edits, WARM_UP_EDITS)
    finally:
        _close(guest)
        _close(host)
    return {"cards": cards, **result}


async def _seed(link, journey_map) -> None:
    """Put the map into the empty room, as ``journeymap push`` does."""
    from pycrdt import Doc

    from app.live.transport import connect
    from app.live.ydoc import write_map

    doc = Doc()
    async with connect(link, doc):
        write_map(doc, journey_map)


async def _headless_clients(link, clients: int, cards_each: int, started: threading.Event, out: dict) -> None:
    """Connect the clients, then let each add its cards at once and wait until its document holds everyone's."""
    import anyio
    from pycrdt import Doc, Map

    from app.live.replica import Replica
    from app.live.transport import connect
    from app.live.ydoc import read_map
    from app.model import Card
    from app.model.fileformat import map_to_bytes
    from app.operations import changes

    async with contextlib.AsyncExitStack() as stack:
        docs = [Doc() for _ in range(clients)]
        for doc in docs:
            await stack.enter_async_context(connect(link, doc))
        replicas = [Replica(doc) for doc in docs]
        for replica in replicas:
            stack.callback(replica.close)
        maps = [read_map(doc).journey_map for doc in docs]
        first = maps[0]
        persona = first.personas[0].id  # the persona the editor window shows: its canvas draws every card
        cells = [(phase.id, lane.id) for lane in first.lanes if lane.kind != "emotions" for phase in first.phases]
        expected = len(first.cards) + clients * cards_each
        written: list[float] = [0.0] * clients
        arrived: list[float] = [0.0] * clients

        async def client(number: int) -> None:
            journey_map, replica, doc = maps[number], replicas[number], docs[number]
            for k in range(cards_each):
                phase, lane = cells[(number + k) % len(cells)]
                card = Card(id=f"live{number}-{k}", persona=persona, phase=phase, lane=lane,
                            text=f"Card {k + 1} of client {number + 1}")
                change = changes.AddCards(placed=[(len(journey_map.cards), card)])
                replica.local(change, changes.apply(journey_map, change), journey_map)
                await anyio.sleep(0)  # the others' turn, and the connection's
            written[number] = time.perf_counter()
            cards = doc.get("cards", type=Map)
            changed = [anyio.Event()]
            subscription = doc.observe(lambda _event: changed[0].set())
            try:
                while len(cards) < expected:
                    await changed[0].wait()
                    changed[0] = anyio.Event()
            finally:
                doc.unobserve(subscription)
            arrived[number] = time.perf_counter()

        out["start"] = time.perf_counter()
        started.set()
        async with anyio.create_task_group() as tasks:
            for number in range(clients):
                tasks.start_soon(client, number)
        out["written"], out["arrived"] = written, arrived
        read = [read_map(doc).journey_map for doc in docs]
        out["bytes"] = [map_to_bytes(journey_map) for journey_map in read]
        out["cards"] = [len(journey_map.cards) for journey_map in read]


def bench_convergence(clients: int, cards_each: int, folder: Path) -> dict:
    """Headless clients adding cards at once; the time until they and a joined editor hold the same map."""
    import anyio

    from app.live.links import new_token
    from app.live.server import LiveServer
    from app.model import load_map
    from app.model.fileformat import map_to_bytes

    server = LiveServer(host="127.0.0.1", port=0, store_dir=folder / "live-rooms", token=new_token())
    handle = server.start_in_thread()
    window = None
    try:
        link = handle.link("bench")
        seed = load_map(SAMPLE)
        anyio.run(_seed, link, seed)
        window = _new_window()
        window.join_session(link.url())
        expected = len(seed.cards) + clients * cards_each
        started, out, failed = threading.Event(), {}, []

        def run() -> None:
            try:
                anyio.run(_headless_clients, link, clients, cards_each, started, out)
            except BaseException as error:  # told on the main thread
                failed.append(error)
                started.set()

        thread = threading.Thread(target=run, name="live-bench-clients", daemon=True)
        thread.start()
        _spin_until(started.is_set, "the headless clients' connections")
        shown = _spin_until(lambda: len(window.journey_map.cards) >= expected or failed,
                            "every card in the editor window")
        _spin_until(lambda: not thread.is_alive(), "every card in every headless client")
        if failed:
            raise RuntimeError(f"live bench: a headless client failed: {failed[0]!r}") from failed[0]
        room = out["bytes"][0]
        if any(data != room for data in out["bytes"]) or out["cards"][0] != expected:
            raise RuntimeError("live bench: the headless clients did not converge to the same map")
        if map_to_bytes(window.journey_map) != room:  # the window's last read may still be on its way
            shown = _spin_until(lambda: map_to_bytes(window.journey_map) == room,
                                "the editor window's map equal to the clients'", 10.0)
    finally:
        if window is not None:
            _close(window)
        handle.stop()
    start = out["start"]
    return {"clients": clients, "cards_each": cards_each, "cards": expected,
            "written_s": max(out["written"]) - start, "clients_s": max(out["arrived"]) - start,
            "editor_s": shown - start, "converged_s": max(max(out["arrived"]), shown) - start}


def bench_join(path: Path, runs: int) -> dict:
    """The map opened from its file in a new window, against a new window joining a room that holds it."""
    from app.model import load_map

    def first_paint(window) -> None:
        from PySide6.QtWidgets import QApplication

        QApplication.processEvents()  # the map opens fitted to the window's width
        window.canvas.viewport().repaint()

    def open_file() -> float:
        start = time.perf_counter()
        window = _new_window(path)
        first_paint(window)
        elapsed = time.perf_counter() - start
        _close(window)
        return elapsed

    def join() -> float:
        start = time.perf_counter()
        window = _new_window()
        window.join_session(link)
        first_paint(window)
        elapsed = time.perf_counter() - start
        if len(window.journey_map.cards) != cards:
            raise RuntimeError("live bench: the joined window does not show the room's map")
        _close(window)
        return elapsed

    cards = len(load_map(path).cards)
    host = _new_window(path)
    try:
        start = time.perf_counter()
        link = host.share_session()
        share_s = time.perf_counter() - start
        open_file()  # warm-up: the file cache, fonts, the first join's connection
        join()
        pairs = [(open_file(), join()) for _ in range(runs)]
        # The latency rows' edits once more, few, in this map: what a card typed costs as the map grows.
        guest = _new_window()
        try:
            guest.join_session(link)
            edits = _timed_edits(host, guest, BIG_MAP_EDITS, 2)
        finally:
            _close(guest)
    finally:
        _close(host)
    return {"cards": cards, "runs": runs, "share_s": share_s,
            "open_s": statistics.median(a for a, _ in pairs), "join_s": statistics.median(b for _, b in pairs),
            "join_ratio": statistics.median(b / a for a, b in pairs), "edits": edits}


def bench_live(path: Path, runs: int, folder: Path, quick: bool = False) -> dict:
    """All three: ``path`` is the map joined and opened (the benchmark's largest), ``runs`` pairs of a join and an
    open (the ratio swings by a tenth between runs of three pairs)."""
    sizes = LIVE_SIZES["quick" if quick else "full"]
    return {"latency": bench_latency(sizes["edits"]),
            "convergence": bench_convergence(sizes["clients"], sizes["cards_each"], folder),
            "join": bench_join(path, runs)}


def live_rows(live: dict, targets: dict[str, float], verdict: Callable[[float, float], str]) -> list[
        tuple[str, str, str, str]]:
    lat, con, join = live["latency"], live["convergence"], live["join"]
    big = join["edits"]
    t_lat, t_con, t_join = targets["live_latency_ms"], targets["live_converge_s"], targets["live_join_ratio"]
    return [
        (f"Live: an edit on the other editor's canvas (median of {lat['edits']}, loopback)",
         f"{lat['median_ms']:.1f} ms", f"≤ {t_lat:.0f} ms", verdict(lat["median_ms"], t_lat)),
        ("  90th percentile", f"{lat['p90_ms']:.1f} ms", "", ""),
        ("  slowest", f"{lat['max_ms']:.1f} ms", "", ""),
        ("  a card added (median)", f"{lat['add_median_ms']:.1f} ms", "", ""),
        ("  its text typed (median)", f"{lat['text_median_ms']:.1f} ms", "", ""),
        (f"  the host's own edit, call to return ({lat['cards']} cards)", f"{lat['local_median_ms']:.1f} ms",
         "", ""),
        (f"  in the room of the {join['cards']:,}-card map (median of {big['edits']})", f"{big['median_ms']:.0f} ms",
         "(info)", ""),
        ("    the host's own edit there, call to return", f"{big['local_median_ms']:.0f} ms", "(info)", ""),
        (f"Live: {con['clients']} clients add {con['cards_each']} cards each at once, all converged",
         f"{con['converged_s']:.2f} s", f"≤ {t_con:g} s", verdict(con["converged_s"], t_con)),
        ("  the last card written", f"{con['written_s']:.2f} s", "", ""),
        ("  every card in every headless client", f"{con['clients_s']:.2f} s", "", ""),
        (f"  every card in the editor window ({con['cards']:,} cards)", f"{con['editor_s']:.2f} s", "", ""),
        (f"Live: join a room holding the {join['cards']:,}-card map, to first paint",
         f"{join['join_s']:.2f} s", "", ""),
        ("  open the same map from its file, to first paint", f"{join['open_s']:.2f} s", "", ""),
        (f"  ratio join / open (median of {join['runs']} pairs)", f"{join['join_ratio']:.2f}x",
         f"≤ {t_join:g}x", verdict(join["join_ratio"], t_join)),
        ("  sharing it first (untimed above)", f"{join['share_s']:.2f} s", "", ""),
    ]


def main(argv: list[str] | None = None) -> int:
    """``python -m bench.live_bench [--quick]``: only these rows, on the benchmark's largest map."""
    import argparse
    import tempfile

    from bench.__main__ import TARGETS, make_maps, verdict

    parser = argparse.ArgumentParser(prog="python -m bench.live_bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="the small map, 10 edits, 3 clients of 10 cards")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        size = "small" if args.quick else "large"
        paths = make_maps(folder, [size])
        rows = live_rows(bench_live(paths[size], 2 if args.quick else 7, folder, args.quick), TARGETS, verdict)
    width = max(len(row[0]) for row in rows)
    for what, value, target, result in rows:
        print(f"{what.ljust(width)}  {value:>10}  {target:>10}  {result}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
