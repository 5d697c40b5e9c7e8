"""QualCoder positions and odd data: Qt-counted emoji, CR LF text, quotes that disagree, loops."""

from __future__ import annotations

from pathlib import Path

from qcode.ingest.qualcoder.reader import read_qualcoder
from tests.ingest.test_qualcoder_reader import CODING, DAY, execute, insert, qualcoder_folder

EMOJI = "Ann: 😀😀 great team. Bob: 😀 agreed, great."


def utf16(text: str, quote: str) -> tuple[int, int]:
    """Where ``quote`` is in ``text`` counted as Qt counts: UTF-16 units."""
    start = text.index(quote)
    units = len(text[:start].encode("utf-16-le")) // 2
    return units, units + len(quote.encode("utf-16-le")) // 2


def one_file(tmp_path: Path, text: str) -> Path:
    folder = qualcoder_folder(tmp_path)
    insert(folder, "source", "id, name, fulltext, owner", (1, "chat.txt", text, "ann"))
    insert(folder, "code_name", "cid, name, owner", (1, "Team", "ann"))
    return folder


def spans(folder: Path) -> list[str]:
    data = read_qualcoder(folder)
    (document,) = data.documents
    return [document.text[s.start : s.end] for s in data.segments]


def test_positions_counted_in_utf16_units_are_converted(tmp_path: Path) -> None:
    folder = one_file(tmp_path, EMOJI)
    insert(
        folder,
        "code_text",
        CODING,
        (1, 1, 1, "great team", *utf16(EMOJI, "great team"), "ann", DAY, "", None),
        (2, 1, 1, "agreed", *utf16(EMOJI, "agreed"), "ann", DAY, "", None),
    )
    insert(
        folder,
        "annotation",
        "anid, fid, pos0, pos1, memo, owner",
        (1, 1, *utf16(EMOJI, "great."), "Ends well", "ann"),
    )
    assert spans(folder) == ["great team", "agreed", "great."]  # the annotation counted alike
    assert read_qualcoder(folder).problems[0] == (
        "file 'chat.txt': 2 codings counted an emoji as two characters (as Qt does); "
        "converted to qcode's counting"
    )


def test_code_points_are_kept_when_the_quote_reads_right(tmp_path: Path) -> None:
    folder = one_file(tmp_path, EMOJI)
    start = EMOJI.index("agreed")
    insert(folder, "code_text", CODING, (1, 1, 1, "agreed", start, start + 6, "ann", DAY, "", None))
    assert spans(folder) == ["agreed"]
    assert read_qualcoder(folder).problems == []


def test_a_crlf_in_fulltext_becomes_one_newline_and_later_spans_move_back(tmp_path: Path) -> None:
    raw = "Q: How?\r\nA: With help.\r\nQ: And?"
    folder = one_file(tmp_path, raw)
    start = raw.index("With help")
    insert(
        folder, "code_text", CODING, (1, 1, 1, "With help", start, start + 9, "ann", DAY, "", None)
    )
    data = read_qualcoder(folder)
    assert data.documents[0].text == "Q: How?\nA: With help.\nQ: And?"
    assert (data.segments[0].start, spans(folder)) == (start - 1, ["With help"])
    assert data.documents[0].line_breaks == "crlf"  # a REFI-QDA export writes them again


def test_a_quote_that_disagrees_is_placed_by_position_and_reported(tmp_path: Path) -> None:
    folder = one_file(tmp_path, "We talked about the rota.")
    insert(
        folder,
        "code_text",
        CODING,
        (1, 1, 1, "the rota (edited)", 16, 24, "ann", DAY, "", None),
        (2, 1, 1, "past the end", 20, 99, "ann", DAY, "", None),
    )
    assert spans(folder) == ["the rota"]
    assert read_qualcoder(folder).problems == [
        "1 coding lies outside its file's text (or is empty); not carried",
        "1 coding quotes other text than its positions hold; placed by its positions",
    ]


def test_a_category_loop_or_lost_parent_goes_to_the_top(tmp_path: Path) -> None:
    folder = qualcoder_folder(tmp_path, version=16)
    insert(
        folder,
        "code_cat",
        "catid, name, supercatid",
        (1, "A", 2),
        (2, "B", 1),
        (3, "C", 9),
    )
    insert(folder, "code_name", "cid, name, catid, supercid", (1, "x", 3, None), (2, "y", None, 1))
    data = read_qualcoder(folder)
    # The loop is cut where it is found (as QualCoder repairs it): A goes to the top, B stays.
    assert [(c.name, [k.name for k in c.children]) for c in data.codes] == [
        ("A", ["B"]),
        ("C", ["x"]),
    ]
    assert data.codes[1].children[0].children[0].name == "y"  # a sub-code (v16) under its code
    assert data.problems == [
        "2 categories or codes had a parent that is missing or loops back to them; "
        "put at the top level of the codebook"
    ]


def test_what_qcode_does_not_keep_is_named_with_counts(tmp_path: Path) -> None:
    folder = qualcoder_folder(tmp_path)
    insert(folder, "graph", "grid, name", (1, "Model"), (2, "Draft"))
    insert(folder, "ris", "risid, tag, value", (1, "TI", "A paper"), (1, "AU", "Smith"))
    insert(folder, "source", "id, name, mediapath", (1, "scan.bin", "/docs/scan.bin"))
    insert(
        folder,
        "attribute_type",
        "name, caseOrFile, valuetype, memo",
        ("Age", "case", "numeric", "in years"),
    )
    insert(folder, "cases", "caseid, name", (1, "Ann"))
    insert(folder, "attribute", "name, attr_type, value, id", ("Age", "case", "about 40", 1))
    data = read_qualcoder(folder)
    assert [(a.name, a.type, a.value) for a in data.participants[0].attributes] == [
        ("Age", "text", "about 40")
    ]
    assert data.problems == [
        "case attribute 'Age' is numeric in QualCoder but not every value is a number; "
        "kept as text",
        "1 file without text was not carried",
        "2 graphs were not carried",
        "1 bibliography reference was not carried",
        "1 attribute memo was not carried",
    ]


def test_numeric_attributes_with_fractions_are_floats(tmp_path: Path) -> None:
    folder = one_file(tmp_path, "Some text.")
    insert(folder, "attribute_type", "name, caseOrFile, valuetype", ("Score", "file", "numeric"))
    insert(folder, "attribute", "name, attr_type, value, id", ("Score", "file", " 3.50 ", 1))
    (value,) = read_qualcoder(folder).documents[0].variables
    assert (value.name, value.type, value.value) == ("Score", "float", "3.5")
    execute(folder, "UPDATE attribute SET value = '4'")
    (value,) = read_qualcoder(folder).documents[0].variables
    assert (value.type, value.value) == ("integer", "4")
