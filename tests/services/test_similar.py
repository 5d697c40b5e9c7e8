"""Find passages like this: the index, hybrid ranking, leaving out coded passages, accepting."""

from __future__ import annotations

import json
import threading

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from qcode.errors import QcodeError
from qcode.services.history import History
from qcode.services.pseudonyms.textedit import correct_text
from qcode.services.similar import matrix
from qcode.services.similar.accept import accept_suggestions
from qcode.services.similar.index import index_passages, stale_documents
from qcode.services.similar.matrix import PassageMatrix, passage_matrix
from qcode.services.similar.query import best, similar
from qcode.store.models import AuditEvent, Document, Passage, Segment
from tests.helpers import audit_count, dump

NIGHTS = (
    "I worked nights for three years on the ward. I was exhausted all the time, slept badly "
    "in the day, and the tiredness followed me into every shift until I could hardly think.\n"
    "Our garden has tomatoes and beans this summer, and the children water them each evening "
    "with a green can; the neighbours' cat sleeps under the bean poles in the afternoon sun.\n"
)
TIRED = (
    "After a run of night shifts I felt drained and could barely stay awake at home; the "
    "fatigue built up over the weeks and I was worn out, sleeping through my days off.\n"
    "The bus to the hospital is slow on Sundays and always crowded, so I leave early and "
    "read a paperback on the top deck while the town goes past the rainy windows.\n"
)
MENTOR = (
    "My mentor met me every month and listened to my worries about the job, the patients "
    "and my colleagues; having someone on my side who understood made a real difference.\n"
    "We cooked pasta with garlic for the whole family on Friday, and my brother baked a "
    "lemon cake that nobody could finish, so we ate the rest of it cold on Saturday.\n"
)


def first_line(text: str) -> tuple[int, int]:
    return 0, text.index("\n")


@pytest.fixture
def project(make_project):
    return make_project(
        documents={"A": ("P1", 1, NIGHTS), "B": ("P2", 1, TIRED), "C": ("P3", 1, MENTOR)},
        codes=["Fatigue", "Support"],
        coding=[("A", "Fatigue", "Ann", *first_line(NIGHTS))],
    )


def passages(project) -> list[tuple[int, int, int]]:
    with project.session() as session:
        rows = session.execute(
            select(Passage.document_id, Passage.start, Passage.end).order_by(Passage.id)
        )
        return [tuple(row) for row in rows]


def test_index_stores_sentence_windows_and_reindexes_only_changed_texts(project) -> None:
    done: list[tuple[int, int]] = []
    assert index_passages(project, progress=lambda a, b: done.append((a, b))) == 6
    assert done[-1] == (3, 3)
    with project.session() as session:
        assert stale_documents(session) == []
        texts = dict(session.execute(select(Document.id, Document.text)).all())
    windows = passages(project)
    assert [texts[d][s:e].endswith(".") for d, s, e in windows] == [True] * 6
    assert index_passages(project) == 0  # nothing stale: nothing made again
    correct_text(project, "B", 0, 5, "Following")
    with project.session() as session:
        b = session.scalar(select(Document.id).where(Document.name == "B"))
        assert stale_documents(session) == [b]
    assert index_passages(project) == 2
    assert [w for w in passages(project) if w[0] != b] == [w for w in windows if w[0] != b]


def test_cancelled_indexing_keeps_nothing_half_done(project) -> None:
    assert index_passages(project, cancelled=lambda: True) == 0
    assert passages(project) == []


def test_a_code_finds_the_like_passage_first_and_leaves_out_its_own(project) -> None:
    index_passages(project)
    with project.session() as session:
        found = similar(session, code="Fatigue", limit=3)
        kept = similar(session, code="Fatigue", limit=6, exclude_coded=False)
    assert (found[0].document, found[0].start) == ("B", 0)
    assert found[0].words == TIRED[: TIRED.index("\n")]
    assert "A" not in {(s.document) for s in found if s.start == 0}
    assert ("A", 0) in {(s.document, s.start) for s in kept}
    assert found[0].semantic > found[-1].semantic and found[0].score > 0
    assert len(found) == 3 and len(kept) == 6


def test_a_text_and_a_segment_are_queries_too(project) -> None:
    index_passages(project)
    with project.session() as session:
        by_text = similar(session, text="someone to talk to about work worries", limit=1)
        segment = session.scalar(select(Segment.id))
        by_segment = similar(session, segment=segment, limit=1)
        lexical = similar(session, text="pasta garlic", method="lexical")
    assert (by_text[0].document, by_text[0].start) == ("C", 0)
    assert (by_segment[0].document, by_segment[0].start) == ("B", 0)
    assert [s.document for s in lexical] == ["C"] and lexical[0].lexical > 0


def test_the_matrix_is_cached_until_the_passages_change(project) -> None:
    index_passages(project)
    with project.session() as session:
        first = passage_matrix(session)
        assert passage_matrix(session) is first
    correct_text(project, "C", 0, 2, "Our")
    with project.session() as session:
        stale = passage_matrix(session)  # C's passages are stale: left out, not misplaced
        assert stale is not first and len(stale) == 4
    index_passages(project)
    with project.session() as session:
        assert len(passage_matrix(session)) == 6


