"""Where the poster's title block puts its lines, in one place for everything that needs to know.

The poster draws the block (``pdf._Poster.draw_title``), the tiling keeps it whole on one sheet
(``tiles.poster_boxes``) and the export dialog previews it: each reads the positions here, so what
is kept whole and what is previewed is what prints (a copy of the steps in each drifted apart once,
leaving the logo column, the client line and the marking out of the tiling's box).
"""

from __future__ import annotations

from dataclasses import dataclass

FACT_GAP = 16.0  # between columns of facts, and between the logo and the text


@dataclass(frozen=True)
class TitleRun:
    """Lines printed one under the other from ``top`` (block points, y down from the block's top-left)."""

    x: float
    top: float
    lines: list[str]
    size: float
    bold: bool
    muted: bool = False  # the facts print in the muted colour

    def height(self, spacing: float) -> float:
        return self.size * spacing * len(self.lines)


def title_runs(block, spacing: float) -> list[TitleRun]:
    """The block's runs of text as they print (``block``: a ``pdf.TitleBlock``; ``spacing``: the style's line
    spacing): the title, the persona line, the client's line and the marking, then the facts' columns, all right
    of the logo's column. The gaps grow with the block's type (``legend_scale``)."""
    k, x = block.legend_scale, block.text_x
    runs: list[TitleRun] = []

    def add(top: float, lines: list[str], size: float, bold: bool) -> float:
        runs.append(TitleRun(x, top, lines, size, bold))
        return top + size * spacing * len(lines)

    y = add(0.0, block.title, block.title_size, True)
    y = add(y + 2 * k, block.role, block.role_size, True)
    if block.brand or block.marking:
        y = add(y + 4 * k, block.brand, block.fact_size, False)
        y = add(y, block.marking, block.fact_size, True) - 2 * k
    for index, column in enumerate(block.columns):
        runs.append(TitleRun(x + index * (block.column_width + FACT_GAP * k), y + 4 * k, column, block.fact_size,
                             False, muted=True))
    return runs
