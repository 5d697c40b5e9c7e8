"""Analyse ▸ Agreement: coders and scope chosen in the dock, figures as the service computes."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import krippendorff
import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QListWidget

from qcode.analysis.agreement.measures import alpha_band
from qcode.ingest import IngestedDocument
from qcode.services.agreement import AgreementReport, AgreementRequest, agreement
from qcode.services.codebook.edit import add_code
from qcode.services.coders import add_coder
from qcode.services.coding import code_span
from qcode.services.documents.importing import store_ingested
from qcode.services.documents.outcomes import ImportOptions
from qcode.services.memos import add_memo
from qcode.store.project import Project, create_project
from qcode.ui.docks.agreement import TOO_FEW, AgreementDock
from qcode.ui.main_window import MainWindow
from qcode.ui.models.agreement import pair_cells
from qcode.ui.workbench import Workbench
from tests.helpers import add_text
from tests.ui.conftest import TEXT_A, TEXT_B
from tests.ui.menus import trigger

SURVEY = "Q7: My mentor listened, and I felt safe to say what was wrong at work.\n"
PROTECTED = "Better work/Protected time"
LISTENED = "Better work/Being listened to"
SAFE = "Better relationships/Safe space"
# (document, code, coder, start, end): three coders who agree in part; Dee never codes.
CODING = (
    ("PA 1", PROTECTED, "Ana", 63, 77),
    ("PA 1", PROTECTED, "Ben", 52, 100),
    ("PA 1", PROTECTED, "Cy", 63, 78),
    ("PA 1", LISTENED, "Ana", 99, 124),
    ("PA 1", LISTENED, "Cy", 99, 124),
    ("PB 2", SAFE, "Ana", 90, 110),
    ("PB 2", SAFE, "Ben", 99, 103),
    ("PB 2", SAFE, "Cy", 88, 110),
    ("Q7", LISTENED, "Ana", 4, 22),
    ("Q7", LISTENED, "Ben", 4, 22),
    ("Q7", SAFE, "Cy", 29, 49),
)
SIZES = {"PA 1": len(TEXT_A), "PB 2": len(TEXT_B), "Q7": len(SURVEY)}


@pytest.fixture
def team(tmp_path: Path) -> Iterator[Project]:
    """Two interviews and a survey answer coded by Ana, Ben and Cy; Dee is named, codes none."""
    with create_project(tmp_path / "team.qcode", title="Team study") as project:
        add_text(project, "PA 1", TEXT_A, "PA", 1)
        add_text(project, "PB 2", TEXT_B, "PB", 2)
        answer = IngestedDocument("Q7", SURVEY, "csv", kind="questionnaire", participant="Q7")
        store_ingested(project, Path("survey.csv"), [answer], ImportOptions())
        for name in ("Ana", "Ben", "Cy", "Dee"):
            add_coder(project, name)
        for path in (PROTECTED, LISTENED, SAFE):
            add_code(project, path)
        for document, code, coder, start, end in CODING:
            code_span(project, document, code, coder, start, end)
        yield project


@pytest.fixture
def window(qtbot, team: Project) -> MainWindow:  # type: ignore[no-untyped-def]
    main = MainWindow(Workbench(team, coder="Ana"), remember_layout=False)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    return main


def open_dock(qtbot, window: MainWindow) -> AgreementDock:  # type: ignore[no-untyped-def]
    trigger(window, "Analyse", "Agreement")
    dock = window.extra_dock(AgreementDock)
    qtbot.waitExposed(dock)
    return settled(qtbot, dock)


def settled(qtbot, dock: AgreementDock) -> AgreementDock:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not dock.computer.busy, timeout=20000)
    return dock


def item(widget: QListWidget, name: str):  # type: ignore[no-untyped-def]
    return next(widget.item(r) for r in range(widget.count()) if widget.item(r).text() == name)


def tick(widget: QListWidget, name: str, on: bool = True) -> None:
    item(widget, name).setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)


def choose(box, data: object) -> None:  # type: ignore[no-untyped-def]
    index = box.findData(data)
    assert index >= 0, data
    box.setCurrentIndex(index)


def service(window: MainWindow, **request: object) -> AgreementReport:
    with window.workbench.session() as session:
        return agreement(session, AgreementRequest(**request))  # type: ignore[arg-type]


def shown_pairs(dock: AgreementDock) -> list[tuple[str, ...]]:
    model = dock.pairs_model
    return [
        tuple(model.index(r, c).data() for c in range(model.columnCount()))
        for r in range(model.rowCount())
    ]


def expected_pairs(report: AgreementReport) -> list[tuple[str, ...]]:
    return [pair_cells(pair) for pair in report.result.overall.pairs]


def test_opens_from_the_menu_on_everyone_who_coded_with_the_services_figures(
    qtbot, qtmodeltester, window
) -> None:
    dock = open_dock(qtbot, window)
    assert dock.isVisible() and dock.report is not None
    ticked = [item(dock.coder_list, n).checkState() for n in ("Ana", "Ben", "Cy", "Dee")]
    assert ticked == [Qt.CheckState.Checked] * 3 + [Qt.CheckState.Unchecked]
    expected = service(window, coders=("Ana", "Ben", "Cy"))
    rows = shown_pairs(dock)
    assert [row[:2] for row in rows] == [("Ana", "Ben"), ("Ana", "Cy"), ("Ben", "Cy")]
    assert rows == expected_pairs(expected)
    kappa = expected.result.overall.pairs[0].counts.kappa
    assert rows[0][3] == f"{kappa:.3f}" and rows[0][4] in {"slight", "fair", "moderate"}
    alpha = expected.result.overall.alpha
    assert dock.alpha_label.text() == (
        f"Krippendorff's α over Ana, Ben, Cy: {alpha:.3f} ({alpha_band(alpha)})"
    )
    qtmodeltester.check(dock.pairs_model)
    qtmodeltester.check(dock.presence_model)


def test_three_coders_alpha_on_one_code_is_krippendorffs(qtbot, window) -> None:
    dock = open_dock(qtbot, window)
    dock.figures_box.setCurrentIndex(dock.figures_box.findText(PROTECTED))
    units = {c: np.zeros(sum(SIZES.values()), dtype=int) for c in ("Ana", "Ben", "Cy")}
    offsets = {"PA 1": 0, "PB 2": SIZES["PA 1"], "Q7": SIZES["PA 1"] + SIZES["PB 2"]}
    for document, code, coder, start, end in CODING:
        if code == PROTECTED:
            units[coder][offsets[document] + start : offsets[document] + end] = 1
    reference = krippendorff.alpha(
        reliability_data=np.stack(list(units.values())), level_of_measurement="nominal"
    )
    summary = dock.summary()
    assert summary is not None and summary.code == tuple(PROTECTED.split("/"))
    assert summary.alpha == pytest.approx(reference, abs=1e-9)
    assert f": {reference:.3f} (" in dock.alpha_label.text()
    expected = service(window, coders=("Ana", "Ben", "Cy"))
    code = next(c for c in expected.result.codes if c.code == summary.code)
    assert shown_pairs(dock) == [pair_cells(pair) for pair in code.pairs]


def test_scope_of_codes_and_documents_is_the_services(qtbot, window) -> None:
    dock = open_dock(qtbot, window)
    coders = ("Ana", "Ben", "Cy")
    choose(dock.code_box, "Better work")
    dock.aggregate.setChecked(True)
    settled(qtbot, dock)
    branch = service(window, coders=coders, code="Better work", aggregate=True)
    assert shown_pairs(dock) == expected_pairs(branch)
    assert [c.code for c in dock.report.result.codes] == [("Better work",)]

    choose(dock.code_box, None)
    dock.aggregate.setChecked(False)
    choose(dock.document_box, "interview")
    settled(qtbot, dock)
    interviews = service(window, coders=coders, documents=("PA 1", "PB 2"))
    assert dock.report.result.documents == ("PA 1", "PB 2")
    assert shown_pairs(dock) == expected_pairs(interviews)

    choose(dock.document_box, "questionnaire")
    settled(qtbot, dock)
    assert dock.report.result.documents == ("Q7",)
    assert shown_pairs(dock) == expected_pairs(service(window, coders=coders, documents=("Q7",)))

    choose(dock.document_box, "chosen")
    assert dock.document_list.isVisible() and dock.report is None
    assert dock.note.text() == "Tick the documents to compare on."
    tick(dock.document_list, "PA 1")
    settled(qtbot, dock)
    assert shown_pairs(dock) == expected_pairs(service(window, coders=coders, documents=["PA 1"]))


def test_code_presence_says_which_coders_applied_each_code(qtbot, window) -> None:
    dock = open_dock(qtbot, window)
    model = dock.presence_model
    assert model.documents == ["PA 1", "PB 2", "Q7"]
    tip = Qt.ItemDataRole.ToolTipRole
    assert [model.headerData(r, Qt.Orientation.Vertical) for r in range(model.rowCount())] == [
        "    Protected time",
        "    Being listened to",
        "    Safe space",
    ]
    at = {
        (model.headerData(r, Qt.Orientation.Vertical, tip), model.documents[c]): model.index(r, c)
        for r in range(model.rowCount())
        for c in range(model.columnCount())
    }
    assert at[("Better work / Being listened to", "PA 1")].data() == "AN CY"
    assert at[("Better work / Being listened to", "Q7")].data() == "AN BE"
    assert at[("Better relationships / Safe space", "Q7")].data() == "CY"
    assert at[("Better work / Protected time", "PB 2")].data() == ""
    said = at[("Better work / Being listened to", "PA 1")].data(tip)
    assert said == "Applied by Ana, Cy; not by Ben"


def test_the_overlap_threshold_changes_segment_agreement(qtbot, window) -> None:
    dock = open_dock(qtbot, window)
    tick(dock.coder_list, "Cy", False)
    settled(qtbot, dock)
    assert dock.threshold.value() == 90
    strict = shown_pairs(dock)[0]
    # Protected time in PA 1: Ana 63–77 within Ben 52–100 is 14/48 ≈ 29 % overlap.
    dock.threshold.setValue(25)
    settled(qtbot, dock)
    loose = shown_pairs(dock)[0]
    expected = service(window, coders=("Ana", "Ben"), threshold=25.0)
    assert loose == expected_pairs(expected)[0]
    matched = expected.result.overall.pairs[0].segments
    assert loose[6] == f"{matched.a_matched + matched.b_matched} of 7"  # Ana's 4, Ben's 3
    assert (strict[6], strict[7]) != (loose[6], loose[7])
    assert strict[:6] == loose[:6]  # the characters' figures do not depend on it


def test_export_writes_the_figures_shown(qtbot, window, tmp_path: Path, monkeypatch) -> None:
    dock = open_dock(qtbot, window)
    target = tmp_path / "agreement"
    monkeypatch.setattr(
        QFileDialog,
        "getSaveFileName",
        staticmethod(lambda *_a, **_k: (str(target), "CSV, one long table (*.csv)")),
    )
    qtbot.mouseClick(dock.export_button, Qt.MouseButton.LeftButton)
    written = target.with_suffix(".csv")
    with written.open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    overall = [r for r in rows if r["Level"] == "overall"]
    expected = service(window, coders=("Ana", "Ben", "Cy")).result.overall
    assert [(r["Coder A"], r["Coder B"]) for r in overall] == [
        (p.coder_a, p.coder_b) for p in expected.pairs
    ]
    for row, pair in zip(overall, expected.pairs, strict=True):
        assert float(row["Kappa"]) == pytest.approx(pair.counts.kappa, abs=1e-12)
        assert float(row["Agreement %"]) == pytest.approx(pair.counts.agreement, abs=1e-12)
        assert float(row["Alpha"]) == pytest.approx(expected.alpha, abs=1e-12)
    assert window.workbench.errors == []


def test_fewer_than_two_coders_computes_nothing(qtbot, window, tmp_path: Path, monkeypatch) -> None:
    dock = open_dock(qtbot, window)
    tick(dock.coder_list, "Ben", False)
    settled(qtbot, dock)
    asked = dock.computer.requested
    tick(dock.coder_list, "Cy", False)
    assert dock.note.text() == TOO_FEW and dock.computer.requested == asked
    assert dock.pairs_model.rowCount() == 0 and dock.presence_model.rowCount() == 0
    assert dock.alpha_label.text() == "" and dock.report is None
    tick(dock.coder_list, "Dee")
    assert dock.computer.requested == asked + 1
    settled(qtbot, dock)
    assert dock.report is not None and dock.report.coders == ("Ana", "Dee")
    tick(dock.coder_list, "Dee", False)
    asked = dock.computer.requested
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *_a: pytest.fail("asked for a file"))
    )
    qtbot.mouseClick(dock.export_button, Qt.MouseButton.LeftButton)
    assert window.workbench.errors[-1].startswith("no figures to export yet")
    assert dock.computer.requested == asked and list(tmp_path.glob("*.csv")) == []


def test_refreshes_when_shown_and_only_for_changes_to_its_content(qtbot, window) -> None:
    dock = open_dock(qtbot, window)
    project, workbench = window.workbench.project, window.workbench
    asked = dock.computer.requested
    workbench.run(lambda: add_memo(project, "A thought about listening."))
    assert dock.computer.requested == asked  # a memo changes no figure

    window.segments.show()
    window.segments.raise_()
    qtbot.waitUntil(lambda: dock.visibleRegion().isEmpty())
    workbench.run(lambda: code_span(project, "PB 2", PROTECTED, "Ben", 0, 20))
    assert dock.computer.requested == asked and dock.when_shown.stale

    trigger(window, "Analyse", "Agreement")
    settled(qtbot, dock)
    assert dock.computer.requested == asked + 1 and not dock.when_shown.stale
    expected = service(window, coders=("Ana", "Ben", "Cy"))
    assert shown_pairs(dock) == expected_pairs(expected)
    assert dock.presence_model.coders_at(
        dock.presence_model.codes.index(tuple(PROTECTED.split("/"))),
        dock.presence_model.documents.index("PB 2"),
    ) == ("Ben",)
