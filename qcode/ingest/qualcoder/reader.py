"""Read a QualCoder project (the ``NAME.qda`` folder or its ``data.qda``) into a RefiProject.

Everything qcode keeps comes in: text files verbatim with their attributes, the codebook
(categories as non-codable parents, codes with their colours), codings by their owners,
cases as participants with attributes and linked text, annotations, the project memo,
journals and memos on codes, files, codings and cases. Each thing gets a GUID derived from
the project's creation date and what identifies it (a code's name, a coding's file, code,
owner and span), never its row id: importing again adds nothing twice, and copies of one
project coded apart come in side by side (the same code id means another code in each).
What qcode does not carry (images, audio/video, graphs, references) is counted in
``problems``, one line each.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from qcode.ingest.qualcoder.cases import read_cases
from qcode.ingest.qualcoder.codes import read_codes
from qcode.ingest.qualcoder.database import (
    connect,
    database_file,
    project_label,
    refusal,
    schema_version,
)
from qcode.ingest.qualcoder.reading import Reading, plural, text_of, when
from qcode.ingest.qualcoder.sources import (
    read_annotations,
    read_codings,
    read_sources,
    report_tally,
)
from qcode.ingest.refi.model import RefiMemo, RefiProject

ORIGIN = "QualCoder"
ATTRIBUTE_MEMOS = "SELECT count(*) FROM attribute_type WHERE trim(coalesce(memo, '')) <> ''"


def read_qualcoder(path: Path) -> RefiProject:
    """The project's contents as plain values; IngestError (one line) if it is refused."""
    label = project_label(Path(path))
    db = connect(database_file(Path(path)), label)
    try:
        version = schema_version(db, label)
        row = db.execute("SELECT * FROM project").fetchone()
        state = Reading(db, version, label, key=text_of(row["date"]) or label)
        state.data.name = label.removesuffix(".qda").removesuffix(".QDA")
        state.data.origin = text_of(row["about"]) or ORIGIN
        state.data.created_at = when(row["date"])
        read_all(state, text_of(row["memo"]))
    except sqlite3.Error as exc:
        raise refusal(exc, label) from exc
    finally:
        db.close()
    return state.data


def read_all(state: Reading, project_memo: str) -> None:
    """The tables in the order references need: codes and files before what codes them."""
    if state.version >= 14:
        for row in state.rows("SELECT name FROM coder_names ORDER BY name"):
            state.user(row["name"])
    read_codes(state)
    read_sources(state)
    read_codings(state)
    read_annotations(state)
    read_cases(state)
    read_journals(state, project_memo)
    report_tally(state)
    report_not_carried(state)


def read_journals(state: Reading, project_memo: str) -> None:
    """The project memo and every journal, as memos that are about nothing in particular."""
    if project_memo.strip():
        guid = state.fresh("project memo", project_memo, row=0)
        state.data.memos.append(RefiMemo(guid, "Project memo", project_memo))
    for row in state.rows("SELECT * FROM journal ORDER BY jid"):
        title = " ".join(text_of(row["name"]).split()) or "Journal"
        state.memo(("journal", title), title, row, text_of(row["jentry"]))


def count(state: Reading, sql: str) -> int:
    return int(state.db.execute(sql).fetchone()[0] or 0)


def report_not_carried(state: Reading) -> None:
    """One line for each kind of thing the project holds that qcode does not keep."""
    kinds = list(state.untexted.values())
    images, image_codings = kinds.count("image"), count(state, "SELECT count(*) FROM code_image")
    if images or image_codings:
        state.report(
            f"{plural(images, 'image file')} and {plural(image_codings, 'image coding')} "
            "(code_image) were not carried: qcode codes text only"
        )
    media, media_codings = kinds.count("av"), count(state, "SELECT count(*) FROM code_av")
    if media or media_codings:
        state.report(
            f"{plural(media, 'audio/video file')} and {plural(media_codings, 'A/V coding')} "
            "(code_av) were not carried: qcode codes text only"
        )
    others = [
        (kinds.count("other"), "file without text", "files without text"),
        (count(state, "SELECT count(*) FROM graph"), "graph", None),
        (count(state, "SELECT count(DISTINCT risid) FROM ris"), "bibliography reference", None),
        (count(state, ATTRIBUTE_MEMOS), "attribute memo", None),
    ]
    for number, one, many in others:
        if number:
            verb = "was" if number == 1 else "were"
            state.report(f"{plural(number, one, many)} {verb} not carried")
