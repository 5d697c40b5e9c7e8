"""The `qcode` command: parse arguments, call one service, print one clean line on error."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from qcode import __version__
from qcode.cli import (
    agreement_cmds,
    analysis_cmds,
    chart_cmds,
    check_cmds,
    codebook_cmds,
    coding_cmds,
    copy_cmds,
    export_cmds,
    gui_cmds,
    merge_cmds,
    project_cmds,
    realist_cmds,
    refi_cmds,
    server_cmds,
    workshop_cmds,
)
from qcode.cli.common import one_line_usage_errors
from qcode.cli.output import fail
from qcode.error_log import one_line, without_sql
from qcode.errors import QcodeError

BROKEN_PIPE = 141  # as a shell reports a command ended by SIGPIPE (128 + 13)
INTERRUPTED = 130  # as a shell reports a command ended by Ctrl+C (128 + 2)


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
        chart_cmds,
        workshop_cmds,
        copy_cmds,
        merge_cmds,
        refi_cmds,
        server_cmds,
        check_cmds,
    )
    for module in modules:
        module.register(commands)
    return one_line_usage_errors(parser)


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; errors are a single line on stderr and exit status 1.

    A reader that stops early (``qcode … | head``) ends the command quietly with 141, and
    Ctrl+C with one line and 130; neither leaves a traceback or a message at exit.
    """
    args: argparse.Namespace | None = None
    try:
        args = build_parser().parse_args(argv)
        handler = getattr(args, "handler", None) or gui_cmds.run_gui_default
        status = int(handler(args) or 0)
        sys.stdout.flush()  # here, not at exit, so a closed pipe is caught like any other
        return status
    except BrokenPipeError:
        _discard_stdout()
        return BROKEN_PIPE
    except KeyboardInterrupt:
        _discard_stdout()
        return fail("interrupted; a change in progress was not saved", status=INTERRUPTED)
    except QcodeError as exc:
        return fail(" ".join(without_sql(str(exc)).split()))
    except Exception as exc:  # noqa: BLE001 - a researcher never sees a traceback
        return fail(one_line(exc, getattr(args, "project", None)))


def _discard_stdout() -> None:
    """Point stdout at the null device, so nothing left in its buffer is written at exit.

    As the Python documentation recommends for SIGPIPE: the reader has gone (or the user
    pressed Ctrl+C), and a flush at exit would otherwise fail or block.
    """
    try:
        descriptor = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # replaced by a test's capture: nothing to do
        return
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, descriptor)
    os.close(null)


def entry_point() -> None:
    """Console-script entry point."""
    try:
        status = main()
    except KeyboardInterrupt:  # pressed again while the first was being reported
        _discard_stdout()
        status = INTERRUPTED
    sys.exit(status)
