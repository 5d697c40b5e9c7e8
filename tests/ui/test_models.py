"""Every item model of the main window passes pytest-qt's qtmodeltester, loaded with real rows."""

from __future__ import annotations

from qcode.services.codebook.edit import codebook_tree
from qcode.services.documents.view import document_entries
from qcode.services.retrieval import retrieve_segments
from qcode.ui.docks.codebook import CodeFilterModel
from qcode.ui.models.codebook import CodebookTreeModel
from qcode.ui.models.documents import QUESTIONNAIRES, DocumentsTreeModel, group_documents
from qcode.ui.models.segments import SegmentsFilterModel, SegmentsTableModel


def test_documents_tree_model(qtmodeltester, workbench) -> None:
    model = DocumentsTreeModel()
    with workbench.session() as session:
        model.set_entries(document_entries(session))
    qtmodeltester.check(model)
    assert [g.title for g in model.groups] == ["PA", "PB"]
    assert model.rowCount(model.index(0, 0)) == 1


def test_documents_group_questionnaires_after_interviews(workbench) -> None:
    with workbench.session() as session:
        entries = document_entries(session)
    survey = entries[0].__class__(99, "Q7", "questionnaire", "Q7", None, 40, 0, ())
    groups = group_documents([survey, *entries])
    assert [g.title for g in groups] == ["PA", "PB", QUESTIONNAIRES]


def test_codebook_tree_model_and_its_quick_find(qtmodeltester, workbench) -> None:
    model = CodebookTreeModel()
    with workbench.session() as session:
        model.set_nodes(codebook_tree(session))
    qtmodeltester.check(model)
    proxy = CodeFilterModel()
    proxy.setSourceModel(model)
    proxy.set_query("listend")  # misspelt: still finds "Being listened to", under its theme
    qtmodeltester.check(proxy)
    assert proxy.rowCount() == 1
    theme = proxy.index(0, 0)
    assert theme.data() == "Better work"
    assert [proxy.index(r, 0, theme).data() for r in range(proxy.rowCount(theme))] == [
        "Being listened to"
    ]


def test_segments_table_model_and_filter(qtmodeltester, workbench) -> None:
    model = SegmentsTableModel()
    with workbench.session() as session:
        model.set_rows(retrieve_segments(session))
    qtmodeltester.check(model)
    proxy = SegmentsFilterModel()
    proxy.setSourceModel(model)
    proxy.set_coder("Ben")
    qtmodeltester.check(proxy)
    assert proxy.rowCount() == 2
    proxy.sort(0)
    assert [proxy.index(r, 0).data() for r in range(2)] == ["PA 1, line 2", "PB 2, line 2"]
