"""REFI-QDA exchange: `qcode export qdpx|qdc PROJECT -o FILE` (import goes through `import`)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from qcode.cli.export_cmds import EXPORTERS
from qcode.errors import QcodeError

if TYPE_CHECKING:
    from qcode.store.project import Project


def register(_commands: argparse._SubParsersAction) -> None:
    """Nothing to add to the parser: the kinds below join `qcode export`."""


def check_suffix(output: Path, suffix: str) -> None:
    if output.suffix.lower() != suffix:
        raise QcodeError(f"{output.name}: a {suffix} export needs a file name ending in {suffix}")


def export_qdpx(project: Project, output: Path, _args: argparse.Namespace) -> str:
    """Write the whole project as a REFI-QDA project file."""
    from qcode.export.refi.project import write_qdpx
    from qcode.services.refi.gather import gather_project
    from qcode.services.refi.importer import label

    check_suffix(output, ".qdpx")
    with project.session() as session:
        data = gather_project(session)
    write_qdpx(data, output)
    counts = {
        "documents": len(data.documents),
        "codes": len(data.all_codes()),
        "coders": len(data.users),
        "participants": len(data.participants),
        "segments": len(data.segments),
        "memos": len(data.memos),
        "CMO statements": len(data.statements),
        "cases": len(data.topic_cases),
    }
    shown = ", ".join(f"{count} {label(kind, count)}" for kind, count in counts.items() if count)
    return f"wrote {output} ({shown or 'an empty project'})"


def export_qdc(project: Project, output: Path, _args: argparse.Namespace) -> str:
    """Write the codebook as a REFI-QDA codebook file."""
    from qcode.export.refi.codebook import write_qdc
    from qcode.services.refi.gather import gather_codebook

    check_suffix(output, ".qdc")
    with project.session() as session:
        data = gather_codebook(session)
    write_qdc(data, output)
    return f"wrote {output} ({len(data.all_codes())} codes)"


EXPORTERS.update({"qdpx": export_qdpx, "qdc": export_qdc})
