"""Test set-up: offscreen Qt, settings in a temporary folder, no modal dialog can block."""

from __future__ import annotations

import configparser
import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import Phase, settings

pytest_plugins = ["pytester"]  # tests/test_dialog_guard.py runs this set-up on tests of its own

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_maps"
SAMPLE_FILES = sorted(SAMPLES.glob("*.json"))


#: mutation testing (scripts/mutation.sh) runs these tests on a mutated copy of the project in mutants/
UNDER_MUTATION = ROOT.name == "mutants"

# Time is measured in bench/, never asserted: Hypothesis's 200 ms deadline per example failed tests whose first
# example ran while the other test worker was busy (the suite runs on every core).
# Under mutation a failing example is not shrunk: the mutant is killed by the first failure, and shrinking a
# state machine's failure (test_change_sequences) went on for minutes per mutant, up to mutmut's timeout.
settings.register_profile("suite", deadline=None, phases=(
    (Phase.explicit, Phase.reuse, Phase.generate) if UNDER_MUTATION else tuple(Phase)))
settings.load_profile("suite")


def _mutation_test_files() -> set[str]:
    """The test files mutation counts, from setup.cfg's [mutation] section (why there: setup.cfg)."""
    parser = configparser.ConfigParser()
    parser.read(ROOT / "setup.cfg", encoding="utf-8")
    listed = parser.get("mutation", "test_files", fallback="")
    return {Path(line.strip()).name for line in listed.splitlines() if line.strip()}


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """Under mutation, collect only the listed test files; otherwise let pytest decide."""
    if not UNDER_MUTATION or collection_path.is_dir() or not collection_path.name.startswith("test_"):
        return None
    return collection_path.name not in MUTATION_TEST_FILES or None


MUTATION_TEST_FILES = _mutation_test_files() if UNDER_MUTATION else set()


def _mutmut_test_durations() -> dict[str, float]:
    """Each test's time in mutmut's last clean run (mutants/mutmut-stats.json); empty before the first."""
    try:
        return json.loads((ROOT / "mutmut-stats.json").read_text("utf-8"))["duration_by_test"]
    except (OSError, ValueError, KeyError):
        return {}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Under mutation, leave out the tests that open windows: a crash of a window in a forked worker
    would count as a kill of whatever mutant it ran with (setup.cfg). The rest run fastest first: mutmut
    stops at the first failure but hands the tests over in no order, so a mutant that a 0.05 s test kills
    waited for 30 s workbook tests first."""
    if not UNDER_MUTATION:
        return
    windowless = [item for item in items if "qtbot" not in getattr(item, "fixturenames", ())]
    config.hook.pytest_deselected(items=[item for item in items if item not in windowless])
    durations = _mutmut_test_durations()
    windowless.sort(key=lambda item: durations.get(item.nodeid, float("inf")))
    items[:] = windowless


@pytest.fixture
def sample_path(tmp_path: Path) -> Path:
    """A private copy of the fitness-watch sample, safe to save over."""
    target = tmp_path / "fitness-watch.json"
    shutil.copyfile(SAMPLES / "fitness-watch.json", target)
    return target


@pytest.fixture
def shown_window(qtbot, sample_path: Path):
    """The editor shown at 1400x900 with a private copy of the fitness-watch sample opened, as a user sees it."""
    from PySide6.QtWidgets import QApplication

    from app.ui.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    qtbot.waitExposed(window)
    assert window.open_file(sample_path)  # fitted to the width from its top-left
    window.canvas.setFocus()
    QApplication.processEvents()
    return window


@pytest.fixture(autouse=True)
def _english_unless_a_test_asks(monkeypatch: pytest.MonkeyPatch):
    """Every test starts in English whatever the machine's locale, and a language one test switches to
    does not leak into the next (the UI language is process-wide)."""
    from app import i18n

    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    i18n.set_language(i18n.SOURCE_LANGUAGE)
    yield
    i18n.set_language(i18n.SOURCE_LANGUAGE)


@pytest.fixture(autouse=True)
def _isolated_user_folders(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Every test gets its own settings and data folders, so none sees another's state."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(home / "runtime"))
    (home / "runtime").mkdir(mode=0o700)
    _forget_stored_settings()
    yield home


def _forget_stored_settings() -> None:
    """Qt reads its settings folder once per process, so a new folder alone does not hide what an earlier test
    stored (the export dialog's last format, say): the stored settings are cleared as well."""
    if "PySide6.QtCore" not in sys.modules:
        return
    from PySide6.QtCore import QCoreApplication, QSettings

    if QCoreApplication.instance() is not None:
        QSettings().clear()


def run_on_x_server(display: str, script: str, *args: str, timeout: float = 90) -> tuple[dict, str]:
    """Run a Python script against a real X server (the ``x_server`` fixture's display): it prints one JSON
    line last. Returns that JSON and what the script wrote to stderr (Qt's warnings)."""
    import json
    import sys

    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY")}
    env["DISPLAY"] = display
    result = subprocess.run([sys.executable, "-c", script, *args], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1]), result.stderr


