"""Every mutating service writes exactly one audit event: who, what, target, before and after."""

from __future__ import annotations

import getpass
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from qcode.services import cases, coders, coding, memos
from qcode.services.codebook import edit as codebook
from qcode.services.codebook import exchange as codebook_io
from qcode.services.codebook import merge_split as codebook_merge
from qcode.services.history import History
from qcode.services.lookup import find_code
from qcode.services.search import autocode, search_project
from qcode.store.models import AuditEvent, Case, Code, Coder, Document, Memo, Segment
from qcode.store.project import Project
from tests.helpers import audit_count, rows

TEXT = "PJ: My mentor made time for me every month. The rota was hard.\n"
TIME_SPAN = (4, 13)  # "My mentor"
ROTA_SPAN = (48, 62)  # "rota was hard."
DEFAULT = getpass.getuser()  # who is recorded when no coder is named


@dataclass
class Expect:
    """What the one new audit event must say; before/after give the keys to check."""

    actor: str
    action: str
    target_type: str
    target_id: str
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None
    reason: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Base:
    """The project every case starts from, and the ids of what is in it."""

    project: Project
    time: int
    rota: int
    segment: int  # Ann's "My mentor", coded Theme/Time
    rota_segment: int
    case: int
    memo: int
    folder: Path

    def guid(self, model: type, row_id: int) -> str:
        with self.project.session() as session:
            return session.get(model, row_id).guid

    def segment_guid(self, start: int) -> str:
        with self.project.session() as session:
            return session.scalars(select(Segment.guid).where(Segment.start == start)).one()

    def code_guid(self, path: str) -> str:
        with self.project.session() as session:
            return find_code(session, path).guid


@pytest.fixture
def base(make_project, tmp_path: Path) -> Base:
    project = make_project(documents={"PJ 1": ("PJ", 1, TEXT)})
    time = codebook.add_code(project, "Theme/Time", color="#111111").value
    rota = codebook.add_code(project, "Theme/Rota").value
    segment = coding.code_span(project, "PJ 1", "Theme/Time", "Ann", *TIME_SPAN).value
    rota_segment = coding.code_span(project, "PJ 1", "Theme/Rota", "Ann", *ROTA_SPAN).value
    coders.add_coder(project, "Ben")
    case = cases.create_case(project, "Clash", participant="PJ").value
    cases.link_segments(project, case, [segment])
    memo = memos.add_memo(project, "old words", memos.MemoTarget("code", time)).value
    return Base(project, time, rota, segment, rota_segment, case, memo, tmp_path)


def segment_after(code: list[str], coder: str, start: int, end: int) -> dict[str, Any]:
    return {
        "document": "PJ 1",
        "code": code,
        "coder": coder,
        "start": start,
        "end": end,
        "text": TEXT[start:end],
    }


def add_code(b: Base) -> Expect:
    codebook.add_code(b.project, "Theme/Care", flags="C", actor="Ben", reason="new idea")
    after = {"path": ["Theme", "Care"], "created": ["Care"], "name": "Care", "flags": "C"}
    return Expect("Ben", "add code", "code", b.code_guid("Theme/Care"), None, after, "new idea")


def rename_code(b: Base) -> Expect:
    codebook.rename_code(b.project, b.time, "Making time", actor="Ben", reason="clearer")
    return Expect(
        "Ben",
        "edit code",
        "code",
        b.guid(Code, b.time),
        {"name": "Time"},
        {"name": "Making time"},
        "clearer",
    )


def recolour_code(b: Base) -> Expect:
    codebook.update_code(b.project, b.time, color="#222222")
    return Expect(
        DEFAULT,
        "edit code",
        "code",
        b.guid(Code, b.time),
        {"color": "#111111"},
        {"color": "#222222"},
    )


def describe_code(b: Base) -> Expect:
    fields = {"description": "d", "when_to_use": "w", "when_not_to_use": "n", "example": "e"}
    codebook.update_code(b.project, b.time, actor="Ben", **fields)
    empty = dict.fromkeys(fields, "")
    return Expect("Ben", "edit code", "code", b.guid(Code, b.time), empty, fields)


def flag_code(b: Base) -> Expect:
    codebook.update_code(b.project, b.time, flags="CM", actor="Ben")
    return Expect("Ben", "edit code", "code", b.guid(Code, b.time), {"flags": ""}, {"flags": "CM"})


def move_code(b: Base) -> Expect:
    codebook.move_code(b.project, b.time, None, 0, actor="Ben", reason="a theme")
    return Expect(
        "Ben",
        "move code",
        "code",
        b.guid(Code, b.time),
        {"path": ["Theme", "Time"], "position": 1},
        {"path": ["Time"], "position": 1},  # first at the top, before "Theme"
        "a theme",
    )


def reorder_code(b: Base) -> Expect:
    with b.project.session() as session:
        theme = find_code(session, "Theme").id
    codebook.move_code(b.project, b.rota, theme, 0)
    return Expect(
        DEFAULT,
        "move code",
        "code",
        b.guid(Code, b.rota),
        {"path": ["Theme", "Rota"], "position": 2},
        {"path": ["Theme", "Rota"], "position": 1},
    )


