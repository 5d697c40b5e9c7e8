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
    from qcode.analysis.agreement.bootstrap import AlphaInterval
    from qcode.analysis.agreement.report import CellAgreement, CodeSummary, PairSummary
    from qcode.analysis.agreement.segments import SegmentMatch
    from qcode.services.agreement import AgreementReport, AgreementRequest
    from qcode.store.project import Project

GUIDANCE = (
    "Bands are a guide to reading the figures, not verdicts: kappa (and Fleiss' kappa, AC1, "
    "Brennan–Prediger) after Landis & Koch "
    "(<0 poor, to .20 slight, .40 fair, .60 moderate, .80 substantial, above almost perfect); "
    "alpha after Krippendorff (≥ .800 reliable, ≥ .667 tentative, below not reliable), with "
    "its 95 % interval from Krippendorff's bootstrap. n/a: neither coder of the pair used "
    "the code in scope (not applicable), or the figure is undefined."
)
KIND_CHOICES = ("interview", "survey")


def register(commands: argparse._SubParsersAction) -> None:
    agree = commands.add_parser("agree", help="inter-coder agreement: percent, kappa, alpha")
    add_project_argument(agree)
    agree.add_argument("--coders", required=True, metavar="A,B[,C...]", help="coders to compare")
    agree.add_argument("--code", metavar="PATH", help="only this code (default: all used)")
    agree.add_argument(
        "--doc", action="append", metavar="NAME", help="only this document (repeatable)"
    )
    agree.add_argument(
        "--kind",
        dest="document_kind",  # `export` has a positional KIND of its own
        choices=KIND_CHOICES,
        help="only interviews, or only survey answers",
    )
    agree.add_argument(
        "--participant",
        action="append",
        metavar="LABEL",
        help="only this participant's documents (repeatable)",
    )
    agree.add_argument(
        "--wave", action="append", type=int, metavar="N", help="only this wave (repeatable)"
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

    return AgreementRequest(
        coders=parse_coders(args.coders),
        code=args.code,
        documents=_listed(args.doc),
        aggregate=getattr(args, "aggregate", False),
        threshold=getattr(args, "threshold", DEFAULT_THRESHOLD),
        coded_only=getattr(args, "coded_only", False),
        kind=getattr(args, "document_kind", None),
        participants=_listed(getattr(args, "participant", None)),
        waves=_listed(getattr(args, "wave", None)),
    )


def _listed(value: Any) -> list[Any]:
    """A repeatable option's values (a single value from `export`, or none) as a list."""
    if isinstance(value, list):
        return value
    return [] if value is None else [value]


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
        "ac1": counts.ac1,
        "bp": counts.bp,
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
        "ac1_band": kappa_band(pair.counts.ac1),
        "bp_band": kappa_band(pair.counts.bp),
        "applicable": pair.counts.any_coded,
        "weighted_kappa": pair.weighted_kappa,
        "segments": segments_json(pair.segments),
        "presence": {"documents": pair.presence.size, **counts_json(pair.presence)},
    }


def summary_json(summary: CodeSummary[Any, str]) -> dict[str, Any]:
    coders = summary.coders
    return {
        "alpha": summary.alpha,
        "alpha_band": alpha_band(summary.alpha),
        "alpha_ci": interval_json(summary.alpha_interval),
        "fleiss_kappa": coders.fleiss,
        "fleiss_kappa_band": kappa_band(coders.fleiss),
        "ac1": coders.ac1,
        "bp": coders.bp,
        "pairs": [pair_json(p) for p in summary.pairs],
    }


def interval_json(interval: AlphaInterval | None) -> dict[str, Any] | None:
    """Krippendorff's bootstrap interval for alpha, and how it was drawn; null if none."""
    if interval is None:
        return None
    return {
        "low": interval.low,
        "high": interval.high,
        "level": interval.level,
        "draws": interval.draws,
        "pairs_per_draw": interval.pairs,
        "seed": interval.seed,
        "q_below_800": interval.below_reliable,
        "q_below_667": interval.below_tentative,
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
        "scope": {
            "kind": report.request.kind,
            "participants": list(report.request.participants),
            "waves": list(report.request.waves),
        },
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
        fmt(pair.counts.ac1, 3),
        fmt(pair.counts.bp, 3),
        fmt(pair.weighted_kappa, 3),
        f"{segs.a_matched + segs.b_matched}/{segs.a_segments + segs.b_segments}"
        f" ({fmt(segs.agreement, 1)})",
        presence_text(pair),
    )


def presence_text(pair: PairSummary[str]) -> str:
    """Documents where the two agree on using the code, of all; n/a where neither used it."""
    presence = pair.presence
    if not pair.counts.any_coded:
        return "n/a"
    return f"{presence.both + presence.neither}/{presence.size}"


def print_report(report: AgreementReport, per_doc: bool) -> None:
    """Tables for people: per code and overall, optionally per document; then the bands."""
    result = report.result
    units = "coded characters" if result.options.coded_only else "characters"
    print(
        f"Agreement of {', '.join(result.coders)} on {len(result.codes)} code(s) "
        f"in {len(result.documents)} document(s); units: {units}"
    )
    headers = ["code", "alpha", "alpha 95% CI", "Fleiss κ", "pair", "agree %", "kappa"]
    headers += ["AC1", "B–P", "weighted κ"]
    headers += [f"segments ≥{result.options.threshold:g}%", "code presence"]
    rows = []
    for summary in (*result.codes, result.overall):
        first = summary_cells(summary)
        for number, pair in enumerate(summary.pairs):
            rows.append((first if number == 0 else ("",) * len(first)) + pair_cells(pair))
    print_table(headers, rows)
    if per_doc:
        print()
        print_documents(result.cells())
    print()
    print(GUIDANCE)


def summary_cells(summary: CodeSummary[Any, str]) -> tuple[str, ...]:
    """A code's (or all codes') figures over every coder: the first cells of its rows."""
    from qcode.export.agreement.sheets import code_text

    name = "(all codes)" if summary.code is None else code_text(summary.code)
    interval = summary.alpha_interval
    shown = "n/a" if interval is None else f"{interval.low:.3f} to {interval.high:.3f}"
    fleiss = summary.coders.fleiss
    return (
        name,
        f"{fmt(summary.alpha, 3)} {alpha_band(summary.alpha)}",
        shown,
        f"{fmt(fleiss, 3)} {kappa_band(fleiss)}",
    )


DOCUMENT_HEADERS = ["document", "code", "pair", "chars", "both", "A only", "B only", "neither"]


def print_documents(cells: list[CellAgreement]) -> None:
    """One line per code × document × pair where either coder coded something."""
    from qcode.export.agreement.sheets import code_text

    print_table(
        [*DOCUMENT_HEADERS, "agree %", "kappa", "AC1", "B–P"],
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
                fmt(c.counts.ac1, 3),
                fmt(c.counts.bp, 3),
            )
            for c in cells
        ],
    )


EXPORTERS["agreement"] = export_agreement
