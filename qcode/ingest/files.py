"""Before a reader opens a path: it must exist and be a regular file (a pipe would block)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from qcode.errors import IngestError


def stat_file(path: Path, label: str = "") -> os.stat_result:
    """``path``'s status, refusing in one line (starting ``label``, else its name) a path that
    is missing, a link loop, a folder, or not a regular file (a named pipe, socket or device,
    whose reading could block for ever or never end)."""
    label = label or path.name
    try:
        info = path.stat()
    except FileNotFoundError as exc:
        raise IngestError(f"{label}: file not found ({path})") from exc
    except OSError as exc:
        raise IngestError(f"{label}: cannot be opened ({exc.strerror or exc})") from exc
    if stat.S_ISDIR(info.st_mode):
        raise IngestError(f"{label}: is a folder, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise IngestError(
            f"{label}: is not a regular file (a named pipe, socket or device); "
            "import a saved copy of the file instead"
        )
    return info
