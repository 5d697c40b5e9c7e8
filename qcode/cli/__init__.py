"""The `qcode` command: parse arguments, call one service, print one clean line on error."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from importlib import import_module

from qcode import __version__
from qcode.cli.common import one_line_usage_errors
from qcode.cli.output import fail
from qcode.errors import QcodeError

BROKEN_PIPE = 141  # as a shell reports a command ended by SIGPIPE (128 + 13)
INTERRUPTED = 130  # as a shell reports a command ended by Ctrl+C (128 + 2)


# Every command module, in the order `qcode --help` lists their commands.
MODULES = (
    "gui_cmds",
    "project_cmds",
    "codebook_cmds",
    "coding_cmds",
    "analysis_cmds",
    "agreement_cmds",
    "realist_cmds",
    "quote_cmds",
    "export_cmds",
    "chart_cmds",
    "workshop_cmds",
    "copy_cmds",
    "texts.pseudonym_cmds",
    "similar.similar_cmds",
    "merge_cmds",
    "refi_cmds",
    "server_cmds",
    "check_cmds",
)
# Command -> the module that registers it, so a command imports only its own module.
# `export` is not here: its kinds come from several modules, so it gets the full parser.
COMMAND_MODULES = {
    **dict.fromkeys(("open", "demo"), "gui_cmds"),
    **dict.fromkeys(("new", "import", "docs", "attrs"), "project_cmds"),
    "codes": "codebook_cmds",
    **dict.fromkeys(
        ("code", "uncode", "segments", "search", "autocode", "memo", "coders"), "coding_cmds"
    ),
    **dict.fromkeys(("matrix", "cooccurrence", "stats", "cases", "log"), "analysis_cmds"),
    "agree": "agreement_cmds",
    **dict.fromkeys(("cmo", "vignette"), "realist_cmds"),
    "quotes": "quote_cmds",
    "chart": "chart_cmds",
    **dict.fromkeys(("disagreements", "decide", "adopt-agreements", "decisions"), "workshop_cmds"),
    "copy": "copy_cmds",
    **dict.fromkeys(("pseudonyms", "correct"), "texts.pseudonym_cmds"),
    "similar": "similar.similar_cmds",
    "merge": "merge_cmds",
    **dict.fromkeys(("publish", "snapshot"), "server_cmds"),
    "check": "check_cmds",
}


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The argument parser: every sub-command registered, or with ``command`` (a known command's
    name) only that command's module, whose commands parse, help and fail exactly the same."""
    parser = argparse.ArgumentParser(
        prog="qcode", description="Qualitative coding for teams and realist evaluation."
    )
    parser.add_argument("--version", action="version", version=f"qcode {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    known = COMMAND_MODULES.get(command or "")
    # `--version` first answers before anything after it is parsed: it needs no command.
    names = () if command == "--version" else (known,) if known else MODULES
    # Every module is imported before any registers, so the kinds some add to `export` at
    # import (qdpx, qdc, decisions) are known when `export` lists them in its help.
    for module in [import_module(f"qcode.cli.{name}") for name in names]:
        module.register(commands)
    return one_line_usage_errors(parser)


def parser_for(argv: Sequence[str] | None) -> argparse.ArgumentParser:
    """The parser ``argv`` needs: only its command's module when its first word names one
    (the full parser for `--help`, no command, `export` or an unknown word)."""
    words = sys.argv[1:] if argv is None else list(argv)
    return build_parser(words[0] if words else None)


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; errors are a single line on stderr and exit status 1.

    A reader that stops early (``qcode … | head``) ends the command quietly with 141, and
    Ctrl+C with one line and 130; neither leaves a traceback or a message at exit.
    """
    args: argparse.Namespace | None = None
    try:
        args = parser_for(argv).parse_args(argv)
        handler = getattr(args, "handler", None) or _gui_default()
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
        from qcode.error_log import without_sql  # only on an error: it loads platformdirs

        return fail(" ".join(without_sql(str(exc)).split()))
    except Exception as exc:  # noqa: BLE001 - a researcher never sees a traceback
        from qcode.error_log import one_line

        return fail(one_line(exc, getattr(args, "project", None)))


def _gui_default() -> Callable[[argparse.Namespace], int]:
    """`qcode` with no command opens the desktop program."""
    from qcode.cli.gui_cmds import run_gui_default

    return run_gui_default


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
