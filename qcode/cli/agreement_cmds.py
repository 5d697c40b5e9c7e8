"""`qcode agree`: inter-coder agreement figures; and the `agreement` kind of `qcode export`."""

from __future__ import annotations

import argparse
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qcode.analysis.agreement.measures import (
    DEFAULT_THRESHOLD,
    PairCounts,
    alpha_band,
    kappa_band,
)
from qcode.cli.common import add_project_argument, open_cli_project
from qcode.cli.export_cmds import EXPORTERS
from qcode.cli.output import print_table, stream_json
from qcode.errors import QcodeError

if TYPE_CHECKING:
    from qcode.analysis.agreement.report import CellAgreement, CodeSummary, PairSummary
    from qcode.analysis.agreement.segments import SegmentMatch
    from qcode.services.agreement import AgreementReport, AgreementRequest
    from qcode.store.project import Project

GUIDANCE = (
    "Bands are a guide to reading the figures, not verdicts: kappa after Landis & Koch "
    "(<0 poor, to .20 slight, .40 fair, .60 moderate, .80 substantial, above almost perfect); "
    "alpha after Krippendorff (≥ .800 reliable, ≥ .667 tentative, below not reliable)."
)


def register(commands: argparse._SubParsersAction) -> None:
    agree = commands.add_parser("agree", help="inter-coder agreement: percent, kappa, alpha")
    add_project_argument(agree)
    agree.add_argument("--coders", required=True, metavar="A,B[,C...]", help="coders to compare")
    agree.add_argument("--code", metavar="PATH", help="only this code (default: all used)")
    agree.add_argument(
        "--doc", action="append", metavar="NAME", help="only this document (repeatable)"
    )
    agree.add_argument("--aggregate", action="store_true", help="a code counts its sub-codes")
    agree.add_argument(
        "--threshold",
        type=float,
        default=DEFAULT_THRESHOLD,
        metavar="T",
        help="segment overlap %% for a match (default %(default)g)",
    )
    agree.add_argument(
        "--coded-only", action="store_true", help="leave out text that neither coder coded"
    )
    agree.add_argument("--per-doc", action="store_true", help="also list each document")
    agree.add_argument("--json", action="store_true")
    agree.set_defaults(handler=run_agree)


def parse_coders(text: str | None) -> list[str]:
    """``"Ann, Ben"`` → ``["Ann", "Ben"]``."""
    if not text:
        raise QcodeError("name the coders to compare with --coders A,B")
    return [name.strip() for name in text.split(",")]


def request_of(args: argparse.Namespace) -> AgreementRequest:
    """The service request from `agree` or `export agreement` arguments."""
    from qcode.services.agreement import AgreementRequest

    docs = args.doc if isinstance(args.doc, list) else [args.doc] if args.doc else []
    return AgreementRequest(
        coders=parse_coders(args.coders),
        code=args.code,
        documents=docs,
        aggregate=getattr(args, "aggregate", False),
        threshold=getattr(args, "threshold", DEFAULT_THRESHOLD),
        coded_only=getattr(args, "coded_only", False),
    )


def run_agree(args: argparse.Namespace) -> int:
    from qcode.services.agreement import agreement

    request = request_of(args)
    with open_cli_project(args.project) as project, project.session() as session:
        report = agreement(session, request)
    if args.json:
        stream_json(report_json(report))
        return 0
    print_report(report, args.per_doc)
    return 0


def export_agreement(project: Project, output: Path, args: argparse.Namespace) -> str:
    """`qcode export agreement PROJECT --coders A,B -o FILE` (.xlsx, .csv or .docx)."""
    from qcode.export.agreement.write import write_agreement
    from qcode.services.agreement import agreement

    request = request_of(args)
    with project.session() as session:
        report = agreement(session, request)
    title = f"Inter-coder agreement: {', '.join(report.coders)}"
    return write_agreement(report.result, output, title)


def counts_json(counts: PairCounts) -> dict[str, Any]:
    return {
        "size": counts.size,
        "both": counts.both,
        "a_only": counts.a_only,
        "b_only": counts.b_only,
        "neither": counts.neither,
        "agreement": counts.agreement,
        "kappa": counts.kappa,
    }


def segments_json(match: SegmentMatch) -> dict[str, Any]:
    return {
        "a_segments": match.a_segments,
        "a_matched": match.a_matched,
        "b_segments": match.b_segments,
        "b_matched": match.b_matched,
        "agreement": match.agreement,
    }