def test_two_threads_asking_at_once_load_the_passages_once(project) -> None:
    index_passages(project)
    with project.session() as session:
        matrix._CACHE.pop(str(session.get_bind().url), None)  # (as in a new process)
    start, found = threading.Barrier(2), []

    def ask() -> None:
        start.wait()
        with project.session() as session:
            found.append(passage_matrix(session))

    threads = [threading.Thread(target=ask) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(found) == 2 and found[0] is found[1]  # (a window's warm-up and its question)


def test_bad_queries_are_refused_in_one_line(project) -> None:
    with project.session() as session:
        with pytest.raises(QcodeError, match="no passages are indexed"):
            similar(session, text="tired")
        index_passages(project)
        with pytest.raises(QcodeError, match="empty"):
            similar(session, text="  ")
        with pytest.raises(QcodeError, match="no coded segments"):
            similar(session, code="Support")
        with pytest.raises(QcodeError, match="a text, a segment or a code"):
            similar(session)
        with pytest.raises(QcodeError, match="at least 1"):
            similar(session, text="tired", limit=0)


def test_accepting_codes_the_chosen_passages_in_one_audited_undoable_step(project) -> None:
    index_passages(project)
    history = History(project)
    with project.session() as session:
        chosen = similar(session, code="Fatigue", limit=2)
    before, events = dump(project), audit_count(project)
    change = history.push(accept_suggestions(project, "Fatigue", chosen, "Ben"))
    assert change.value == 2 and audit_count(project) == events + 1
    with project.session() as session:
        event = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
        coded = session.execute(
            select(Document.name, Segment.start, Segment.end)
            .join(Document)
            .where(Segment.coder.has(name="Ben"))
        ).all()
        assert session.scalar(select(func.count()).select_from(Passage)) == 6
    after = json.loads(event.after)
    assert (event.action, event.actor) == ("accept suggestions", "Ben")
    assert (after["source"], after["accepted_by"], after["code"]) == (
        "similarity search", "Ben", ["Fatigue"]
    )  # fmt: skip
    assert sorted(coded) == sorted((s.document, s.start, s.end) for s in chosen)
    history.undo()
    assert dump(project) == before
    with project.session() as session:  # undo leaves the derived index alone
        assert session.scalar(select(func.count()).select_from(Passage)) == 6


def test_accepting_nothing_or_a_changed_text_changes_nothing(project) -> None:
    index_passages(project)
    with project.session() as session:
        chosen = similar(session, code="Fatigue", limit=1)
    with pytest.raises(QcodeError, match="no suggestions"):
        accept_suggestions(project, "Fatigue", [], "Ben")
    correct_text(project, chosen[0].document, 0, 1, "a")
    before, events = dump(project), audit_count(project)
    with pytest.raises(QcodeError, match="changed since"):
        accept_suggestions(project, "Fatigue", chosen, "Ben")
    assert (dump(project), audit_count(project)) == (before, events)


def test_the_matrix_is_made_again_when_a_document_and_its_passages_go(project) -> None:
    from qcode.services.documents.removal import delete_document

    index_passages(project)
    with project.session() as session:
        first = passage_matrix(session)
    delete_document(project, "B")
    with project.session() as session:
        after = passage_matrix(session)
    assert after is not first and len(after) == len(first) - 2


def test_a_big_code_asks_with_segments_spread_over_all_of_it(project, monkeypatch) -> None:
    from qcode.services.coding import code_span
    from qcode.services.similar import query

    for start in (60, 120, 180, 240):
        code_span(project, "B", "Fatigue", "Ann", start, start + 20)
    with project.session() as session:
        every = query.code_texts(session, query.get_code(session, "Fatigue").id)
        monkeypatch.setattr(query, "QUERY_SEGMENTS", 2)
        spread = query.code_texts(session, query.get_code(session, "Fatigue").id)
    assert len(every) == 5
    assert spread == (every[0], every[2])  # the 1st and the 3rd of five, in the order made


@settings(max_examples=300, deadline=None)
@given(
    lengths=st.lists(st.lists(st.integers(1, 30), min_size=1, max_size=6), min_size=1, max_size=4),
    spans=st.lists(st.tuples(st.integers(0, 4), st.integers(0, 200), st.integers(1, 60))),
)
def test_passages_overlapping_any_span_are_each_span_s_together(
    lengths: list[list[int]], spans: list[tuple[int, int, int]]
) -> None:
    rows = []
    for doc, sizes in enumerate(lengths, start=1):
        start = 0
        for size in sizes:
            rows.append((doc, start, start + size))
            start += size + (doc % 2)  # some texts leave a character between passages
    document, starts, ends = (np.array(column, np.int64) for column in zip(*rows, strict=True))
    matrix = PassageMatrix(document, starts, ends, np.zeros((len(rows), 1)), None)
    wanted = np.array([(d, s, s + n) for d, s, n in spans], np.int64).reshape(-1, 3)
    expected = np.zeros(len(rows), bool)
    for doc, start, end in wanted.tolist():
        found = matrix.rows_overlapping(doc, start, end)
        expected[found.start : found.stop] = True
    assert matrix.rows_overlapping_any(wanted).tolist() == expected.tolist()


@settings(max_examples=300, deadline=None)
@given(
    scores=st.lists(st.sampled_from([0.0, 0.1, 0.25, 0.5, 0.9, -0.3]), min_size=1, max_size=60),
    mask=st.lists(st.booleans(), min_size=60, max_size=60),
    count=st.integers(1, 70),
)
def test_the_best_are_the_first_of_a_stable_sort(
    scores: list[float], mask: list[bool], count: int
) -> None:
    values, eligible = np.array(scores, np.float32), np.array(mask[: len(scores)])
    order = np.argsort(-values, kind="stable")
    assert best(values, eligible, count).tolist() == order[eligible[order]][:count].tolist()