#: the X servers the tests run now: DISPLAY -> (Xvfb's process, the file its messages go to)
_X_SERVERS: dict[str, tuple[subprocess.Popen, Path]] = {}


def x_connection_error(display: str) -> int | None:
    """libxcb's error code for a connection to ``display`` made from this process now (0: it connected), or
    None when libxcb cannot be loaded here."""
    import ctypes
    import ctypes.util

    try:
        xcb = ctypes.CDLL(ctypes.util.find_library("xcb") or "libxcb.so.1")
    except OSError:
        return None
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
    xcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
    xcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
    connection = xcb.xcb_connect(display.encode(), None)
    try:
        return xcb.xcb_connection_has_error(connection)
    finally:
        xcb.xcb_disconnect(connection)


def x_server_report(display: str) -> str:
    """For a failure message: whether the test's X server still runs and takes a client now, and what it said."""
    server, log = _X_SERVERS[display]
    state = "running" if server.poll() is None else f"ended with {server.returncode}"
    said = log.read_text(errors="replace")[-1500:].strip() or "nothing"
    return (f"Xvfb {display}: {state}; a connection from the test process now: libxcb error "
            f"{x_connection_error(display)} (0: none); Xvfb said: {said}")


@contextlib.contextmanager
def xvfb_display(screen: str = "1920x1080x24") -> Iterator[str]:
    """A real X server (Xvfb) of its own; yields its DISPLAY once it takes clients.

    It never resets (``-noreset``): by default an X server resets when its last client leaves, and a client
    that connects meanwhile is dropped (measured here under load: 107 of 300 connections made right after
    another client left failed, none with ``-noreset``). Its messages go to a file that
    :func:`x_server_report` quotes.
    """
    if shutil.which("Xvfb") is None:
        pytest.fail("Xvfb is not installed: scripts/setup.sh installs it (apt-get install xvfb)")
    log = Path(tempfile.mkstemp(prefix="xvfb-", suffix=".log")[1])
    # A display number of its own, from 100 up (Xvfb's -displayfd alone takes :0 whenever it is free).
    for first in range(100 + os.getpid() % 400, 600 + os.getpid() % 400, 7):
        read, write = os.pipe()
        with log.open("w") as messages:
            server = subprocess.Popen(["Xvfb", f":{first}", "-displayfd", str(write), "-nolisten", "tcp", "-noreset",
                                       "-screen", "0", screen], pass_fds=(write,), stdout=subprocess.DEVNULL,
                                      stderr=messages)
        os.close(write)
        with os.fdopen(read) as numbers:
            number = numbers.readline().strip()
        if number:
            break
        server.wait(timeout=10)  # that number was taken: the next
    else:
        log.unlink()
        pytest.fail("Xvfb did not start")
    display = f":{number}"
    _X_SERVERS[display] = (server, log)
    try:
        for _attempt in range(50):  # it said it is ready; a client of this process must get in too
            if x_connection_error(display) in (0, None):
                break
            time.sleep(0.1)
        yield display
    finally:
        server.terminate()
        server.wait(timeout=10)
        del _X_SERVERS[display]
        log.unlink(missing_ok=True)


