"""The CMO editor driven through its widgets: add a statement, attach evidence, follow the flags."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QDropEvent

from qcode.services.codebook.edit import update_code
from qcode.services.realist.configurations import list_statements
from qcode.services.retrieval import retrieve_segments
from qcode.ui.docks.cmo import CmoDock
from qcode.ui.models.cmo import CmoTableModel
from qcode.ui.models.segment_pages import SegmentPagesTableModel


def statements(workbench):  # type: ignore[no-untyped-def]
    with workbench.session() as session:
        return {t.name: t.statements for t in list_statements(session)}


def counted(qtbot, dock: CmoDock) -> None:  # type: ignore[no-untyped-def]
    """Wait (as a user would) until the support counted off the UI thread is shown."""
    qtbot.waitUntil(lambda: not dock.counter.busy, timeout=20000)


def test_add_a_statement_attach_evidence_and_follow_flags(qtbot, qtmodeltester, workbench) -> None:
    dock = CmoDock(workbench)
    qtbot.addWidget(dock)
    dock.show()
    qtbot.waitExposed(dock)
    counted(qtbot, dock)
    qtmodeltester.check(dock.model)
    assert [dock.model.index(r, 0).data() for r in range(2)] == [
        "Better work",
        "Better relationships",
    ]
    dock.select_theme(dock.model.row_at(0).id)
    assert dock.add_statement("Protected time lets mentees be heard") is not None
    counted(qtbot, dock)
    item = dock.statements.currentItem()
    item.setText("Protected time makes room to be heard, and being heard helps at work")
    counted(qtbot, dock)
    (saved,) = statements(workbench)["Better work"]
    assert saved.text == "Protected time makes room to be heard, and being heard helps at work"

    protected = dock.categories.item(0)
    assert protected.text().startswith("• Protected time (C) — 1 participant, 2 segments")
    protected.setCheckState(Qt.CheckState.Checked)
    counted(qtbot, dock)
    (saved,) = statements(workbench)["Better work"]
    assert [c.path for c in saved.categories] == [("Better work", "Protected time")]

    with workbench.session() as session:
        rows = retrieve_segments(session)
    segments = SegmentPagesTableModel(lambda ids: {r.id: r for r in rows if r.id in ids})
    segments.set_ids([r.id for r in rows])
    ana_protected = next(r for r in rows if r.coder == "Ana" and r.code[-1] == "Protected time")
    row = rows.index(ana_protected)
    mime = segments.mimeData([segments.index(row, 0), segments.index(row, 3)])
    drop = QDropEvent(
        QPointF(5, 5),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    dock.evidence.dropEvent(drop)
    counted(qtbot, dock)
    (saved,) = statements(workbench)["Better work"]
    assert [q.segment_id for q in saved.evidence] == [ana_protected.id]
    assert dock.evidence.item(0).text() == "“protected time” [PA 1, line 2]"

    workbench.run(lambda: update_code(workbench.project, saved.categories[0].id, flags="CM"))
    counted(qtbot, dock)
    assert dock.categories.item(0).text().startswith("• Protected time (C, M)")
    assert "• Protected time (C, M)" in dock.model.index(0, 1).data()
    workbench.undo()
    counted(qtbot, dock)
    assert dock.categories.item(0).text().startswith("• Protected time (C)")


def test_overview_model_passes_the_model_tester(qtmodeltester, workbench) -> None:
    model = CmoTableModel()
    with workbench.session() as session:
        model.set_rows(list_statements(session, all_themes=True))
    qtmodeltester.check(model)
    assert model.index(1, 2).data() == "(no statement yet)"
