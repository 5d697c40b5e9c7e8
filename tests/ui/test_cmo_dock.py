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

    protected, listened = dock.categories.item(0), dock.categories.item(1)
    assert protected.text().startswith("• Protected time (C) — 1 participant, 2 segments")
    assert ticks(dock) == [True, True]  # a new statement inherits the theme's C/M categories
    assert dock.categories_note.text().startswith("Inherited")
    assert not dock.inherit.isEnabled()
    listened.setCheckState(Qt.CheckState.Unchecked)
    counted(qtbot, dock)
    (saved,) = statements(workbench)["Better work"]
    assert [c.path for c in saved.categories] == [("Better work", "Protected time")]
    assert not saved.inherited and dock.categories_note.text().startswith("Narrowed")
    assert ticks(dock) == [True, False]

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
    # the words stop inside their sentence at both ends, so "…" marks it (docs/outputs.md)
    assert dock.evidence.item(0).text() == "“… protected time …” [PA 1, line 2]"

    workbench.run(lambda: update_code(workbench.project, saved.categories[0].id, flags="CM"))
    counted(qtbot, dock)
    assert dock.categories.item(0).text().startswith("• Protected time (C, M)")
    assert "• Protected time (C, M)" in dock.model.index(0, 1).data()
    workbench.undo()
    counted(qtbot, dock)
    assert dock.categories.item(0).text().startswith("• Protected time (C)")


def ticks(dock: CmoDock) -> list[bool]:
    items = [dock.categories.item(row) for row in range(dock.categories.count())]
    return [item.checkState() == Qt.CheckState.Checked for item in items]


def test_narrow_refuse_none_and_inherit_again(qtbot, workbench) -> None:  # type: ignore[no-untyped-def]
    dock = CmoDock(workbench)
    qtbot.addWidget(dock)
    dock.show()
    counted(qtbot, dock)
    dock.select_theme(dock.model.row_at(0).id)
    dock.add_statement("Being listened to makes protected time count")
    counted(qtbot, dock)
    dock.categories.item(0).setCheckState(Qt.CheckState.Unchecked)
    counted(qtbot, dock)
    assert ticks(dock) == [False, True] and dock.inherit.isEnabled()
    reported = len(workbench.errors)
    dock.categories.item(1).setCheckState(Qt.CheckState.Unchecked)  # none left: refused
    assert ticks(dock) == [False, True]
    assert len(workbench.errors) == reported + 1
    assert "would draw on no category" in workbench.errors[-1]
    (saved,) = statements(workbench)["Better work"]
    assert [c.name for c in saved.categories] == ["Being listened to"]
    dock.inherit.click()
    counted(qtbot, dock)
    (saved,) = statements(workbench)["Better work"]
    assert saved.inherited and ticks(dock) == [True, True] and not dock.inherit.isEnabled()
    workbench.undo()
    counted(qtbot, dock)
    assert ticks(dock) == [False, True]


def test_overview_model_passes_the_model_tester(qtmodeltester, workbench) -> None:
    model = CmoTableModel()
    with workbench.session() as session:
        model.set_rows(list_statements(session, all_themes=True))
    qtmodeltester.check(model)
    assert model.index(1, 2).data() == "(no statement yet)"
