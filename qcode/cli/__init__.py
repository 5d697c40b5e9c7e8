"""The `qcode` command: parse arguments, call one service, print one clean line on error."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from qcode import __version__
from qcode.cli import (
    agreement_cmds,
    analysis_cmds,
    codebook_cmds,
    coding_cmds,
    copy_cmds,
    export_cmds,
    gui_cmds,
    merge_cmds,
    project_cmds,
    realist_cmds,
    refi_cmds,
    workshop_cmds,
)
from qcode.cli.common import one_line_usage_errors
from qcode.cli.output import fail, report_internal_error
from qcode.errors import QcodeError


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser with every sub-command registered."""
    parser = argparse.ArgumentParser(
        prog="qcode", description="Qualitative coding for teams and realist evaluation."
    )
    parser.add_argument("--version", action="version", version=f"qcode {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    modules = (
        gui_cmds,
        project_cmds,
        codebook_cmds,
        coding_cmds,
        analysis_cmds,
        agreement_cmds,
        realist_cmds,
        export_cmds,
        workshop_cmds,
        copy_cmds,
        merge_cmds,
        refi_cmds,
    )
    for module in modules:
        module.register(commands)
    return one_line_usage_errors(parser)


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; errors are a single line on stderr and exit status 1."""
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None) or gui_cmds.run_gui_default
    try:
        return int(handler(args) or 0)
    except QcodeError as exc:
        return fail(str(exc))
    except KeyboardInterrupt:
        return fail("interrupted; the project is as it was before this command", status=130)
    except Exception as exc:  # noqa: BLE001 - a researcher never sees a traceback
        return report_internal_error(exc)


def entry_point() -> None:
    """Console-script entry point."""
    sys.exit(main())
