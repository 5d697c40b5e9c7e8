"""The benchmark's one table: measures × workloads, each figure beside its target."""

from __future__ import annotations

import math
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Measure:
    """One row: what is measured, its unit and target (judged on ``judged_on``, or on all)."""

    key: str
    label: str
    unit: str  # "ms", "s", "MB" or "×"
    limit: float | None = None
    at_least: bool = False
    judged_on: str | None = None

    @property
    def target(self) -> str:
        if self.limit is None:
            return ""
        sign = "≥" if self.at_least else "≤"
        where = f" on {self.judged_on}" if self.judged_on else ""
        unit = self.unit if self.unit == "×" else f" {self.unit}"
        return f"{sign} {self.limit:g}{unit}{where}"

    def met(self, value: float) -> bool:
        assert self.limit is not None
        return value >= self.limit if self.at_least else value <= self.limit


MEASURES = [
    Measure("apply_current_median", "apply a code, Ctrl+Return: median", "ms", 16),
    Measure("apply_current_p95", "apply a code, Ctrl+Return: p95", "ms", 50),
    Measure("apply_click_median", "apply a code, double-click a code: median", "ms", 16),
    Measure("apply_click_p95", "apply a code, double-click a code: p95", "ms", 50),
    Measure("apply_every_median", "apply a code, all segments listed: median", "ms", 16),
    Measure("apply_every_p95", "apply a code, all segments listed: p95", "ms", 50),
    Measure("apply_ratio", "apply a code (Ctrl+Return) median ÷ small's", "×", 2, False, "large"),
    Measure("apply_longest_median", "apply a code in the longest transcript: median", "ms", 16),
    Measure("apply_longest_p95", "apply a code in the longest transcript: p95", "ms", 50),
    Measure("import_window", "import the window's modules (not in the next row)", "s"),
    Measure("open_window", "window open → first paint", "s", 2, False, "large"),
    Measure("open_longest", "open the longest transcript", "s"),
    Measure("frame_median", "paint a scrolled frame: median", "ms"),
    Measure("frame_max", "paint a scrolled frame: slowest", "ms"),
    Measure("gui_rss", "GUI process peak RSS", "MB", 400, False, "large"),
    Measure("python_pass", "python -c pass (baseline)", "s"),
    Measure("version", "qcode --version", "s", 0.2),
    Measure("docs_json", "qcode docs P --json", "s", 0.5, False, "large"),
    Measure("docs_json_rss", "qcode docs P --json: peak RSS", "MB", 300),
    Measure("agreement", "agreement, service (query + figures)", "s", 0.4, False, "large"),
    Measure("reference", "agreement, per-character reference", "s"),
    Measure("agreement_ratio", "agreement: reference ÷ service", "×", 50, True, "large"),
    Measure("export", "qcode export segments P -o F.csv", "s", 5, False, "large"),
    Measure("export_rss", "qcode export segments: peak RSS", "MB", 300, False, "large"),
    Measure("agree_json", "qcode agree P --coders … --json", "s"),
    Measure("agree_json_rss", "qcode agree --json: peak RSS", "MB", 300),
    Measure("list_segments_median", "Coded segments list, any sort/filter: median case", "ms", 100),
    Measure("list_segments_max", "Coded segments list: slowest case", "ms", 100),
    Measure("list_audit_median", "audit log, first window + total: median case", "ms", 100),
    Measure("list_audit_max", "audit log, any sort, rare/common word: slowest", "ms", 100),
    Measure("list_audit_sorted_max", "audit log, common word + other sort: slowest", "ms", 100),
    Measure("list_audit_other_max", "audit log, 2-letter/date filter: slowest", "ms", 100),
    Measure("list_audit_count_max", "audit log, events matching a filter counted: slowest", "ms"),
]


@dataclass
class Figures:
    """One workload's figures by measure key, why any are missing, and notes to print."""

    values: dict[str, float] = field(default_factory=dict)
    problems: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def fail(self, keys: list[str], problem: str) -> None:
        for key in keys:
            self.problems[key] = problem


def number(value: float, unit: str) -> str:
    """A figure with its unit, to about three significant digits."""
    if math.isnan(value):
        return "n/a"
    if unit == "×":
        return f"{value:,.1f}×" if value < 100 else f"{value:,.0f}×"
    digits = 3 if abs(value) < 1 else 2 if abs(value) < 10 else 1 if abs(value) < 100 else 0
    return f"{value:,.{digits}f} {unit}"


def cell(measure: Measure, workload: str, figures: Figures) -> str:
    if measure.key in figures.problems:
        return "failed (see notes)"
    value = figures.values.get(measure.key)
    if value is None:
        return "—"
    text = number(value, measure.unit)
    judged = measure.limit is not None and measure.judged_on in (None, workload)
    if judged and not math.isnan(value):
        text += " ✓" if measure.met(value) else " ✗"
    return text


def rows(results: dict[str, Figures]) -> list[list[str]]:
    """Header then one row per measure: label, target, then each workload's figure."""
    header = ["measure", "target", *results]
    body = [
        [m.label, m.target, *(cell(m, name, figs) for name, figs in results.items())]
        for m in MEASURES
    ]
    return [header, *body]


def notes(results: dict[str, Figures]) -> list[str]:
    """Per workload, what it held, anything particular to its run, and why anything failed."""
    found = []
    for name, figs in results.items():
        problems = sorted(set(figs.problems.values()))
        said = [*figs.notes, *(f"FAILED: {problem}" for problem in problems)]
        if said:
            found.append(f"{name}: " + "; ".join(said))
    return found


def as_text(results: dict[str, Figures], method: list[str]) -> str:
    """Aligned columns for a terminal, then the notes."""
    table = rows(results)
    widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]
    lines = ["  ".join(text.ljust(w) for text, w in zip(row, widths, strict=True)) for row in table]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join([*lines, "", *notes(results), *method])


def as_markdown(results: dict[str, Figures], method: list[str], title: str) -> str:
    """A Markdown table with the notes as a list below it."""
    table = rows(results)
    lines = [f"## {title}", "", "| " + " | ".join(table[0]) + " |"]
    lines.append("|" + "|".join("---" for _ in table[0]) + "|")
    lines += [
        "| " + " | ".join(text.replace("|", "\\|") for text in row) + " |" for row in table[1:]
    ]
    return "\n".join([*lines, "", *(f"- {note}" for note in (*notes(results), *method)), ""])
