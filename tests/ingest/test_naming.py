"""File-name rules for participant id and interview wave, and clean names."""

from __future__ import annotations

from pathlib import Path

import pytest

from qcode.ingest import read_file
from qcode.ingest.naming import clean_name, infer_participant_wave, name_from_stem


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


@pytest.mark.parametrize(
    ("stem", "name"),
    [
        ("PJ\n1", "PJ 1"),
        ("PJ\t1  final", "PJ 1 final"),
        ("PJ 1\x1b[31m red", "PJ 1 [31m red"),
        ("PJ\u00852", "PJ 2"),
        ("  PJ\u2028\u2029 3\x7f\x00 ", "PJ 3"),
        ("\n\t", "Untitled"),
    ],
)
def test_control_characters_in_file_names_become_single_spaces(stem: str, name: str) -> None:
    assert name_from_stem(stem) == name
    assert clean_name(stem) == (name if name != "Untitled" else "")


def test_a_file_name_with_a_newline_gives_a_clean_document_and_participant(tmp_path: Path) -> None:
    path = tmp_path / "PJ\n2\x1b\u0085 final.txt"
    path.write_text("Some words.\n", encoding="utf-8")
    (doc,) = read_file(path)
    assert doc.name == "PJ 2 final"
    assert infer_participant_wave(path.stem) == ("PJ", 2)
