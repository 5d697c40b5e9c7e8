"""File-name rules for participant id and interview wave."""

from __future__ import annotations

import pytest

from qcode.ingest.naming import infer_participant_wave


@pytest.mark.parametrize(
    ("stem", "expected"),
    [
        ("PJ 1", ("PJ", 1)),
        ("PJ_2", ("PJ", 2)),
        ("PJ-interview-3", ("PJ", 3)),
        ("PR2", ("PR", 2)),
        ("pj 1", ("PJ", 1)),
        ("Pk wave 04", ("PK", 4)),
        ("PJ 1 final", ("PJ", 1)),
        ("PJ 12", ("PJ", 12)),
        ("PAB 2", ("PAB", 2)),
        ("  PJ 1", ("PJ", 1)),
        ("PJ", ("PJ", None)),
        ("PJ notes", ("PJ", None)),
        ("PJ 0", ("PJ", None)),
        ("PJ 100", ("PJ", None)),
        ("PJ 2024-05-01", ("PJ", None)),
        ("PJ1a", ("PJ", None)),
        ("Q12", ("Q12", None)),
        ("q7 answers", ("Q7", None)),
        ("notes", (None, None)),
        ("Interview notes", (None, None)),
        ("Pat 1", (None, None)),
        ("Pilot 2", (None, None)),
        ("Participant J 1", (None, None)),
        ("Questionnaire 1", (None, None)),
        ("2023 PJ 1", (None, None)),
        ("", (None, None)),
    ],
)
def test_participant_and_wave_from_file_name(
    stem: str, expected: tuple[str | None, int | None]
) -> None:
    assert infer_participant_wave(stem) == expected