@pytest.fixture
def x_server():
    """A real X server (Xvfb, 1920x1080) for the tests that offscreen cannot stand in for; yields its DISPLAY."""
    with xvfb_display() as display:
        yield display


class DialogStubs:
    """Records the modal dialogs a test triggered and answers them.

    A test says which dialogs it expects, by queueing an answer (``answers``,
    ``file_names``) or with :meth:`expect`. Any other dialog fails the test
    that raised it (at teardown, with the dialog's text), so a wrong question
    or an error box can never pass silently behind a default answer.
    """

    def __init__(self) -> None:
        self.messages: list[tuple[str, str]] = []
        #: every QMessageBox shown (not the static functions), to check how it shows its text
        self.boxes: list[object] = []
        self.answers: list[object] = []
        self.file_names: list[str] = []
        self.expected: list[tuple[str, str]] = []
        self.unexpected: list[tuple[str, str]] = []
        self.allowed: list[tuple[str, str]] = []
        #: set once the test body is over: windows closed at teardown may ask about unsaved changes
        self.tearing_down = False

    def expect(self, kind: str, text: str = "", times: int = 1) -> None:
        """The next dialog(s) of this kind ("critical", "warning", "information", "question", "box",
        "dialog", "file", "text", "color") whose text contains ``text`` are part of the test."""
        self.expected.extend([(kind, text)] * times)

    def allow(self, kind: str, text: str = "") -> None:
        """Any number of dialogs of this kind with ``text`` in them are part of the test."""
        self.allowed.append((kind, text))

    def shown(self, kind: str, text: str, answered: bool) -> None:
        self.messages.append((kind, text))
        if answered or self.tearing_down:
            return
        for index, (want_kind, want_text) in enumerate(self.expected):
            if want_kind == kind and want_text in text:
                del self.expected[index]
                return
        if any(want_kind == kind and want_text in text for want_kind, want_text in self.allowed):
            return
        self.unexpected.append((kind, text))

    def next_answer(self, default):
        return self.answers.pop(0) if self.answers else default


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_teardown(item: pytest.Item):
    """Before pytest-qt closes the test's windows, dialogs stop counting as part of the test."""
    stubs = getattr(item, "funcargs", {}).get("dialogs")
    if isinstance(stubs, DialogStubs):
        stubs.tearing_down = True
    yield


