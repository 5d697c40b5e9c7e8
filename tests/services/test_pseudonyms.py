"""The pseudonym list: its pairs, the preview of every hit, applying it, the key file, copies."""

from __future__ import annotations

import csv
import json
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import func, select

from qcode.errors import QcodeError
from qcode.export.refi.project import write_qdpx
from qcode.services.copies import make_coder_copy
from qcode.services.history import History
from qcode.services.pseudonyms.applying import apply_pseudonyms, preview
from qcode.services.pseudonyms.keyfile import write_key
from qcode.services.pseudonyms.pairs import add_pair, edit_pair, list_pairs, remove_pair
from qcode.services.refi.gather import gather_project
from qcode.store.models import AuditEvent, Document, Pseudonym, Segment
from qcode.store.project import Project, open_project
from tests.helpers import dump

FIRST = (
    "Interviewer: Who helped you settle in?\n"
    "PJ: Dr Rees did, and later Mrs Rees' husband. We met at St Mary's Hospital\n"
    "most weeks; rees was always early.\n"
)
SECOND = "PK: I trained with Dr. Reese at Brookfield before moving.\n"


@pytest.fixture
def study(make_project) -> Project:  # type: ignore[no-untyped-def]
    helped = FIRST.index("did, and")
    weeks = FIRST.index("most weeks")
    return make_project(
        documents={"PJ 1": ("PJ", 1, FIRST), "PK 1": ("PK", 1, SECOND)},
        codes=["Support", "Routine"],
        coding=[
            ("PJ 1", "Support", "Ana", FIRST.index("Dr Rees"), helped + 3),
            ("PJ 1", "Routine", "Ana", weeks, len(FIRST) - 1),
        ],
    )


def listed(project: Project) -> Project:
    add_pair(project, "Rees", "Evans")
    add_pair(project, "St Mary's Hospital", "the city hospital", kind="place")
    add_pair(project, "Brookfield", "Northtown", kind="place")
    return project


def events(project: Project) -> list[AuditEvent]:
    with project.session() as session:
        rows = session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
        session.expunge_all()
        return list(rows)


def texts(project: Project) -> dict[str, str]:
    with project.session() as session:
        return {name: text for name, text in session.execute(select(Document.name, Document.text))}


def coded_words(project: Project) -> list[str]:
    with project.session() as session:
        rows = session.execute(
            select(Document.text, Segment.start, Segment.end)
            .join(Segment, Segment.document_id == Document.id)
            .order_by(Segment.id)
        )
        return [text[start:end] for text, start, end in rows]


def test_pairs_are_added_edited_removed_and_listed(study: Project) -> None:
    listed(study)
    edit_pair(study, "rees", pseudonym="Morgan", note="the practice lead")
    with study.session() as session:
        pairs = list_pairs(session)
    assert [(p.original, p.pseudonym, p.kind) for p in pairs] == [
        ("Brookfield", "Northtown", "place"),
        ("Rees", "Morgan", "person"),
        ("St Mary's Hospital", "the city hospital", "place"),
    ]
    assert pairs[1].note == "the practice lead"
    remove_pair(study, "Brookfield")
    with study.session() as session:
        assert [p.original for p in list_pairs(session)] == ["Rees", "St Mary's Hospital"]


def test_each_pair_change_is_one_undoable_event_that_never_names_the_original(
    study: Project,
) -> None:
    history = History(study)
    initial, count = dump(study), len(events(study))
    history.push(add_pair(study, "Rees", "Evans", reason="the GP"))
    history.push(edit_pair(study, "Rees", kind="other"))
    history.push(remove_pair(study, "Rees"))
    for _ in range(3):
        history.undo()
    assert dump(study) == initial
    written = events(study)[count:]
    assert [e.action for e in written] == [
        "add pseudonym",
        "edit pseudonym",
        "remove pseudonym",
        "undo",
        "undo",
        "undo",
    ]
    assert not any("Rees" in e.before + e.after + e.target_id for e in written)
    assert json.loads(written[0].after) == {"pseudonym": "Evans", "kind": "person"}


@pytest.mark.parametrize(
    ("original", "pseudonym", "kind", "message"),
    [
        ("", "Evans", "person", "a real name cannot be empty"),
        ("Rees", " ", "person", "a pseudonym cannot be empty"),
        ("Re\nes", "Evans", "person", "one line"),
        ("Rees", "Evans", "animal", "kind 'animal' is none of person, place"),
        ("REES", "Jones", "person", "already on the pseudonym list"),
        ("Owen", "owen", "person", "must differ"),
        ("Owen", "Brookfield", "person", "on the list as a real name"),
        ("Evans", "Owen", "person", "already a pseudonym"),
        ("x" * 201, "Evans", "person", "at most 200"),
    ],
)
def test_bad_pairs_are_refused_and_change_nothing(
    study: Project, original: str, pseudonym: str, kind: str, message: str
) -> None:
    listed(study)
    before = dump(study)
    with pytest.raises(QcodeError, match=message):
        add_pair(study, original, pseudonym, kind=kind)
    assert dump(study) == before


def test_editing_or_removing_a_name_off_the_list_is_refused(study: Project) -> None:
    with pytest.raises(QcodeError, match="not on the pseudonym list"):
        edit_pair(study, "Nobody", pseudonym="X")
    with pytest.raises(QcodeError, match="not on the pseudonym list"):
        remove_pair(study, "Nobody")


