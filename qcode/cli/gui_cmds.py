"""Commands that open the desktop program: `qcode`, `open`, `demo`."""

from __future__ import annotations

import argparse

from qcode.errors import QcodeError

GUI_PENDING = "the desktop window is not built yet (it arrives with the GUI issue)"


def register(commands: argparse._SubParsersAction) -> None:
    """Add `open` and `demo` to the parser."""
    open_cmd = commands.add_parser("open", help="open the GUI on a project")
    open_cmd.add_argument("project")
    open_cmd.add_argument("--screenshot", metavar="PNG")
    open_cmd.set_defaults(handler=run_open)
    demo = commands.add_parser("demo", help="write the demo project and open it")
    demo.add_argument("path")
    demo.add_argument("--no-gui", action="store_true")
    demo.set_defaults(handler=run_demo)


def run_gui_default(_args: argparse.Namespace) -> int:
    """`qcode` with no command: the GUI's welcome screen."""
    raise QcodeError(f"{GUI_PENDING}; run `qcode --help` for the commands")


def run_open(_args: argparse.Namespace) -> int:
    raise QcodeError(GUI_PENDING)


def run_demo(_args: argparse.Namespace) -> int:
    raise QcodeError(f"the demo project is not built yet; {GUI_PENDING}")
