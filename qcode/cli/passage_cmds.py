"""Workshop commands over N coders: passages across codes, decided code by code."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from qcode.cli.common import open_cli_project, parse_span
from qcode.cli.output import print_table, stream_json

if TYPE_CHECKING:
    from qcode.analysis.intervals import Span
    from qcode.services.workshop.passages import PassageView
    from qcode.services.workshop.units import DecisionInfo


def spans_text(spans: tuple[Span, ...]) -> str:
    return "; ".join(f"{start}:{end}" for start, end in spans) or "-"


def decision_json(info: DecisionInfo | None) -> dict[str, object] | None:
    if info is None:
        return None
    return {
        "choice": info.choice,
        "decision": info.words,
        "coders": list(info.coders or (info.coder_a, info.coder_b)),
        "result": [list(span) for span in info.result],
        "rationale": info.rationale,
        "attendees": list(info.attendees),
        "decided_by": info.decided_by,
        "decided_at": info.decided_at.isoformat(sep=" ", timespec="seconds"),
        "decided_on": list(info.decided_on) if info.decided_on else None,
    }


def passage_json(view: PassageView) -> dict[str, object]:
    return {
        "document": view.document,
        "participant": view.participant,
        "start": view.key.start,
        "end": view.key.end,
        "citation": view.citation,
        "text": view.text,
        "context": view.context,
        "context_start": view.context_start,
        "decided": view.decided,
        "codes": [
            {
                "code": list(code.code),
                "agreed": code.agreed,
                "spans": {
                    name: [list(span) for span in spans]
                    for name, spans in zip(view.coders, code.spans, strict=True)
                },
                "decision": decision_json(code.decision),
                "decisions": [decision_json(info) for info in code.decisions],
            }
            for code in view.codes
        ],
    }


def run_passages(args: argparse.Namespace, names: list[str]) -> int:
    """`qcode disagreements P --coders A,B,C`: one row per code the coders differ on."""
    from qcode.services.lookup import join_path
    from qcode.services.workshop.passages import list_passages

    with open_cli_project(args.project) as project, project.session() as session:
        listing = list_passages(session, names, args.code, args.doc, args.descendants)
        if args.json:
            stream_json(
                {
                    "coders": list(listing.coders.names),
                    "decided": listing.decided,
                    "total": listing.total,
                    "passages": (passage_json(view) for view in listing.items),
                }
            )
            return 0
        rows = [
            (
                number,
                view.citation,
                f"{view.key.start}:{view.key.end}",
                join_path(code.code),
                *(spans_text(spans) for spans in code.spans),
                " + ".join(info.choice for info in code.decisions),
            )
            for number, view in enumerate(listing.items, 1)
            for code in view.differing
        ]
        coders = listing.coders.names
    print_table(["#", "where", "passage", "code", *coders, "decision"], rows)
    print(f"{listing.decided} of {listing.total} passages decided")
    return 0


def run_decide_passage(args: argparse.Namespace, names: list[str]) -> int:
    """`qcode decide P --coders A,B,C --doc D --at N --code C --choice majority [--k 2]`."""
    from qcode.services.lookup import join_path
    from qcode.services.workshop.passages import get_passage, list_passages, passage_at
    from qcode.services.workshop.settle import decide_passage

    custom = parse_span(args.span) if args.span is not None else None
    with open_cli_project(args.project) as project:
        with project.session() as session:
            view = passage_at(session, names, args.doc, args.at)
        change = decide_passage(
            project,
            view.key,
            args.code,
            args.choice,
            args.rationale,
            args.attendees,
            args.actor,
            keep=args.keep,
            k=args.k,
            custom_span=custom,
            replace=args.replace,
        )
        with project.session() as session:
            after = get_passage(session, view.key)
            listing = list_passages(session, names)
    assert after is not None
    code = next(c for c in after.codes if c.decision and c.decision.id == change.value)
    assert code.decision is not None
    print(
        f"decided {after.citation} ({after.key.start}:{after.key.end}), {join_path(code.code)}:"
        f" {code.decision.words}; consensus {spans_text(code.decision.result)};"
        f" {listing.decided} of {listing.total} passages decided"
    )
    return 0
