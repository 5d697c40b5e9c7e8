"""Commands that open the desktop program: `qcode`, `open`, `demo`."""

from __future__ import annotations

import argparse
from pathlib import Path

from qcode.errors import QcodeError
from qcode.store.location import is_server_url

GUI_PENDING = "the desktop window is not built yet (it arrives with the GUI issue)"
DOCKS = ("agreement", "cmo", "compare", "cooccurrence", "matrix", "statistics", "vignettes")
DOCKS += ("workshop",)
DOCK_HELP = f"with --screenshot: bring up a panel first, as its menu does ({', '.join(DOCKS)})"


def register(commands: argparse._SubParsersAction) -> None:
    """Add `open` and `demo` to the parser."""
    open_cmd = commands.add_parser("open", help="open the GUI on a project")
    open_cmd.add_argument("project")
    open_cmd.add_argument("--screenshot", metavar="PNG")
    open_cmd.add_argument("--dock", metavar="NAME", help=DOCK_HELP)
    open_cmd.set_defaults(handler=run_open)
    demo = commands.add_parser("demo", help="write the demo project and open it")
    demo.add_argument("path")
    demo.add_argument("--no-gui", action="store_true")
    demo.add_argument("--screenshot", metavar="PNG", help="write a picture of the window and exit")
    demo.add_argument("--dock", metavar="NAME", help=DOCK_HELP)
    demo.set_defaults(handler=run_demo)


def run_gui_default(_args: argparse.Namespace) -> int:
    """`qcode` with no command: the last project, or a choice of which to open."""
    return start_gui(None, None)


def run_open(args: argparse.Namespace) -> int:
    """`qcode open PROJECT [--screenshot PNG]`."""
    from qcode.store.project import check_project_file

    screenshot = Path(args.screenshot) if args.screenshot else None
    dock = check_dock(args.dock, screenshot)
    if is_server_url(args.project):  # a team project: the window opens on the server
        return start_gui(args.project, screenshot, dock)
    if screenshot is not None:
        check_screenshot(screenshot, Path(args.project))
    check_project_file(Path(args.project))
    return start_gui(Path(args.project), screenshot, dock)


def check_dock(dock: str | None, screenshot: Path | None) -> str | None:
    """A --dock NAME names a panel, and goes with --screenshot."""
    if dock is None:
        return None
    if screenshot is None:
        raise QcodeError("--dock brings up a panel for a picture; give --screenshot FILE.png too")
    if dock not in DOCKS:
        raise QcodeError(f"no panel '{dock}'; choose one of: {', '.join(DOCKS)}")
    return dock


def start_gui(
    project: Path | str | None, screenshot: Path | None, dock: str | None = None
) -> int:
    """Open the desktop program on a file or a server URL; Qt is imported only now, so the
    CLI works without it."""
    if screenshot is not None:
        check_screenshot(screenshot, project if isinstance(project, Path) else None)
    if screenshot is not None and not screenshot.resolve().parent.is_dir():
        raise QcodeError(f"{screenshot}: folder {screenshot.parent} does not exist")
    try:
        from qcode.ui.app import run_app
    except ImportError as exc:
        raise QcodeError(f"the desktop window is not available: {exc}") from exc
    return run_app(project, screenshot, dock=dock)


def check_screenshot(screenshot: Path, project: Path | None) -> None:
    """A screenshot is a PNG file that is not the project (nor any other project)."""
    from qcode.services.output_paths import check_output_path

    check_output_path(screenshot, project)
    if screenshot.suffix.lower() != ".png":
        raise QcodeError(f"{screenshot}: the screenshot is written as PNG; name it .png")


def run_demo(args: argparse.Namespace) -> int:
    """`qcode demo PATH [--no-gui]`: write the demo project, then open it unless --no-gui.

    Where PATH is already a qcode project (the demo written before), it is opened as it is;
    with --no-gui, or where PATH is anything else, it is refused and left alone.
    """
    from qcode.services.demo.build import build_demo, summarize

    path = Path(args.path)
    screenshot = Path(args.screenshot) if args.screenshot and not args.no_gui else None
    if screenshot is not None:
        check_screenshot(screenshot, path)
    dock = check_dock(args.dock, screenshot) if not args.no_gui else None
    if path.exists() and not args.no_gui:
        check_existing_project(path)
        print(f"{path}: already exists; opening it as it is", flush=True)
    else:
        with build_demo(path) as project:
            print(summarize(project).line(path), flush=True)
    if args.no_gui:
        return 0
    try:
        return start_gui(path, screenshot, dock)
    except ImportError as exc:  # Qt itself is imported only once the window starts
        raise QcodeError(f"the desktop window is not available: {exc}") from exc


def check_existing_project(path: Path) -> None:
    """An existing PATH given to `qcode demo` is opened only if it is a qcode project."""
    from qcode.store.project import check_project_file

    try:
        check_project_file(path)
    except QcodeError as exc:
        raise QcodeError(f"{exc}; the demo is only written to a new file") from exc
