"""`qcode chart KIND PROJECT -o FILE.svg|.png`: frequency, co-occurrence, agreement, CMO charts."""

from __future__ import annotations

import argparse
from pathlib import Path

from qcode.cli.common import add_project_argument, open_cli_project
from qcode.errors import QcodeError

# Kept here as well as in the service so that `qcode --help` imports neither it nor matplotlib.
KINDS = ("frequency", "cooccurrence", "agreement", "cmo")
SUFFIXES = (".svg", ".png")


def register(commands: argparse._SubParsersAction) -> None:
    """Add `chart` to the parser."""
    chart = commands.add_parser(
        "chart", help="draw a chart (SVG or PNG, from -o's suffix): " + ", ".join(KINDS)
    )
    chart.add_argument("kind", metavar="KIND", help="what to draw: " + ", ".join(KINDS))
    add_project_argument(chart)
    chart.add_argument("-o", "--output", required=True, metavar="FILE", help="FILE.svg or .png")
    chart.add_argument(
        "--by", default="participant", help="frequency: participant (default), wave, attribute:NAME"
    )
    chart.add_argument(
        "--count",
        default="segments",
        help="frequency, cooccurrence: segments (default) or characters",
    )
    chart.add_argument("--coder", metavar="NAME", help="only this coder's coding")
    chart.add_argument(
        "--coders", metavar="A,B[,C...]", help="agreement: whom to compare (default: every coder)"
    )
    chart.add_argument("--theme", metavar="PATH", help="cmo: the outcome theme (default: first)")
    chart.set_defaults(handler=run_chart)


def run_chart(args: argparse.Namespace) -> int:
    """Check the kind and the file before reading anything; write only a finished picture."""
    from qcode.services.output_paths import check_output_path

    if args.kind not in KINDS:
        raise QcodeError(f"cannot chart '{args.kind}'; kinds: {', '.join(KINDS)}")
    output = check_output_path(Path(args.output), Path(args.project))
    if output.suffix.lower() not in SUFFIXES:
        shown = f"'{output.suffix}'" if output.suffix else "no suffix"
        raise QcodeError(f"{output.name}: cannot draw a chart as {shown}; use .svg or .png")
    if not output.parent.is_dir():
        raise QcodeError(f"{output}: folder {output.parent} does not exist")
    from qcode.export.charts.render import write_chart
    from qcode.services.charts.gather import ChartRequest, chart_data, check_request

    coders = None if args.coders is None else [name.strip() for name in args.coders.split(",")]
    request = ChartRequest(args.kind, args.by, args.count, args.coder, coders, args.theme)
    check_request(request)
    with open_cli_project(args.project) as project, project.session() as session:
        chart = chart_data(session, request)
    print(write_chart(chart, output))
    return 0
