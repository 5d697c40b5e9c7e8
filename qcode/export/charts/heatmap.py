"""A grid as a heat map: labelled rows and columns, each cell's figure written in it."""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

import numpy as np

from qcode.analysis.charts import AGREEMENT, Grid

if TYPE_CHECKING:
    from matplotlib.figure import Figure

CHAR_INCH = 0.075  # the width of an average character at 9 pt, in inches
CELL_HEIGHT = 0.28
MARGIN = 0.3
BAR_SPACE = 1.1  # the colour bar and its label, right of the grid
NOTE_WRAP, NOTE_CHAR_INCH = 130, 0.068  # the note under the chart, at 8 pt


def draw_grid(figure: Figure, grid: Grid) -> None:
    """Draw ``grid`` on ``figure``, sized so every label and figure fits."""
    cell_width = max(0.42, CHAR_INCH * (max(map(len, _all_texts(grid)), default=1) + 1.5))
    label_width = CHAR_INCH * max(map(len, grid.rows), default=4) + (0.45 if grid.levels else 0.2)
    column_height = CHAR_INCH * 0.75 * max(map(len, grid.columns), default=2) + 0.35
    grid_w, grid_h = cell_width * max(len(grid.columns), 1), CELL_HEIGHT * max(len(grid.rows), 1)
    width = max(MARGIN + label_width + grid_w + BAR_SPACE, 6.0)
    note = textwrap.wrap(grid.note, min(NOTE_WRAP, int((width - 2 * MARGIN) / NOTE_CHAR_INCH)))
    top, bottom = 0.55, column_height + 0.18 * len(note) + MARGIN
    height = top + grid_h + bottom
    figure.set_size_inches(width, height)
    left = MARGIN + label_width
    axes = figure.add_axes((left / width, bottom / height, grid_w / width, grid_h / height))
    figure.text(MARGIN / width, 1 - 0.3 / height, grid.title, fontsize=12, weight="bold")
    if note:
        figure.text(MARGIN / width, MARGIN / height, "\n".join(note), fontsize=8, va="bottom")
    if not grid.rows or not grid.columns:
        axes.set_axis_off()
        axes.text(0.5, 0.5, "Nothing to show yet", ha="center", va="center", fontsize=11)
        return
    image = _cells(axes, grid)
    _labels(axes, grid)
    bar = figure.add_axes(
        ((left + grid_w + 0.25) / width, bottom / height, 0.18 / width, grid_h / height)
    )
    scale = figure.colorbar(image, cax=bar)
    scale.set_label(grid.measure)
    if grid.scale != AGREEMENT:
        from matplotlib.ticker import MaxNLocator

        scale.locator = MaxNLocator(integer=True)
        scale.update_ticks()


def _all_texts(grid: Grid) -> list[str]:
    return [text for row in grid.texts for text in row]


def _cells(axes, grid: Grid):  # type: ignore[no-untyped-def]
    """The coloured cells and the figure written in each (dark text on light, light on dark)."""
    from matplotlib import colormaps

    data = np.array([[np.nan if v is None else v for v in row] for row in grid.values])
    masked = np.ma.masked_invalid(data)
    if grid.scale == AGREEMENT:
        cmap, low, high = colormaps["RdYlBu"].with_extremes(bad="#dddddd"), -1.0, 1.0
    else:
        highest = float(np.nanmax(data)) if np.isfinite(data).any() else 1.0
        cmap, low, high = colormaps["Blues"].with_extremes(bad="#dddddd"), 0.0, max(highest, 1.0)
    image = axes.imshow(masked, cmap=cmap, vmin=low, vmax=high, aspect="auto")
    for r, row in enumerate(grid.texts):
        for c, text in enumerate(row):
            if not text:
                continue
            value = grid.values[r][c]
            shade = 0.5 if value is None else (value - low) / (high - low)
            dark = (
                grid.scale != AGREEMENT
                and shade > 0.6
                or grid.scale == AGREEMENT
                and (shade < 0.15 or shade > 0.85)
            )
            colour = "white" if dark else "black"
            axes.text(
                c, r, text, ha="center", va="center", fontsize=8, color=colour, gid=f"cell-{r}-{c}"
            )
    return image


def _labels(axes, grid: Grid) -> None:  # type: ignore[no-untyped-def]
    """Row labels on the left, column labels below (slanted when long), thin white gaps."""
    axes.set_yticks(range(len(grid.rows)), grid.rows)
    slant = max(map(len, grid.columns)) > 3
    axes.set_xticks(
        range(len(grid.columns)),
        grid.columns,
        rotation=45 if slant else 0,
        ha="right" if slant else "center",
        rotation_mode="anchor",
    )
    axes.set_xticks(np.arange(-0.5, len(grid.columns)), minor=True)
    axes.set_yticks(np.arange(-0.5, len(grid.rows)), minor=True)
    axes.grid(which="minor", color="white", linewidth=1.0)
    axes.tick_params(which="both", length=0)
    if grid.levels:  # a code tree: names left-aligned and indented, themes in bold
        width = CHAR_INCH * max(map(len, grid.rows)) + 0.3
        axes.tick_params(axis="y", pad=width * 72)
        for label, level in zip(axes.get_yticklabels(), grid.levels, strict=True):
            label.set_horizontalalignment("left")
            label.set_fontweight("bold" if level == 0 else "normal")
    for spine in axes.spines.values():
        spine.set_visible(False)
