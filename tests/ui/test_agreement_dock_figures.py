"""Analyse ▸ Agreement: AC1 and Brennan–Prediger per pair, α's interval and Fleiss' κ, n/a pairs."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from qcode.analysis.agreement.measures import kappa_band
from qcode.ui.main_window import MainWindow
from qcode.ui.models.agreement import PAIR_HEADERS, coders_text, pair_cells
from tests.ui import test_agreement_dock as base
from tests.ui.test_agreement_dock import (
    LISTENED,
    SAFE,
    choose,
    open_dock,
    service,
    settled,
    shown_pairs,
)

team = base.team  # the dock tests' fixtures: three coders on two interviews and a survey answer
window = base.window
CODERS = ("Ana", "Ben", "Cy")


def column(title: str) -> int:
    return PAIR_HEADERS.index(title)


def test_the_pairs_table_shows_ac1_and_brennan_prediger(qtbot, qtmodeltester, window) -> None:
    dock = open_dock(qtbot, window)
    expected = service(window, coders=CODERS).result.overall
    rows = shown_pairs(dock)
    assert [row[column("AC1")] for row in rows] == [f"{p.counts.ac1:.3f}" for p in expected.pairs]
    assert [row[column("Brennan–Prediger")] for row in rows] == [
        f"{p.counts.bp:.3f}" for p in expected.pairs
    ]
    tip = dock.pairs_model.headerData(
        column("AC1"), Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole
    )
    assert "Gwet" in tip
    qtmodeltester.check(dock.pairs_model)


def test_alphas_interval_and_fleiss_kappa_over_the_coders_ticked(qtbot, window) -> None:
    dock = open_dock(qtbot, window)
    label = dock.findChild(QLabel, "coders_figures")
    overall = service(window, coders=CODERS).result.overall
    interval = overall.alpha_interval
    assert interval is not None and label.isVisible()
    assert label.text() == coders_text(overall)
    assert f"{interval.low:.3f} to {interval.high:.3f}" in label.text()
    fleiss = overall.coders.fleiss
    assert f"Fleiss' κ {fleiss:.3f} ({kappa_band(fleiss)})" in label.text()
    dock.figures_box.setCurrentIndex(dock.figures_box.findText(LISTENED))
    listened = next(c for c in service(window, coders=CODERS).result.codes if c.code == tuple(
        LISTENED.split("/")))  # fmt: skip
    assert label.text() == coders_text(listened)


def test_a_pair_that_never_used_the_code_reads_not_applicable(qtbot, window: MainWindow) -> None:
    dock = open_dock(qtbot, window)
    choose(dock.document_box, "questionnaire")  # Q7: Ana and Ben coded LISTENED, Cy coded SAFE
    settled(qtbot, dock)
    dock.figures_box.setCurrentIndex(dock.figures_box.findText(SAFE))
    [ana_ben, ana_cy, _ben_cy] = shown_pairs(dock)
    assert ana_ben[:2] == ("Ana", "Ben")
    for title in ("Agreement %", "κ", "κ reading", "Weighted κ", "AC1", "Brennan–Prediger"):
        assert ana_ben[column(title)] == "n/a", title
    assert ana_cy[column("AC1")] != "n/a"
    code = next(
        c
        for c in service(window, coders=CODERS, documents=["Q7"]).result.codes
        if c.code == tuple(SAFE.split("/"))
    )
    assert shown_pairs(dock) == [pair_cells(pair) for pair in code.pairs]
    assert "not applicable" in dock.note.text()
