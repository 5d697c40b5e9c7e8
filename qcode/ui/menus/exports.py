"""File ▸ Export: each kind asks its choices, then where to write, then writes in the background."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMenu

from qcode.ui.exporting.kinds import FORMAT_NAMES, KINDS, ExportKind
from qcode.ui.exporting.writers import ExportChoices, Exported, export_job
from qcode.ui.menus.bar import MenuBar
from qcode.ui.project_dialogs import choose_file, filter_suffixes

FOLDER_KEY = "export/folder"


def build(window: Any, bar: MenuBar, title: str) -> QMenu:  # window: the MainWindow
    """The Export submenu of menu ``title``: one entry per kind."""
    menu = bar.menu(title).addMenu("&Export")
    for kind in KINDS:
        bar.add(title, f"{kind.label}…", lambda kind=kind: start_export(window, kind), into=menu)
    window.jobs.finished.connect(lambda result: on_finished(window, result))
    return menu


def start_export(window: Any, kind: ExportKind) -> None:
    """Ask the kind's choices (if any), then the file."""
    if kind.choose is None:
        ask_output(window, kind, ExportChoices())
    else:
        kind.choose(window, lambda choices: ask_output(window, kind, choices))


def format_key(kind: ExportKind) -> str:
    return f"export/format/{kind.name}"


def ask_output(window: Any, kind: ExportKind, choices: ExportChoices) -> None:
    """A save dialog offering the kind's formats, the one used last time first."""
    settings = QSettings()
    last = str(settings.value(format_key(kind)) or "")
    formats = sorted(kind.formats, key=lambda suffix: suffix != last)
    project = Path(window.workbench.project.path)
    folder = Path(str(settings.value(FOLDER_KEY) or project.parent))
    if not folder.is_dir():
        folder = project.parent
    save_as = folder / f"{project.stem}-{kind.name}{formats[0]}"
    choose_file(
        window,
        f"Export {kind.label}",
        [FORMAT_NAMES[suffix] for suffix in formats],
        lambda path, name_filter: run_export(
            window, kind, choices, output_of(path, name_filter, kind)
        ),
        save_as=save_as,
    )


def output_of(path: Path, name_filter: str, kind: ExportKind) -> Path:
    """The file to write: the chosen file type's suffix added unless one of the kind's is typed."""
    if path.suffix.lower() in kind.formats:
        return path
    return path.with_name(path.name + (filter_suffixes(name_filter) or [kind.formats[0]])[0])


def run_export(window: Any, kind: ExportKind, choices: ExportChoices, output: Path) -> bool:
    job = export_job(Path(window.workbench.project.path), kind.write, output, choices)
    if not window.jobs.start(f"Exporting {kind.label}…", job):
        return False
    settings = QSettings()
    settings.setValue(FOLDER_KEY, str(output.parent))
    settings.setValue(format_key(kind), output.suffix.lower())
    window.workbench.message.emit(f"Exporting {kind.label} to {output}…", False)
    return True


def on_finished(window: Any, result: object) -> None:
    if isinstance(result, Exported):
        window.workbench.message.emit(result.line, False)
