"""The private error log: tracebacks of unexpected errors, for a bug report, never shown raw."""

from __future__ import annotations

import os
import re
import sqlite3
import traceback
from contextlib import suppress
from datetime import datetime
from pathlib import Path
from types import TracebackType

from platformdirs import user_log_dir

from qcode.errors import QcodeError

# SQLAlchemy appends the statement, its parameters (project text) and a help link to a message.
_SQL_DETAILS = re.compile(r"\s*(\[SQL: |\[parameters: |\(Background on this error at: )")
_READS = ("SELECT", "WITH", "PRAGMA")
_DAMAGED = ("malformed", "not a database", "file is encrypted")


def log_path() -> Path:
    """Where the error log lives (the user's log folder)."""
    return Path(user_log_dir("qcode")) / "errors.log"


def without_sql(text: str) -> str:
    """A message without SQLAlchemy's "[SQL: …]", "[parameters: …]" and help-link parts."""
    return _SQL_DETAILS.split(text, maxsplit=1)[0]


def describe(exc: BaseException) -> str:
    """``Type: message`` on one line, without SQL or parameters."""
    message = " ".join(without_sql(str(exc)).split())
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__


def report(exc: BaseException) -> str:
    """The log entry for an error: each exception of its chain and its frames, never locals."""
    parts: list[str] = []
    for number, link in enumerate(reversed(_chain(exc))):
        parts.append("which led to:\n" if number else "")
        parts.append("Traceback (most recent call last):\n")
        parts.extend(_frames(link.__traceback__))
        parts.append(_qualified(link) + describe(link) + "\n")
    return "".join(parts)


def _qualified(exc: BaseException) -> str:
    """``sqlite3.`` before ``IntegrityError``: which library's error it was (none for builtins)."""
    module = type(exc).__module__
    return "" if module == "builtins" else f"{module}."


def _chain(exc: BaseException) -> list[BaseException]:
    """The error, then what caused it (or was being handled), as the traceback module walks it."""
    chain: list[BaseException] = []
    link: BaseException | None = exc
    while link is not None and all(link is not seen for seen in chain):
        chain.append(link)
        link = link.__cause__ or (None if link.__suppress_context__ else link.__context__)
    return chain


def _frames(tb: TracebackType | None) -> list[str]:
    """``File, line, function`` for each frame: code locations only, no source and no values."""
    return [
        f'  File "{frame.f_code.co_filename}", line {line}, in {frame.f_code.co_name}\n'
        for frame, line in traceback.walk_tb(tb)
    ]


def log_traceback(exc: BaseException) -> Path | None:
    """Append the error's report to the log (the user's own file, mode 0600); None if unwritable."""
    path = log_path()
    try:
        _private_folder(path.parent)
        flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
        descriptor = os.open(path, flags, 0o600)
        _make_private(descriptor, path)
        with os.fdopen(descriptor, "a", encoding="utf-8") as handle:
            stamp = datetime.now().astimezone().isoformat(timespec="seconds")
            handle.write(f"--- {stamp}\n{report(exc)}\n")
    except OSError:
        return None
    return path


def _private_folder(folder: Path) -> None:
    """Create the log folder readable by the user only (an existing one of theirs is made so)."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    with suppress(OSError):  # a shared folder we do not own: the file itself is still 0600
        os.chmod(folder, 0o700)


def _make_private(descriptor: int, path: Path) -> None:
    """Fix the mode of a log an earlier version left readable by others."""
    if hasattr(os, "fchmod"):
        os.fchmod(descriptor, 0o600)
    else:  # pragma: no cover - Windows before Python 3.13
        os.chmod(path, 0o600)


def one_line(exc: BaseException, project: Path | str | None = None) -> str:
    """An unexpected error as one line, saying where its details went.

    A database error says what happened to the project file and SQLite's reason, never the
    statement or its values (``study.qcode: the project file could not be written (database
    is locked)``); any other error is an internal error with its type and message.
    """
    where = log_traceback(exc)
    details = f"; details in {where}" if where is not None else ""
    database = _database_line(exc, project)
    if database is not None:
        return database + details
    return f"internal error ({describe(exc)}){details}"


def user_line(exc: BaseException, project: Path | str | None = None) -> str:
    """The line to show for any error: qcode's own message (without SQL), else :func:`one_line`."""
    if isinstance(exc, QcodeError):
        return " ".join(without_sql(str(exc)).split())
    return one_line(exc, project)


def _database_line(exc: BaseException, project: Path | str | None) -> str | None:
    """What a database error did to the project file, or None if ``exc`` is not one."""
    from sqlalchemy.exc import DBAPIError

    if isinstance(exc, DBAPIError):
        cause: BaseException = exc.orig if isinstance(exc.orig, BaseException) else exc
        statement = exc.statement or ""
    elif isinstance(exc, sqlite3.Error):
        cause, statement = exc, ""
    else:
        return None
    reason = " ".join(without_sql(str(cause)).split()) or type(cause).__name__
    if isinstance(cause, sqlite3.IntegrityError) or "IntegrityError" in type(exc).__name__:
        what = "refused the change"
    elif statement.lstrip().upper().startswith(_READS) or any(w in reason for w in _DAMAGED):
        what = "could not be read"
    else:
        what = "could not be written"
    if type(cause).__module__.startswith("psycopg"):  # a project on a team server
        name = f"{str(project).rsplit('/', 1)[-1]}: " if project else ""
        if "connection" in reason.lower() and "failed" in reason.lower():
            return f"{name}could not reach the server ({reason})"
        return f"{name}the server database {what} ({reason})"
    name = f"{Path(project).name}: " if project else ""
    return f"{name}the project file {what} ({reason})"
