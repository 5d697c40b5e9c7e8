"""The CMO diagram stays legible from 3 to 8 categories: no box overlaps another, every
label fits inside its box as drawn, arrows run only between columns."""

from __future__ import annotations

import pytest

from qcode.analysis.charts import Category, CmoDiagram, cmo_diagram
from qcode.export.charts.cmo import layout
from qcode.export.charts.render import STYLE, figure_of

NAMES = [
    "Availability of a mentor outside the practice",
    "Protected time in the working week",
    "Being listened to without judgement",
    "Trust",
    "A mentor trained in a coaching model who holds back advice",
    "Workload",
    "Permission to talk about leaving general practice altogether",
    "Goals the mentee owns",
]
FLAGS = ["C", "C", "M", "CM", "M", "C", "C", "M"]


def diagram(count: int) -> CmoDiagram:
    categories = [Category(i, NAMES[i], FLAGS[i]) for i in range(count)]
    ids = [c.id for c in categories]
    return cmo_diagram("Staying in general practice longer", categories, [("All of it.", ids)])


@pytest.mark.parametrize("count", range(3, 9))
def test_boxes_never_overlap_and_stay_on_the_page(count: int) -> None:
    plan = layout(diagram(count))
    assert len(plan.boxes) == count + 1  # the categories and the outcome
    for number, box in enumerate(plan.boxes):
        assert box.x > 0 and box.x + box.width < plan.width
        assert box.y > 0 and box.y + box.height < plan.statement_top
        for other in plan.boxes[number + 1 :]:
            assert not box.overlaps(other), (box, other)


@pytest.mark.parametrize("count", [3, 8])
def test_every_label_fits_in_its_box_as_drawn(count: int) -> None:
    import matplotlib

    shown = diagram(count)
    with matplotlib.rc_context(STYLE):
        figure = figure_of(shown)
        renderer = figure.canvas.get_renderer()
        axes = figure.axes[0]
        patches = {p.get_gid(): p for p in axes.patches if p.get_gid()}
        texts = {t.get_gid(): t for t in axes.texts if t.get_gid()}
        boxes = [gid for gid in patches if not gid.startswith(("arrow", "junction"))]
        assert len(boxes) == count + 1
        for gid in boxes:
            frame = patches[gid].get_window_extent(renderer)
            words = texts[f"{gid}-text"].get_window_extent(renderer)
            assert frame.x0 < words.x0 and words.x1 < frame.x1, gid
            assert frame.y0 < words.y0 and words.y1 < frame.y1, gid
        arrows = [gid for gid in patches if gid.startswith("arrow")]
    # One statement names them all: every context meets every mechanism, so the lines gather
    # at one junction (not contexts × mechanisms crossing arrows); each mechanism → outcome.
    contexts, mechanisms = len(shown.contexts), len(shown.mechanisms)
    if contexts > 1 and mechanisms > 1:
        assert len(arrows) == contexts + 2 * mechanisms
        assert sum(gid.endswith("-junction") for gid in arrows) == contexts
    else:
        assert len(arrows) == contexts * mechanisms + mechanisms


def test_arrows_follow_the_statements_where_they_name_some_categories() -> None:
    categories = [Category(i, NAMES[i], FLAGS[i]) for i in range(5)]
    # Contexts 0, 1; mechanisms 2, 3 (C, M), 4.
    shown = cmo_diagram("Outcome", categories, [("One.", [0, 2]), ("Two.", [1, 3, 4])])
    assert shown.links == ((0, 0), (1, 1), (1, 2))
    arrows = sorted(p.get_gid() for p in figure_of(shown).axes[0].patches if "arrow" in p.get_gid())
    assert arrows == [
        "arrow-context-0-mechanism-0",
        "arrow-context-1-mechanism-1",
        "arrow-context-1-mechanism-2",
        "arrow-mechanism-0-outcome-0",
        "arrow-mechanism-1-outcome-0",
        "arrow-mechanism-2-outcome-0",
    ]


def test_contexts_lead_straight_to_the_outcome_without_mechanisms() -> None:
    shown = cmo_diagram("Outcome", [Category(1, "Time", "C"), Category(2, "Place", "C")], [])
    with_matplotlib = figure_of(shown)
    arrows = [p.get_gid() for p in with_matplotlib.axes[0].patches if "arrow" in str(p.get_gid())]
    assert arrows == ["arrow-context-0-outcome-0", "arrow-context-1-outcome-0"]
    assert layout(shown).statement_lines == ("No configuration statement for this theme yet.",)
