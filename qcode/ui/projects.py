"""Which project the program has open: New, Open, Open recent and Close swap the main window."""

from __future__ import annotations

import gc
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QThreadPool, QTimer
from PySide6.QtWidgets import QMainWindow, QWidget

from qcode import error_log
from qcode.errors import QcodeError
from qcode.services.codebook.exchange import apply_template
from qcode.services.integrity import open_warning
from qcode.services.output_paths import same_file
from qcode.store.postgres import open_server_project
from qcode.store.project import Project, create_project, open_project
from qcode.ui.project_dialogs import (
    PROJECT_FILTER,
    NewProjectDialog,
    StartWindow,
    choose_file,
    default_folder,
    forget_last,
    recent_projects,
    remember_project,
)
from qcode.ui.team_server.open_dialog import TeamProjectDialog
from qcode.ui.workbench import Workbench

WINDOW_SIZE = (1480, 900)
WORKERS_WAIT_MS = 10_000  # docks' reads still running on a closed project are waited for

# Makes the main window on an open project for a coder (the app's own, or the test's).
WindowFactory = Callable[[Project, str | None], QMainWindow]


def build_window(
    window_class: type[QMainWindow],
    project: Project,
    coder: str | None,
    ask: bool,
    remember_layout: bool,
) -> QMainWindow:
    """The main window on an open project, the first interview shown; asks who codes if ``ask``."""
    workbench = Workbench(project, coder)
    window: Any = window_class(workbench, remember_layout=remember_layout)  # type: ignore[call-arg]
    window.resize(*WINDOW_SIZE)
    window.size_docks()
    first = window.documents.first_document()
    if first is not None:
        window.transcript.open_document(first)
    if ask and not coder:
        window.ask_coder()
    warning = open_warning(project)  # a damaged file is said, never changed without asking
    if warning is not None:
        window.show_message(warning, True)
    elif project.read_only:  # opened so that nothing can change it; edits say so in one line
        line = f"{project.path.name} is read-only: read and export; open a copy to change it"
        window.show_message(line, False)
    elif (note := project.opening_note()) is not None:  # upgraded or repaired: the old file
        window.show_message(note, False)
    window.damage_warning = warning
    freeze_when_idle()  # what the window keeps stays out of full collections
    return window


def freeze_survivors() -> None:
    """Keep what lives as long as the window out of Python's full garbage collections.

    CPython's oldest-generation collection walks every container object alive: with the
    window, SQLAlchemy and Qt's wrappers that is about 150,000 objects and 50 ms, a pause
    that lands on a coding action now and then. Collected once, what survived is frozen
    (``gc.freeze``): later collections walk only what was made since. A frozen object is
    still freed when its last reference goes; one caught in a cycle waits for ``thaw``.
    """
    gc.collect()
    gc.freeze()


_FREEZE_DUE = [False]


def freeze_when_idle() -> None:
    """Freeze survivors once the event loop is next idle: after the first paint, and after
    a window being swapped out has gone (asked several times before then: frozen once)."""
    if not _FREEZE_DUE[0]:
        _FREEZE_DUE[0] = True
        QTimer.singleShot(0, _freeze_due)


def _freeze_due() -> None:
    _FREEZE_DUE[0] = False
    freeze_survivors()


def thaw() -> None:
    """Let full collections walk everything again (a window closed: its cycles can go)."""
    gc.unfreeze()


def opened_line(project: Project) -> str:
    """What the status bar says when a project opens (a team project names its server)."""
    if not project.on_server:
        return f"Opened {project.path.name}"
    host = project.engine.url.host or "this machine"
    return f"Opened team project {project.path.name} on {host}: others' changes show as they land"


