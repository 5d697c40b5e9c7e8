"""The private error log: tracebacks of unexpected errors, for a bug report, never shown raw."""

from __future__ import annotations

import os
import traceback
from pathlib import Path

from platformdirs import user_log_dir


def log_path() -> Path:
    """Where the error log lives (the user's log folder)."""
    return Path(user_log_dir("qcode")) / "errors.log"


def log_traceback(exc: BaseException) -> Path | None:
    """Append the traceback to the log (readable by the user only); None if it can't be written."""
    path = log_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        with os.fdopen(descriptor, "a", encoding="utf-8") as handle:
            handle.write("".join(traceback.format_exception(exc)) + "\n")
        os.chmod(path, 0o600)
    except OSError:
        return None
    return path


def one_line(exc: BaseException) -> str:
    """An unexpected error as one line, saying where its details went."""
    where = log_traceback(exc)
    message = " ".join(f"{type(exc).__name__}: {exc}".split())
    details = f"; details in {where}" if where is not None else ""
    return f"internal error ({message}){details}"