def delete_code(b: Base) -> Expect:
    guid = b.guid(Code, b.rota)
    codebook.delete_code(b.project, b.rota, actor="Ben", reason="unused")
    before = {"name": "Rota", "path": ["Theme", "Rota"], "sub_codes": 0, "segments": 1}
    return Expect("Ben", "delete code", "code", guid, before, None, "unused")


def merge_codes(b: Base) -> Expect:
    codebook_merge.merge_codes(b.project, b.rota, b.time, actor="Ben", reason="same")
    return Expect(
        "Ben",
        "merge codes",
        "code",
        b.guid(Code, b.time),
        {
            "source": {"name": "Rota", "path": ["Theme", "Rota"], "segments": 1},
            "target": {"name": "Time", "path": ["Theme", "Time"], "segments": 1},
        },
        {"segments": 2},  # 4–14 and 48–62 do not overlap: both stay
        "same",
    )


def split_code(b: Base) -> Expect:
    codebook_merge.split_code(b.project, b.time, [b.segment], "Protected time", actor="Ben")
    after = {"new_code": "Protected time", "segments": [b.segment_guid(TIME_SPAN[0])]}
    return Expect("Ben", "split code", "code", b.guid(Code, b.time), {"code": "Time"}, after)


def import_codebook(b: Base) -> Expect:
    sheet = b.folder / "codes.csv"
    sheet.write_text("path,flags\nTheme/Time,M\nTheme/Leave,C\n", encoding="utf-8")
    codebook_io.import_codebook_csv(b.project, sheet, actor="Ben", reason="agreed list")
    after = {"rows": 2, "codes_created": 1}
    return Expect("Ben", "import codebook", "codebook", "codes.csv", None, after, "agreed list")


def apply_template(b: Base) -> Expect:
    codebook_io.apply_template(b.project, "bitc")
    after = {"rows": 4, "codes_created": 4}
    return Expect(DEFAULT, "import codebook", "codebook", "template bitc", None, after)


def code_span(b: Base) -> Expect:
    coding.code_span(b.project, "PJ 1", "Theme/Rota", "Ann", 0, 3)
    after = segment_after(["Theme", "Rota"], "Ann", 0, 3)
    return Expect("Ann", "code", "segment", b.segment_guid(0), None, after)


def code_quote(b: Base) -> Expect:
    coding.code_quote(b.project, "PJ 1", "Theme/Rota", "Cat", "every month")
    start = TEXT.index("every month")
    after = segment_after(["Theme", "Rota"], "Cat", start, start + 11)
    return Expect("Cat", "code", "segment", b.segment_guid(start), None, after)


def code_in_vivo(b: Base) -> Expect:
    start = TEXT.index("made time")
    coding.code_in_vivo(b.project, "PJ 1", "Ann", start, start + 9, parent=b.time)
    after = segment_after(["Theme", "Time", "made time"], "Ann", start, start + 9)
    return Expect("Ann", "code in vivo", "segment", b.segment_guid(start), None, after)


def uncode_segment(b: Base) -> Expect:
    guid = b.guid(Segment, b.segment)
    coding.uncode_segment(b.project, b.segment, "Ann")
    before = segment_after(["Theme", "Time"], "Ann", *TIME_SPAN)
    return Expect("Ann", "uncode", "segment", guid, before, None)


def uncode_span(b: Base) -> Expect:
    coding.uncode_span(b.project, "PJ 1", "Ann", 6, 10)
    before = {"segments": [segment_after(["Theme", "Time"], "Ann", *TIME_SPAN)]}
    with b.project.session() as session:
        doc = session.scalars(select(Document.guid)).one()
    return Expect("Ann", "uncode text", "document", doc, before, {"start": 6, "end": 10})


def auto_code(b: Base) -> Expect:
    with b.project.session() as session:
        hits = search_project(session, "month", "exact")
    autocode(b.project, hits, "Theme/Rota", "Ben", query="month")
    start = TEXT.index("month")
    after = {"code": ["Theme", "Rota"], "coder": "Ben", "query": "month"}
    after["hits"] = [["PJ 1", start, start + 5]]
    return Expect("Ben", "auto-code", "code", b.guid(Code, b.rota), None, after)


def add_memo(b: Base) -> Expect:
    target = memos.MemoTarget("segment", b.segment)
    memo = memos.add_memo(b.project, "new words", target, "Why", actor="Ben", reason="r").value
    after = {"title": "Why", "text": "new words", "segment_id": b.segment}
    return Expect("Ben", "add memo", "memo", b.guid(Memo, memo), None, after, "r")


def edit_memo(b: Base) -> Expect:
    memos.edit_memo(b.project, b.memo, "new words", title="T", actor="Ben")
    before = {"title": "", "text": "old words", "code_id": b.time}
    after = {"title": "T", "text": "new words", "code_id": b.time}
    return Expect("Ben", "edit memo", "memo", b.guid(Memo, b.memo), before, after)


