"""The agreement service's segment read: packed group_concat columns, the cursor, the filters."""

from __future__ import annotations

import numpy as np
import pytest
from sqlalchemy import func, select

import qcode.services.agreement as service
from qcode.services.agreement import AgreementRequest, agreement, fetched_columns, segment_rows
from qcode.services.coders import add_coder
from qcode.store.models import Coder, Segment

DOCS = {"PJ 1": ("PJ", 1, "a" * 100), "PR 2": ("PR", 2, "b" * 60), "PX 1": ("PX", 1, "c" * 40)}
CODES = ["Work/Rota", "Work/Pressure", "Health"]
CODING = [
    ("PJ 1", "Work/Rota", "Ann", 0, 50),
    ("PJ 1", "Work/Rota", "Ben", 25, 75),
    ("PJ 1", "Work/Pressure", "Ann", 60, 80),
    ("PJ 1", "Work/Pressure", "Ben", 60, 78),
    ("PR 2", "Work/Pressure", "Ben", 10, 30),
    ("PR 2", "Work/Pressure", "Cat", 12, 30),
    ("PR 2", "Health", "Cat", 0, 60),
    ("PX 1", "Health", "Ann", 5, 40),
]
COLUMNS = (Segment.code_id, Segment.document_id, Segment.coder_id, Segment.start, Segment.end)


@pytest.fixture
def study(make_project):
    return make_project(DOCS, CODES, CODING)


def in_order(rows: np.ndarray) -> list[tuple[int, ...]]:
    return sorted(map(tuple, rows.tolist()))


def filters(session) -> list[list]:
    ann, cat = (session.scalar(select(Coder.id).where(Coder.name == n)) for n in ("Ann", "Cat"))
    return [
        [],
        [Segment.coder_id.in_([ann, cat])],
        [Segment.coder_id == ann, Segment.start >= 5],
        [Segment.coder_id == -1],
    ]


def test_packed_columns_equal_the_rows_through_the_cursor(study) -> None:
    with study.session() as session:
        for where in filters(session):
            packed = segment_rows(session, where)
            plain = fetched_columns(session, select(*COLUMNS).where(*where))
            assert packed.shape == plain.shape and packed.dtype == np.int64
            assert in_order(packed) == in_order(plain)
        assert len(segment_rows(session, [])) == len(CODING)


def test_ids_too_large_to_pack_are_read_through_the_cursor(study, monkeypatch) -> None:
    with study.session() as session:
        expected = in_order(segment_rows(session, []))
        monkeypatch.setattr(service, "_id_bounds", lambda _session: (1 << 21, 1 << 21, 1 << 21))
        assert in_order(segment_rows(session, [])) == expected


def test_naming_every_coder_gives_the_same_figures_as_a_filtered_read(study) -> None:
    with study.session() as session:
        assert session.scalar(select(func.count(Coder.id))) == 3  # so the read takes them all
        every = agreement(session, AgreementRequest(coders=["Ann", "Ben", "Cat"])).result
    add_coder(study, "Dan")  # now the three are not every coder: the read filters by coder
    with study.session() as session:
        some = agreement(session, AgreementRequest(coders=["Ann", "Ben", "Cat"])).result
    assert every.codes == some.codes and every.overall == some.overall
    assert every.cells() == some.cells()
