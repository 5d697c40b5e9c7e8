"""The in-memory segment index lists exactly what SQL's ``listing_query`` lists, kept current."""

from __future__ import annotations

import random
import threading
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import select, update

from qcode.errors import QcodeError
from qcode.services import coding
from qcode.services.codebook import edit as codebook
from qcode.services.codebook import merge_split
from qcode.services.history import History
from qcode.services.listing.columns import packed_argsort as _argsort
from qcode.services.listing.index import SegmentIndex
from qcode.services.listing.pages import SegmentListing, count_segments, ordered_ids
from qcode.services.lookup import descendant_ids
from qcode.store.models import Code, Coder, Document, Participant, Segment
from qcode.store.project import Project, create_project
from tests.helpers import add_text

WORDS = ["Mentor", "TIME", "time", "café", "CAFÉ", "Straße", "İstanbul", "naïve", "😀", "rota"]
WORDS += ["aaa", "Été", "trust", "Rota", "goal", "listened", "\u00a0gap", "ß", "z"]
PROMPT = "Interviewer: tell me more about how the mentoring changed your working week"
CODES = ["Work", "Work/Time", "Work/Time/Rota", "Work/Support", "Care/Trust", "Ärger", "care"]
CODERS = ["Ana", "ben", "Çem", "Ben"]
DOCUMENTS = [  # name, participant, wave
    ("PA 1", "PA", 1),
    ("PA 2", "PA", 2),
    ("PA x", "PA", None),
    ("PB 1", "PB", 1),
    ("Ödön 1", "Ödön", 1),
    ("Notes", None, None),
    ("note 2", None, 2),
]
NEEDLES = ["time", "TIME", " ti", "café", "CAFÉ", "é", "ß", "😀", "i̇", "aa", "work", "ana"]
NEEDLES += ["BEN", "çem", "pa ", "ödön", "notes", "ärger", "nothing like it", "  rota  ", "\u00a0"]


def transcript(rng: random.Random) -> str:
    lines = []
    for n in range(rng.randint(8, 16)):
        words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 14)))
        lines.append(f"{PROMPT} {words}" if n % 3 == 0 else f"P: {words}")
    return "\n".join(lines) + "\n"


def code_randomly(project: Project, rng: random.Random, texts: dict[str, str]) -> object:
    name = rng.choice(sorted(texts))
    text = texts[name]
    if rng.random() < 0.3:  # a whole line, or from a line's start: long shared prefixes
        start = rng.choice([0, *(i + 1 for i, ch in enumerate(text) if ch == "\n")][:-1])
    else:
        start = rng.randrange(len(text) - 1)
    end = min(len(text), start + rng.choice([1, 2, 5, 20, 47, 48, 49, 60, 120, 200]))
    return coding.code_span(project, name, rng.choice(CODES), rng.choice(CODERS), start, end)


@pytest.fixture(params=[3, 11, 29])
def study(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Project, dict]]:
    rng = random.Random(request.param)
    texts = {}
    with create_project(tmp_path / "index.qcode") as project:
        for name, participant, wave in DOCUMENTS:
            texts[name] = transcript(rng)
            add_text(project, name, texts[name], participant, wave)
        for code in CODES:
            codebook.add_code(project, code)
        for _ in range(120):
            code_randomly(project, rng, texts)
        with project.session() as session:  # the same span by another coder: equal words
            some = session.scalars(select(Segment).limit(10)).all()
            pairs = [(s.document_id, s.code_id, s.start, s.end) for s in some]
        for document, code, start, end in pairs:
            coding.code_span(project, document, code, "Zed", start, end)
        yield project, texts


def listings(session, rng: random.Random, count: int) -> Iterator[SegmentListing]:  # type: ignore[no-untyped-def]
    """Every sort both ways unfiltered, then random mixes of every filter."""
    for sort in range(4):
        for descending in (False, True):
            yield SegmentListing(sort=sort, descending=descending)
    codes = session.scalars(select(Code.id)).all()
    segments = session.scalars(select(Segment.id)).all()
    coders = [*session.scalars(select(Coder.name)).all(), "Nobody"]
    for _ in range(count):
        code = rng.choice([None, None, *codes])
        yield SegmentListing(
            code_ids=None if code is None else tuple(descendant_ids(session, code)),
            pinned=rng.choice([None, tuple(rng.sample(segments, min(len(segments), 25)))]),
            coder=rng.choice([None, None, *coders]),
            words=rng.choice(["", "", *NEEDLES, *WORDS]),
            sort=rng.randrange(4),
            descending=rng.random() < 0.5,
        )


