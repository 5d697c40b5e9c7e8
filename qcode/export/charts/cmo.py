"""A CMO diagram: contexts → mechanisms → outcome in three columns of boxes, with arrows."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from typing import TYPE_CHECKING

from qcode.analysis.charts import CmoDiagram

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

MARGIN, BOX_WIDTH, COLUMN_GAP, BOX_GAP = 0.4, 2.7, 1.0, 0.25
LINE, PAD = 0.19, 0.14  # a 10 pt line, and the space above and below a box's words
WRAP, STATEMENT_WRAP, STATEMENT_LINE = 28, 125, 0.17
TITLE, HEADINGS = 0.3, 0.4
COLUMNS = ("Contexts", "Mechanisms", "Outcome")
COLOURS = {"context": "#e8f1fa", "mechanism": "#fdf0e0", "outcome": "#e6f4e6"}
EDGES = {"context": "#2b6ca3", "mechanism": "#b5651d", "outcome": "#2e7d32"}


@dataclass(frozen=True)
class Box:
    """A box of the diagram, in inches from the top left of the figure."""

    role: str
    index: int
    x: float
    y: float
    width: float
    height: float
    lines: tuple[str, ...]

    @property
    def gid(self) -> str:
        return f"{self.role}-{self.index}"

    def overlaps(self, other: Box) -> bool:
        return not (
            self.x + self.width <= other.x
            or other.x + other.width <= self.x
            or self.y + self.height <= other.y
            or other.y + other.height <= self.y
        )


@dataclass(frozen=True)
class Layout:
    """Where everything goes: the figure's size, the boxes, and the statements' lines."""

    width: float
    height: float
    boxes: tuple[Box, ...]
    statement_top: float
    statement_lines: tuple[str, ...]

    def box(self, role: str, index: int) -> Box:
        return next(b for b in self.boxes if b.role == role and b.index == index)


def layout(diagram: CmoDiagram) -> Layout:
    """Stack each column's boxes, centred on the tallest column; statements go below."""
    columns = [
        ("context", [c.label for c in diagram.contexts]),
        ("mechanism", [c.label for c in diagram.mechanisms]),
        ("outcome", [diagram.theme]),
    ]
    wrapped = [
        (role, [tuple(textwrap.wrap(label, WRAP)) or ("",) for label in labels])
        for role, labels in columns
    ]
    heights = [[len(lines) * LINE + 2 * PAD for lines in column] for _role, column in wrapped]
    tallest = max(sum(h) + BOX_GAP * (len(h) - 1) for h in heights)
    top = MARGIN + TITLE + HEADINGS
    boxes = []
    for number, ((role, column), sizes) in enumerate(zip(wrapped, heights, strict=True)):
        x = MARGIN + number * (BOX_WIDTH + COLUMN_GAP)
        y = top + (tallest - (sum(sizes) + BOX_GAP * (len(sizes) - 1))) / 2
        for index, (lines, height) in enumerate(zip(column, sizes, strict=True)):
            boxes.append(Box(role, index, x, y, BOX_WIDTH, height, lines))
            y += height + BOX_GAP
    statements = _statement_lines(diagram.statements)
    statement_top = top + tallest + 0.45
    width = 2 * MARGIN + 3 * BOX_WIDTH + 2 * COLUMN_GAP
    height = statement_top + STATEMENT_LINE * len(statements) + MARGIN
    return Layout(width, height, tuple(boxes), statement_top, tuple(statements))


def _statement_lines(statements: tuple[str, ...]) -> list[str]:
    if not statements:
        return ["No configuration statement for this theme yet."]
    lines = [
        "Configuration statements (an arrow from a context: a statement names it with that"
        " mechanism):"
    ]
    for number, text in enumerate(statements, 1):
        lines.extend(
            textwrap.wrap(f"[{number}] {text}", STATEMENT_WRAP, subsequent_indent="      ")
        )
    return lines


