"""Analyse: agreement, the code × document matrix, co-occurrence, questionnaire statistics."""

from __future__ import annotations

from typing import Any

from qcode.ui.charts.dialog import open_charts
from qcode.ui.docks.agreement import AgreementDock
from qcode.ui.docks.cooccurrence import CooccurrenceDock
from qcode.ui.docks.matrix import MatrixDock
from qcode.ui.docks.survey_stats import SurveyStatsDock
from qcode.ui.menus.bar import MenuBar
from qcode.ui.quoting.style_dialog import open_quote_style

TITLE = "&Analyse"


def build(window: Any, bar: MenuBar) -> None:  # window: the MainWindow (it imports this)
    bar.add(TITLE, "&Agreement", lambda: show_dock(window, AgreementDock))
    bar.add(TITLE, "&Matrix: codes × documents", lambda: show_dock(window, MatrixDock))
    bar.add(TITLE, "&Co-occurrence", lambda: show_dock(window, CooccurrenceDock))
    bar.add(TITLE, "&Questionnaire statistics", lambda: show_dock(window, SurveyStatsDock))
    bar.add(TITLE, "C&harts…", lambda: open_charts(window))
    bar.add(TITLE, "&Quote style…", lambda: open_quote_style(window))


def show_dock(window: Any, kind: type) -> None:
    """Bring a secondary dock to the front (shown and raised, tabbed where it lives)."""
    dock = window.extra_dock(kind)
    dock.show()
    dock.raise_()
