"""Reading QualCoder projects (v8 and v17 databases built here, table by table) into plain values.

The tables are written from QualCoder's schema as its project creation and upgrade code
leave them at each version: v8 as a project of that time has it, v17 with everything
added since (coder_names in v14, code_name.supercid in v16, graph labels in v17, …).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from qcode.ingest.qualcoder.reader import read_qualcoder
from qcode.ingest.refi.model import RefiCode, RefiProject

# -- a QualCoder database, version by version ------------------------------------------------

# Each table of a v8 project: its columns, as QualCoder's create and upgrade code leave them.
TABLES_V8 = {
    "project": "databaseversion text, date text, memo text, about text, bookmarkfile integer, "
    "bookmarkpos integer, codername text",
    "source": "id integer primary key, name text unique, fulltext text, mediapath text, "
    "memo text, owner text, date text, av_text_id integer, risid integer",
    "code_image": "imid integer primary key, id integer, x1 integer, y1 integer, width integer, "
    "height integer, cid integer, memo text, date text, owner text, important integer",
    "code_av": "avid integer primary key, id integer, pos0 integer, pos1 integer, cid integer, "
    "memo text, date text, owner text, important integer",
    "annotation": "anid integer primary key, fid integer, pos0 integer, pos1 integer, "
    "memo text, owner text, date text",
    "attribute_type": "name text primary key, date text, owner text, memo text, "
    "caseOrFile text, valuetype text",
    "attribute": "attrid integer primary key, name text, attr_type text, value text, "
    "id integer, date text, owner text",
    "case_text": "id integer primary key, caseid integer, fid integer, pos0 integer, "
    "pos1 integer, owner text, date text, memo text",
    "cases": "caseid integer primary key, name text unique, memo text, owner text, date text",
    "code_cat": "catid integer primary key, name text unique, owner text, date text, "
    "memo text, supercatid integer",
    "code_text": "ctid integer primary key, cid integer, fid integer, seltext text, "
    "pos0 integer, pos1 integer, owner text, date text, memo text, avid integer, "
    "important integer",
    "code_name": "cid integer primary key, name text unique, memo text, catid integer, "
    "owner text, date text, color text",
    "journal": "jid integer primary key, name text unique, jentry text, date text, owner text",
    "stored_sql": "title text unique, description text, grouper text, ssql text",
    "graph": "grid integer primary key, name text unique, description text, date text, "
    "scene_width integer, scene_height integer",
    "gr_cdct_line_item": "glineid integer primary key, grid integer, fromcatid integer, "
    "fromcid integer, tocatid integer, tocid integer, color text, linewidth real, "
    "linetype text, isvisible integer",
    "gr_free_line_item": "gflineid integer primary key, grid integer, color text, linetype text",
    "ris": "risid integer, tag text, longtag text, value text",
}
# What each later version added: (version, table, columns); a table not there yet is new.
ADDED_AFTER_V8 = [
    (9, "project", "recently_used_codes text"),
    (10, "code_image", "pdf_page integer"),
    (12, "manage_files_display", "mfid integer primary key, name text, tblrows text"),
    (13, "files_filter", "filterid integer primary key, name text, filter text, owner text"),
    (14, "coder_names", "name text unique not null, visibility integer not null default 1"),
    (15, "project", "avbookmarkfile integer, avbookmarkmsec integer, avbookmarktextpos integer"),
    (16, "code_name", "supercid integer"),
    (17, "gr_cdct_line_item", "label text, arrow_mode text"),
    (17, "gr_free_line_item", "label text, arrow_mode text"),
    (17, "gr_memo_item", "gmemoid integer primary key, grid integer, memo_source_type text"),
]
CREATED = "2024-03-01 09:30:00"


def qualcoder_folder(parent: Path, version: int = 17, name: str = "STUDY.qda") -> Path:
    """An empty QualCoder project of ``version``: the folder, its subfolders and data.qda."""
    folder = parent / name
    for sub in ("", "documents", "images", "audio", "video"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    tables = dict(TABLES_V8)
    for since, table, columns in ADDED_AFTER_V8:
        if since <= version:
            tables[table] = f"{tables[table]}, {columns}" if table in tables else columns
    db = sqlite3.connect(folder / "data.qda")
    for table, columns in tables.items():
        db.execute(f"CREATE TABLE {table} ({columns})")
    db.execute(
        "INSERT INTO project (databaseversion, date, memo, about, codername) VALUES (?,?,?,?,?)",
        (f"v{version}", CREATED, "", "QualCoder 3.6", "ann"),
    )
    db.commit()
    db.close()
    return folder


def insert(folder: Path, table: str, columns: str, *rows: tuple[object, ...]) -> None:
    """Rows into a table: ``columns`` names them ("cid, name, …"), each row a tuple."""
    marks = ", ".join("?" * len(columns.split(",")))
    db = sqlite3.connect(folder / "data.qda")
    db.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)
    db.commit()
    db.close()


def execute(folder: Path, sql: str, *args: object) -> None:
    db = sqlite3.connect(folder / "data.qda")
    db.execute(sql, args)
    db.commit()
    db.close()


INTERVIEW = "\ufeffAnn: I love my job 😀 but the workload is heavy.\nAnn: Nights are long."
NOTES = "Team notes: rota changes every week.\nManager agreed to review."
DAY = "2024-03-02 10:00:00"
CODING = "ctid, cid, fid, seltext, pos0, pos1, owner, date, memo, important"


def at(text: str, quote: str) -> tuple[int, int]:
    start = text.index(quote)
    return start, start + len(quote)


def coding(
    ctid: int,
    cid: int,
    fid: int,
    quote: str,
    owner: str,
    memo: str = "",
    important: int | None = None,
) -> tuple[object, ...]:
    """A code_text row whose positions and quote are those QualCoder stores."""
    span = at(INTERVIEW if fid == 1 else NOTES, quote)
    return (ctid, cid, fid, quote, *span, owner, DAY, memo, important)


def study(parent: Path, version: int = 17) -> Path:
    """A QualCoder project holding one of everything the reader reads."""
    folder = qualcoder_folder(parent, version)
    execute(folder, "UPDATE project SET memo = ?", "A study of nurses' working lives.")
    insert(
        folder,
        "code_cat",
        "catid, name, owner, date, memo, supercatid",
        (1, "Work", "ann", DAY, "All about work", None),
        (2, "Conditions", "ann", DAY, "", 1),
    )
    insert(
        folder,
        "code_name",
        "cid, name, memo, catid, owner, date, color",
        (1, "Joy", "Moments of joy", 1, "ann", DAY, "#00FF00"),
        (2, "Workload", "", 2, "bob", DAY, "#EB7333"),
        (3, "Rota", None, None, "bob", DAY, None),
    )
    insert(
        folder,
        "source",
        "id, name, fulltext, mediapath, memo, owner, date",
        (1, "interview1.txt", INTERVIEW, None, "First interview", "ann", DAY),
        (2, "notes.docx", NOTES, "/docs/notes.docx", "", "bob", DAY),
        (3, "photo.png", None, "/images/photo.png", "", "ann", DAY),
        (4, "talk.mp3", None, "/audio/talk.mp3", "", "bob", DAY),
    )
    insert(
        folder,
        "attribute_type",
        "name, caseOrFile, valuetype, memo, owner, date",
        *[
            (n, k, t, "", "ann", DAY)
            for n, k, t in [
                ("Site", "file", "character"),
                ("Year", "file", "numeric"),
                ("Wave", "file", "numeric"),
                ("Role", "case", "character"),
                ("Age", "case", "numeric"),
            ]
        ],
    )
    insert(
        folder,
        "attribute",
        "name, attr_type, value, id, owner, date",
        *[
            (*row, "ann", DAY)
            for row in [
                ("Site", "file", "Leeds", 1),
                ("Site", "file", "York", 2),
                ("Year", "file", "2023", 1),
                ("Year", "file", "", 2),
                ("Wave", "file", "1", 1),
                ("Role", "case", "Nurse", 1),
                ("Age", "case", "34", 1),
                ("Role", "case", "", 2),
            ]
        ],
    )
    insert(
        folder,
        "code_text",
        CODING,
        coding(1, 1, 1, "love my job", "ann"),
        coding(2, 2, 1, "the workload is heavy", "bob"),
        coding(3, 2, 1, "Nights are long", "ann", memo="Nights again", important=1),
        coding(4, 3, 2, "rota changes", "bob"),
    )
    insert(
        folder,
        "cases",
        "caseid, name, memo, owner, date",
        (1, "Ann", "Senior nurse", "ann", DAY),
        (2, "Team", "", "bob", DAY),
    )
    insert(
        folder,
        "case_text",
        "id, caseid, fid, pos0, pos1, owner, date, memo",
        (1, 1, 1, 0, len(INTERVIEW), "ann", DAY, ""),
        (2, 2, 2, *at(NOTES, "rota changes every week"), "bob", DAY, ""),
    )
    insert(
        folder,
        "annotation",
        "anid, fid, pos0, pos1, memo, owner, date",
        (1, 2, *at(NOTES, "Manager agreed"), "Check this with HR", "bob", DAY),
    )
    insert(
        folder,
        "journal",
        "jid, name, jentry, date, owner",
        (1, "Reflexive journal", "Tired after interview 1.", DAY, "ann"),
    )
    insert(
        folder,
        "code_image",
        "imid, id, x1, y1, width, height, cid, owner",
        (1, 3, 0, 0, 9, 9, 1, "ann"),
    )
    insert(folder, "code_av", "avid, id, pos0, pos1, cid, owner", (1, 4, 0, 900, 2, "bob"))
    if version >= 14:
        insert(folder, "coder_names", "name", ("ann",), ("bob",))
    if version >= 16:
        insert(
            folder,
            "code_name",
            "cid, name, memo, catid, supercid, owner, date, color",
            (4, "Heavy", "", None, 2, "bob", DAY, "#aa0000"),
        )
        insert(folder, "code_text", CODING, coding(5, 4, 1, "heavy", "bob"))
    return folder


# -- what a read gives -------------------------------------------------------------------------


def tree(codes: list[RefiCode]) -> list[tuple[object, ...]]:
    return [(c.name, c.codable, c.color, tree(c.children)) for c in codes]


def names(data: RefiProject) -> dict[str, str]:
    """GUID → name of every document, code, user and participant (to read references)."""
    found = {d.guid: d.name for d in data.documents}
    found |= {c.guid: c.name for c in data.all_codes()}
    found |= {u.guid: u.name for u in data.users}
    found |= {p.guid: p.label for p in data.participants}
    return found


def quotes(data: RefiProject) -> set[tuple[str, str, str, str]]:
    """Each segment as (document, code, coder, the text it spans)."""
    text = {d.guid: d.text for d in data.documents}
    of = names(data)
    return {
        (of[s.document], of[s.code], of[s.coder or ""], text[s.document][s.start : s.end])
        for s in data.segments
    }


NOT_CARRIED = [
    "1 annotation became the memo of a segment of the code 'QualCoder annotations' "
    "(qcode keeps a note on a span that way)",
    "1 case link to part of a file became a segment of the code 'QualCoder case links', "
    "in a topic case named after its case",
    "1 coding is marked important in QualCoder; qcode has no such mark (not kept)",
    "1 image file and 1 image coding (code_image) were not carried: qcode codes text only",
    "1 audio/video file and 1 A/V coding (code_av) were not carried: qcode codes text only",
]


@pytest.mark.parametrize("version", [8, 17])
def test_every_item_of_a_project_lands(tmp_path: Path, version: int) -> None:
    data = read_qualcoder(study(tmp_path, version))
    assert (data.name, data.origin, str(data.created_at)) == (
        "STUDY",
        "QualCoder 3.6",
        "2024-03-01 09:30:00",
    )
    assert [u.name for u in data.users] == ["ann", "bob"]
    interview, notes = data.documents
    assert (interview.name, interview.text, interview.format, interview.wave) == (
        "interview1.txt",
        INTERVIEW,
        "txt",
        1,
    )
    assert interview.text.startswith("\ufeff")
    assert [(v.name, v.type, v.value) for v in interview.variables] == [
        ("Site", "text", "Leeds"),
        ("Year", "integer", "2023"),
    ]
    assert (notes.text, notes.format, notes.original_filename) == (NOTES, "docx", "notes.docx")
    assert [(v.name, v.value) for v in notes.variables] == [("Site", "York")]  # "" is no value
    heavy = [("Heavy", True, "#aa0000", [])] if version >= 16 else []
    assert tree(data.codes) == [
        ("Rota", True, None, []),
        (
            "Work",
            False,
            None,
            [
                ("Conditions", False, None, [("Workload", True, "#eb7333", heavy)]),
                ("Joy", True, "#00ff00", []),
            ],
        ),
        ("QualCoder annotations", True, None, []),
        ("QualCoder case links", True, None, []),
    ]
    sub = {("interview1.txt", "Heavy", "bob", "heavy")} if version >= 16 else set()
    assert quotes(data) == {
        ("interview1.txt", "Joy", "ann", "love my job"),
        ("interview1.txt", "Workload", "bob", "the workload is heavy"),
        ("interview1.txt", "Workload", "ann", "Nights are long"),
        ("notes.docx", "Rota", "bob", "rota changes"),
        ("notes.docx", "QualCoder annotations", "bob", "Manager agreed"),
        ("notes.docx", "QualCoder case links", "bob", "rota changes every week"),
        *sub,
    }
    ann, team = data.participants
    assert (ann.label, [(a.name, a.type, a.value) for a in ann.attributes]) == (
        "Ann",
        [("Age", "integer", "34"), ("Role", "text", "Nurse")],
    )
    assert ann.documents == [interview.guid] and team.documents == []
    (topic,) = data.topic_cases
    assert (topic.name, topic.participant, len(topic.selections)) == ("Team", team.guid, 1)
    of = names(data)
    memos = {(m.title, m.text, m.target_kind, of.get(m.target or "", None)) for m in data.memos}
    assert memos == {
        ("Project memo", "A study of nurses' working lives.", None, None),
        ("Reflexive journal", "Tired after interview 1.", None, None),
        ("Memo on category Work", "All about work", "code", "Work"),
        ("Memo on code Joy", "Moments of joy", "code", "Joy"),
        ("Memo on interview1.txt", "First interview", "document", "interview1.txt"),
        ("Memo on a coding of Workload", "Nights again", "selection", None),
        ("Annotation on notes.docx", "Check this with HR", "selection", None),
        ("Memo on case Ann", "Senior nurse", "participant", "Ann"),
    }
    text = {d.guid: d.text for d in data.documents}
    spans = {s.selection: text[s.document][s.start : s.end] for s in data.segments}
    on_spans = {m.title: spans[m.target or ""] for m in data.memos if m.target_kind == "selection"}
    assert on_spans == {
        "Memo on a coding of Workload": "Nights are long",
        "Annotation on notes.docx": "Manager agreed",
    }
    assert data.problems == NOT_CARRIED


def test_positions_after_an_emoji_count_it_as_one_character(tmp_path: Path) -> None:
    data = read_qualcoder(study(tmp_path))
    workload = next(c.guid for c in data.all_codes() if c.name == "Workload")
    bob = next(u.guid for u in data.users if u.name == "bob")
    (after,) = [s for s in data.segments if (s.code, s.coder) == (workload, bob)]
    assert (after.start, after.end) == (26, 47)  # code points of fulltext, U+FEFF included
    assert INTERVIEW.index("😀") < 26 and INTERVIEW[26:47] == "the workload is heavy"


def test_a_second_read_gives_the_same_guids(tmp_path: Path) -> None:
    folder = study(tmp_path)
    first, second = read_qualcoder(folder), read_qualcoder(folder)
    assert [s.guid for s in first.segments] == [s.guid for s in second.segments]
    assert [m.guid for m in first.memos] == [m.guid for m in second.memos]
    assert len({s.guid for s in first.segments}) == len(first.segments)
