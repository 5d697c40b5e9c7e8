"""The workshop's decision log, written to a Word or CSV file the researcher names."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from qcode.errors import QcodeError
from qcode.export.decision_log import write_decision_log
from qcode.services.output_paths import check_output_path
from qcode.services.workshop.disagreements import log_progress
from qcode.services.workshop.log import decision_log
from qcode.ui.workbench import Workbench


def ask_path(owner: QWidget) -> Path | None:
    """Where to write the log (None: the researcher cancelled)."""
    name, _filter = QFileDialog.getSaveFileName(
        owner, "Export decision log", "decisions.docx", "Word (*.docx);;CSV (*.csv)"
    )
    return Path(name) if name else None


def export_log(workbench: Workbench, path: Path) -> str | None:
    """Write every decision to ``path``; what was written, said (or a one-line error)."""
    try:
        check_output_path(path, workbench.project.path)
        with workbench.session() as session:
            rows = decision_log(session)
            progress = log_progress(session, rows)
        said = write_decision_log(rows, path, "Workshop decisions", progress)
    except QcodeError as exc:
        workbench.report_error(str(exc))
        return None
    except OSError as exc:
        workbench.report_error(f"{path}: could not write the decision log ({exc})")
        return None
    workbench.message.emit(said, False)
    return said
