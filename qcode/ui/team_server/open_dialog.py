"""File ▸ Open team project…: a project's database on a PostgreSQL server, by its URL."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QLineEdit, QWidget

from qcode.store.location import is_server_url
from qcode.ui.dialogs import ok_cancel

Opener = Callable[[str], "str | None"]  # opens a URL: None, or why it could not
LAST_URL = "team/last_url"
HINT = (
    "qcode keeps no password: the server's usual sources give it (~/.pgpass, PGPASSWORD, "
    "a service file). TLS settings go in the URL, e.g. ?sslmode=verify-full. "
    "See docs/team-server.md."
)


class TeamProjectDialog(QDialog):
    """Asks for a server URL; a refusal keeps the dialog open with the reason in one line."""

    def __init__(self, parent: QWidget | None, open_url: Opener) -> None:
        super().__init__(parent)
        self.setWindowTitle("Open team project")
        self.open_url = open_url
        last = QSettings().value(LAST_URL, "")
        self.url = QLineEdit(str(last or ""), placeholderText="postgresql://you@server/study")
        self.error = QLabel(wordWrap=True, styleSheet="color: #b00020")
        self.error.hide()
        self.buttons = ok_cancel(self, "Open", on_ok=self.connect_to_server)
        form = QFormLayout(self)
        form.addRow("Server URL", self.url)
        form.addRow(QLabel(HINT, wordWrap=True))
        form.addRow(self.error)
        form.addRow(self.buttons)
        self.setMinimumWidth(560)

    def connect_to_server(self) -> None:
        url = self.url.text().strip()
        if not is_server_url(url):
            self.refuse("give the project's URL, e.g. postgresql://you@server/study")
            return
        if urlsplit(url).password:  # qcode keeps no password, and remembers the URL
            self.refuse("leave the password out of the URL: put it in ~/.pgpass (see the note)")
            return
        problem = self.open_url(url)
        if problem is not None:
            self.refuse(problem)
            return
        QSettings().setValue(LAST_URL, url)
        self.accept()

    def refuse(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
