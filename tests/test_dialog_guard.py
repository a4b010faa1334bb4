"""The shared test set-up: a dialog that a test did not expect fails that test instead of passing silently."""

from __future__ import annotations

from tests.conftest import ROOT

GUARDED = '''
from PySide6.QtWidgets import QMessageBox


def test_unexpected(qapp):
    QMessageBox.warning(None, "Oops", "a wrong dialog")


def test_expected(qapp, dialogs):
    dialogs.expect("warning", "Oops")
    QMessageBox.warning(None, "Oops", "an expected dialog")


def test_answered(qapp, dialogs):
    dialogs.answers.append(QMessageBox.StandardButton.No)
    assert QMessageBox.question(None, "Sure?", "Delete it?") == QMessageBox.StandardButton.No


def test_expected_elsewhere(qapp, dialogs):
    dialogs.expect("critical", "Cannot save")
    QMessageBox.question(None, "Sure?", "Delete it?")
'''


def test_an_unexpected_dialog_fails_the_test_that_raised_it(pytester):
    pytester.makeconftest((ROOT / "tests" / "conftest.py").read_text("utf-8"))
    pytester.makepyfile(test_guarded=GUARDED)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-p", "no:randomly")
    result.assert_outcomes(passed=4, errors=2)
    result.stdout.fnmatch_lines([
        "*ERROR at teardown of test_unexpected*",
        "*dialogs the test did not expect*",
        "*warning: Oops: a wrong dialog*",
    ])
    result.stdout.fnmatch_lines(["*ERROR at teardown of test_expected_elsewhere*", "*question: Sure?: Delete it?*"])
