"""The client's line and the confidentiality marking in the poster's title block, each printed also without the
other (``title_lines.title_runs``, where the poster, the tiling and the preview put the block's text).

Under the persona line, a gap of 4 points (times the block's type scale) below it: the client's line (client,
author, version) in regular type, then the marking in bold; then, another gap below, the facts. A map with only
a client, only a marking, both or neither: what it has prints, in that order, each run right under the one
before, and nothing overlaps. Several papers, both orientations, English and German.
"""

from __future__ import annotations

import itertools

import pytest

from app.export.pdf import MARGIN, PosterPlanner, paper_size
from app.export.title_lines import title_runs
from app.model import Deliverable, JourneyMap, Lane, Persona, Phase

SPACING = 1.25
DELIVERABLES = {
    "client only": Deliverable(client="Fitness Inc."),
    "author and version only": Deliverable(author="Studio Nord", version="v2.3, draft"),
    "marking only": Deliverable(confidentiality="Confidential: client use only"),
    "both": Deliverable(client="Fitness Inc.", version="v2", confidentiality="Vertraulich"),
    "neither": Deliverable(),
}


def make_map(language: str, deliverable: Deliverable) -> JourneyMap:
    return JourneyMap(id="brand", title="Onboarding", language=language, goal="Get started in a week",
                      lanes=[Lane(id="doing", name="Doing")],
                      phases=[Phase(id="ph0", name="Aware"), Phase(id="ph1", name="Buy")],
                      personas=[Persona(id="ann", name="Ann Ahn", role="Buyer")], deliverable=deliverable)


@pytest.mark.parametrize("language", ["en", "de"])
@pytest.mark.parametrize("kind", list(DELIVERABLES))
@pytest.mark.parametrize("landscape", [True, False], ids=["landscape", "portrait"])
def test_the_clients_line_and_the_marking_print_each_without_the_other(language, kind, landscape):
    deliverable = DELIVERABLES[kind]
    planner = PosterPlanner(make_map(language, deliverable))
    for paper in ("A3", "A1"):
        width = paper_size(paper, landscape)[0] - 2 * MARGIN
        block = planner.title_block("ann", width, 0.0)
        k = block.legend_scale
        assert bool(block.brand) == bool(deliverable.client or deliverable.author or deliverable.version)
        assert bool(block.marking) == bool(deliverable.confidentiality)
        runs = title_runs(block, SPACING)
        texts = [" ".join(run.lines) for run in runs]
        title, role = runs[0], runs[1]
        assert (title.lines, role.lines) == (block.title, block.role)
        bottom = role.top + role.height(SPACING)
        shown = [run for run in runs[2:] if not run.muted and run.lines]
        wanted = [lines for lines in (block.brand, block.marking) if lines]
        assert [run.lines for run in shown] == wanted, (kind, texts)
        if block.brand:
            assert deliverable.client in texts[2] or deliverable.author in texts[2]
        if shown:
            assert shown[0].top == pytest.approx(bottom + 4 * k)  # 4 points (scaled) below the persona line
            for before, after in itertools.pairwise(shown):
                assert after.top == pytest.approx(before.top + before.height(SPACING))
            for run in shown:
                assert run.size == block.fact_size and run.bold == (run.lines == block.marking)
            bottom = shown[-1].top + shown[-1].height(SPACING) - 2 * k
        facts = [run for run in runs if run.muted]
        assert facts and all(run.top == pytest.approx(bottom + 4 * k) for run in facts)
        assert any("Get started in a week" in " ".join(run.lines) for run in facts)
