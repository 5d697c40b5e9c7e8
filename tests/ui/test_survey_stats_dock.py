"""The questionnaire statistics dock: every numeric item at once, by group, as `qcode stats`."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from qcode.services.codebook.edit import add_code
from qcode.services.coders import add_coder
from qcode.services.documents.attributes import set_participant_attributes
from qcode.services.imports import import_files
from qcode.services.matrices import NONE_KEY, attribute_statistics
from qcode.store.project import Project, create_project
from qcode.ui.docks.survey_stats import NO_QUESTIONNAIRE, SurveyStatsDock
from qcode.ui.main_window import MainWindow
from qcode.ui.models.survey_stats import number_text
from qcode.ui.workbench import Workbench
from tests.helpers import add_text
from tests.ui.menus import trigger

WELLBEING = "Mentoring improves my wellbeing (1-5)"
TIME = "I have protected time (1-5)"
SURVEY = (
    f"id,Role,{WELLBEING},{TIME},What helped?\n"
    "Q1,GP partner,5,2,Having protected time.\n"
    "Q2,Salaried GP,4,1,Talking it through with someone outside the practice.\n"
    "Q3,GP partner,3,,A colleague who had been there.\n"
    "Q4,Salaried GP,4,3,\n"
)
HEADINGS = ["Item", "Group", "n", "Mean", "SD", "Median", "Min", "Max"]


@pytest.fixture
def survey_project(tmp_path: Path) -> Iterator[Project]:
    """An interview and a questionnaire of four respondents imported from a CSV export."""
    with create_project(tmp_path / "survey.qcode", title="Survey") as project:
        add_coder(project, "Ana")
        add_text(project, "PA 1", "PA: Mentoring gave me time to think.\n", "PA", 1)
        csv = tmp_path / "questionnaire.csv"
        csv.write_text(SURVEY, encoding="utf-8")
        outcomes = import_files(project, [csv])
        assert [o.status for o in outcomes] == ["imported"], [o.message for o in outcomes]
        yield project


def open_window(qtbot, project: Project) -> MainWindow:  # type: ignore[no-untyped-def]
    main = MainWindow(Workbench(project, coder="Ana"), remember_layout=False)
    qtbot.addWidget(main)
    main.resize(1400, 900)
    main.show()
    qtbot.waitExposed(main)
    return main


def opened(qtbot, window: MainWindow) -> SurveyStatsDock:  # type: ignore[no-untyped-def]
    """Analyse ▸ Questionnaire statistics, waited on until the statistics are shown."""
    trigger(window, "Analyse", "Questionnaire statistics")
    dock = window.extra_dock(SurveyStatsDock)
    qtbot.waitUntil(lambda: not dock.visibleRegion().isEmpty())
    return settled(qtbot, dock)


def settled(qtbot, dock: SurveyStatsDock) -> SurveyStatsDock:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: dock.builder.requested > 0 and not dock.builder.busy, timeout=20000)
    return dock


def shown_rows(dock: SurveyStatsDock) -> list[list[str]]:
    view = dock.table.model()
    return [
        [str(view.index(r, c).data()) for c in range(view.columnCount())]
        for r in range(view.rowCount())
    ]


def expected_rows(project: Project, by: str | None) -> list[list[str]]:
    """What the CLI's service says, item by item, formatted as the dock formats it."""
    rows = []
    with project.session() as session:
        for item in (TIME, WELLBEING):
            overall, groups = attribute_statistics(session, item, by)
            by_group = sorted(groups.items(), key=lambda pair: pair[0] == NONE_KEY)
            for key, d in [("All respondents", overall), *by_group]:
                group = "Not set" if key == NONE_KEY else key
                numbers = [d.mean, d.sd, d.median, d.minimum, d.maximum]
                rows.append([item, group, str(d.n), *(number_text(v) for v in numbers)])
    return rows