def agree(project: Project, index: SegmentIndex, rng: random.Random, count: int = 40) -> int:
    checked = 0
    with project.session() as session:
        for listing in listings(session, rng, count):
            ids, total = index.select_with_total(session, listing)
            assert ids.tolist() == ordered_ids(session, listing), listing
            assert total == count_segments(session, listing), listing
            checked += len(ids)
    return checked


def test_the_index_lists_as_sql_does(study) -> None:
    project, _texts = study
    index = SegmentIndex()
    assert agree(project, index, random.Random(1), count=150) > 1000


def test_the_index_follows_coding_uncoding_and_undo(study) -> None:
    project, texts = study
    rng, history, index = random.Random(2), History(project), SegmentIndex()
    agree(project, index, rng, count=5)  # texts and the text order are held from here on
    for step in range(40):
        change = one_operation(project, rng, history, texts)
        if change is not None:
            index.note_change(change)
        if step % 4 == 3:
            agree(project, index, rng, count=12)
    agree(project, index, rng, count=40)


def one_operation(project: Project, rng: random.Random, history: History, texts: dict):  # type: ignore[no-untyped-def]
    with project.session() as session:
        segment_ids = session.scalars(select(Segment.id)).all()
        code_ids = session.scalars(select(Code.id)).all()
    kind = rng.choice(["code", "code", "code", "uncode", "undo", "undo", "redo", "codebook"])
    try:
        if kind == "undo":
            return history.undo()
        if kind == "redo":
            return history.redo()
        if kind == "uncode" and segment_ids:
            return history.push(coding.uncode_segment(project, rng.choice(segment_ids)))
        if kind == "codebook" and len(code_ids) > 2:
            first, second = rng.sample(code_ids, 2)
            action = rng.choice(["rename", "delete", "merge", "move"])
            return history.push(codebook_change(project, action, first, second, rng))
        return history.push(code_randomly(project, rng, texts))  # type: ignore[arg-type]
    except QcodeError:
        return None


def codebook_change(project: Project, action: str, first: int, second: int, rng: random.Random):  # type: ignore[no-untyped-def]
    if action == "rename":
        return codebook.rename_code(project, first, rng.choice(["Aa", "zz", "Époque", "0"]))
    if action == "delete":
        return codebook.delete_code(project, first)
    if action == "merge":
        return merge_split.merge_codes(project, first, second)
    return codebook.move_code(project, first, rng.choice([None, second]), None)


def test_relisting_after_each_change_lists_as_sql_does(study) -> None:
    """One index per listing, as a dock has: after each change the listing shown is
    patched (the touched segments taken out and put back), or listed again when the
    change is not one a patch can follow; either way it equals SQL's listing."""
    project, texts = study
    rng, history = random.Random(5), History(project)
    with project.session() as session:
        shown = []
        for listing in listings(session, rng, 12):
            index = SegmentIndex()
            shown.append([listing, index, *index.select_with_total(session, listing)])
    patched = 0
    for _step in range(40):
        change = one_operation(project, rng, history, texts)
        with project.session() as session:
            for entry in shown:
                listing, index, ids, total = entry
                if change is not None:
                    index.note_change(change)
                found = index.relist(session, listing, ids, total)
                patched += found is not None
                entry[2:] = found or index.select_with_total(session, listing)
                assert entry[2].tolist() == ordered_ids(session, listing), listing
                assert entry[3] == count_segments(session, listing), listing
    assert patched > 200  # most changes (codings, undo of codings) were patched


def test_renamed_moved_and_rewritten_documents(study) -> None:
    project, _texts = study
    rng, index = random.Random(3), SegmentIndex()
    agree(project, index, rng, count=5)
    with project.transaction() as session:
        first, second = session.scalars(select(Document.id).order_by(Document.id).limit(2)).all()
        session.execute(
            update(Document).where(Document.id == first).values(name="Zürich", wave=None)
        )
        session.execute(update(Participant).values(label=Participant.label + "é"))
    index.note_names()  # what a change to documents, codes or coders notes
    agree(project, index, rng, count=20)
    with project.transaction() as session:
        text = session.get(Document, second).text
        rewritten = "ÀÉ€" + text.upper().replace("I", "😀")[: len(text) - 3]
        session.execute(update(Document).where(Document.id == second).values(text=rewritten))
    index.note_documents([second])
    agree(project, index, rng, count=30)


