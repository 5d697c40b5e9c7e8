"""New project, the start window with recent projects, and choosing files in a kept dialog."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from qcode.store.project import PROJECT_SUFFIX
from qcode.ui.dialogs import ok_cancel

RECENT_KEY = "project/recent"
LAST_KEY = "project/last"
RECENT_MAX = 8
PROJECT_FILTER = "qcode projects (*.qcode)"
TEMPLATES = (("BITC Workwell", "bitc"), ("None", "none"))

# -- choosing a file -------------------------------------------------------------------------


def choose_file(
    owner: QWidget,
    title: str,
    filters: list[str],
    on_chosen: Callable[[Path, str], object],
    save_as: Path | None = None,
    folder: Path | None = None,
) -> QFileDialog:
    """Ask for a file in qcode's own (non-native) dialog, kept as ``owner.file_dialog``.

    ``save_as`` asks where to write (the name proposed, the first filter's suffix added
    when none is typed); otherwise an existing file is chosen from ``folder``.
    ``on_chosen`` gets the path and the file-type filter chosen.
    """
    start = str(save_as) if save_as is not None else str(folder or "")
    dialog = QFileDialog(owner, title, start, ";;".join(filters))
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    if save_as is not None:
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
        dialog.setDefaultSuffix(filter_suffixes(filters[0])[0].lstrip("."))
        dialog.selectFile(save_as.name)
    else:
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    dialog.fileSelected.connect(lambda name: on_chosen(Path(name), dialog.selectedNameFilter()))
    owner.file_dialog = dialog  # type: ignore[attr-defined]
    dialog.open()
    return dialog


def filter_suffixes(name_filter: str) -> list[str]:
    """``"CSV (*.csv)"`` → ``[".csv"]``."""
    return [f".{suffix}" for suffix in re.findall(r"\*\.(\w+)", name_filter)]


def default_folder() -> Path:
    """Where a new project goes when nothing better is known: the user's documents."""
    from platformdirs import user_documents_dir

    folder = Path(user_documents_dir())
    return folder if folder.is_dir() else Path.home()


# -- recent projects -------------------------------------------------------------------------


def recent_projects() -> list[Path]:
    """Up to eight projects opened before, newest first; files gone since are dropped."""
    settings = QSettings()
    value = settings.value(RECENT_KEY) or []
    names = [value] if isinstance(value, str) else [str(name) for name in value]
    found = [Path(name) for name in names if Path(name).is_file()][:RECENT_MAX]
    if len(found) != len(names):
        settings.setValue(RECENT_KEY, [str(path) for path in found])
    return found


def remember_project(path: Path) -> None:
    """Put a project first among the recent ones, and reopen it at the next start."""
    path = path.resolve()
    others = [p for p in recent_projects() if p.resolve() != path]
    settings = QSettings()
    settings.setValue(RECENT_KEY, [str(p) for p in [path, *others][:RECENT_MAX]])
    settings.setValue(LAST_KEY, str(path))


def clear_recent() -> None:
    QSettings().setValue(RECENT_KEY, [])


def forget_last() -> None:
    """After File ▸ Close, the next start shows the start window, not the closed project."""
    QSettings().remove(LAST_KEY)


def recent_label(number: int, path: Path) -> str:
    """``&1 study.qcode — /home/me/projects``: numbered for the keyboard, any & kept as text."""
    return f"&{number} {path.name} — {path.parent}".replace("&", "&&").replace("&&", "&", 1)


# -- a new project ---------------------------------------------------------------------------

# A creator makes the project (path, title, template name); it returns None, or why it could not.
Creator = Callable[[Path, str, str], str | None]