def test_every_item_at_once_then_by_a_survey_column(qtbot, survey_project, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, survey_project)
    dock = opened(qtbot, window)
    assert dock.stack.currentWidget() is dock.table
    assert shown_rows(dock) == expected_rows(survey_project, None)
    # By hand: wellbeing 5, 4, 3, 4 (SD √(2/3)); protected time 2, 1, (blank), 3.
    assert shown_rows(dock)[1] == [WELLBEING, "All respondents", "4", "4.00", "0.82", "4.00"] + [
        "3.00",
        "5.00",
    ]
    assert shown_rows(dock)[0][2:6] == ["3", "2.00", "1.00", "2.00"]
    assert dock.table.isColumnHidden(1)
    qtmodeltester.check(dock.model)

    box = dock.group_box
    assert [box.itemText(i) for i in range(box.count())] == ["No grouping", "Role"]
    box.setCurrentIndex(box.findText("Role"))
    rows = shown_rows(settled(qtbot, dock))
    assert rows == expected_rows(survey_project, "Role")
    assert not dock.table.isColumnHidden(1)
    partners = next(r for r in rows if r[:2] == [WELLBEING, "GP partner"])
    assert partners[2:6] == ["2", "4.00", "1.41", "4.00"]  # 5 and 3
    lone = next(r for r in rows if r[:2] == [TIME, "GP partner"])
    assert lone[2:5] == ["1", "2.00", ""]  # one answer: no SD
    qtmodeltester.check(dock.model)


def test_copy_puts_the_sorted_table_on_the_clipboard(qtbot, survey_project) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, survey_project)
    dock = opened(qtbot, window)
    header = dock.table.horizontalHeader()
    mean = HEADINGS.index("Mean")
    at = QPoint(header.sectionViewportPosition(mean) + header.sectionSize(mean) // 2, 5)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=at)
    if header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder:
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=at)
    assert header.sortIndicatorSection() == mean
    assert [row[0] for row in shown_rows(dock)] == [WELLBEING, TIME]  # 4.00 above 2.00

    qtbot.mouseClick(dock.copy_button, Qt.MouseButton.LeftButton)
    lines = QApplication.clipboard().text().splitlines()
    assert lines[0].split("\t") == [h for h in HEADINGS if h != "Group"]
    assert lines[1].split("\t") == [WELLBEING, "4", "4.00", "0.82", "4.00", "3.00", "5.00"]
    assert lines[2].split("\t")[:2] == [TIME, "3"] and len(lines) == 3


def test_a_new_attribute_becomes_a_grouping_and_other_changes_are_ignored(
    qtbot, survey_project
) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, survey_project)
    dock = opened(qtbot, window)
    workbench = window.workbench
    requested = dock.builder.requested
    workbench.run(lambda: add_code(survey_project, "Better work/Protected time"))
    assert dock.builder.requested == requested  # the codebook is no part of the statistics
    for respondent, site in (("Q1", "North"), ("Q2", "North"), ("Q3", "South")):
        workbench.run(
            lambda r=respondent, s=site: set_participant_attributes(survey_project, r, {"Site": s})
        )
    settled(qtbot, dock)
    assert dock.builder.requested > requested
    box = dock.group_box
    assert box.findText("Site") >= 0
    box.setCurrentIndex(box.findText("Site"))
    rows = shown_rows(settled(qtbot, dock))
    assert rows == expected_rows(survey_project, "Site")
    unset = next(r for r in rows if r[:2] == [WELLBEING, "Not set"])  # Q4 has no site
    assert unset[2:4] == ["1", "4.00"]

    window.segments.raise_()
    qtbot.waitUntil(lambda: dock.visibleRegion().isEmpty())
    requested = dock.builder.requested
    workbench.run(lambda: set_participant_attributes(survey_project, "Q4", {"Site": "South"}))
    assert dock.when_shown.stale and dock.builder.requested == requested
    trigger(window, "Analyse", "Questionnaire statistics")
    rows = shown_rows(settled(qtbot, dock))
    assert not any(r[1] == "Not set" for r in rows)


def test_a_project_without_questionnaires_says_so(qtbot, ui_project) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, ui_project)
    dock = opened(qtbot, window)
    assert dock.stack.currentWidget() is dock.empty
    assert dock.empty.text() == NO_QUESTIONNAIRE and "Import" in NO_QUESTIONNAIRE
    assert not dock.copy_button.isEnabled()
    assert [dock.group_box.itemText(i) for i in range(dock.group_box.count())] == ["No grouping"]