def draw_cmo(figure: Figure, diagram: CmoDiagram) -> Layout:
    """Draw the diagram; returns its layout (boxes carry their gid on the figure too)."""
    plan = layout(diagram)
    figure.set_size_inches(plan.width, plan.height)
    axes = figure.add_axes((0, 0, 1, 1))
    axes.set_xlim(0, plan.width)
    axes.set_ylim(plan.height, 0)
    axes.set_axis_off()
    axes.text(MARGIN, MARGIN, diagram.title, fontsize=13, weight="bold", va="center")
    for number, heading in enumerate(COLUMNS):
        x = MARGIN + number * (BOX_WIDTH + COLUMN_GAP) + BOX_WIDTH / 2
        axes.text(x, MARGIN + TITLE + 0.15, heading, fontsize=11, weight="bold", ha="center")
    for box in plan.boxes:
        _draw_box(axes, box)
    _draw_arrows(axes, diagram, plan)
    axes.text(
        MARGIN,
        plan.statement_top,
        "\n".join(plan.statement_lines),
        fontsize=9,
        va="top",
        linespacing=1.35,
        gid="statements",
    )
    return plan


def _draw_box(axes: Axes, box: Box) -> None:
    from matplotlib.patches import FancyBboxPatch

    patch = FancyBboxPatch(
        (box.x, box.y),
        box.width,
        box.height,
        boxstyle="round,pad=0,rounding_size=0.08",
        facecolor=COLOURS[box.role],
        edgecolor=EDGES[box.role],
        linewidth=1.2,
        gid=box.gid,
    )
    axes.add_patch(patch)
    axes.text(
        box.x + box.width / 2,
        box.y + box.height / 2,
        "\n".join(box.lines),
        ha="center",
        va="center",
        fontsize=10,
        linespacing=1.2,
        weight="bold" if box.role == "outcome" else "normal",
        gid=f"{box.gid}-text",
    )


def _draw_arrows(axes: Axes, diagram: CmoDiagram, plan: Layout) -> None:
    """Context → mechanism where a statement names both (through one junction when every
    context meets every mechanism); each mechanism → the outcome (or, with no mechanism,
    each context → the outcome). Arrows into the outcome spread along its edge."""
    outcome = plan.box("outcome", 0)
    if not diagram.mechanisms:
        into = [plan.box("context", i) for i in range(len(diagram.contexts))]
    else:
        into = [plan.box("mechanism", i) for i in range(len(diagram.mechanisms))]
        _draw_links(axes, diagram, plan)
    for number, start in enumerate(into):
        height = outcome.y + outcome.height * (number + 1) / (len(into) + 1)
        _arrow(axes, _right(start), (outcome.x, height), f"arrow-{start.gid}-{outcome.gid}")


def _draw_links(axes: Axes, diagram: CmoDiagram, plan: Layout) -> None:
    contexts, mechanisms = len(diagram.contexts), len(diagram.mechanisms)
    every = {(c, m) for c in range(contexts) for m in range(mechanisms)}
    if contexts > 1 and mechanisms > 1 and set(diagram.links) == every:
        first, last = plan.box("context", 0), plan.box("context", contexts - 1)
        junction = (first.x + first.width + COLUMN_GAP / 2, (first.y + last.y + last.height) / 2)
        for index in range(contexts):
            start = plan.box("context", index)
            _arrow(axes, _right(start), junction, f"arrow-{start.gid}-junction", head=False)
        for index in range(mechanisms):
            end = plan.box("mechanism", index)
            _arrow(axes, junction, _left(end), f"arrow-junction-{end.gid}", shrink=0)
        from matplotlib.patches import Circle

        axes.add_patch(Circle(junction, 0.04, color="#555555", gid="junction"))
        return
    for context, mechanism in diagram.links:
        start, end = plan.box("context", context), plan.box("mechanism", mechanism)
        _arrow(axes, _right(start), _left(end), f"arrow-{start.gid}-{end.gid}")


def _right(box: Box) -> tuple[float, float]:
    return box.x + box.width, box.y + box.height / 2


def _left(box: Box) -> tuple[float, float]:
    return box.x, box.y + box.height / 2


def _arrow(
    axes: Axes,
    start: tuple[float, float],
    end: tuple[float, float],
    gid: str,
    head: bool = True,
    shrink: float = 2,
) -> None:
    from matplotlib.patches import FancyArrowPatch

    axes.add_patch(
        FancyArrowPatch(
            start,
            end,
            arrowstyle="-|>" if head else "-",
            mutation_scale=12,
            linewidth=1.0,
            color="#555555",
            shrinkA=shrink if head else 2,
            shrinkB=2 if head else 0,
            gid=gid,
        )
    )