def pair_json(pair: PairSummary[str]) -> dict[str, Any]:
    return {
        "coder_a": pair.coder_a,
        "coder_b": pair.coder_b,
        **counts_json(pair.counts),
        "kappa_band": kappa_band(pair.counts.kappa),
        "weighted_kappa": pair.weighted_kappa,
        "segments": segments_json(pair.segments),
        "presence": {"documents": pair.presence.size, **counts_json(pair.presence)},
    }


def summary_json(summary: CodeSummary[Any, str]) -> dict[str, Any]:
    return {
        "alpha": summary.alpha,
        "alpha_band": alpha_band(summary.alpha),
        "pairs": [pair_json(p) for p in summary.pairs],
    }


def cells_json(cells: Iterable[CellAgreement]) -> Iterator[dict[str, Any]]:
    """The top-level `pairs`: one per code × document × pair, made as they are written."""
    for cell in cells:
        yield {
            "coder_a": cell.coder_a,
            "coder_b": cell.coder_b,
            "code": list(cell.code),  # type: ignore[call-overload]
            "document": cell.document,
            **counts_json(cell.counts),
            "segments": segments_json(cell.segments),
        }


def report_json(report: AgreementReport) -> dict[str, Any]:
    """The `--json` document of ../shared/CLI.md, with a few fields added; lists are lazy."""
    result = report.result
    return {
        "coders": list(result.coders),
        "pairs": cells_json(result.iter_cells()),
        "codes": ({"code": list(c.code), **summary_json(c)} for c in result.codes),
        "overall": summary_json(result.overall),
        "documents": list(result.documents),
        "threshold": result.options.threshold,
        "coded_only": result.options.coded_only,
        "aggregate": report.request.aggregate,
    }


def fmt(value: float | None, digits: int) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def pair_cells(pair: PairSummary[str]) -> tuple[str, ...]:
    kappa = pair.counts.kappa
    segs = pair.segments
    return (
        f"{pair.coder_a} × {pair.coder_b}",
        fmt(pair.counts.agreement, 1),
        f"{fmt(kappa, 3)} {kappa_band(kappa)}",
        fmt(pair.weighted_kappa, 3),
        f"{segs.a_matched + segs.b_matched}/{segs.a_segments + segs.b_segments}"
        f" ({fmt(segs.agreement, 1)})",
        f"{pair.presence.both + pair.presence.neither}/{pair.presence.size}",
    )


def print_report(report: AgreementReport, per_doc: bool) -> None:
    """Tables for people: per code and overall, optionally per document; then the bands."""
    from qcode.export.agreement.sheets import code_text

    result = report.result
    units = "coded characters" if result.options.coded_only else "characters"
    print(
        f"Agreement of {', '.join(result.coders)} on {len(result.codes)} code(s) "
        f"in {len(result.documents)} document(s); units: {units}"
    )
    headers = ["code", "alpha", "pair", "agree %", "kappa", "weighted κ"]
    headers += [f"segments ≥{result.options.threshold:g}%", "code presence"]
    rows = []
    for summary in (*result.codes, result.overall):
        name = "(all codes)" if summary.code is None else code_text(summary.code)
        alpha = f"{fmt(summary.alpha, 3)} {alpha_band(summary.alpha)}"
        for number, pair in enumerate(summary.pairs):
            rows.append(
                (name, alpha) + pair_cells(pair) if number == 0 else ("", "", *pair_cells(pair))
            )
    print_table(headers, rows)
    if per_doc:
        print()
        print_documents(result.cells())
    print()
    print(GUIDANCE)


DOCUMENT_HEADERS = ["document", "code", "pair", "chars", "both", "A only", "B only", "neither"]


def print_documents(cells: list[CellAgreement]) -> None:
    """One line per code × document × pair where either coder coded something."""
    from qcode.export.agreement.sheets import code_text

    print_table(
        [*DOCUMENT_HEADERS, "agree %", "kappa"],
        [
            (
                c.document,
                code_text(c.code),
                f"{c.coder_a} × {c.coder_b}",
                c.counts.size,
                c.both,
                c.a_only,
                c.b_only,
                c.neither,
                fmt(c.counts.agreement, 1),
                f"{fmt(c.counts.kappa, 3)} {kappa_band(c.counts.kappa)}",
            )
            for c in cells
        ],
    )


EXPORTERS["agreement"] = export_agreement
