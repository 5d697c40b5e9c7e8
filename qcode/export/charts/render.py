"""Render a chart to SVG or PNG bytes, the same bytes every time, and write it by suffix."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING

from qcode.analysis.charts import Chart, Grid
from qcode.errors import QcodeError

if TYPE_CHECKING:
    from matplotlib.figure import Figure

CHART_SUFFIXES = (".svg", ".png")
PNG_DPI = 150
STYLE = {
    "svg.hashsalt": "qcode",  # ids in the SVG do not change from run to run
    "svg.fonttype": "none",  # text stays text: searchable, editable, and checked by the tests
    "font.family": "DejaVu Sans",  # shipped with matplotlib: the same glyphs everywhere
    "font.size": 9,
}
METADATA: dict[str, dict[str, str | None]] = {
    ".svg": {"Date": None, "Creator": "qcode"},
    ".png": {"Software": "qcode"},
}


def check_suffix(output: Path) -> str:
    """The chart format of ``output``'s suffix, or a one-line error."""
    suffix = output.suffix.lower()
    if suffix not in CHART_SUFFIXES:
        shown = f"'{output.suffix}'" if output.suffix else "no suffix"
        raise QcodeError(
            f"{output.name}: cannot draw a chart as {shown}; use {', '.join(CHART_SUFFIXES)}"
        )
    return suffix


def figure_of(chart: Chart) -> Figure:
    """The chart drawn on a figure with an Agg canvas (matplotlib imported only now)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure()
    FigureCanvasAgg(figure)
    if isinstance(chart, Grid):
        from qcode.export.charts.heatmap import draw_grid

        draw_grid(figure, chart)
    else:
        from qcode.export.charts.cmo import draw_cmo

        draw_cmo(figure, chart)
    return figure


def chart_bytes(chart: Chart, suffix: str = ".png") -> bytes:
    """The chart as SVG or PNG; no date or random id in it, so equal charts are equal bytes."""
    import matplotlib

    if suffix not in CHART_SUFFIXES:
        raise QcodeError(f"cannot draw a chart as '{suffix}'; use {', '.join(CHART_SUFFIXES)}")
    with matplotlib.rc_context(STYLE):
        figure = figure_of(chart)
        buffer = BytesIO()
        figure.savefig(buffer, format=suffix[1:], dpi=PNG_DPI, metadata=METADATA[suffix])
    return buffer.getvalue()


def write_chart(chart: Chart, output: Path) -> str:
    """Write the chart in the format of ``output``'s suffix; one line says what was written.

    The picture is drawn whole before the file is opened: a failure writes nothing.
    """
    data = chart_bytes(chart, check_suffix(output))
    try:
        output.write_bytes(data)
    except OSError as exc:
        raise QcodeError(f"{output}: could not be written ({exc.strerror or exc})") from exc
    return f"wrote {describe(chart)} to {output}"


def describe(chart: Chart) -> str:
    """E.g. "frequency chart (29 codes × 16 columns)"."""
    if isinstance(chart, Grid):
        return f"{chart.kind} chart ({len(chart.rows)} rows × {len(chart.columns)} columns)"
    boxes = len(chart.contexts) + len(chart.mechanisms)
    return f"CMO diagram of '{chart.theme}' ({boxes} categories)"