class NewProjectDialog(QDialog):
    """A new project's title, file and codebook template; a refusal keeps the dialog open."""

    def __init__(self, parent: QWidget | None, folder: Path, create: Creator) -> None:
        super().__init__(parent)
        self.setWindowTitle("New project")
        self.folder, self.create = folder, create
        self.path_edited = False
        self.title = QLineEdit(placeholderText="e.g. GP mentoring study")
        self.target = QLineEdit(str(self.suggested()))
        self.browse = QPushButton("Browse…")
        self.template = QComboBox()
        for label, name in TEMPLATES:
            self.template.addItem(label, name)
        self.error = QLabel(wordWrap=True, styleSheet="color: #b00020")
        self.error.hide()
        self.buttons = ok_cancel(self, "Create", on_ok=self.make)
        self.title.textChanged.connect(self.follow_title)
        self.target.textEdited.connect(lambda _text: setattr(self, "path_edited", True))
        self.browse.clicked.connect(self.ask_target)
        self.lay_out()

    def lay_out(self) -> None:
        where = QHBoxLayout()
        where.addWidget(self.target, 1)
        where.addWidget(self.browse)
        form = QFormLayout(self)
        form.addRow("Title", self.title)
        form.addRow("Save as", where)
        form.addRow("Codebook", self.template)
        form.addRow(
            QLabel(
                "BITC Workwell starts the codebook with the Workwell model's four areas; "
                "None starts it empty.",
                wordWrap=True,
            )
        )
        form.addRow(self.error)
        form.addRow(self.buttons)
        self.setMinimumWidth(560)

    def suggested(self) -> Path:
        """A free file name in the folder, made from the title."""
        slug = "-".join(re.findall(r"\w+", self.title.text().lower())) or "project"
        candidate, number = self.folder / f"{slug}{PROJECT_SUFFIX}", 2
        while candidate.exists():
            candidate, number = self.folder / f"{slug}-{number}{PROJECT_SUFFIX}", number + 1
        return candidate

    def follow_title(self, _text: str) -> None:
        if not self.path_edited:
            self.target.setText(str(self.suggested()))

    def ask_target(self) -> None:
        choose_file(
            self,
            "Save the new project as",
            [PROJECT_FILTER],
            self.take_target,
            save_as=self.chosen_target() or self.suggested(),
        )

    def take_target(self, path: Path, _filter: str) -> None:
        self.target.setText(str(path))
        self.path_edited = True

    def chosen_target(self) -> Path | None:
        """The file to create: relative to the folder, ``.qcode`` added if missing."""
        text = self.target.text().strip()
        if not text:
            return None
        path = Path(text).expanduser()
        path = path if path.is_absolute() else self.folder / path
        return path if path.suffix == PROJECT_SUFFIX else path.with_name(path.name + PROJECT_SUFFIX)

    def chosen_template(self) -> str:
        return str(self.template.currentData())

    def make(self) -> None:
        target = self.chosen_target()
        title = " ".join(self.title.text().split())
        if target is None:
            self.refuse("choose where to save the project")
            return
        problem = self.create(target, title or target.stem, self.chosen_template())
        if problem is not None:
            self.refuse(problem)
            return
        self.accept()

    def refuse(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()


# -- no project open ---------------------------------------------------------------------------


class StartWindow(QWidget):
    """What shows when no project is open: New project, Open, and the recent projects."""

    def __init__(
        self,
        ask_new: Callable[[], object],
        ask_open: Callable[[], object],
        open_path: Callable[[Path], object],
        ask_team: Callable[[], object] | None = None,
    ) -> None:
        super().__init__(None, Qt.WindowType.Window)
        self.setWindowTitle("qcode")
        self.open_path = open_path
        self.new_button = QPushButton("New project…")
        self.open_button = QPushButton("Open project…")
        self.team_button = QPushButton("Open team project…")
        self.team_button.setVisible(ask_team is not None)
        self.quit_button = QPushButton("Quit")
        self.recent = QListWidget()
        self.error = QLabel(wordWrap=True, styleSheet="color: #b00020")
        self.new_button.clicked.connect(lambda: ask_new())
        self.open_button.clicked.connect(lambda: ask_open())
        if ask_team is not None:
            self.team_button.clicked.connect(lambda: ask_team())
        self.quit_button.clicked.connect(self.close)
        self.recent.itemActivated.connect(self.open_item)
        self.lay_out()
        self.refresh()

    def lay_out(self) -> None:
        buttons = QHBoxLayout()
        for button in (self.new_button, self.open_button, self.team_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.quit_button)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<b>No project is open.</b> Make a new one, or open one."))
        layout.addLayout(buttons)
        layout.addWidget(QLabel("Recent projects (double-click to open):"))
        layout.addWidget(self.recent, 1)
        layout.addWidget(self.error)
        self.resize(560, 380)

    def refresh(self) -> None:
        self.recent.clear()
        for path in recent_projects():
            item = QListWidgetItem(f"{path.name} — {path.parent}")
            item.setData(Qt.ItemDataRole.UserRole, str(path))
            item.setToolTip(str(path))
            self.recent.addItem(item)

    def open_item(self, item: QListWidgetItem) -> None:
        self.open_path(Path(str(item.data(Qt.ItemDataRole.UserRole))))

    def show_error(self, text: str) -> None:
        self.error.setText(text)
