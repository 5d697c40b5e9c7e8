"""Every item model of the main window passes pytest-qt's qtmodeltester, loaded with real rows."""

from __future__ import annotations

from PySide6.QtCore import Qt

from qcode.services.codebook.edit import codebook_tree
from qcode.services.documents.view import document_entries
from qcode.services.listing.pages import SegmentListing, ordered_ids, page_rows
from qcode.ui.docks.codebook import CodeFilterModel
from qcode.ui.models.codebook import CodebookTreeModel
from qcode.ui.models.documents import QUESTIONNAIRES, DocumentsTreeModel, group_documents
from qcode.ui.models.segment_pages import PENDING, SegmentPagesTableModel
from qcode.ui.models.segments import segment_ids_from


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
    survey = entries[0].__class__(99, "Q7", "questionnaire", "Q7", None, 40, 1, 0, ())
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


def test_segment_pages_model_fetches_only_what_is_shown(qtbot, qtmodeltester, workbench) -> None:
    fetched: list[list[int]] = []

    def fetch(ids):  # type: ignore[no-untyped-def]
        fetched.append(list(ids))
        with workbench.session() as session:
            return page_rows(session, ids)

    sorted_by: list[tuple[int, bool]] = []
    model = SegmentPagesTableModel(fetch, lambda column, down: sorted_by.append((column, down)))
    with workbench.session() as session:
        ids = ordered_ids(session, SegmentListing())
    model.set_ids(ids)
    assert fetched == []
    assert model.index(0, 0).data() == PENDING
    qtbot.waitUntil(lambda: model.index(0, 0).data() != PENDING)
    assert fetched == [ids]
    assert model.index(0, 0).data() == "PA 1, line 2"
    qtmodeltester.check(model)
    mime = model.mimeData([model.index(1, 0), model.index(1, 3)])
    assert segment_ids_from(mime) == [ids[1]]
    model.sort(2, Qt.SortOrder.DescendingOrder)
    assert sorted_by == [(2, True)]
