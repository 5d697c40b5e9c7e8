"""Wide surveys: 10,000 columns read with any delimiter; an oversized cell is one clear line."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from qcode.errors import IngestError
from qcode.ingest import read_file

WIDE = 10_000


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_a_survey_with_ten_thousand_columns_is_read(tmp_path: Path, delimiter: str) -> None:
    headings = delimiter.join(["id", *(f"What about {n}?" for n in range(WIDE))])
    answers = delimiter.join(["A1", *(f"Answer number {n} in words" for n in range(WIDE))])
    path = tmp_path / "wide.csv"
    path.write_text(f"{headings}\n{answers}\n", encoding="utf-8")
    (doc,) = read_file(path)
    assert doc.participant == "A1" and not doc.attributes
    assert doc.text.count("\n\n") == WIDE - 1
    assert doc.text.endswith(f"What about {WIDE - 1}?\nAnswer number {WIDE - 1} in words")


def test_a_cell_past_the_csv_limit_is_refused_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "survey.csv"
    path.write_text('id,Story\nQ1,"an open quote\n' + "x" * 200_000 + "\n", encoding="utf-8")
    limit = f"{csv.field_size_limit():,}"
    with pytest.raises(IngestError, match=rf"^survey\.csv: a cell holds more than {limit} char"):
        read_file(path)