@pytest.fixture(autouse=True)
def dialogs(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch):
    """Replace every blocking dialog call with a recorder; tests queue answers or :meth:`DialogStubs.expect`."""
    stubs = DialogStubs()
    try:
        from PySide6.QtGui import QColor, QDesktopServices
        from PySide6.QtWidgets import QColorDialog, QDialog, QFileDialog, QInputDialog, QMenu, QMessageBox
    except ImportError:  # the Qt-free tests run without PySide6 importable
        yield stubs
        return

    def answer(kind: str, text: str, default):
        answered = bool(stubs.answers)
        stubs.shown(kind, text, answered)
        return stubs.next_answer(default)

    def message(kind: str, default):
        def show(_parent, title, text, *args, **kwargs):
            return answer(kind, f"{title}: {text}", default)

        return staticmethod(show)

    monkeypatch.setattr(QMessageBox, "critical", message("critical", QMessageBox.StandardButton.Ok))
    monkeypatch.setattr(QMessageBox, "warning", message("warning", QMessageBox.StandardButton.Ok))
    monkeypatch.setattr(QMessageBox, "information", message("information", QMessageBox.StandardButton.Ok))
    monkeypatch.setattr(QMessageBox, "question", message("question", QMessageBox.StandardButton.Yes))

    def exec_box(box):
        text = f"{box.windowTitle()}: {box.text()}" + (f"\n{box.informativeText()}" if box.informativeText() else "")
        stubs.boxes.append(box)
        kind = box.property("message_kind") or "box"  # app.ui.dialogs.message_box names its kind
        default = {"box": QMessageBox.StandardButton.Cancel, "question": QMessageBox.StandardButton.Yes}.get(
            kind, QMessageBox.StandardButton.Ok)
        result = answer(kind, text, default)
        if isinstance(result, QMessageBox.StandardButton):
            return result.value
        return result

    monkeypatch.setattr(QMessageBox, "exec", exec_box)
    def exec_dialog(dialog):
        if isinstance(dialog, QInputDialog):  # a queued string is what the user typed
            typed = answer("text", f"{dialog.windowTitle()}: {dialog.labelText()}", None)
            if typed is None:
                return QDialog.DialogCode.Rejected
            dialog.setTextValue(typed)
            return QDialog.DialogCode.Accepted
        return answer("dialog", dialog.windowTitle(), QDialog.DialogCode.Rejected)

    monkeypatch.setattr(QDialog, "exec", exec_dialog)

    def file_name(*args, **kwargs):
        answered = bool(stubs.file_names)
        stubs.shown("file", str(args[1] if len(args) > 1 else kwargs.get("caption", "")), answered)
        name = stubs.file_names.pop(0) if stubs.file_names else ""
        return name, ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(file_name))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(file_name))

    def get_text(*args, **_kwargs):
        result = answer("text", str(args[1] if len(args) > 1 else ""), None)
        return (result, True) if result is not None else ("", False)

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(get_text))

    def popup_menu(menu, *_args, **_kwargs):
        """A popup menu: a queued "Item" or "Submenu/Item" text is the one clicked (and triggered)."""
        def texts(m, prefix=""):
            for action in m.actions():
                name = prefix + action.text().replace("&", "")
                yield name, action
                if action.menu() is not None:
                    yield from texts(action.menu(), name + "/")

        entries = dict(texts(menu))
        choice = answer("menu", " | ".join(entries), None)
        action = entries.get(choice) if isinstance(choice, str) else None
        if action is not None:
            action.trigger()

    monkeypatch.setattr(QMenu, "popup", popup_menu)
    monkeypatch.setattr(QColorDialog, "getColor", staticmethod(lambda *_a, **_k: answer("color", "", QColor())))
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: stubs.messages.append(("open", url))))
    yield stubs
    if stubs.unexpected:
        shown = "\n".join(f"  {kind}: {text}" for kind, text in stubs.unexpected)
        pytest.fail(f"dialogs the test did not expect (queue an answer or call dialogs.expect):\n{shown}",
                    pytrace=False)


def open_window(qtbot, path: Path):
    """The editor on ``path`` at 1366 × 768, shown (the screenshots' smaller size, and many a laptop's)."""
    from app.ui.main_window import MainWindow

    window = MainWindow(path=str(path))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    return window


def shared_unless_mutation(fixture_name: str, config: pytest.Config) -> str:
    """The scope of a fixture that exports once for a module's tests: "module", but "function" under mutation.

    mutmut links a test to the functions it saw run. A module-scoped export runs in the first test only, so
    only that test ran against the export's mutants and the module's other checks of the same PDF never did.
    """
    return "function" if UNDER_MUTATION else "module"


#: the mutated code's module-level caches (dicts emptied, functools caches cleared) as each mutant's test run starts
_MUTATION_CACHES = {
    "app.export.script_text": ("_shapers",),  # the PDF's text shapers, each with its shaped lines
    "app.export.font_fallback": ("_registered", "_chains"),  # not _cmaps: read before shaping adds private glyphs
}
_MUTATION_CACHED_FUNCTIONS = {"app.export.fonts": ("register_fonts",), "app.operations": ("_field_adapter",)}


