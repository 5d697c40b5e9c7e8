"""The methods paragraph: decided of total units by type, coders once by name, the recorder."""

from __future__ import annotations

from datetime import datetime

from qcode.export.decision_log import methods_paragraph
from qcode.services.workshop.log import DecisionLogRow


def row(number: int, **changes: object) -> DecisionLogRow:
    values: dict[str, object] = {
        "decision_id": number,
        "decided_at": datetime(2025, 5, 3, 14, number),
        "document": "PJ 1",
        "code": ("Support",),
        "start": 10 * number,
        "end": 10 * number + 5,
        "text": "words",
        "citation": "PJ 1, line 2",
        "coder_a": "Ben",
        "coder_b": "Ana",
        "choice": "union",
        "choice_words": "coded what either coder coded (union)",
        "result": (),
        "rationale": "why",
        "attendees": ("Ana", "Ben"),
        "decided_by": "Dr Who",
    }
    values.update(changes)
    return DecisionLogRow(**values)  # type: ignore[arg-type]


def test_decided_and_open_units_are_counted_by_type() -> None:
    rows = [
        row(1, choice="keep_a", choice_words="kept Ben's coding"),
        row(2),
        row(3, choice="none", superseded_by=2, superseded_at=datetime(2025, 5, 3, 15)),
    ]
    text = methods_paragraph(rows, (2, 15))
    assert (
        "2 of 15 disagreements were decided in a whole-team workshop: 1 kept one coder's "
        "coding, 1 union; 13 remain open."
    ) in text
    assert "discussed" not in text and "Each passage" not in text
    assert "2 decisions in force" in text
    assert "1 earlier decision the team later replaced, marked superseded" in text
    assert "recorded by Dr Who." in text


def test_coders_are_named_once_in_a_stable_order() -> None:
    rows = [
        row(1, coder_a="Ben", coder_b="Ana"),
        row(2, coder_a="Ana", coder_b="Ben"),
        row(3, coder_a="Cai", coder_b="Ana"),
    ]
    text = methods_paragraph(rows)
    assert "the coding of Ana, Ben and Cai was then compared" in text
    assert methods_paragraph(list(reversed(rows))).count("Ana, Ben and Cai") == 1
    assert "3 passages where their coding differed were decided" in text


def test_the_recorder_is_named_whether_a_coder_or_not() -> None:
    text = methods_paragraph([row(1, decided_by="Ana"), row(2, decided_by="Dr Who")])
    assert "recorded by Ana and Dr Who." in text


def test_only_superseded_decisions_read_as_none_in_force() -> None:
    gone = row(1, superseded_by=2)
    assert methods_paragraph([gone]) == "No workshop decision is in force (1 was superseded)."
