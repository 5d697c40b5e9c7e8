"""Code ▸ the current code: new, rename, flag, colour, description, merge, split, delete."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex

from qcode.analysis.colours import code_colour
from qcode.services.codebook.merge_split import split_code
from qcode.services.lookup import code_path, get_code
from qcode.services.retrieval import SegmentFilter, retrieve_segments
from qcode.store.models import Code
from qcode.ui.code_dialogs import DESCRIPTION_FIELDS, DescriptionDialog, SplitDialog
from qcode.ui.menus.bar import MenuBar

TITLE = "&Code"
FLAGS = (("Context (C)", "C"), ("Mechanism (M)", "M"), ("Both (C, M)", "CM"), ("None", ""))


def build(window: Any, bar: MenuBar) -> None:  # window: the MainWindow (it imports this)
    on = CurrentCode(window)
    bar.separator(TITLE)
    bar.add(TITLE, "&New code…", lambda: window.codebook.ask_new(None), "Ctrl+Shift+N")
    bar.add(TITLE, "New &sub-code…", on.new_sub_code)
    bar.add(TITLE, "&Rename code", on.rename, "F2")
    bar.add(TITLE, "&Edit code…", on.edit_code)
    flags = bar.menu(TITLE).addMenu("Realist &flag")
    for label, value in FLAGS:
        bar.add(TITLE, label, lambda v=value: on.edit(flags=v), into=flags)
    bar.add(TITLE, "C&olour…", on.colour)
    bar.add(TITLE, "&Description…", on.describe)
    bar.add(TITLE, "&Merge into…", on.merge)
    bar.add(TITLE, "S&plit…", on.split)
    bar.add(TITLE, "De&lete…", on.delete)


class CurrentCode:
    """What the Code menu does to the code chosen in the codebook."""

    def __init__(self, window: Any) -> None:
        self.window = window
        self.workbench = window.workbench
        self.codebook = window.codebook

    def code(self) -> Code | None:
        """The current code as stored now (None, said to the user, when there is none)."""
        code_id = self.workbench.current_code
        if code_id is not None:
            with self.workbench.session() as session:
                found = session.get(Code, code_id)
                if found is not None:
                    session.expunge(found)
                    return found
        self.workbench.report_error("choose a code in the codebook first")
        return None

    def path(self, code: Code) -> tuple[str, ...]:
        with self.workbench.session() as session:
            return tuple(code_path(session, get_code(session, code.id)))

    def new_sub_code(self) -> None:
        code = self.code()
        if code is not None:
            self.codebook.ask_new(self.path(code))

    def rename(self) -> None:
        code = self.code()
        if code is not None:
            index = self.codebook.proxy.mapFromSource(self.codebook.model.index_of(code.id))
            if isinstance(index, QModelIndex) and index.isValid():
                self.codebook.tree.edit(index)

    def edit_code(self) -> None:
        code = self.code()
        if code is not None:
            self.codebook.ask_edit(code.id)

    def edit(self, **fields: object) -> None:
        code = self.code()
        if code is not None:
            self.codebook.edit(code.id, **fields)

    def colour(self) -> None:
        code = self.code()
        if code is not None:
            self.codebook.ask_colour(code.id, code_colour(code.color, code.id))

    def describe(self) -> None:
        code = self.code()
        if code is None:
            return
        values = {field: getattr(code, field) or "" for field, _label in DESCRIPTION_FIELDS}
        dialog = self.window.description_dialog = DescriptionDialog(self.window, code.name, values)
        dialog.accepted.connect(lambda: self.codebook.edit(code.id, **dialog.values()))
        dialog.open()

    def merge(self) -> None:
        code = self.code()
        if code is not None:
            self.codebook.ask_merge(code.id)

    def delete(self) -> None:
        code = self.code()
        if code is not None:
            counts = self.codebook.model.node(self.codebook.model.index_of(code.id))
            self.codebook.ask_delete(code.id, code.name, counts.segments if counts else 0)

    def split(self) -> None:
        code = self.code()
        if code is None:
            return
        with self.workbench.session() as session:  # its own segments, not its sub-codes'
            rows = retrieve_segments(session, SegmentFilter(code=code.id))  # type: ignore[arg-type]
        dialog = self.window.split_dialog = SplitDialog(self.window, code.name, rows)
        dialog.accepted.connect(lambda: self.split_off(code.id, dialog))
        dialog.open()

    def split_off(self, code_id: int, dialog: SplitDialog) -> None:
        project, actor = self.workbench.project, self.workbench.coder
        ids, name = dialog.chosen_ids(), dialog.new_name()
        self.workbench.run(lambda: split_code(project, code_id, ids, name, actor=actor))