@pytest.fixture(autouse=True, scope="session")
def _module_caches_empty_under_mutation():
    """Under mutation each mutant's test run (one pytest session) starts with the mutated code's module-level
    caches empty.

    mutmut forks each mutant's test run from a process that ran the tests unmutated: what that process had
    cached (the text shapers with their shaped lines, the registered fallback fonts) was served to the
    mutant's tests, so the mutated code never ran and its mutants "survived" (all 46 of
    ``script_text._complex``, for one). Once a session is enough, and comes before any module's fixture:
    what the mutant's tests cache after that, the mutated code computed. Emptying them before every test
    rebuilt the shapers for each one: an export mutant killed by its 40th test took 12.1 s so, 6.2 s now.
    Outside mutation the caches stay, as in the app.
    """
    if UNDER_MUTATION:
        for module_name, names in _MUTATION_CACHES.items():
            module = sys.modules.get(module_name)
            for name in names if module is not None else ():
                getattr(module, name).clear()
        for module_name, names in _MUTATION_CACHED_FUNCTIONS.items():
            module = sys.modules.get(module_name)
            for name in names if module is not None else ():
                getattr(module, name).cache_clear()
    yield


def _delete_leftovers_and_collect() -> None:
    """Qt's pending deletions first, then the scenes, documents and windows made without a parent are deleted,
    then the garbage is collected; only the objects the collector tracks outside its frozen generation are
    looked at."""
    import gc

    try:
        from PySide6.QtCore import QCoreApplication, QEvent
        from PySide6.QtWidgets import QGraphicsScene, QWidget
        from shiboken6 import Shiboken
    except ImportError:  # the Qt-free tests run without PySide6 importable
        gc.collect()
        return
    if QCoreApplication.instance() is not None:
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        from app.ui.document import MapDocument

        for obj in gc.get_objects():
            try:
                if not isinstance(obj, (QGraphicsScene, MapDocument, QWidget)) or not Shiboken.isValid(obj):
                    continue
            except ReferenceError:  # a weak proxy whose object is gone (the live sessions' libraries make them)
                continue
            if Shiboken.ownedByPython(obj) and obj.parent() is None and (
                    not isinstance(obj, QWidget) or obj.isWindow()):
                Shiboken.delete(obj)
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()


@pytest.fixture(autouse=True)
def _each_tests_garbage_collected_at_its_end():
    """Each test's leftovers go at its own end (``_delete_leftovers_and_collect``), then what is still alive is
    frozen, so the next test's end looks only at the objects made since.

    The editor keeps the open map out of the garbage collector and collects when another map is opened
    (app/ui/open_map_memory.py). A scene or document a test made on its own, with no parent, belongs to
    Python: left to the collector, Qt destroyed it from inside a collection, where PySide crashed now and
    then (a segmentation fault in a later test). Deleted here, outside the collector, its destruction is
    ordinary, and what the collector then frees is only Python wrappers.

    Why frozen: a test process's heap grows with every module it runs (fonts, shaped text, Hypothesis'
    data, mutmut's runner under mutation). Scanning and collecting all of it after every test took four
    fifths of the whole suite's time (1,301 of 1,559 s, measured 2 December 2026; 0.19 s a test late in a run
    against 0.06 s alone), and most of a mutation run's. What an earlier test left that becomes garbage
    later is swept at its module's end (``_each_modules_garbage_swept_at_its_end``).
    """
    yield
    import gc

    _delete_leftovers_and_collect()
    gc.freeze()


@pytest.fixture(autouse=True, scope="module")
def _each_modules_garbage_swept_at_its_end():
    """At each module's end the whole heap is looked at once more: what its tests and module fixtures left
    frozen and have since let go is deleted and collected, so no garbage outlives its module. Not under
    mutation, where mutmut's runner's heap would be scanned for every mutant's module."""
    yield
    if not UNDER_MUTATION:
        import gc

        gc.unfreeze()
        _delete_leftovers_and_collect()


@pytest.fixture
def shipped_fonts():
    """DejaVu Sans and DejaVu Sans Bold alone (no system fallback font), shaped afresh; the fallbacks back after:
    what a bare system prints, whatever fonts this machine has."""
    from app.export import font_fallback, script_text
    from app.export.fonts import register_fonts

    register_fonts()
    font_fallback.use_fonts([])
    script_text.reset()
    yield
    font_fallback.use_fonts(None)
    script_text.reset()
