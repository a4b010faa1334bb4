"""Deliverables: PDF poster and Excel workbook (no Qt); images live with the UI; ``targets`` picks the exporter."""

from __future__ import annotations

from collections.abc import Sequence


class ExportError(Exception):
    """An export that cannot be written as asked; the message says why and what to do.

    ``suggestions`` are command-line options that would succeed instead (for
    example ``["--paper", "A2"]``), each a complete alternative to the paper,
    tiling and scale options given, so the command line can print commands
    that work rather than advice to interpret.
    """

    def __init__(self, message: str, suggestions: Sequence[Sequence[str]] = ()) -> None:
        super().__init__(message)
        self.suggestions = [list(options) for options in suggestions]


class ExportCancelledError(ExportError):
    """The user stopped the export (its progress said so); nothing was written. Not a failure to report."""


def write_output(path, data: bytes) -> None:
    """Write an export atomically; a failure leaves no partial file and says why."""
    from pathlib import Path

    from app.i18n import _
    from app.model.fileformat import atomic_write

    target = Path(path)
    if target.is_dir():
        raise ExportError(_("this is a folder; give a file name"))
    try:
        atomic_write(target, data)
    except PermissionError:
        raise ExportError(
            _("cannot write here (no permission, or the file is open in another program)")
        ) from None
    except FileNotFoundError:
        raise ExportError(_("the folder does not exist")) from None
    except OSError as exc:
        raise ExportError(_("could not be written: {reason}").format(reason=exc.strerror or exc)) from None
