"""Every field of a card declared once: its label, Inspector editor, caption, layout and workbook column.

The model (:class:`app.model.Card`) stays the one source of a field's type;
this table says how each field is shown. The card caption and the layout's
card cache, the Inspector and the workbook's Cards sheet all read it, so a
field added here appears everywhere, and a field one of them leaves out is
left out here, on purpose and in words. ``tests/test_card_fields.py`` fails
when a field of ``Card`` has no entry or a consumer stops reading this table.

It lives in the layout package because the caption's wording (severity dots,
the ▲ of votes) is the layout's; it imports no Qt.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from app.i18n import N_
from app.model import Card

#: The Inspector's kinds of editor; ``app.ui.inspector.CARD_EDITORS`` builds one widget for each kind.
EditorKind = Literal["text_box", "line", "severity", "evidence", "check", "votes", "tags", "color", "rating"]
EDITOR_KINDS: tuple[str, ...] = EditorKind.__args__  # type: ignore[attr-defined]


def severity_text(severity: int) -> str:
    """Severity as dots and a number, so it reads in greyscale too."""
    return "●" * severity + "○" * (5 - severity) + f" {severity}/5"


def _same(value: Any) -> Any:
    return value


#: the evidence values as words (the model's values are the English ones); marked here for the catalogue
EVIDENCE_WORDS: dict[str, str] = {"observed": N_("observed"), "reported": N_("reported"), "assumed": N_("assumed")}
#: what the workbook writes for a moment of truth
YES = N_("yes")


@dataclass(frozen=True)
class Caption:
    """How a field shows in the muted line under a card's text; an empty value (None, "", 0, []) shows nothing."""

    #: place in the caption, lowest first; not the display order, because severity leads the caption
    rank: int
    text: Callable[[Any], str] = str
    #: True when ``text`` gives a word of the catalogue (evidence): it is shown in the document's language
    word: bool = False


@dataclass(frozen=True)
class ExcelColumn:
    """A column of the workbook's Cards sheet; its header is the field's label."""

    width: float
    #: long text wraps; only those cells get a style, which keeps 10,000 rows fast
    wrap: bool = False
    #: the field's value as the cell's value (None and "" leave the cell blank)
    cell: Callable[[Any], Any] = _same
    #: True when ``cell`` gives a word of the catalogue (evidence, "yes"): written in the document's language
    word: bool = False


@dataclass(frozen=True, kw_only=True)
class CardField:
    """One field of a card and how each part of the app shows it.

    ``editor``, ``caption``, ``layout`` and ``excel`` have no default: every entry says
    for each of them whether the field is there, so leaving one out is a decision.
    """

    name: str
    #: English, marked for the catalogue; the Inspector translates it (UI language), the workbook writes it as
    #: the column header (document language)
    label: str
    #: the Inspector's editor kind, None when the Inspector does not edit the field
    editor: EditorKind | None
    #: rows of a "text_box" editor
    editor_lines: int = 0
    caption: Caption | None
    #: True when the field changes what a card box shows or how tall it is (the layout's card cache key)
    layout: bool
    excel: ExcelColumn | None
    #: the map's list the field holds an id of ("personas", "phases", "lanes"): the workbook writes the name
    refers_to: Literal["personas", "phases", "lanes"] | None = None
    #: the lane kinds whose cards the Inspector offers the field for (None: every card)
    only_in: tuple[str, ...] | None = None


def _tags(tags: list[str]) -> str:
    return " ".join(f"#{tag}" for tag in tags)