def test_the_preview_shows_every_hit_with_its_line_and_replacement(study: Project) -> None:
    listed(study)
    with study.session() as session:
        hits = preview(session)
    assert [(h.document, h.found, h.how, h.replacement, h.line) for h in hits] == [
        ("PJ 1", "Dr Rees", "title", "Dr Evans", 2),
        ("PJ 1", "Mrs Rees'", "title", "Mrs Evans'", 2),
        ("PJ 1", "St Mary's Hospital", "exact", "the city hospital", 2),
        ("PJ 1", "rees", "case", "Evans", 3),
        ("PK 1", "Dr. Reese", "fuzzy", "Dr. Evans", 1),
        ("PK 1", "Brookfield", "exact", "Northtown", 1),
    ]
    assert hits[3].context == "most weeks; rees was always early."
    assert hits[0].context.startswith("PJ: Dr Rees did") and hits[0].context.endswith("…")
    with study.session() as session:
        assert [h.found for h in preview(session, ["PK 1"])] == ["Dr. Reese", "Brookfield"]


def test_an_empty_list_previews_nothing(study: Project) -> None:
    with study.session() as session:
        assert preview(session) == []


def test_applying_rewrites_every_text_in_one_undoable_step(study: Project) -> None:
    listed(study)
    history = History(study)
    before, count = dump(study), len(events(study))
    change = history.push(apply_pseudonyms(study, actor="Ana", reason="before sharing"))
    assert texts(study) == {
        "PJ 1": FIRST.replace("Rees", "Evans")
        .replace("St Mary's Hospital", "the city hospital")
        .replace("rees", "Evans"),
        "PK 1": SECOND.replace("Reese", "Evans").replace("Brookfield", "Northtown"),
    }
    assert coded_words(study) == ["Dr Evans did", "most weeks; Evans was always early."]
    [event] = events(study)[count:]
    assert (event.action, event.actor, event.reason) == (
        "apply pseudonyms",
        "Ana",
        "before sharing",
    )
    summary = json.loads(event.after)
    assert (summary["replacements"], summary["documents"]) == (6, 2)
    for name in ("Rees", "Mary", "Brookfield"):
        assert name not in event.before + event.after + event.target_id + change.label
    with study.session() as session:
        assert preview(session) == []  # applied once, nothing is left to replace
    history.undo()
    assert dump(study) == before


def test_only_the_chosen_hits_are_replaced(study: Project) -> None:
    listed(study)
    with study.session() as session:
        hits = [h for h in preview(session) if h.how != "fuzzy"]
    apply_pseudonyms(study, hits)
    assert "Dr. Reese at Northtown" in texts(study)["PK 1"]


def test_hits_from_a_stale_preview_are_refused(study: Project) -> None:
    listed(study)
    with study.session() as session:
        hits = preview(session)
    apply_pseudonyms(study, hits[:1])
    before = dump(study)
    with pytest.raises(QcodeError, match="'PJ 1' changed since the preview .*preview again"):
        apply_pseudonyms(study, hits)
    assert dump(study) == before


def test_the_key_file_holds_the_list(study: Project, tmp_path: Path) -> None:
    listed(study)
    output = tmp_path / "key.csv"
    with study.session() as session:
        assert write_key(session, output) == 3
    with output.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows == [
        ["original", "pseudonym", "kind"],
        ["Brookfield", "Northtown", "place"],
        ["Rees", "Evans", "person"],
        ["St Mary's Hospital", "the city hospital", "place"],
    ]


def test_a_key_file_is_refused_when_empty_or_not_csv(study: Project, tmp_path: Path) -> None:
    with study.session() as session, pytest.raises(QcodeError, match="list is empty"):
        write_key(session, tmp_path / "key.csv")
    listed(study)
    with study.session() as session, pytest.raises(QcodeError, match="written as .csv"):
        write_key(session, tmp_path / "key.txt")
    assert not (tmp_path / "key.txt").exists()


@pytest.mark.file_only(reason="a coder's copy is a file made from a file")
def test_a_copy_for_a_colleague_carries_no_key(study: Project, tmp_path: Path) -> None:
    listed(study)
    apply_pseudonyms(study)
    target = tmp_path / "study-ben.qcode"
    make_coder_copy(study, target, "Ben")
    with open_project(target) as copy, copy.session() as session:
        assert session.scalar(select(func.count(Pseudonym.id))) == 0
        [event] = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "drop pseudonym key")
        ).all()
        assert json.loads(event.before) == {"pairs": 3}
    with study.session() as session:
        assert session.scalar(select(func.count(Pseudonym.id))) == 3
    raw = target.read_bytes()
    for original in (b"Brookfield", b"St Mary's Hospital"):
        assert original not in raw


def test_a_refi_export_after_applying_holds_no_original(study: Project, tmp_path: Path) -> None:
    listed(study)
    apply_pseudonyms(study)
    output = tmp_path / "study.qdpx"
    with study.session() as session:
        write_qdpx(gather_project(session), output)
    with zipfile.ZipFile(output) as archive:
        held = b"".join(archive.read(name) for name in archive.namelist())
    assert b"Northtown" in held
    for original in (b"Rees", b"Brookfield", b"St Mary"):
        assert original not in held
