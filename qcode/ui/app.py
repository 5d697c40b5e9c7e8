"""Start the desktop program: the application, the welcome choice, the main window, screenshots."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from qcode.errors import QcodeError
from qcode.store.project import Project, open_project

WINDOW_SIZE = (1480, 900)


def ensure_platform(screenshot: bool) -> None:
    """Render offscreen when asked for a picture on a machine with no display."""
    no_display = not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    if sys.platform.startswith("linux") and no_display and "QT_QPA_PLATFORM" not in os.environ:
        if not screenshot:
            raise QcodeError(
                "no display to open a window on; set QT_QPA_PLATFORM=offscreen, or use "
                "--screenshot FILE.png to get a picture"
            )
        os.environ["QT_QPA_PLATFORM"] = "offscreen"


QUIET_MESSAGES = ("propagateSizeHints",)


def quiet_platform_noise(kind: object, context: object, message: str) -> None:
    """Pass Qt's messages on to stderr, except the offscreen plugin's harmless notes."""
    if not any(noise in message for noise in QUIET_MESSAGES):
        print(message, file=sys.stderr)


def application() -> object:
    from PySide6.QtCore import qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    qInstallMessageHandler(quiet_platform_noise)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setOrganizationName("qcode")
    app.setApplicationName("qcode")
    return app


def run_app(project: Path | None, screenshot: Path | None = None, coder: str | None = None) -> int:
    """Open the GUI on a project (or the last one, or a welcome choice); returns the exit status."""
    ensure_platform(screenshot is not None)
    app = application()
    from PySide6.QtCore import QSettings

    settings = QSettings()
    if project is None:
        project = choose_project(settings)
        if project is None:
            return 0
    opened = open_project(project)
    settings.setValue("project/last", str(project.resolve()))
    window = open_window(opened, coder or settings_coder(settings), ask=screenshot is None)
    if screenshot is not None:
        return write_screenshot(window, screenshot)
    report_uncaught_errors(window.workbench)  # type: ignore[attr-defined]
    window.show()
    status = app.exec()  # type: ignore[attr-defined]
    opened.close()
    return int(status)


def report_uncaught_errors(workbench: object) -> None:
    """Show any error that escapes a Qt slot in the status bar (one line; details in the log)."""

    def hook(kind: type[BaseException], value: BaseException, trace: object) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, value, trace)  # type: ignore[arg-type]
            return
        workbench.report_failure(value)  # type: ignore[attr-defined]

    sys.excepthook = hook


def settings_coder(settings: object) -> str | None:
    value = settings.value("coder/name")  # type: ignore[attr-defined]
    return str(value) if value else None


def open_window(project: Project, coder: str | None, ask: bool) -> object:
    """The main window on an open project, the first interview shown."""
    from qcode.ui.main_window import MainWindow
    from qcode.ui.workbench import Workbench

    workbench = Workbench(project, coder)
    window = MainWindow(workbench, remember_layout=ask)  # a screenshot uses the default layout
    window.resize(*WINDOW_SIZE)
    window.size_docks()
    first = window.documents.first_document()
    if first is not None:
        window.transcript.open_document(first)
    if ask and not coder:
        window.ask_coder()
    return window


def write_screenshot(window: object, path: Path) -> int:
    """Show the window offscreen with a code chosen, and save a picture of it."""
    from PySide6.QtWidgets import QApplication

    show_busiest_code(window)
    window.show()  # type: ignore[attr-defined]
    for _ in range(5):
        QApplication.processEvents()
    picture = window.grab()  # type: ignore[attr-defined]
    if not picture.save(str(path)):
        raise QcodeError(f"{path}: could not write the picture (is the folder writable?)")
    print(f"wrote {path} ({picture.width()}×{picture.height()})")
    window.close()  # type: ignore[attr-defined]
    return 0


def show_busiest_code(window: object) -> None:
    """Choose the code with most coding in the open document, and scroll to its first segment."""
    view = window.transcript.view  # type: ignore[attr-defined]
    if not view.marks:
        return
    counts: dict[int, int] = {}
    for shown in view.marks:
        counts[shown.mark.code_id] = counts.get(shown.mark.code_id, 0) + 1
    busiest = max(counts, key=lambda code_id: counts[code_id])
    window.workbench.choose_code(busiest)  # type: ignore[attr-defined]
    window.codebook.select_code(busiest, announce=False)  # type: ignore[attr-defined]
    first = min((s for s in view.marks if s.mark.code_id == busiest), key=lambda s: s.start16)
    cursor = view.textCursor()
    cursor.setPosition(first.start16)
    view.setTextCursor(cursor)
    view.centerCursor()


def choose_project(settings: object) -> Path | None:
    """The last project if it is still there, else ask which project to open."""
    last = settings.value("project/last")  # type: ignore[attr-defined]
    if last and Path(str(last)).is_file():
        return Path(str(last))
    from PySide6.QtWidgets import QFileDialog

    name, _filter = QFileDialog.getOpenFileName(
        None, "Open a qcode project", "", "qcode projects (*.qcode)"
    )
    return Path(name) if name else None