#: Every card field, in display order (the Inspector's rows, the workbook's columns).
CARD_FIELDS: tuple[CardField, ...] = (
    # Where a card sits: the layout places the box by these, they do not change its shape; the Inspector
    # names the cell in its heading ("Card in Phase · Lane") and a card moves by drag and drop.
    CardField(name="persona", label=N_("Persona"), editor=None, caption=None, layout=False,
              excel=ExcelColumn(22), refers_to="personas"),
    CardField(name="phase", label=N_("Phase"), editor=None, caption=None, layout=False,
              excel=ExcelColumn(16), refers_to="phases"),
    CardField(name="lane", label=N_("Lane"), editor=None, caption=None, layout=False,
              excel=ExcelColumn(18), refers_to="lanes"),
    CardField(name="text", label=N_("Text"), editor="text_box", editor_lines=4, caption=None, layout=True,
              excel=ExcelColumn(50, wrap=True)),
    # Notes are the workshop's background: the Inspector and the workbook carry them, the box does not.
    CardField(name="notes", label=N_("Notes"), editor="text_box", editor_lines=3, caption=None, layout=False,
              excel=ExcelColumn(30, wrap=True)),
    CardField(name="channel", label=N_("Channel"), editor="line", caption=Caption(2), layout=True,
              excel=ExcelColumn(16)),
    CardField(name="owner", label=N_("Owner"), editor="line", caption=Caption(3), layout=True, excel=ExcelColumn(16)),
    CardField(name="severity", label=N_("Severity"), editor="severity", caption=Caption(1, severity_text), layout=True,
              excel=ExcelColumn(9)),
    CardField(name="evidence", label=N_("Evidence"), editor="evidence", caption=Caption(4, word=True), layout=True,
              excel=ExcelColumn(11, word=True)),
    # Not in the caption: the box draws a star and narrows the text beside it.
    CardField(name="moment_of_truth", label=N_("Moment of truth"), editor="check", caption=None, layout=True,
              excel=ExcelColumn(10, cell=lambda value: YES if value else "", word=True)),
    CardField(name="votes", label=N_("Votes"), editor="votes", caption=Caption(5, lambda votes: f"▲{votes}"),
              layout=True, excel=ExcelColumn(7)),
    CardField(name="tags", label=N_("Tags"), editor="tags", caption=Caption(6, _tags), layout=True,
              excel=ExcelColumn(18, wrap=True, cell=", ".join)),
    # The colour fills the box on canvas and poster but changes neither its words nor its height; the
    # workbook's table is for filtering and sorting words, so it has no colour column.
    CardField(name="color", label=N_("Colour"), editor="color", caption=None, layout=False, excel=None),
    # An opportunity's value and effort (format 1.1): the Opportunity matrix places the card by them; the
    # Inspector offers them for opportunity cards only; the box does not show them, and the workbook lists them
    # on its Opportunities sheet, not as two columns empty for every other card.
    CardField(name="value", label=N_("Value"), editor="rating", caption=None, layout=False, excel=None,
              only_in=("opportunities",)),
    CardField(name="effort", label=N_("Effort"), editor="rating", caption=None, layout=False, excel=None,
              only_in=("opportunities",)),
    # The stable id: no one edits it, the workbook keeps it so rows can be traced back to the file.
    CardField(name="id", label=N_("Card id"), editor=None, caption=None, layout=False, excel=ExcelColumn(12)),
)


def _check(fields: tuple[CardField, ...]) -> None:
    """Refuse a name the model does not have or declared twice: every consumer reads cards by these names."""
    names = [f.name for f in fields]
    unknown = [name for name in names if name not in Card.model_fields]
    twice = sorted({name for name in names if names.count(name) > 1})
    if unknown or twice:
        raise ValueError(f"card fields: not in the model {unknown}, declared twice {twice}")


_check(CARD_FIELDS)

#: The fields that change a card box, in display order (the layout's card cache key).
LAYOUT_FIELDS: tuple[str, ...] = tuple(f.name for f in CARD_FIELDS if f.layout)
#: (name, text, is a catalogue word) of the caption's fields, in caption order.
CAPTION_FIELDS: tuple[tuple[str, Callable[[Any], str], bool], ...] = tuple(
    (f.name, f.caption.text, f.caption.word)
    for f in sorted((f for f in CARD_FIELDS if f.caption), key=lambda f: f.caption.rank)
)
#: The caption fields that say how much a card matters, kept when captions are hidden for a room.
ESSENTIAL_CAPTION_FIELDS: frozenset[str] = frozenset({"severity", "votes"})
#: The fields the Inspector edits, in its order.
EDITED_FIELDS: tuple[CardField, ...] = tuple(f for f in CARD_FIELDS if f.editor is not None)
#: The fields of the workbook's Cards sheet, in column order.
EXCEL_FIELDS: tuple[CardField, ...] = tuple(f for f in CARD_FIELDS if f.excel is not None)
