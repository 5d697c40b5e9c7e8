"""Segment lists by page: SQL filters and sorts ids exactly as the full retrieval would."""

from __future__ import annotations

import random
from collections.abc import Iterator

import pytest

from qcode.services.codebook.edit import add_code
from qcode.services.coding import code_span
from qcode.services.listing import pages as segment_pages
from qcode.services.listing.pages import SegmentListing, count_segments, ordered_ids, page_rows
from qcode.services.lookup import descendant_ids, get_code
from qcode.services.retrieval import SegmentFilter, retrieve_segments
from qcode.store.project import Project, create_project
from tests.helpers import add_text

WORDS = ["mentor", "rota", "time", "Monday", "café", "listened", "goal", "trust"]
CODES = ["Work/Time", "Work/Time/Rota", "Work/Support", "Care/Trust", "Care/Goals"]
CODERS = ["Ana", "Ben", "Cai"]


def transcript(seed: int) -> str:
    rng = random.Random(seed)
    lines = [f"P{seed}: " + " ".join(rng.choice(WORDS) for _ in range(12)) for _ in range(30)]
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def study(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Project]:
    """Six transcripts, 150 random segments by three coders (read only by the tests)."""
    rng = random.Random(7)
    path = tmp_path_factory.mktemp("pages") / "study.qcode"
    with create_project(path) as project:
        for code in CODES:
            add_code(project, code)
        for c in "ABC":
            for w in (1, 2):
                name, text = f"P{c} {w}", transcript(ord(c) * 10 + w)
                add_text(project, name, text, f"P{c}", w)
                for _ in range(25):
                    start = rng.randrange(len(text) - 40)
                    end = start + rng.randint(3, 40)
                    code_span(project, name, rng.choice(CODES), rng.choice(CODERS), start, end)
        yield project


def test_default_order_and_rows_match_the_retrieval(study) -> None:
    with study.session() as session:
        expected = retrieve_segments(session)
        ids = ordered_ids(session, SegmentListing())
        rows = page_rows(session, ids)
    assert len(ids) == len(expected) > 100
    key = lambda r: (r.participant or "", r.wave or 0, r.document, r.start)  # noqa: E731
    assert [key(rows[i]) for i in ids] == sorted(key(r) for r in expected)
    assert {r.id: r for r in expected} == rows


@pytest.mark.parametrize("words", ["rota", "CAFÉ", "ben", "PB 2", "tim", "nothing like it"])
@pytest.mark.parametrize("coder", [None, "Cai"])
def test_word_and_coder_filters_match_every_column(study, words: str, coder: str | None) -> None:
    with study.session() as session:
        everything = retrieve_segments(session)
        ids = ordered_ids(session, SegmentListing(words=words, coder=coder))
        total = count_segments(session, SegmentListing(words=words, coder=coder))
    needle = words.lower()

    def sql_lower(text: str) -> str:  # SQLite folds ASCII letters only
        return "".join(ch.lower() if ch.isascii() else ch for ch in text)

    expected = {
        r.id
        for r in everything
        if (coder is None or r.coder == coder)
        and any(needle in sql_lower(field) for field in (r.text, r.code[-1], r.coder, r.document))
    }
    assert set(ids) == expected
    assert total == len(everything)


@pytest.mark.parametrize("column", range(4))
@pytest.mark.parametrize("descending", [False, True])
def test_every_column_sorts_in_sql(study, column: int, descending: bool) -> None:
    with study.session() as session:
        ids = ordered_ids(session, SegmentListing(sort=column, descending=descending))
        rows = page_rows(session, ids)
    keys = [
        (
            (rows[i].participant or "", rows[i].wave or 0, rows[i].document, rows[i].start),
            rows[i].code,
            rows[i].coder,
            rows[i].text.lower(),
        )[column]
        for i in ids
    ]
    assert keys == sorted(keys, reverse=descending)


def test_a_code_and_its_descendants_and_a_pinned_list(study, monkeypatch) -> None:
    with study.session() as session:
        time = get_code(session, "Work/Time").id
        wanted = tuple(descendant_ids(session, time))
        ids = ordered_ids(session, SegmentListing(code_ids=wanted))
        expected = retrieve_segments(
            session, SegmentFilter(code="Work/Time", with_descendants=True)
        )
        assert ids == [r.id for r in expected]
        pinned = tuple(ids[::3])
        assert ordered_ids(session, SegmentListing(pinned=pinned)) == sorted(pinned, key=ids.index)
        monkeypatch.setattr(segment_pages, "MAX_BOUND_IDS", 2)  # a drill-down past SQL's limit
        assert ordered_ids(session, SegmentListing(pinned=pinned)) == sorted(pinned, key=ids.index)