def delete_memo(b: Base) -> Expect:
    guid = b.guid(Memo, b.memo)
    memos.delete_memo(b.project, b.memo)
    before = {"title": "", "text": "old words", "code_id": b.time}
    return Expect(DEFAULT, "delete memo", "memo", guid, before, None)


def create_case(b: Base) -> Expect:
    case = cases.create_case(b.project, "Leave", "PJ", "d", actor="Ben", reason="new topic")
    after = {"name": "Leave", "participant": "PJ", "description": "d"}
    return Expect("Ben", "create case", "case", b.guid(Case, case.value), None, after, "new topic")


def link_segments(b: Base) -> Expect:
    cases.link_segments(b.project, b.case, [b.rota_segment, b.segment], "Ben", "same topic")
    first, added = b.guid(Segment, b.segment), b.guid(Segment, b.rota_segment)
    before = {"case": "Clash", "segments": [first]}
    after = {"case": "Clash", "segments": [first, added], "added": [added]}
    case = b.guid(Case, b.case)
    return Expect("Ben", "link case segments", "case", case, before, after, "same topic")


def unlink_segments(b: Base) -> Expect:
    cases.unlink_segments(b.project, b.case, [b.segment], "Ben", "off topic")
    gone = b.guid(Segment, b.segment)
    before = {"case": "Clash", "segments": [gone]}
    after = {"case": "Clash", "segments": [], "removed": [gone]}
    case = b.guid(Case, b.case)
    return Expect("Ben", "unlink case segments", "case", case, before, after, "off topic")


def delete_case(b: Base) -> Expect:
    guid, segment = b.guid(Case, b.case), b.guid(Segment, b.segment)
    cases.delete_case(b.project, b.case, reason="merged into another")
    before = {"name": "Clash", "participant": "PJ", "description": "", "segments": [segment]}
    return Expect(DEFAULT, "delete case", "case", guid, before, None, "merged into another")


def add_coder(b: Base) -> Expect:
    coder = coders.add_coder(b.project, "Cat Jones", color="#00AA00", actor="Ben").value
    after = {"name": "Cat Jones", "initials": "CJ", "color": "#00aa00"}
    return Expect("Ben", "add coder", "coder", b.guid(Coder, coder), None, after)


def undo(b: Base) -> Expect:
    history = History(b.project)
    label = history.push(codebook.rename_code(b.project, b.time, "Making time")).label
    history.undo(actor="Ben", reason="too early")
    return Expect("Ben", "undo", "operation", label, None, None, "too early")


def redo(b: Base) -> Expect:
    history = History(b.project)
    label = history.push(codebook.rename_code(b.project, b.time, "Making time")).label
    history.undo()
    history.redo(actor="Ann")
    return Expect("Ann", "redo", "operation", label, None, None)


CASES: list[Callable[[Base], Expect]] = [
    add_code, rename_code, recolour_code, describe_code, flag_code, move_code, reorder_code,
    delete_code, merge_codes, split_code, import_codebook, apply_template,
    code_span, code_quote, code_in_vivo, uncode_segment, uncode_span, auto_code,
    add_memo, edit_memo, delete_memo,
    create_case, link_segments, unlink_segments, delete_case,
    add_coder,
]  # fmt: skip


def holds(recorded: str, expected: dict[str, Any] | None) -> None:
    """The recorded JSON has the expected values (nested dicts checked key by key)."""
    if expected is None:
        assert recorded == ""
        return
    value = json.loads(recorded)
    for key, wanted in expected.items():
        if isinstance(wanted, dict):
            holds(json.dumps(value[key]), wanted)
        else:
            assert value[key] == wanted, key


def unnamed(project: Project) -> str:
    """Who is recorded when no coder is named: on a server its login role, else the login."""
    if not project.on_server:
        return DEFAULT
    return str(rows(project, "SELECT session_user")[0][0])


def check_event(base: Base, expect: Expect) -> None:
    actor = unnamed(base.project) if expect.actor == DEFAULT else expect.actor
    with base.project.session() as session:
        event = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
        named = session.scalars(select(Coder).where(Coder.name == actor)).first()
    assert (event.actor, event.action, event.target_type, event.target_id, event.reason) == (
        actor,
        expect.action,
        expect.target_type,
        expect.target_id,
        expect.reason,
    )
    assert event.coder_id == (named.id if named else None)
    assert event.at is not None
    holds(event.before, expect.before)
    holds(event.after, expect.after)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.__name__)
def test_each_mutation_writes_one_event_with_who_what_before_and_after(
    base: Base, case: Callable[[Base], Expect]
) -> None:
    events = audit_count(base.project)
    expect = case(base)
    assert audit_count(base.project) == events + 1
    check_event(base, expect)


@pytest.mark.parametrize(("case", "events"), [(undo, 2), (redo, 3)], ids=["undo", "redo"])
def test_undo_and_redo_are_events_too(
    base: Base, case: Callable[[Base], Expect], events: int
) -> None:
    # The rename writes one event, then each undo or redo one more, naming the operation.
    before = audit_count(base.project)
    expect = case(base)
    assert audit_count(base.project) == before + events
    check_event(base, expect)