class Projects(QObject):
    """The one open project's window, or the start window when none is open."""

    def __init__(
        self, make_window: WindowFactory, coder: str | None = None, delete_closed: bool = False
    ) -> None:
        super().__init__()
        self.make_window = make_window
        self.coder = coder
        self.delete_closed = delete_closed  # the app frees a closed window; tests keep theirs
        self.window: Any = None
        self.start: StartWindow | None = None
        self.new_dialog: NewProjectDialog | None = None
        self.team_dialog: TeamProjectDialog | None = None

    @classmethod
    def of(cls, window: Any) -> Projects:
        """The projects a main window belongs to (a window made on its own gets its own)."""
        found = getattr(window, "projects", None)
        if isinstance(found, Projects):
            return found
        make = partial(
            build_window, type(window), ask=False, remember_layout=window.remember_layout
        )
        projects = cls(make, window.workbench.coder)
        projects.adopt(window)
        return projects

    def adopt(self, window: Any) -> None:
        """``window`` is now the open project's window."""
        self.window = window
        window.projects = self
        remember_project(window.workbench.project.path)

    # -- asking ---------------------------------------------------------------------------------

    def here(self) -> QWidget:
        return self.window if self.window is not None else self.start_window()

    def folder(self) -> Path:
        if self.window is not None:
            return Path(self.window.workbench.project.path).parent
        recent = recent_projects()
        return recent[0].parent if recent else default_folder()

    def ask_new(self) -> NewProjectDialog:
        dialog = self.new_dialog = NewProjectDialog(self.here(), self.folder(), self.create)
        dialog.open()
        return dialog

    def ask_open(self) -> None:
        choose_file(
            self.here(),
            "Open a qcode project",
            [PROJECT_FILTER],
            lambda path, _filter: self.open_path(path),
            folder=self.folder(),
        )

    def ask_team_project(self) -> TeamProjectDialog:
        dialog = self.team_dialog = TeamProjectDialog(self.here(), self.open_url)
        dialog.open()
        return dialog

    def report(self, text: str) -> None:
        if self.window is not None:
            self.window.workbench.report_error(text)
        else:
            self.start_window().show_error(text)

    def leaving_problem(self) -> str | None:
        """Why the open project cannot be left yet (work still running or unsaved), if so."""
        window = self.window
        if window is None:
            return None
        if window.jobs.busy:
            return "a task is still running: wait for it or cancel it, then try again"
        memo = window.memo_dock
        if memo.is_dirty():
            memo.show()
            memo.raise_()
            return "the memo panel holds an unsaved memo: save it or clear it first"
        return None

    # -- doing ------------------------------------------------------------------------------------

    def create(self, path: Path, title: str, template: str) -> str | None:
        """Make a project with a codebook template and open it; None, or why it was refused."""
        problem = self.leaving_problem()
        if problem is not None:
            return problem
        try:
            project = create_project(path, title=title)
        except QcodeError as exc:
            return str(exc)
        try:
            apply_template(project, template, actor=self.current_coder())
        except Exception as exc:  # noqa: BLE001 - the half-made file goes; the reason is said
            project.close()
            path.unlink(missing_ok=True)
            return error_log.user_line(exc, path)
        self.show_project(project)
        return None

    def open_path(self, path: Path) -> bool:
        """Open a project file in place of the open one; a refusal leaves everything as it was."""
        if self.window is not None and same_file(path, Path(self.window.workbench.project.path)):
            self.window.show_message(f"{path.name} is already open", False)
            return True
        problem = self.leaving_problem()
        if problem is not None:
            self.report(problem)
            return False
        try:
            project = open_project(path)
        except Exception as exc:  # noqa: BLE001 - a file qcode cannot read is one line
            self.report(error_log.user_line(exc, path))
            return False
        return self.show_project(project)

    def open_url(self, url: str) -> str | None:
        """Open a team project on a server in place of the open one; None, or why not."""
        problem = self.leaving_problem()
        if problem is not None:
            return problem
        try:
            project = open_server_project(url)
        except Exception as exc:  # noqa: BLE001 - an unreachable server is one line
            return error_log.user_line(exc, url)
        return None if self.show_project(project) else "the project could not be shown"

    def show_project(self, project: Project) -> bool:
        old = self.window
        if not project.on_server:
            remember_project(project.path)  # first, so the new window's Open recent lists it
        try:
            window: Any = self.make_window(project, self.current_coder())
        except Exception as exc:  # noqa: BLE001 - said in one line; the old window stays
            project.close()
            self.report(error_log.one_line(exc))
            return False
        if old is not None:
            window.setGeometry(old.geometry())
        self.adopt(window)
        window.show()
        said = project.read_only or project.opening_note() is not None
        if getattr(window, "damage_warning", None) is None and not said:
            window.show_message(opened_line(project), False)
        if old is not None:
            self.retire(old)  # (before the freeze build_window asked for: one collection)
        if self.start is not None:
            self.start.close()
            self.start = None
        return True

    def close_project(self) -> bool:
        """Back to the start window; the project file is closed (every change is already in it)."""
        old = self.window
        if old is None:
            return False
        problem = self.leaving_problem()
        if problem is not None:
            self.report(problem)
            return False
        self.coder, self.window = old.workbench.coder, None
        start = self.start_window()
        start.move(old.geometry().center() - start.rect().center())
        start.show()
        self.retire(old)
        forget_last()
        return True

    def retire(self, window: Any) -> None:
        """Close a window and its project, once the docks' reads on it are done."""
        window.close()
        QThreadPool.globalInstance().waitForDone(WORKERS_WAIT_MS)
        window.workbench.project.close()
        if self.delete_closed:
            window.deleteLater()
        thaw()

    def shutdown(self) -> None:
        """At exit: close the open project, if any."""
        if self.window is not None:
            QThreadPool.globalInstance().waitForDone(WORKERS_WAIT_MS)
            self.window.workbench.project.close()

    def current_coder(self) -> str | None:
        return self.window.workbench.coder if self.window is not None else self.coder

    def start_window(self) -> StartWindow:
        if self.start is None:
            self.start = StartWindow(
                self.ask_new, self.ask_open, self.open_path, self.ask_team_project
            )
        else:
            self.start.refresh()
        return self.start