def test_notes_of_everything_and_of_rows_that_came_and_went(study) -> None:
    project, texts = study
    rng, index = random.Random(4), SegmentIndex()
    agree(project, index, rng, count=5)
    with project.transaction() as session:
        gone = session.scalars(select(Segment.id).limit(30)).all()
        for segment in gone:
            session.delete(session.get(Segment, segment))
    added = [code_randomly(project, rng, texts).value for _ in range(5)]
    index.note_changed([*gone, *added, 10**9])  # an id never seen is simply absent
    agree(project, index, rng, count=20)
    late = transcript(rng)
    add_text(project, "Late 1", late, "PZ", 1)
    code_randomly(project, rng, {"Late 1": late})
    index.note_everything()
    agree(project, index, rng, count=20)


def test_an_empty_project_lists_nothing(tmp_path: Path) -> None:
    with create_project(tmp_path / "empty.qcode") as project, project.session() as session:
        index = SegmentIndex()
        for sort in range(4):
            listing = SegmentListing(sort=sort, words="any")
            ids, total = index.select_with_total(session, listing)
            assert ids.dtype == np.int64 and len(ids) == 0 and total == 0


def test_keys_too_wide_to_pack_sort_as_well() -> None:
    rng = np.random.default_rng(5)
    wide, narrow = rng.integers(0, 2**40, 200), rng.integers(0, 2**30, 200)
    wide[::7] = wide[0]  # ties on the first key
    expected = sorted(range(200), key=lambda i: (wide[i], narrow[i], i))
    assert _argsort([wide, narrow]).tolist() == expected
    assert _argsort([wide % 5, narrow % 3]).tolist() == sorted(
        range(200), key=lambda i: (wide[i] % 5, narrow[i] % 3, i)
    )


def test_selects_on_several_threads_while_coding_goes_on(study) -> None:
    project, texts = study
    rng, index = random.Random(6), SegmentIndex()
    listings_now = [SegmentListing(sort=s, words=w) for s in range(4) for w in ("", "time")]
    failures: list[BaseException] = []

    def select_repeatedly() -> None:
        try:
            for listing in listings_now * 3:
                with project.session() as session:
                    index.select(session, listing)
        except BaseException as exc:  # noqa: BLE001 - reported by the test below
            failures.append(exc)

    threads = [threading.Thread(target=select_repeatedly) for _ in range(3)]
    for thread in threads:
        thread.start()
    for _ in range(10):
        index.note_change(code_randomly(project, rng, texts))  # type: ignore[arg-type]
    for thread in threads:
        thread.join(60)
    assert failures == [] and not any(thread.is_alive() for thread in threads)
    agree(project, index, rng, count=20)


def test_a_coding_grows_the_columns_in_place(study) -> None:
    """A new segment comes after every id held: the index writes it into the room kept
    behind its columns (no copy of 300,000 rows per coding) and still lists as SQL does."""
    project, texts = study
    rng, index = random.Random(7), SegmentIndex()
    agree(project, index, rng, count=5)  # texts and the text order are held from here on
    index.note_change(code_randomly(project, rng, texts))
    agree(project, index, rng, count=3)
    buffer = index.columns["id"].base
    assert buffer is not None and len(buffer) > len(index.columns["id"])
    with project.session() as session:
        document = session.scalars(select(Document).order_by(Document.id)).first()
        coder = session.scalars(select(Coder).order_by(Coder.id)).first()
        code = session.scalars(select(Code).order_by(Code.id.desc())).first()
        assert document is not None and coder is not None and code is not None
        target = (document.id, code.id, coder.name, len(document.text) - 3, len(document.text))
    index.note_change(coding.code_span(project, *target))
    agree(project, index, rng, count=20)
    assert index.columns["id"].base is buffer


def test_splicing_and_compacting_a_column_match_deleting_then_inserting() -> None:
    from qcode.services.listing.growing import appended, compacted, spliced

    rng = np.random.default_rng(7)
    for _ in range(2000):
        size = int(rng.integers(0, 30))
        column = rng.integers(0, 100, size)
        gone = np.sort(rng.choice(size, int(rng.integers(0, size + 1)), replace=False))
        keep = np.ones(size, bool)
        keep[gone] = False
        at = np.sort(rng.integers(0, int(keep.sum()) + 1, int(rng.integers(0, 6))))
        values = rng.integers(100, 200, len(at))
        expected = np.insert(column[keep], at, values)
        assert np.array_equal(spliced(column, gone.astype(np.int64), at, values), expected)
        kept = compacted(column.copy(), gone.astype(np.int64))  # in its own buffer
        assert np.array_equal(kept, column[keep])
        assert np.array_equal(appended(kept, values), np.append(column[keep], values))
