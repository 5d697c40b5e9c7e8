"""`qcode check PROJECT [--repair] [--json]`: find (and fix) damage in a project file."""

from __future__ import annotations

import argparse
from typing import Any

from qcode.cli.common import (
    add_actor_argument,
    add_project_argument,
    file_only,
    one_line_usage_errors,
    open_cli_project,
)
from qcode.cli.output import print_json


def register(commands: argparse._SubParsersAction) -> None:
    """Add `check` to the parser."""
    check = commands.add_parser(
        "check",
        help="check a project file for damage (and repair it)",
        description="Run SQLite's integrity and foreign-key checks and qcode's own: loops "
        "in the codebook, rows pointing at something that is gone, documents whose stored "
        "counts disagree with their text. Each finding is one line; the exit status is 0 "
        "if all is well, 1 if anything is wrong. Nothing is changed unless --repair is "
        "given: it first writes a backup beside the file, then fixes what it can in one "
        "audited operation.",
    )
    add_project_argument(check)
    check.add_argument("--repair", action="store_true", help="fix what can be fixed")
    check.add_argument("--json", action="store_true", help="print the result as JSON")
    add_actor_argument(check)
    check.set_defaults(handler=run_check)
    one_line_usage_errors(check)


def run_check(args: argparse.Namespace) -> int:
    from qcode.services import integrity

    file_only(args.project, "qcode check", "take a `qcode snapshot` and check that")
    with open_cli_project(args.project, warn=False) as project:
        report = integrity.check(project)
        repair = None
        if args.repair and not report.ok:
            repair = integrity.repair(project, actor=args.actor, reason=args.reason)
            after = integrity.check(project)
        else:
            after = report
    if args.json:
        print_json(as_json(report, repair, after))
    else:
        print_report(report, repair)
    return 0 if after.ok else 1


def print_report(report: Any, repair: Any) -> None:
    """One line per check and per finding, then one line saying what it comes to."""
    name = report.path.name
    print(f"integrity_check: {', '.join(report.integrity)}")
    dangling = len(report.foreign_keys)
    print(f"foreign_key_check: {f'{dangling} row(s) point at nothing' if dangling else 'ok'}")
    for finding in report.findings:
        print(f"{finding.kind}: {finding.line}")
    problems = len(report.problems) + (report.integrity != ("ok",))
    if not problems:
        print(f"{name}: no problems found")
    elif repair is None:
        print(f"{name}: {problems} problem(s); `qcode check {name} --repair` fixes what it can")
    else:
        print_repair(name, repair)


def print_repair(name: str, repair: Any) -> None:
    if repair.backup is not None:
        print(f"backup: wrote {repair.backup.name} (the file as it was)")
    for line in repair.done:
        print(f"fixed: {line}")
    for finding in repair.left:
        print(f"left: {finding.line}")
    if repair.backup is None:
        print(f"{name}: nothing was changed; {cannot_fix(repair)}")
    elif repair.left:
        print(f"{name}: fixed {len(repair.done)}, {len(repair.left)} left; {cannot_fix(repair)}")
    else:
        print(f"{name}: repaired ({len(repair.done)} fix(es) in one audited operation)")


def cannot_fix(repair: Any) -> str:
    if any(f.kind == "integrity" for f in repair.left):
        return "the file is damaged below its rows: restore a backup or recover it with sqlite3"
    return "what is left cannot be fixed here"


def as_json(report: Any, repair: Any, after: Any) -> dict[str, object]:
    result: dict[str, object] = {
        "project": report.path.name,
        "ok": after.ok,
        "integrity_check": list(report.integrity),
        "foreign_key_check": [f.line for f in report.foreign_keys],
        "findings": [f.as_json() for f in report.findings],
    }
    if repair is not None:
        result["backup"] = repair.backup.name if repair.backup else None
        result["fixed"] = list(repair.done)
        result["left"] = [f.line for f in repair.left]
    return result
